"""Quotations: spans of text between paired quotation marks, across sentences and paragraphs.

Curly marks say which side they are on; a straight ``"`` opens when it follows a space, a paragraph start or
an opening bracket, and closes otherwise. A quotation left open at the end of a paragraph continues when the
next paragraph opens with a quotation mark (the news convention for quotes running over paragraphs).
An unbalanced mark drops only that quotation, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

OPENING = ("“", "«", "„", "``")
CLOSING = ("”", "»")
# Straight marks: '' (two apostrophes, as some outlets print quotes) and ".
STRAIGHT = ("''", '"')
MARKS = re.compile("|".join(re.escape(m) for m in (*OPENING, *CLOSING, *STRAIGHT)))
OPENS_AFTER = " \t\n([{—–-/"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation, marks included: ``text[start:end]``."""

    start: int
    end: int


def _side(text: str, mark: str, position: int, paragraph_start: int) -> str:
    after = position + len(mark)
    glued_before = position > paragraph_start and text[position - 1] not in OPENS_AFTER
    spaced_after = after >= len(text) or text[after].isspace()
    # a curly mark typed the wrong way round ("“Apparently not,“ he said") is read by where it stands
    if mark in OPENING:
        return "close" if glued_before and spaced_after else "open"
    if mark in CLOSING:
        return "open" if not glued_before and not spaced_after and text[after].isalnum() else "close"
    if position == paragraph_start or text[position - 1] in OPENS_AFTER:
        return "open"
    return "close"


def find_quotes(text: str, paragraphs: Sequence[tuple[int, int]]) -> tuple[list[Quote], list[str]]:
    """Quotations of ``text`` given its paragraphs' (start, end), and warnings for unbalanced marks."""
    quotes: list[Quote] = []
    warnings: list[str] = []
    open_at: int | None = None
    for number, (start, end) in enumerate(paragraphs):
        continued = open_at is not None
        for match in MARKS.finditer(text, start, end):
            position = match.start()
            side = _side(text, match.group(), position, start)
            if continued and position == start and side == "open":
                continued = False
                continue  # the opening mark that continues last paragraph's quotation
            continued = False
            if side == "open":
                if open_at is not None:
                    warnings.append(f"unbalanced quotation mark at offset {open_at}; quotation dropped")
                open_at = position
            elif open_at is not None:
                quotes.append(Quote(open_at, match.end()))
                open_at = None
            else:
                warnings.append(f"closing quotation mark without an opening one at offset {position}")
        if open_at is not None:
            following = paragraphs[number + 1][0] if number + 1 < len(paragraphs) else None
            if following is None or not MARKS.match(text, following):
                warnings.append(f"unbalanced quotation mark at offset {open_at}; quotation dropped")
                open_at = None
    return quotes, warnings


def quote_at(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The quotation holding the range ``start..end``, if any."""
    for quote in quotes:
        if quote.start <= start and end <= quote.end:
            return quote
        if quote.start >= end:
            break
    return None
