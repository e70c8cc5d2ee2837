"""Verb-pattern records: what the coder matches, in dragoman's own format (``data/events/FORMAT.md``).

A ``VerbDictionary`` holds synsets (named sets of phrases), verbs (each a word form with the words that must
stand right before or after it, and the block it belongs to) and patterns (a sequence of elements around the
verb, ``*``, and the CAMEO code it gives). The bundled one is a JSONL file converted from the Phoenix
CAMEO.2.0 dictionary; files in the TABARI/PETRARCH format are converted on load by ``petrarch_format``.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DictionaryError

log = logging.getLogger(__name__)

# Element kinds: a word or a synset to find in the text, or an actor slot: ``source`` ($), ``target`` (+),
# ``skip`` (^, an actor that takes no part) and ``compound`` (%, the subject is several actors that act on
# each other: "Gondor and Osgiliath have delayed their meeting").
ELEMENT_KINDS = ("word", "synset", "source", "target", "skip", "compound")


# The id prefix of dragoman's own verb dictionary entries (data/events/dragoman.verbs.txt).
ADDITIONS = "dragoman.verbs:"


@dataclass(frozen=True, slots=True)
class Element:
    """One item of a pattern. ``adjacent``: it must stand right next to the item before it in the pattern
    (or the verb), as ``_`` says in the dictionary; otherwise other words may come between."""

    kind: str
    value: str = ""
    adjacent: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.value:
            data["value"] = self.value
        if self.adjacent:
            data["adjacent"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Element:
        return cls(data["kind"], data.get("value", ""), bool(data.get("adjacent", False)))


@dataclass(frozen=True, slots=True)
class Pattern:
    """A dictionary pattern: elements before the verb (``before``, in text order) and after it (``after``).

    ``code`` is the CAMEO code for source → target (None: the pattern blocks coding, ``---``);
    ``reverse_code`` the code of the reverse event target → source (``[032:033]``). ``id`` is
    ``<file>:<line>``, the rule an event carries; ``text`` the pattern as written.
    """

    id: str
    block: str
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str | None
    reverse_code: str | None
    text: str

    @property
    def size(self) -> int:
        """How specific the pattern is: the number of its elements (longer patterns are tried first)."""
        return len(self.before) + len(self.after)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "pattern",
            "id": self.id,
            "block": self.block,
            "before": [e.to_dict() for e in self.before],
            "after": [e.to_dict() for e in self.after],
            "code": self.code,
            "reverse_code": self.reverse_code,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pattern:
        return cls(
            data["id"],
            data["block"],
            tuple(Element.from_dict(e) for e in data.get("before", ())),
            tuple(Element.from_dict(e) for e in data.get("after", ())),
            data.get("code"),
            data.get("reverse_code"),
            data.get("text", ""),
        )


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb of a block: its word forms (upper case) and, for multi-word verbs ("CORDON OFF", "WIRE TAP"),
    the words that stand right before or after it. ``code`` is the code of the verb alone (None: ``---``,
    the verb alone is no event); ``reverse_code`` as for patterns. ``id`` is ``<file>:<line>``."""

    id: str
    block: str
    lemma: str
    forms: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str | None
    reverse_code: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "verb",
            "id": self.id,
            "block": self.block,
            "lemma": self.lemma,
            "forms": list(self.forms),
            "before": list(self.before),
            "after": list(self.after),
            "code": self.code,
            "reverse_code": self.reverse_code,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verb:
        return cls(
            data["id"],
            data["block"],
            data["lemma"],
            tuple(data["forms"]),
            tuple(data.get("before", ())),
            tuple(data.get("after", ())),
            data.get("code"),
            data.get("reverse_code"),
        )


