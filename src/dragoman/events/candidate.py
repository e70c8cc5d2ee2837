"""A coded verb before it becomes events (``Candidate``), and the codes of a statement."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Mention

STATEMENT_CODE = "010"
STATEMENT_ROOT = "01"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One coded verb before it becomes events: codes, rule, sources, targets and what was folded in."""

    verb_index: int
    span: tuple[int, int]  # token indices of the verb words in the doc, end exclusive
    code: str | None
    reverse_code: str | None
    rule: str
    sources: tuple[Mention, ...]
    targets: tuple[Mention, ...]
    compound: bool
    negated: bool
    block: str = ""
    own_subject: bool = True
