"""Attribution: statements with speaker, cue and content (being built under issue 3)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Statement
from .nlp import ParsedArticle


@dataclass(frozen=True, slots=True)
class CueLexicon:
    lemmas: frozenset[str]

    @classmethod
    def load(cls, extra: tuple[str, ...] = ()) -> "CueLexicon":
        return cls(frozenset())


def find_statements(parsed: ParsedArticle, cues: CueLexicon) -> list[Statement]:
    return []