@dataclass(frozen=True, slots=True)
class Synset:
    """A named set of phrases (``&CURRENCY``); each phrase is a tuple of consecutive upper-case words,
    plurals and nested synsets already expanded."""

    name: str
    phrases: tuple[tuple[str, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "synset", "name": self.name, "phrases": [list(p) for p in self.phrases]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Synset:
        return cls(data["name"], tuple(tuple(p) for p in data["phrases"]))


@dataclass(frozen=True, slots=True)
class Transformation:
    """A rule recoding what a speaker says (PETRARCH's ``~ a (b . ATTACK) SAY = a b 112``: A says B
    attacked → A accuses B). ``outer`` is the saying verb, ``inner`` the verb of what is said (``Q``: any);
    their codes (or, for uncoded verbs, their blocks) are what must match. ``inner_source`` is ``a`` (the
    speaker), ``b`` (another actor) or ``_``/``.`` (none, any); ``inner_target`` likewise. ``code`` is the
    result's code, ``Q`` for the inner event's own; the result goes from the speaker to ``b``."""

    id: str
    outer: str
    inner: str
    inner_source: str
    inner_target: str
    code: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "transformation",
            "id": self.id,
            "outer": self.outer,
            "inner": self.inner,
            "inner_source": self.inner_source,
            "inner_target": self.inner_target,
            "code": self.code,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transformation:
        return cls(
            data["id"],
            data["outer"],
            data["inner"],
            data["inner_source"],
            data["inner_target"],
            data["code"],
            data.get("text", ""),
        )


@dataclass(frozen=True, slots=True)
class Discard:
    """A discard phrase: a sentence (or, with ``scope == "story"``, a whole article) holding it is not
    coded. ``whole_word``: the phrase must end at a word boundary; otherwise its last word is a stem."""

    phrase: str
    scope: str
    whole_word: bool

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "discard", "phrase": self.phrase, "scope": self.scope, "whole_word": self.whole_word}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Discard:
        return cls(data["phrase"], data["scope"], bool(data.get("whole_word", False)))


@dataclass(slots=True)
class VerbDictionary:
    """Synsets, verbs and patterns indexed for the coder: verbs by word form, patterns by block, longest
    first. Built once per pipeline."""

    synsets: dict[str, Synset] = field(default_factory=dict)
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    transformations: list[Transformation] = field(default_factory=list)
    by_form: dict[str, list[Verb]] = field(default_factory=dict)
    by_lemma: dict[str, list[Verb]] = field(default_factory=dict)
    by_block: dict[str, list[Pattern]] = field(default_factory=dict)
    # Precompiled at load: a synset's phrases by their first and by their last word, and for each pattern
    # the words the sentence must hold (its words, one first word of each synset) for it to be tried.
    synset_first: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    synset_last: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    requirements: dict[str, tuple[frozenset[str], tuple[frozenset[str], ...]]] = field(default_factory=dict)

    @classmethod
    def build(cls, records: Iterable[Synset | Verb | Pattern | Transformation]) -> VerbDictionary:
        dictionary = cls()
        by_form: dict[str, list[Verb]] = defaultdict(list)
        by_lemma: dict[str, list[Verb]] = defaultdict(list)
        by_block: dict[str, list[Pattern]] = defaultdict(list)
        for record in records:
            if isinstance(record, Synset):
                dictionary.synsets[record.name] = record
            elif isinstance(record, Transformation):
                dictionary.transformations.append(record)
            elif isinstance(record, Verb):
                dictionary.verbs.append(record)
                for form in record.forms:
                    by_form[form].append(record)
                by_lemma[record.lemma].append(record)
            else:
                dictionary.patterns.append(record)
                by_block[record.block].append(record)
        # Longer verbs first ("BREAK DOWN" before "BREAK"), longer patterns first (more specific wins);
        # among equals dragoman's own additions, written to correct a Phoenix reading ("EXPEL * DIPLOMATS"),
        # then the dictionary's order (sorted() is stable).
        for verbs in (*by_form.values(), *by_lemma.values()):
            verbs.sort(key=lambda v: -(len(v.before) + len(v.after)))
        dictionary.by_form = dict(by_form)
        dictionary.by_lemma = dict(by_lemma)
        dictionary.by_block = {
            block: sorted(ps, key=lambda p: (-p.size, not p.id.startswith(ADDITIONS)))
            for block, ps in by_block.items()
        }
        for name, synset in dictionary.synsets.items():
            first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            for phrase in synset.phrases:
                first[phrase[0]].append(phrase)
                last[phrase[-1]].append(phrase)
            dictionary.synset_first[name] = dict(first)
            dictionary.synset_last[name] = dict(last)
        for pattern in dictionary.patterns:
            elements = (*pattern.before, *pattern.after)
            words = frozenset(e.value for e in elements if e.kind == "word")
            synsets = tuple(
                frozenset(dictionary.synset_first.get(e.value, {})) for e in elements if e.kind == "synset"
            )
            dictionary.requirements[pattern.id] = (words, synsets)
        return dictionary


def record_from_dict(data: dict[str, Any]) -> Synset | Verb | Pattern | Transformation | Discard:
    kind = data.get("kind")
    if kind == "synset":
        return Synset.from_dict(data)
    if kind == "verb":
        return Verb.from_dict(data)
    if kind == "pattern":
        return Pattern.from_dict(data)
    if kind == "discard":
        return Discard.from_dict(data)
    if kind == "transformation":
        return Transformation.from_dict(data)
    raise ValueError(f"unknown kind {kind!r}")


def read_jsonl(path: str | Path) -> list[Synset | Verb | Pattern | Transformation | Discard]:
    """The records of a dragoman verb or discard file (JSONL); a bad line raises ``DictionaryError``."""
    path = Path(path)
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DictionaryError(f"{path}: cannot read ({error.strerror})") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(record_from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            raise DictionaryError(f"{path}:{number}: not a verb-dictionary record ({error})") from error
    return records


def write_jsonl(
    path: str | Path, records: Iterable[Synset | Verb | Pattern | Transformation | Discard]
) -> int:
    """Write records one JSON object a line; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count
