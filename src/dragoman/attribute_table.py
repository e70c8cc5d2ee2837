"""The model's attribute ruler applied by table lookup: the same annotations for a fraction of the cost.

spaCy's ``attribute_ruler`` maps the tagger's fine tags to coarse parts of speech and morphology (plus
word-specific exceptions) by running a ``Matcher`` over every token: in ``en_core_web_sm`` that was about an
eighth of the parse time, most of it in Python predicates that 179 patterns call on each token. Nearly all
of those patterns ask for plain values of a token (``{"TAG": "NNS"}``, ``{"LOWER": {"IN": [...]}, "TAG":
"VBZ"}``), which a dictionary answers in one lookup on the document's attribute arrays; ``NOT_IN`` and
``REGEX`` become checks on the few tokens a lookup found. ``AttributeTable`` compiles the ruler's patterns
that way and leaves the rest (operators such as ``OP``, other keys) to a ``Matcher`` of its own. Matches are
found on the unmodified document and applied in the ruler's order (pattern by pattern, later ones
winning) with spaCy's own ``set_token_attrs``; ``tests/test_attribute_table.py`` checks the annotations
against the stock model's.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Pattern keys the table reads from ``Doc.to_array``: string attributes (compared as string hashes) and
# boolean flags (0 or 1).
STRING_KEYS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "TAG": "TAG", "DEP": "DEP"}
FLAG_KEYS = {"IS_SPACE", "IS_PUNCT", "IS_DIGIT", "IS_ALPHA", "IS_TITLE", "IS_UPPER", "IS_LOWER"}
FACTORY = "dragoman_attribute_table"


@dataclass(frozen=True)
class TokenTest:
    """One token of a pattern: attributes that must take one of some values (``wanted``, looked up in a
    table), must not take some (``unwanted``), or must match a regular expression (``regex``)."""

    wanted: tuple[tuple[str, frozenset], ...]
    unwanted: tuple[tuple[str, frozenset], ...]
    regex: tuple[tuple[str, re.Pattern], ...]

    @property
    def plain(self) -> bool:
        """True when the table lookup of ``wanted`` is the whole test."""
        return not self.unwanted and not self.regex

    def keys(self) -> tuple[str, ...]:
        return tuple(attribute for attribute, _values in self.wanted)

    def combinations(self) -> Iterator[tuple]:
        return itertools.product(*(sorted(values, key=str) for _attribute, values in self.wanted))


def compile_test(spec: dict[str, Any], strings: Any) -> TokenTest | None:
    """The ``TokenTest`` of a Matcher token spec, or None when it uses anything else (``OP``, other keys)."""
    wanted, unwanted, regex = [], [], []
    for key, value in sorted(spec.items()):
        if key in STRING_KEYS:
            attribute, encode = STRING_KEYS[key], lambda v: strings.add(v) if v else 0
        elif key in FLAG_KEYS:
            attribute, encode = key, int
        else:
            return None
        if isinstance(value, str | bool):
            wanted.append((attribute, frozenset([encode(value)])))
        elif isinstance(value, dict) and len(value) == 1 and "IN" in value:
            wanted.append((attribute, frozenset(encode(v) for v in value["IN"])))
        elif isinstance(value, dict) and len(value) == 1 and "NOT_IN" in value:
            unwanted.append((attribute, frozenset(encode(v) for v in value["NOT_IN"])))
        elif isinstance(value, dict) and len(value) == 1 and "REGEX" in value and key in STRING_KEYS:
            regex.append((attribute, re.compile(value["REGEX"])))
        else:
            return None
    return TokenTest(tuple(wanted), tuple(unwanted), tuple(regex))


class AttributeTable:
    """A drop-in for a spaCy ``AttributeRuler``, built from one with ``compile``."""

    def __init__(self, name: str = "attribute_ruler") -> None:
        self.name = name
        self.attrs: list[dict] = []
        self.indices: list[int] = []  # which token of a match gets the attributes
        # Patterns by the attributes their first token looks up: {keys: {values: [(number, tests)]}}.
        self.tables: dict[tuple[str, ...], dict[tuple, list[tuple[int, tuple[TokenTest, ...]]]]] = {}
        self.columns: list[str] = []
        self.others: Any = None  # a Matcher for the patterns no table can hold, keyed by pattern number
        # A regular expression's answer for each string hash it has seen (the vocabulary is finite).
        self.regex_results: dict[tuple[re.Pattern, int], bool] = {}

    def compile(self, ruler: Any) -> AttributeTable:
        """Take over the patterns of ``ruler`` (a spaCy ``AttributeRuler``)."""
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.others = Matcher(ruler.vocab)
        tables: dict = defaultdict(lambda: defaultdict(list))
        columns: set[str] = set()
        for number, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [compile_test(spec, strings) for spec in pattern]
                if not tests or any(test is None for test in tests):
                    self.others.add(str(number), [pattern])
                    continue
                table = tables[tests[0].keys()]
                for values in tests[0].combinations():
                    table[values].append((number, tuple(tests)))
                for test in tests:
                    columns.update(a for a, _ in (*test.wanted, *test.unwanted, *test.regex))
        self.tables = {keys: dict(table) for keys, table in tables.items()}
        self.columns = sorted(columns)
        return self

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        size = len(doc)
        array = doc.to_array(self.columns).reshape(size, len(self.columns))  # 1-D for one column
        columns = {name: array[:, number].tolist() for number, name in enumerate(self.columns)}
        # (pattern number, start token, end token) of every match, all found before any attribute changes.
        matches: list[tuple[int, int, int]] = []
        for keys, table in self.tables.items():
            lookups = (
                zip(*(columns[key] for key in keys), strict=True) if keys else itertools.repeat((), size)
            )
            for start, values in enumerate(lookups):
                for number, tests in table.get(values, ()):
                    end = start + len(tests)
                    if tests[0].plain and end == start + 1:
                        matches.append((number, start, end))  # the lookup was the whole test
                    elif end <= size and all(
                        self.passes(test, columns, start + offset, doc, looked_up=offset == 0)
                        for offset, test in enumerate(tests)
                    ):
                        matches.append((number, start, end))
        if len(self.others):
            for match_id, start, end in self.others(doc, allow_missing=True):
                matches.append((int(doc.vocab.strings[match_id]), start, end))
        # The ruler applies its matches sorted by pattern number: a later pattern overrides an earlier one.
        matches.sort()
        for number, start, end in matches:
            token = doc[start] if end == start + 1 else doc[start:end][self.indices[number]]
            set_token_attrs(token, self.attrs[number])
        return doc

    def passes(
        self, test: TokenTest, columns: dict[str, list[int]], position: int, doc: Doc, looked_up: bool
    ) -> bool:
        """``test`` on the token at ``position``; ``looked_up`` when a table already checked its wanted
        values (the first token of a pattern)."""
        if not looked_up and not all(columns[a][position] in values for a, values in test.wanted):
            return False
        if any(columns[a][position] in values for a, values in test.unwanted):
            return False
        for attribute, pattern in test.regex:
            value = columns[attribute][position]
            known = self.regex_results.get((pattern, value))
            if known is None:
                known = self.regex_results[pattern, value] = bool(pattern.search(doc.vocab.strings[value]))
            if not known:
                return False
        return True

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def compile_attribute_ruler(nlp: Language) -> None:
    """Replace ``nlp``'s ``attribute_ruler`` (if it has one) by an ``AttributeTable`` of its patterns."""
    from spacy.language import Language as SpacyLanguage

    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeTable):
        return
    if not SpacyLanguage.has_factory(FACTORY):
        SpacyLanguage.factory(
            FACTORY, assigns=["token.tag", "token.pos", "token.morph", "token.lemma", "token.dep"]
        )(lambda nlp, name: AttributeTable(name))
    nlp.replace_pipe("attribute_ruler", FACTORY)
    nlp.get_pipe("attribute_ruler").compile(ruler)
