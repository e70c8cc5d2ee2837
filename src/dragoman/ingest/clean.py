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
    }
)
# A line made only of share/navigation words separated by bars, bullets or spaces: "Home | World | Politics".
NAVIGATION_LINE = re.compile(r"^(?:[\w&' ]{1,20}\s*[|•·»>]\s*){2,}[\w&' ]{0,20}$")
INLINE_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text with the offset where the body starts after the headline (0 if none)."""

    text: str
    body_start: int
    headline: str | None


def is_boilerplate(line: str) -> bool:
    lowered = line.strip().lower().rstrip(":")
    return lowered in BOILERPLATE_LINES or bool(NAVIGATION_LINE.match(line.strip()))


def looks_like_headline(paragraph: str) -> bool:
    """A headline is one short line that does not end like a sentence ("Moscow: Attempts ... Will Not Succeed")."""
    words = paragraph.split()
    return "\n" not in paragraph and 2 <= len(words) <= 30 and not SENTENCE_END.search(paragraph)


def clean_text(raw: str, title: str | None = None) -> CleanText:
    """Normalise ``raw`` into paragraphs separated by one blank line, headline first.

    When ``title`` is given (HTML metadata, a JSONL field) and the text does not already start with it, it
    becomes the headline paragraph.
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub("", ZERO_WIDTH.sub("", text))
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = INLINE_SPACE.sub(" ", line).strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if is_boilerplate(line):
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))

    headline = None
    title = INLINE_SPACE.sub(" ", title).strip() if title else None
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    if paragraphs and (title or (len(paragraphs) > 1 and looks_like_headline(paragraphs[0]))):
        headline = paragraphs[0]
    cleaned = "\n\n".join(paragraphs)
    body_start = len(headline) + 2 if headline and len(paragraphs) > 1 else 0
    return CleanText(cleaned, body_start, headline)
