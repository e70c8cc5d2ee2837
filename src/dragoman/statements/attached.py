"""Quotations attached to a cue: the words of "“…,” he said", "said that “…”", "told reporters: “…”"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .phrases import start_of
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token

# Between a quotation and its cue only punctuation may stand ("“…,” he said"); after the cue, also "that".
GAP_BEFORE = re.compile(r"^[ \t,.;:!?—–-]*$")
GAP_AFTER = re.compile(r"^[ \t,;:—–-]*(that\s*)?$")
GAP_AFTER_COLON = re.compile(r"^[ \t]*:\s*$")
MAX_GAP = 40


def opens_sentence(text: str, quote: Quote) -> bool:
    """Whether ``quote`` stands as sentences of its own (it opens a paragraph or follows a sentence end); only
    such a quotation may take its cue from the next sentence ("“… coming!” Bush said.")."""
    before = text[: quote.start].rstrip(" \t")
    return not before or before[-1] in "\n.!?”\"'"


def opens_clause(text: str, quote: Quote) -> bool:
    """Whether ``quote`` starts a clause: after a colon, a comma or a dash (or as a sentence of its own)."""
    before = text[: quote.start].rstrip(" \t")
    return not before or before[-1] in "\n.!?:,;—–-(”\"'"


def gap_after(gap: str) -> bool:
    return bool(GAP_AFTER.match(gap) or GAP_AFTER_COLON.match(gap))


def attached_quotes(
    text: str,
    quotes: Sequence[Quote],
    region: tuple[int, int],
    children: Sequence[Token],
    base: int,
    sentence: tuple[int, int],
    before: bool = True,
) -> list[Quote]:
    """Quotations that are the words of a cue whose cue and speaker cover ``region`` (article offsets).

    Before the cue only punctuation may separate them ("“…,” he said") and the quotation must open its
    clause (in "may be “strategic,” he said" the quotation is only part of what was said); after the cue
    "that" may stand between ("said that “…”"), or the whole complement starts with the quotation ("told
    reporters: “…”").
    """
    lead = min((start_of(c.left_edge, base) for c in children if start_of(c, base) > region[1]), default=None)
    attached = []
    for quote in quotes:
        if quote.end < region[0] - MAX_GAP or quote.start > region[1] + MAX_GAP:
            continue
        if quote.start < region[1] and region[0] < quote.end:
            continue  # the cue is inside this quotation
        # adjacency may cross a sentence boundary ("“… coming!” Bush said.") but not a paragraph one, except
        # after a colon ("Cruz continued:" then the quotation as the next paragraph)
        if quote.end <= region[0]:
            crosses = quote.end <= sentence[0]
            if (
                before
                and GAP_BEFORE.match(text[quote.end : region[0]])
                and (opens_sentence(text, quote) or (not crosses and opens_clause(text, quote)))
            ):
                attached.append(quote)
        elif gap_after(text[region[1] : quote.start]):
            attached.append(quote)
        elif sentence[0] <= quote.start < sentence[1] and lead is not None and 0 <= lead - quote.start <= 2:
            attached.append(quote)
    return attached
