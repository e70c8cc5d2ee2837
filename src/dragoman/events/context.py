"""What every part of the sentence coder reads: the sentence's tokens and the actor mention on each."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Mention, Statement
from ..nlp import ParsedArticle, ParsedSentence

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .coder import EventCoder


class SentenceContext:
    """One sentence of a parsed article with its actor mentions and statements, and the event coder."""

    def __init__(
        self,
        coder: EventCoder,
        parsed: ParsedArticle,
        sentence: ParsedSentence,
        mentions: Sequence[Mention],
        statements: Sequence[Statement],
        named: Sequence[Mention] = (),
    ) -> None:
        self.coder = coder
        self.parsed = parsed
        self.sentence = sentence
        self.paragraph = sentence.paragraph
        self.span = sentence.span
        self.tokens = list(sentence.span)
        self.first = self.span.start
        self.upper = {t.i: t.text.upper() for t in self.tokens}
        self.unreadable: set[int] = set()  # positions the verb being matched may not read (see code_verb)
        self.word_set = frozenset(self.upper.values())
        self.statements = statements
        # Each token to the mention that covers it (mentions do not overlap; the longest wins if they do),
        # and each mention to its first and last token.
        offsets = [self.paragraph.offset(t) for t in self.tokens]
        self.mention_at: dict[int, Mention] = {}
        self.mention_tokens: dict[int, tuple[int, int]] = {}
        self._cover(mentions, offsets, self.mention_at)
        # Names the knowledge base does not know ("Besigye"): only the one an act of force is done to
        # when no coded actor is named ("Besigye was arrested in Kampala"; see EventRecords.named_patient).
        self.named_at: dict[int, Mention] = {}
        self._cover(named, offsets, self.named_at)

    def _cover(self, mentions: Sequence[Mention], offsets: list[int], at: dict[int, Mention]) -> None:
        for mention in sorted(mentions, key=lambda m: m.start - m.end):
            first = bisect_left(offsets, mention.start)
            last = bisect_left(offsets, mention.end) - 1
            covered = [self.first + k for k in range(first, last + 1) if self.first + k not in at]
            for index in covered:
                at[index] = mention
            if covered:
                self.mention_tokens[id(mention)] = (covered[0], covered[-1])

    @property
    def doc(self):  # noqa: ANN201 - a spaCy Doc
        return self.span.doc

    @property
    def pattern_ids(self) -> set[str]:
        """Rules that are patterns, not a verb's default code: only these code a cue without a target
        ("calling for …" is a call; "said" alone says nothing about whom)."""
        return self.coder.pattern_ids

    def phrase_end(self, verb: Token) -> int:
        """Index after the last token of the verb's phrase: its subtree, cut before a clause that is not
        its own (a conjoined verb: "condemned the attack and promised aid")."""
        end = verb.right_edge.i + 1
        for child in verb.rights:
            if child.dep_ in ("conj", "parataxis") and child.pos_ in ("VERB", "AUX"):
                end = min(end, child.left_edge.i)
        return max(end, verb.i + 1)
