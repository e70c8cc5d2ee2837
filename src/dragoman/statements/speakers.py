"""Speaker resolution: the antecedent a pronoun, a description or a repeated name stands for.

Rules over the discourse, in text order: a pronoun ("he", "she", "they", "it") or a description ("the
statement", "the ministry", "the French delegate") refers to the last *speaker* of a compatible class
(person,
organisation; a document speaks for whoever issued it), falling back on the last compatible name when no
speaker came before. A short or misspelled name refers to the earlier full name it matches (same last word, or
fuzzy similarity). Names inside quotations are never antecedents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Span
from .cues import RELATIVE_PRONOUNS, speaker_range
from .quotes import Quote, quote_at

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..nlp import ParsedArticle

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}
THING_PRONOUNS = {"it"}
DEFINITE = {"the", "this", "that", "these", "those"}
PERSON_LABELS = {"PERSON"}
ORGANISATION_LABELS = {"ORG", "GPE", "NORP", "FAC"}
# Two spellings of a name count as the same name from this rapidfuzz ratio ("Smyth" ~ "Smith": 80.0).
FUZZY_NAME_RATIO = 80.0
MIN_FUZZY_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Referent:
    """What a speaker turned out to be: a name (or description) span and its class."""

    span: Span
    klass: str  # person | organisation | document | group | unknown


@dataclass(frozen=True, slots=True)
class Name:
    """A proper-name chain outside quotations: its span, its words and its class guess."""

    span: Span
    words: tuple[str, ...]
    klass: str


def _article_offset(token: Token, base: int) -> tuple[int, int]:
    return base + token.idx, base + token.idx + len(token.text)


def collect_names(parsed: ParsedArticle, quotes: Sequence[Quote]) -> list[Name]:
    """Proper-name chains (consecutive PROPN tokens) outside quotations, in text order."""
    text = parsed.article.text
    names: list[Name] = []
    from spacy.symbols import PROPN

    for paragraph in parsed.paragraphs:
        doc = list(paragraph.doc)
        proper = [t.pos == PROPN for t in doc]
        i = 0
        while i < len(doc):
            if not proper[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(doc) and proper[j + 1]:
                j += 1
            start = paragraph.start + doc[i].idx
            end = paragraph.start + doc[j].idx + len(doc[j].text)
            if quote_at(quotes, start, end) is None:
                labels = {t.ent_type_ for t in doc[i : j + 1]}
                klass = (
                    "person"
                    if labels & PERSON_LABELS
                    else ("organisation" if labels & ORGANISATION_LABELS else "unknown")
                )
                names.append(
                    Name(Span(text[start:end], start, end), tuple(t.text for t in doc[i : j + 1]), klass)
                )
            i = j + 1
    return names


def _similar(a: str, b: str) -> bool:
    if a.lower() == b.lower():
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LENGTH or a[:1].lower() != b[:1].lower():
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a.lower(), b.lower()) >= FUZZY_NAME_RATIO


class Resolver:
    """Walks the statements of one article in text order and resolves each speaker."""

    def __init__(self, parsed: ParsedArticle, quotes: Sequence[Quote], nouns: dict[str, str]) -> None:
        self.text = parsed.article.text
        self.quotes = quotes
        self.nouns = nouns
        self.names = collect_names(parsed, quotes)
        self.history: list[Referent] = []
        self.last_referent: Span | None = None  # what the last resolved phrase turned out to name

    def _name_chain(self, head: Token, start: int, end: int, base: int) -> Name | None:
        """The name inside a speaker phrase: the head's own, or an appositive's ("the envoy, Jane Doe")."""
        inside = [n for n in self.names if start <= n.span.start and n.span.end <= end]
        if not inside:
            return None
        head_start, _ = _article_offset(head, base)
        for name in inside:
            if name.span.start <= head_start < name.span.end:
                return name
        for child in head.children:
            if child.dep_ == "appos":
                child_start, _ = _article_offset(child, base)
                for name in inside:
                    if name.span.start <= child_start < name.span.end:
                        return name
        return None

    def _klass_of(self, head: Token, name: Name | None) -> str:
        noun_class = self.nouns.get(head.lemma_.lower()) if head.pos_ == "NOUN" else None
        if noun_class:
            return noun_class
        if name is not None:
            if name.klass != "unknown":
                return name.klass
            last = name.words[-1].lower()
            return self.nouns.get(last, "unknown")
        return "unknown"

    def _earlier_full_name(self, name: Name) -> Name | None:
        """The first earlier, longer name this one repeats or misspells ("Smyth" after "Anna Smith")."""
        for other in self.names:
            if other.span.start >= name.span.start:
                break
            if len(other.words) > len(name.words) and _similar(other.words[-1], name.words[-1]):
                return other
            if (
                len(other.words) == len(name.words) == 1
                and other.words[0] != name.words[0]
                and _similar(other.words[0], name.words[0])
            ):
                return other
        return None

    def _last_speaker(self, classes: set[str], word: str | None = None) -> Referent | None:
        if word:
            for referent in reversed(self.history):
                if referent.klass in classes and word in referent.span.text.lower():
                    return referent
        for referent in reversed(self.history):
            if referent.klass in classes:
                return referent
        return None

    def _last_name(self, before: int, classes: set[str], word: str | None = None) -> Referent | None:
        earlier = [n for n in self.names if n.span.end <= before and n.klass in classes]
        if word:
            matching = [n for n in earlier if word in n.span.text.lower()]
            earlier = matching or earlier
        return Referent(earlier[-1].span, earlier[-1].klass) if earlier else None

    def resolve(self, head: Token, start: int, end: int, base: int, *, remember: bool = True) -> Span | None:
        """The antecedent of the speaker phrase ``start..end`` headed by ``head`` (None when it names itself),
        and remember the speaker for the statements after it."""
        lower = head.lower_
        referent: Referent | None = None
        antecedent: Span | None = None
        words = self.text[start:end].lower().split()
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head != head.head:
            # "Smith, who said …": the relative pronoun stands for the phrase the clause hangs from
            found = speaker_range(head.head.head)
            if found is None:
                return None
            doc = head.doc
            first, last = _article_offset(doc[found[0]], base)[0], _article_offset(doc[found[1]], base)[1]
            resolved = self.resolve(head.head.head, first, last, base, remember=remember)
            return resolved or Span(self.text[first:last], first, last)
        if head.pos_ == "PRON" and lower in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            classes = {"person"} if lower in PERSON_PRONOUNS else {"organisation", "group"}
            if lower in THING_PRONOUNS:
                classes = {"organisation"}
            referent = (
                self._last_speaker(classes)
                or self._last_name(start, classes)
                or self._last_speaker({"unknown"})
            )
            antecedent = referent.span if referent else None
        elif (
            head.pos_ == "NOUN"
            and words
            and words[0] in DEFINITE
            and not any(n for n in self.names if start <= n.span.start and n.span.end <= end)
        ):
            klass = self.nouns.get(head.lemma_.lower())
            if klass == "document":
                referent = self._last_speaker({"organisation", "person"})
            elif klass in {"organisation", "person"}:
                word = head.lemma_.lower()
                referent = self._last_speaker({klass}, word) or self._last_name(start, {klass}, word)
            antecedent = referent.span if referent else None
        else:
            name = self._name_chain(head, start, end, base)
            klass = self._klass_of(head, name)
            if name is not None:
                earlier = self._earlier_full_name(name)
                if earlier is not None:
                    antecedent = earlier.span
                    known = [r.klass for r in self.history if r.span == earlier.span and r.klass != "unknown"]
                    klass = known[-1] if known else (earlier.klass if earlier.klass != "unknown" else klass)
                    referent = Referent(earlier.span, klass)
                elif (
                    head.pos_ == "PROPN" and name.span.start <= _article_offset(head, base)[0] < name.span.end
                ):
                    # the phrase is the name ("The Finance Ministry"): the referent is the name with its
                    # determiner and modifiers, not appositions after it ("Maria Lopez, the negotiator")
                    first = max(start, _article_offset(head.left_edge, base)[0])
                    last = _article_offset(head, base)[1]
                    referent = Referent(Span(self.text[first:last], first, last), klass)
                else:
                    referent = Referent(name.span, klass)
            else:
                referent = Referent(Span(self.text[start:end], start, end), klass)
        self.last_referent = referent.span if referent is not None else None
        if referent is not None and remember:
            self.history.append(referent)
        return antecedent
