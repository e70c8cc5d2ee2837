"""Matching the verb dictionary on a sentence: which dictionary verbs a token is, and whether a verb's
pattern matches around it (words, synsets, actors and skipped noun phrases, before and after the verb)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Mention
from .context import SentenceContext
from .patterns import Element, Pattern, Verb

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATION_WORDS = frozenset({"NOT", "N'T", "NEVER", "NO", "NEITHER", "NOR"})
# Parts of speech a noun phrase is made of (what "^" may skip).
NOUN_PHRASE_POS = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM"})


class PatternMatching(SentenceContext):
    """Dictionary verbs and pattern matching on one sentence."""

    def verb_entries(self, token: Token) -> list[tuple[Verb, tuple[int, int]]]:
        """Dictionary verbs this token is, with the token span of the whole (multi-word) verb."""
        found = []
        entries = self.coder.verbs.by_form.get(token.text.upper(), [])
        if not entries and token.pos_ == "VERB":
            entries = self.coder.verbs.by_lemma.get(token.lemma_.upper(), [])
        for verb in entries:
            start, end = token.i, token.i + 1
            if verb.before:
                start = token.i - len(verb.before)
                if start < self.first or [t.text.upper() for t in self.doc[start : token.i]] != list(
                    verb.before
                ):
                    continue
            if verb.after:
                end = token.i + 1 + len(verb.after)
                if end > self.span.end or [t.text.upper() for t in self.doc[token.i + 1 : end]] != list(
                    verb.after
                ):
                    continue
            found.append((verb, (start, end)))
        return found

    def match_pattern(
        self, pattern: Pattern, start: int, end: int, limit: int, sources: tuple[Mention, ...]
    ) -> tuple[Mention | None, Mention | None, bool, bool] | None:
        """(source, target, compound, negation matched) when ``pattern`` matches around the verb."""
        state = {"source": None, "target": None, "compound": False, "negation": False}
        if not self._match_after(pattern.after, 0, end, limit, state):
            return None
        if not self._match_before(pattern.before, len(pattern.before) - 1, start - 1, state):
            return None
        if state["compound"] == "before" and len({m.code for m in sources}) < 2:
            return None
        return state["source"], state["target"], state["compound"], state["negation"]

    def _element_at(self, element: Element, position: int, forward: bool, state: dict) -> list[int]:
        """Positions after matching ``element`` at ``position`` (read forward or backward); [] if it does
        not match there. A synset may match several phrases, so several positions may come back."""
        if position < self.first or position >= self.span.end or position in self.unreadable:
            return []
        token = self.doc[position]
        if element.kind == "word":
            if self.upper[position] != element.value:
                return []
            if element.value in NEGATION_WORDS:
                state["negation"] = True
            return [position + 1 if forward else position - 1]
        if element.kind == "synset":
            verbs = self.coder.verbs
            index = verbs.synset_first if forward else verbs.synset_last
            results = []
            for phrase in index.get(element.value, {}).get(self.upper[position], ()):
                if forward:
                    stop = position + len(phrase)
                    if (
                        stop <= self.span.end
                        and tuple(self.upper[i] for i in range(position, stop)) == phrase
                    ):
                        results.append(stop)
                else:
                    first = position - len(phrase) + 1
                    if (
                        first >= self.first
                        and tuple(self.upper[i] for i in range(first, position + 1)) == phrase
                    ):
                        results.append(first - 1)
                if results and NEGATION_WORDS & set(phrase):
                    state["negation"] = True
            return results
        mention = self.mention_at.get(position)
        if mention is None:
            if element.kind != "skip":
                return []
            # "^" skips a noun phrase that need not be an actor ("warned their populations about X",
            # "warned at the Gondor of X": the whole of "the Gondor").
            if token.pos_ not in NOUN_PHRASE_POS:
                return []  # "^" stands for a noun phrase: "with" is not one
            if not forward:
                return [position - 1]
            head = token.head if token.dep_ in ("det", "amod", "compound", "nummod", "poss") else token
            if head.i < position or head.i >= self.span.end:
                head = token
            mention = self.mention_at.get(head.i)
            if mention is None:
                return [head.i + 1]
        if element.kind in ("source", "target"):
            state[element.kind] = mention
        if element.kind == "compound":
            # "%": several actors stand here; before the verb they act on each other ("Gondor and
            # Osgiliath have delayed their meeting"), after it they are the targets.
            state["compound"] = "after" if forward else "before"
        # Step over the whole mention.
        first, last = self.mention_tokens[id(mention)]
        return [last + 1 if forward else first - 1]

    def _match_after(
        self,
        elements: Sequence[Element],
        index: int,
        position: int,
        limit: int,
        state: dict,
    ) -> bool:
        if index == len(elements):
            return True
        element = elements[index]
        last = position if element.adjacent else limit - 1
        for start in range(position, last + 1):
            if start >= limit:
                break
            for following in self._element_at(element, start, True, state):
                if self._match_after(elements, index + 1, following, limit, state):
                    return True
        return False

    def _match_before(self, elements: Sequence[Element], index: int, position: int, state: dict) -> bool:
        if index < 0:
            return True
        element = elements[index]
        lowest = position if element.adjacent else self.first
        for start in range(position, lowest - 1, -1):
            for following in self._element_at(element, start, False, state):
                if self._match_before(elements, index - 1, following, state):
                    return True
        return False
