"""Place-name keys: how a name as written in news is folded before it is looked up in the gazetteer.

``fold`` removes case, diacritics and apostrophe-like marks ("Khān Shaykhūn" → "khan shaykhun",
"Ma‘arrat an Nu‘mān" → "maarrat an numan"). ``loose`` is a coarser key for transliteration variants of the
same name ("Deir ez-Zor" / "Deir al-Zour", "Hodeidah" / "Hudaydah", "Kharkiv" / "Kharkov"): it drops the
Arabic article and the vowels after the first letter. The gazetteer only falls back to it when the exact key
finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .words import ARABIC_ARTICLES, NAME_ABBREVIATIONS

# Marks that transliterations use for ʿayn, hamza and elision; they are dropped, not replaced by a space.
APOSTROPHES = "'’‘ʿʾʻʼ`´"
_SEPARATORS = re.compile(r"[\s\-‐‑–—_./,()]+")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")
_ASCII_APOSTROPHES = str.maketrans("", "", "'`")
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower case, no diacritics, no apostrophes, words separated by one space."""
    if name.isascii():
        return _SEPARATORS.sub(" ", name.lower().translate(_ASCII_APOSTROPHES)).strip()
    text = unicodedata.normalize("NFKD", name.casefold().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch not in APOSTROPHES)
    return _SEPARATORS.sub(" ", text).strip()


def loose(name: str) -> str:
    """A transliteration-tolerant key: folded, Arabic articles, later vowels and doubled letters dropped."""
    words = [w for w in fold(name).split() if w not in ARABIC_ARTICLES]
    keys = []
    for word in words:
        word = word.replace("ou", "u").replace("kh", "k").replace("dh", "d").replace("q", "k")
        word = _DOUBLES.sub(r"\1", word)
        keys.append(word[:1] + _VOWELS.sub("", word[1:]))
    return " ".join(keys)


def own_name_key(name: str) -> str:
    """The folded name with its abbreviated words written out, to tell a place's own name ("St. Cloud",
    Saint Cloud's) from an alternate one."""
    return " ".join(NAME_ABBREVIATIONS.get(word, word) for word in fold(name).split())


def is_latin(name: str) -> bool:
    """Whether ``name`` is written in Latin script (after folding, only ASCII letters, digits and spaces)."""
    folded = fold(name)
    return bool(folded) and all(ch.isascii() for ch in folded)
