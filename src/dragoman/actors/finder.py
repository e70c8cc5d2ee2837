"""The lookup tables the actor scan reads a paragraph with: a knowledge base's alias, metonym and agent keys
by first word (``MentionFinder``), and one paragraph's token keys (``ParagraphView``)."""

from __future__ import annotations

import uuid
from importlib import resources
from typing import TYPE_CHECKING

from .kb import ActorKB
from .names import phrase_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Fuzzy matching compares only alias keys of at least this many letters (see scan.FUZZY_CUTOFF).
FUZZY_MIN_LENGTH = 6


ALIAS_HITS = "dragoman.alias_hits"  # doc.user_data key: (finder token, {start token: (end, key) or None})


class MentionFinder:
    """The lookup tables ``resolve_mentions`` scans with, built once per knowledge base."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self.aliases = kb.alias_keys()
        self.metonyms = kb.metonym_keys()
        self.agents = kb.agent_keys()
        self.alias_lengths = _lengths(self.aliases)
        self.metonym_lengths = _lengths(self.metonyms)
        self.agent_lengths = _lengths(self.agents)
        self.bare_agent_codes = read_bare_agent_codes()
        self._blocks: dict[tuple[str, int], list[str]] | None = None
        # Names the alias lookups the entity ruler leaves on a doc as made with these tables, so that
        # resolution reads them instead of looking again (a doc ruled over another knowledge base is not).
        self.token = uuid.uuid4().hex

    def alias_hit(self, paragraph: ParagraphView, start: int) -> tuple[int, str] | None:
        """(end token, key) of the longest alias starting at token ``start`` (a plural demonym's singular),
        looked up once per paragraph: the entity ruler's lookups over this doc are read, not made again."""
        hits = paragraph.alias_hits
        if start not in hits:
            hits[start] = longest_key(paragraph, start, self.aliases, self.alias_lengths) or plural_alias(
                paragraph, start, self
            )
        return hits[start]

    def fuzzy_blocks(self) -> dict[tuple[str, int], list[str]]:
        """Alias keys long enough for fuzzy matching, by (first letter, number of words)."""
        if self._blocks is None:
            blocks: dict[tuple[str, int], list[str]] = {}
            for key in self.aliases:
                if len(key) >= FUZZY_MIN_LENGTH:
                    blocks.setdefault((key[0], key.count(" ") + 1), []).append(key)
            self._blocks = blocks
        return self._blocks


def _lengths(index: dict[str, object]) -> dict[str, int]:
    """First word → most words of any key starting with it."""
    lengths: dict[str, int] = {}
    for key in index:
        first, _, _ = key.partition(" ")
        lengths[first] = max(lengths.get(first, 0), key.count(" ") + 1)
    return lengths


def finder_for(kb: ActorKB) -> MentionFinder:
    """The finder of ``kb``, built on first use and kept with it."""
    return kb.derived("finder", MentionFinder)


class ParagraphView:
    """One parsed paragraph with the token keys the scan compares."""

    def __init__(self, doc: Doc, finder: MentionFinder | None = None) -> None:
        self.doc = doc
        # the entity ruler's alias lookups on this doc, when they were made with ``finder``'s tables
        token, hits = doc.user_data.get(ALIAS_HITS, (None, {}))
        usable = finder is not None and token == finder.token
        self.alias_hits: dict[int, tuple[int, str] | None] = dict(hits) if usable else {}
        # read once: building spaCy Token objects in the scan's inner loops costs more than the lookups
        self.keys: list[str] = []
        self.sent_starts: list[bool] = []
        self.pos: list[str] = []
        self.titles: list[bool] = []
        for token in doc:
            self.keys.append(phrase_key(token.text))
            self.sent_starts.append(bool(token.is_sent_start))
            self.pos.append(token.pos_)
            self.titles.append(token.is_title)

    def words(self, start: int, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` (end token, key so far) pairs from ``start``, skipping punctuation-only tokens
        inside ("Ki - moon"), never crossing a sentence boundary."""
        keys, sent_starts = self.keys, self.sent_starts
        out: list[tuple[int, str]] = []
        parts: list[str] = []
        index = start
        while index < len(keys) and len(parts) < limit:
            if index > start and sent_starts[index]:
                break
            if keys[index]:
                parts.append(keys[index])
                out.append((index + 1, " ".join(parts)))
            elif index == start:
                break
            index += 1
        return out


def longest_key(
    paragraph: ParagraphView, start: int, index: dict, lengths: dict[str, int]
) -> tuple[int, str] | None:
    """(end token, key) of the longest key of ``index`` starting at token ``start``."""
    first = paragraph.keys[start]
    if first not in lengths:
        return None
    best = None
    for end, key in paragraph.words(start, lengths[first]):
        if key in index:
            best = (end, key)
    return best


def plural_alias(paragraph: ParagraphView, start: int, finder: MentionFinder) -> tuple[int, str] | None:
    """A plural demonym ("Syrians") whose singular is a one-word alias."""
    key = paragraph.keys[start]
    if len(key) > 4 and key.endswith("s") and key[:-1] in finder.aliases:
        return start + 1, key[:-1]
    return None


def case_ok(doc: Doc, start: int, end: int) -> bool:
    """Names are written with capitals: "us" is not the U.S.; a short alias must be all capitals ("UN")."""
    if end - start > 1 and doc[start].lower_ == "the":
        start += 1  # "The west of the city" is not "the West"
    text = doc[start:end].text
    if not any(ch.isupper() for ch in text):
        return False
    if end - start == 1 and len(text) <= 3:
        return text.isupper()
    return True


def read_bare_agent_codes() -> frozenset[str]:
    """The agent codes that make a mention without a state (``data/actors/bare_agents.tsv``)."""
    path = resources.files("dragoman") / "data" / "actors" / "bare_agents.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return frozenset(line.split("\t", 1)[0].strip() for line in lines if line.strip())
