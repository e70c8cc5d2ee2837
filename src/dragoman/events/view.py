"""The read-only view of one sentence that every rule of the event coder reads: its tokens, the actor
mentions on them, its statements and the loaded coder. Built once per sentence (``SentenceView.build``);
the rules are plain functions of it that return values and change nothing."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Mention, Statement
from ..nlp import Paragraph, ParsedArticle, ParsedSentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .coder import EventCoder


@dataclass(frozen=True, slots=True)
class SentenceView:
    """One sentence of a parsed article with its actor mentions and statements, and the event coder.

    ``mention_at`` maps each token index to the coded mention covering it (mentions do not overlap; the
    longest wins if they do), ``mention_tokens`` each mention (by ``id``) to its first and last token;
    ``named_at`` does the same for names the knowledge base does not know ("Besigye"), read only for the
    one an act of force is done to when no coded actor is named (see ``records.named_patient``)."""

    coder: EventCoder
    parsed: ParsedArticle
    sentence: ParsedSentence
    tokens: tuple[Token, ...]
    upper: Mapping[int, str]  # token index → its text in capitals, as the dictionary spells words
    word_set: frozenset[str]
    statements: tuple[Statement, ...]
    mention_at: Mapping[int, Mention]
    mention_tokens: Mapping[int, tuple[int, int]]
    named_at: Mapping[int, Mention]

    @classmethod
    def build(
        cls,
        coder: EventCoder,
        parsed: ParsedArticle,
        sentence: ParsedSentence,
        mentions: Sequence[Mention],
        statements: Sequence[Statement],
        named: Sequence[Mention] = (),
    ) -> SentenceView:
        tokens = tuple(sentence.span)
        upper = {t.i: t.text.upper() for t in tokens}
        offsets = [sentence.paragraph.offset(t) for t in tokens]
        first = sentence.span.start
        mention_at: dict[int, Mention] = {}
        mention_tokens: dict[int, tuple[int, int]] = {}
        _cover(mentions, offsets, first, mention_at, mention_tokens)
        named_at: dict[int, Mention] = {}
        _cover(named, offsets, first, named_at, mention_tokens)
        return cls(
            coder,
            parsed,
            sentence,
            tokens,
            upper,
            frozenset(upper.values()),
            tuple(statements),
            mention_at,
            mention_tokens,
            named_at,
        )

    @property
    def span(self) -> Span:
        return self.sentence.span

    @property
    def doc(self) -> Doc:
        return self.sentence.span.doc

    @property
    def paragraph(self) -> Paragraph:
        return self.sentence.paragraph

    @property
    def first(self) -> int:
        """The doc index of the sentence's first token."""
        return self.sentence.span.start

    @property
    def pattern_ids(self) -> set[str]:
        """Rules that are patterns, not a verb's default code: only these code a cue without a target
        ("calling for …" is a call; "said" alone says nothing about whom)."""
        return self.coder.pattern_ids

    def offset(self, token: Token) -> int:
        """The article offset of ``token``."""
        return self.sentence.paragraph.offset(token)


def _cover(
    mentions: Sequence[Mention],
    offsets: list[int],
    first: int,
    at: dict[int, Mention],
    tokens_of: dict[int, tuple[int, int]],
) -> None:
    """Each token under a mention to that mention, longest mention first; each mention to its tokens."""
    for mention in sorted(mentions, key=lambda m: m.start - m.end):
        start = bisect_left(offsets, mention.start)
        last = bisect_left(offsets, mention.end) - 1
        covered = [first + k for k in range(start, last + 1) if first + k not in at]
        for index in covered:
            at[index] = mention
        if covered:
            tokens_of[id(mention)] = (covered[0], covered[-1])


def is_cue(view: SentenceView, index: int) -> bool:
    """Whether the token at ``index`` is inside a statement's cue."""
    start = view.offset(view.doc[index])
    return any(s.cue.start <= start < s.cue.end for s in view.statements)


def tokens_within(view: SentenceView, start: int, end: int) -> list[Token]:
    """The sentence's tokens whose offsets lie in the article span ``start:end``."""
    return [t for t in view.tokens if start <= view.offset(t) < end]


def speaker_mention(view: SentenceView, statement: Statement) -> Mention:
    """A statement's resolved speaker as an actor mention of this sentence."""
    speaker = statement.speaker
    assert speaker is not None
    return Mention(
        view.parsed.article.id,
        view.sentence.index,
        speaker.start,
        speaker.end,
        speaker.text,
        speaker.actor_id,
        "speaker",
        1.0,
        speaker.name,
        speaker.code,
    )
