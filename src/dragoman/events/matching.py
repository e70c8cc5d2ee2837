"""Matching the verb dictionary on a sentence: which dictionary verbs a token is, and whether a verb's
pattern matches around it (words, synsets, actors and skipped noun phrases, before and after the verb)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Mention
from .patterns import Element, Pattern, Verb
from .view import SentenceView

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATION_WORDS = frozenset({"NOT", "N'T", "NEVER", "NO", "NEITHER", "NOR"})
# Parts of speech a noun phrase is made of (what "^" may skip).
NOUN_PHRASE_POS = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM"})
NOUN_PHRASE_MODIFIERS = ("det", "amod", "compound", "nummod", "poss")


@dataclass(frozen=True, slots=True)
class Match:
    """What a matching pattern read: the actors it names, where its compound stands ("before" the verb:
    the actors act on each other; "after": they are the targets; "" none) and whether it holds a
    negation."""

    source: Mention | None
    target: Mention | None
    compound: str
    negation: bool


@dataclass(slots=True)
class _Reading:
    """What one attempt at matching a pattern has read so far (local to ``match_pattern``)."""

    view: SentenceView
    unreadable: Collection[int]
    source: Mention | None = None
    target: Mention | None = None
    compound: str = ""
    negation: bool = False


def verb_entries(view: SentenceView, token: Token) -> list[tuple[Verb, tuple[int, int]]]:
    """Dictionary verbs this token is, with the token span of the whole (multi-word) verb."""
    found = []
    entries = view.coder.verbs.by_form.get(token.text.upper(), [])
    if not entries and token.pos_ == "VERB":
        entries = view.coder.verbs.by_lemma.get(token.lemma_.upper(), [])
    for verb in entries:
        start, end = token.i, token.i + 1
        if verb.before:
            start = token.i - len(verb.before)
            if start < view.first or [t.text.upper() for t in view.doc[start : token.i]] != list(verb.before):
                continue
        if verb.after:
            end = token.i + 1 + len(verb.after)
            if end > view.span.end or [t.text.upper() for t in view.doc[token.i + 1 : end]] != list(
                verb.after
            ):
                continue
        found.append((verb, (start, end)))
    return found


def match_pattern(
    view: SentenceView,
    pattern: Pattern,
    verb_span: tuple[int, int],
    limit: int,
    sources: tuple[Mention, ...],
    unreadable: Collection[int] = (),
) -> Match | None:
    """What ``pattern`` reads when it matches around the verb words ``verb_span`` (its words after the verb
    before ``limit``, none at the ``unreadable`` positions), else None."""
    start, end = verb_span
    reading = _Reading(view, unreadable)
    if not _match_after(reading, pattern.after, 0, end, limit):
        return None
    if not _match_before(reading, pattern.before, len(pattern.before) - 1, start - 1):
        return None
    if reading.compound == "before" and len({m.code for m in sources}) < 2:
        return None
    return Match(reading.source, reading.target, reading.compound, reading.negation)


def _element_at(reading: _Reading, element: Element, position: int, forward: bool) -> list[int]:
    """Positions after matching ``element`` at ``position`` (read forward or backward); [] if it does not
    match there. A synset may match several phrases, so several positions may come back."""
    view = reading.view
    if position < view.first or position >= view.span.end or position in reading.unreadable:
        return []
    if element.kind == "word":
        if view.upper[position] != element.value:
            return []
        if element.value in NEGATION_WORDS:
            reading.negation = True
        return [position + 1 if forward else position - 1]
    if element.kind == "synset":
        return _synset_at(reading, element.value, position, forward)
    return _actor_at(reading, element, position, forward)


def _synset_at(reading: _Reading, synset: str, position: int, forward: bool) -> list[int]:
    """Positions after each phrase of ``synset`` that reads at ``position``."""
    view = reading.view
    verbs = view.coder.verbs
    index = verbs.synset_first if forward else verbs.synset_last
    results = []
    for phrase in index.get(synset, {}).get(view.upper[position], ()):
        if forward:
            stop = position + len(phrase)
            if stop <= view.span.end and tuple(view.upper[i] for i in range(position, stop)) == phrase:
                results.append(stop)
        else:
            first = position - len(phrase) + 1
            if first >= view.first and tuple(view.upper[i] for i in range(first, position + 1)) == phrase:
                results.append(first - 1)
        if results and NEGATION_WORDS & set(phrase):
            reading.negation = True
    return results


def _actor_at(reading: _Reading, element: Element, position: int, forward: bool) -> list[int]:
    """Positions after an actor (source, target, compound) or a skipped noun phrase at ``position``."""
    view = reading.view
    mention = view.mention_at.get(position)
    if mention is None:
        if element.kind != "skip":
            return []
        # "^" skips a noun phrase that need not be an actor ("warned their populations about X", "warned at
        # the Gondor of X": the whole of "the Gondor").
        token = view.doc[position]
        if token.pos_ not in NOUN_PHRASE_POS:
            return []  # "^" stands for a noun phrase: "with" is not one
        if not forward:
            return [position - 1]
        head = token.head if token.dep_ in NOUN_PHRASE_MODIFIERS else token
        if head.i < position or head.i >= view.span.end:
            head = token
        mention = view.mention_at.get(head.i)
        if mention is None:
            return [head.i + 1]
    if element.kind == "source":
        reading.source = mention
    elif element.kind == "target":
        reading.target = mention
    elif element.kind == "compound":
        # "%": several actors stand here; before the verb they act on each other ("Gondor and Osgiliath
        # have delayed their meeting"), after it they are the targets.
        reading.compound = "after" if forward else "before"
    # Step over the whole mention.
    first, last = view.mention_tokens[id(mention)]
    return [last + 1 if forward else first - 1]


def _match_after(
    reading: _Reading, elements: Sequence[Element], index: int, position: int, limit: int
) -> bool:
    if index == len(elements):
        return True
    element = elements[index]
    last = position if element.adjacent else limit - 1
    for start in range(position, last + 1):
        if start >= limit:
            break
        for following in _element_at(reading, element, start, True):
            if _match_after(reading, elements, index + 1, following, limit):
                return True
    return False


def _match_before(reading: _Reading, elements: Sequence[Element], index: int, position: int) -> bool:
    if index < 0:
        return True
    element = elements[index]
    lowest = position if element.adjacent else reading.view.first
    for start in range(position, lowest - 1, -1):
        for following in _element_at(reading, element, start, False):
            if _match_before(reading, elements, index - 1, following):
                return True
    return False
