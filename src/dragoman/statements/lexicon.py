"""The cue lexicon: speech-act and thought words that signal a statement, read from TSV data files.

The bundled ``data/cues/cues.tsv`` lists cue entries; users add files of the same format (``Settings.cues``,
``--cues FILE``), whose entries are merged over the bundled ones by ``id``. ``data/cues/nouns.tsv`` classes
the head nouns of descriptions ("the statement", "the ministry", "the envoy") for speaker resolution.
The formats are described in ``data/cues/FORMAT.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import DictionaryError

POS = ("VERB", "NOUN", "ADP", "MOD", "PUNCT")
KINDS = ("speech", "belief", "impression")
NEEDS = ("any", "content", "clause")
NOUN_CLASSES = ("document", "organisation", "person")
CUE_COLUMNS = 6


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One cue: ``words`` (lemmas, lower case; the first is the head), its part of speech (``VERB``,
    ``NOUN``, ``ADP`` for "according to", ``MOD`` for channel phrases such as "in a statement" that make the
    verb they modify a cue, ``PUNCT`` for the colon of "Paris: talks will fail"), ``kind`` (speech,
    belief or impression), ``needs`` (``any``: a cue on its own; ``content``:
    needs a clause, quote or object; ``clause``: needs a clause or quote) and ``weight`` (0..1, the score
    the statements it finds start from)."""

    id: str
    words: tuple[str, ...]
    pos: str
    kind: str
    needs: str
    weight: float


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Cue entries indexed by (head word, part of speech), longest entries first; and referent nouns."""

    entries: tuple[CueEntry, ...]
    nouns: dict[str, str] = field(default_factory=dict)
    # verbs whose subject speaks the speech noun they take as object ("made allegations", "raised questions")
    support: frozenset[str] = frozenset()
    index: dict[tuple[str, str], tuple[CueEntry, ...]] = field(default_factory=dict)
    # spaCy string hashes of the head words (lower case and capitalised: lemmas of proper nouns keep their
    # case), so that tokens which cannot start a cue are skipped without building their strings
    head_hashes: frozenset[int] = frozenset()

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[CueEntry],
        nouns: dict[str, str] | None = None,
        support: Iterable[str] = (),
    ) -> CueLexicon:
        entries = tuple(entries)
        index: dict[tuple[str, str], list[CueEntry]] = {}
        for entry in entries:
            index.setdefault((entry.words[0], entry.pos), []).append(entry)
        from spacy.strings import hash_string

        frozen = {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in index.items()}
        heads = frozenset(hash_string(f) for e in entries for f in (e.words[0], e.words[0].capitalize()))
        return cls(entries, dict(nouns or {}), frozenset(support), frozen, heads)

    @classmethod
    def load(cls, extra: Sequence[str | Path] = ()) -> CueLexicon:
        """The bundled lexicon with the entries of ``extra`` files merged over it (same id replaces)."""
        data = resources.files("dragoman") / "data" / "cues"
        merged: dict[str, CueEntry] = {}
        for entry in read_cues(str(data / "cues.tsv"), (data / "cues.tsv").read_text(encoding="utf-8")):
            merged[entry.id] = entry
        for path in extra:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise DictionaryError(f"{path}: cannot read cue file ({error})") from error
            for entry in read_cues(str(path), text):
                merged[entry.id] = entry
        nouns = read_nouns(str(data / "nouns.tsv"), (data / "nouns.tsv").read_text(encoding="utf-8"))
        support = read_words(str(data / "support.tsv"), (data / "support.tsv").read_text(encoding="utf-8"))
        return cls.from_entries(merged.values(), nouns, support)

    def lookup(self, word: str, pos: str) -> tuple[CueEntry, ...]:
        return self.index.get((word, pos), ())


def _rows(name: str, text: str) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield number, line.rstrip("\n").split("\t")


def read_cues(name: str, text: str) -> list[CueEntry]:
    """Cue entries of one TSV file; a bad line raises ``DictionaryError`` naming the file and line."""
    entries: list[CueEntry] = []
    seen: set[str] = set()
    for number, cells in _rows(name, text):
        where = f"{name}:{number}"
        if len(cells) != CUE_COLUMNS:
            raise DictionaryError(f"{where}: expected {CUE_COLUMNS} tab-separated columns, got {len(cells)}")
        id_, words, pos, kind, needs, weight = (c.strip() for c in cells)
        if not id_ or not words.strip():
            raise DictionaryError(f"{where}: empty id or words")
        if id_ in seen:
            raise DictionaryError(f"{where}: duplicate id {id_!r}")
        if pos not in POS:
            raise DictionaryError(f"{where}: pos {pos!r} is not one of {', '.join(POS)}")
        if kind not in KINDS:
            raise DictionaryError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if needs not in NEEDS:
            raise DictionaryError(f"{where}: needs {needs!r} is not one of {', '.join(NEEDS)}")
        try:
            score = float(weight)
        except ValueError as error:
            raise DictionaryError(f"{where}: weight {weight!r} is not a number") from error
        if not 0.0 <= score <= 1.0:
            raise DictionaryError(f"{where}: weight {weight} is outside 0..1")
        seen.add(id_)
        entries.append(CueEntry(id_, tuple(words.lower().split()), pos, kind, needs, score))
    return entries


def read_words(name: str, text: str) -> list[str]:
    """One lemma a line (support verbs); a line with more columns raises ``DictionaryError``."""
    words = []
    for number, cells in _rows(name, text):
        if len(cells) != 1 or not cells[0].strip():
            raise DictionaryError(f"{name}:{number}: expected one lemma a line")
        words.append(cells[0].strip().lower())
    return words


FUNCTION_WORD_SETS = (
    "content_preposition",
    "content_mark",
    "relative_pronoun",
    "owner_preposition",
    "person_pronoun",
    "group_pronoun",
    "thing_pronoun",
    "definite",
    "possessive",
    "spokesperson",
    "principal_preposition",
    "issued_document",
)


def read_function_words(name: str, text: str) -> dict[str, frozenset[str]]:
    """The grammar words of ``function_words.tsv``: set name → words."""
    sets: dict[str, set[str]] = {key: set() for key in FUNCTION_WORD_SETS}
    for number, cells in _rows(name, text):
        if len(cells) != 2 or cells[0].strip() not in sets or not cells[1].strip():
            raise DictionaryError(f"{name}:{number}: expected 'set<TAB>word', set one of {', '.join(sets)}")
        sets[cells[0].strip()].add(cells[1].strip().lower())
    return {key: frozenset(words) for key, words in sets.items()}


def function_words() -> dict[str, frozenset[str]]:
    """The bundled grammar words the statement rules read (``data/cues/function_words.tsv``)."""
    path = resources.files("dragoman") / "data" / "cues" / "function_words.tsv"
    return read_function_words(str(path), path.read_text(encoding="utf-8"))


def read_nouns(name: str, text: str) -> dict[str, str]:
    """Referent nouns (lemma → document, organisation or person) of one TSV file."""
    nouns: dict[str, str] = {}
    for number, cells in _rows(name, text):
        if len(cells) != 2 or cells[1].strip() not in NOUN_CLASSES:
            raise DictionaryError(f"{name}:{number}: expected 'lemma<TAB>{'|'.join(NOUN_CLASSES)}'")
        nouns[cells[0].strip().lower()] = cells[1].strip()
    return nouns
