"""Cleaning raw article text: boilerplate lines out, whitespace normalised, the headline found.

The cleaned text is what every offset points into, so cleaning happens once, here, and never later.
Quotation marks (straight and curly) are kept as they are: statements need them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Lines that are navigation or sharing furniture, not news. Compared case-insensitively after stripping.
BOILERPLATE_LINES = frozenset(
    {
        "main menu",
        "menu",
        "skip to content",
        "skip to main content",
        "share",
        "share this",
        "share this article",
        "share on facebook",
        "share on twitter",
        "share on whatsapp",
        "tweet",
        "print",
        "email",
        "advertisement",
        "related articles",
        "related",
        "read more",
        "follow us",
        "home",
        "search",
        "close",
        "subscribe",
        "sign in",
        "log in",
        "back to top",
        "toggle navigation",
        "facebook",
        "twitter",
        "whatsapp",
        "telegram",
        "linkedin",
        "copy link",
        "copy url",
    }
)
# "Share on Facebook", "Click to share on X (Opens in new window)", "Follow us on Telegram"; not "Share
# prices fell", whose second word is not one of these.
SHARE_LINE = re.compile(
    r"^(?:click to )?(?:share|tweet|email|print|follow us|send)(?: (?:this|it|on|via|with|to|by)\b.{0,50})?$",
    re.IGNORECASE,
)
# A line made only of share/navigation words separated by bars, bullets or spaces: "Home | World | Politics".
NAVIGATION_LINE = re.compile(r"^(?:[\w&' ]{1,20}\s*[|•·»>]\s*){2,}[\w&' ]{0,20}$")
INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
ZERO_WIDTH = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Every line-break convention becomes "\n"; page and paragraph separators end a paragraph.
LINE_BREAK = re.compile(r"\r\n?|[\x0b\x85\u2028]")
PARAGRAPH_SEPARATOR = re.compile(r"[\x0c\u2029]")
# Menus and share lines are short; longer lines are not tested against the patterns.
MAX_BOILERPLATE_CHARS = 200
# A first paragraph ending like a sentence ("... on Friday.", '... "we will not leave."') is body text; a
# headline may end in a question mark or a closing quote ('Minister: "We will not leave"').
SENTENCE_END = re.compile(r"[.:;,]['\"”’)\]]*$")
MAX_HEADLINE_WORDS = 30
WORD = re.compile(r"[^\W\d_][\w’'-]*")
# "Envoy Says Talks Will Fail." is a headline; "The Envoy spoke in Geneva on Friday." (3 of 4) is not.
TITLE_CASE_SHARE = 0.85


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text with the offset where the body starts after the headline (0 if none)."""

    text: str
    body_start: int
    headline: str | None


def is_boilerplate(line: str) -> bool:
    """True for a menu, navigation or sharing line ("Main menu", "Home | World", "Share on Facebook")."""
    stripped = line.strip()
    lowered = stripped.lower().rstrip(":")
    return lowered in BOILERPLATE_LINES or bool(NAVIGATION_LINE.match(stripped) or SHARE_LINE.match(stripped))


def looks_like_headline(paragraph: str) -> bool:
    """True for one short line not ending like a sentence ("Talks on the Ceasefire Will Not Succeed"), or
    in title case even with a full stop, as some corpora print headlines ("Envoy Says Talks Will Fail.")."""
    words = paragraph.split()
    if "\n" in paragraph or not 2 <= len(words) <= MAX_HEADLINE_WORDS or paragraph[0].islower():
        return False
    return not SENTENCE_END.search(paragraph) or is_title_case(paragraph)


def is_title_case(text: str) -> bool:
    """True when most words of four letters or more are capitalised (short function words may not be)."""
    long_words = [word for word in WORD.findall(text) if len(word) >= 4]
    capitalised = sum(word[0].isupper() for word in long_words)
    return len(long_words) >= 2 and capitalised >= TITLE_CASE_SHARE * len(long_words)


def same_headline(title: str, paragraph: str) -> bool:
    """True when ``paragraph`` is ``title`` up to case, spacing and final punctuation."""

    def key(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(".:;!? ")

    return key(title) == key(paragraph)


def clean_text(raw: str, title: str | None = None) -> CleanText:
    """Normalise ``raw`` into paragraphs separated by one blank line, headline first.

    When ``title`` is given (HTML metadata, a JSONL field) and the text does not already start with it, it
    becomes the headline paragraph.
    """
    text = LINE_BREAK.sub("\n", unicodedata.normalize("NFC", raw))
    text = PARAGRAPH_SEPARATOR.sub("\n\n", text)
    text = INLINE_SPACE.sub(" ", CONTROL.sub("", ZERO_WIDTH.sub("", text)))
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if len(line) <= MAX_BOILERPLATE_CHARS and is_boilerplate(line):
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))

    if not paragraphs:
        # Only boilerplate: a title alone is not an article.
        return CleanText("", 0, None)
    headline = None
    title = INLINE_SPACE.sub(" ", title).strip() if title else None
    if title and not same_headline(title, paragraphs[0]):
        paragraphs.insert(0, title)
    if title or (len(paragraphs) > 1 and looks_like_headline(paragraphs[0])):
        headline = paragraphs[0]
    cleaned = "\n\n".join(paragraphs)
    body_start = len(headline) + 2 if headline and len(paragraphs) > 1 else 0
    return CleanText(cleaned, body_start, headline)
