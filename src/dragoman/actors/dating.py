"""Dating an undated article from the offices it names with their holders.

"the French envoy to Mali, Jane Doe" and "Canada's permanent representative, John Roe" can
only have been written while those people held those offices. Each person mention introduced with an office
word (an apposition, a title before the name: the agents lexicon gives the office's sector, GOV for envoy or
minister, LEG for senator …) contributes the dates of that person's roles in that sector; the article's
window is where all of them meet. No such mention, or offices that never overlap, date nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..nlp import ParsedArticle
    from .kb import ActorKB

Interval = tuple[str | None, str | None]  # ISO dates, None open; both inclusive
# Sectors an office in an international organisation is coded under ("UN envoy" → IGOUNO …).
INTERNATIONAL = "IGO"


def role_window(parsed: ParsedArticle, mentions: Sequence[Mention], kb: ActorKB) -> Interval | None:
    """The dates on which every office the article names with its holder was held by that holder (the
    latest such stretch when they met more than once), or None."""
    window: list[Interval] | None = None
    for mention in mentions:
        actor = kb.get(mention.actor_id) if mention.actor_id else None
        if actor is None or actor.kind != "person" or not actor.roles:
            continue
        sector = _office_sector(parsed, mention, kb)
        if sector is None:
            continue
        held = [
            (role.start, role.end)
            for role in actor.roles
            if (role.start or role.end) and _in_sector(role.code, sector)
        ]
        if not held:
            continue
        window = held if window is None else _intersect(window, held)
        if not window:
            return None
    if not window:
        return None
    return max(window, key=lambda interval: interval[1] or "9999-12-31")


def _in_sector(code: str, sector: str) -> bool:
    return code[3:6] == sector or (sector == "GOV" and code.startswith(INTERNATIONAL))


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    met = []
    for start_a, end_a in a:
        for start_b, end_b in b:
            start = max(start_a or "", start_b or "") or None
            end = min(end_a or "9999-12-31", end_b or "9999-12-31")
            end_or_open = None if end == "9999-12-31" else end
            if start is None or end_or_open is None or start <= end_or_open:
                met.append((start, end_or_open))
    return met


def _office_sector(parsed: ParsedArticle, mention: Mention, kb: ActorKB) -> str | None:
    """The sector of the office word a person's name stands with: "the envoy, Jane Doe", "Jane Doe, the
    envoy", "Foreign Minister Jane Doe", "permanent representative … Jane Doe"."""
    head = _head_token(parsed, mention)
    if head is None:
        return None
    words: list[Token] = [c for c in head.children if c.dep_ in {"compound", "appos"} and c.pos_ == "NOUN"]
    if head.dep_ == "appos":
        # "the envoy to Syria, Jane Doe": the parser may hang the apposition on the office's object
        anchor = head.head
        while anchor.dep_ == "pobj" and anchor.head.dep_ == "prep" and anchor.head.head.pos_ == "NOUN":
            anchor = anchor.head.head
        if anchor.pos_ == "NOUN":
            words.append(anchor)
    for word in words:
        phrase = " ".join(t.text for t in word.subtree if t.pos_ in {"NOUN", "ADJ"} and t.i <= word.i)
        for candidate in (phrase, word.text):
            agent = kb.agent(candidate)
            if agent is not None and not agent.prefix:
                return agent.code[:3]
    return None


def _head_token(parsed: ParsedArticle, mention: Mention) -> Token | None:
    for paragraph in parsed.paragraphs:
        doc = paragraph.doc
        if not len(doc) or not paragraph.start <= mention.start < paragraph.start + len(doc.text):
            continue
        inside = [t for t in doc if mention.start <= paragraph.start + t.idx < mention.end]
        if not inside:
            return None
        ids = {t.i for t in inside}
        return next((t for t in inside if t.head.i not in ids or t.head is t), inside[-1])
    return None
