"""The English words the actor scan reads its context with (``data/actors/context_words.tsv``): the
prepositions and verbs that make a capital act, the words that join an agent to its actor, titles."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def context_words() -> dict[str, frozenset[str]]:
    """List name → its words; ``#`` lines are comments."""
    path = resources.files("dragoman") / "data" / "actors" / "context_words.tsv"
    lists: dict[str, frozenset[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, words, _why = line.split("\t")
        lists[name] = frozenset(words.split())
    return lists


def words(name: str) -> frozenset[str]:
    """The words of list ``name``."""
    return context_words()[name]
