"""Name keys: the one normalisation used to index knowledge-base names and to look up article text."""

from __future__ import annotations

import re
import unicodedata

# Characters dropped from a key: "U.S." and "US" meet, "Ban Ki-moon" and "Ban Ki moon" meet, "Qa'ida" and
# "Qaida" meet. Brackets go too so "(ISIL)" keys as "isil".
_DROPPED = re.compile(r"[.'’‘`´()\[\]\"“”]")
_SPACING = re.compile(r"[\s_\-‐‑–—/,]+")


def phrase_key(text: str) -> str:
    """The lookup key of a name: case-folded, accents stripped, punctuation dropped, spaces collapsed.

    >>> phrase_key("Ban Ki-moon") == phrase_key("BAN_KI-MOON_") == "ban ki moon"
    True
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACING.sub(" ", _DROPPED.sub("", text.casefold())).strip()


def tabari_phrase(raw: str) -> str:
    """A TABARI phrase ("RUSSIAN_FEDERATION_") as words ("RUSSIAN FEDERATION"): underscores become spaces."""
    return " ".join(raw.replace("_", " ").split())


# Words a display name keeps in lower case (except as its first word).
_LOWER_WORDS = {
    "of",
    "the",
    "and",
    "for",
    "in",
    "on",
    "de",
    "del",
    "la",
    "le",
    "du",
    "al",
    "el",
    "bin",
    "ibn",
}


def display_name(phrase: str) -> str:
    """A readable name from an upper-case dictionary phrase: "RUSSIAN FEDERATION" → "Russian Federation".

    Words with dots or digits ("U.S.", "G77") are kept as written; it cannot know acronyms, so curated
    entries carry their own names.
    """
    if any(ch.islower() for ch in phrase):
        return phrase
    words = []
    for position, word in enumerate(phrase.split()):
        lower = word.lower()
        if any(ch in word for ch in ".0123456789"):
            words.append(word)
        elif position > 0 and lower in _LOWER_WORDS:
            words.append(lower)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)
