"""``find_statements``: attributed statements of a parsed article, with resolved speakers."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import Cue, Mention, Span, Speaker, Statement, stable_id
from ..nlp import ParsedArticle
from .candidate import Candidate
from .cues import find_candidates
from .lexicon import CueLexicon, function_words
from .quotes import Quote, find_quotes
from .speakers import Discourse, Resolution

log = logging.getLogger(__name__)

# Score bonuses: a quotation or a speaker found makes an attribution more certain.
DIRECT_BONUS = 0.1
SPEAKER_BONUS = 0.1
NO_SPEAKER_PENALTY = 0.2
# Between a quotation's attribution and the quotation continuing it: a few words ending a sentence or clause.
CONTINUATION_GAP = re.compile(r"^[^“”\"\n]*[.,;:][ \t]*$")
MAX_CONTINUATION_WORDS = 8
WORD = re.compile(r"[a-z]+")
_FUNCTION_WORDS = function_words()
SPOKESPERSON = re.compile(
    rf"\b(?:{'|'.join(sorted(_FUNCTION_WORDS['spokesperson']))})\s+"
    rf"(?:{'|'.join(sorted(_FUNCTION_WORDS['principal_preposition']))})\s",
    re.IGNORECASE,
)
# A coreference mention is a little less certain than the mention it inherits its actor from.
COREF_DISCOUNT = 0.9


def _paragraph_ranges(parsed: ParsedArticle) -> list[tuple[int, int]]:
    return [
        (p.start, p.start + (p.doc[-1].idx + len(p.doc[-1]) if len(p.doc) else 0)) for p in parsed.paragraphs
    ]


def _drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """One statement per cue: when two cues overlap (a phrase and its head word), the longer wins; a
    quotation claimed by two cues goes to the nearer one."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.cue_start, -(c.cue_end - c.cue_start))):
        clash = next(
            (k for k in kept if k.cue_start < candidate.cue_end and candidate.cue_start < k.cue_end), None
        )
        if clash is None:
            kept.append(candidate)
    by_content: dict[tuple[int, int], Candidate] = {}
    for candidate in kept:
        key = (candidate.content_start, candidate.content_end)
        other = by_content.get(key)
        if other is None or _distance(candidate) < _distance(other):
            by_content[key] = candidate
    return sorted(by_content.values(), key=lambda c: (c.cue_start, c.content_start))


def _distance(candidate: Candidate) -> int:
    if candidate.content_start >= candidate.cue_end:
        return candidate.content_start - candidate.cue_end
    return candidate.cue_start - candidate.content_end


def _cut_participles(text: str, candidates: list[Candidate]) -> None:
    """A content stops before a participial cue after a comma that borrows its speaker ("said that X, noting
    that Y"); a verb it governs ("promised to push for …") stays inside."""
    for outer in candidates:
        for inner in candidates:
            if inner is outer or inner.speaker_from is None or inner.speaker_from != outer.head:
                continue
            if not text[: inner.cue_start].rstrip().rstrip("\"”'’").endswith(","):
                continue
            if outer.content_start < inner.cue_start < outer.content_end and outer.kind != "direct":
                outer.content_end = inner.cue_start


def _continue_quotes(text: str, candidates: list[Candidate], quotes: Sequence[Quote]) -> None:
    """A direct content goes on into the next quotation of the paragraph when only a short attribution stands
    between them and nothing else claims it ("“We will fail,” he said. “They know it.”")."""
    claimed = [(c.content_start, c.content_end) for c in candidates]
    cues = [(c.cue_start, c.cue_end) for c in candidates]
    for candidate in candidates:
        if candidate.kind != "direct" or candidate.content_end > candidate.cue_start:
            continue
        anchor = max(candidate.cue_end, candidate.speaker_end or 0)
        following = next((q for q in quotes if q.start >= anchor), None)
        if following is None:
            continue
        gap = text[anchor : following.start]
        if not CONTINUATION_GAP.match(gap) or len(gap.split()) > MAX_CONTINUATION_WORDS:
            continue
        if any(s < following.end and following.start < e for s, e in claimed):
            continue
        if any(anchor <= s < following.start for s, _ in cues if s != candidate.cue_start):
            continue
        candidate.content_end = following.end


def find_statements(
    parsed: ParsedArticle,
    cues: CueLexicon,
    mentions: Sequence[Mention] = (),
    people: dict[tuple[int, int], str | None] | None = None,
) -> tuple[list[Statement], list[Mention]]:
    """The statements of ``parsed`` sorted by offsets, and ``coref`` mentions for resolved speakers.

    ``mentions`` are the actor mentions already resolved; a speaker (or its antecedent) overlapping one with
    an actor takes that actor's id, name and code, and a pronoun or description speaker gets a ``coref``
    mention inheriting it. ``people`` are the spans of mentions resolved to a person, with the person's
    gender where the knowledge base knows it: pronouns agree with them.
    """
    text = parsed.article.text
    quotes, warnings = find_quotes(text, _paragraph_ranges(parsed))
    for warning in warnings:
        log.info("%s: %s", parsed.article.id, warning)
    candidates: list[Candidate] = []
    for sentence in parsed.sentences():
        candidates.extend(find_candidates(sentence, cues, quotes, text))
    candidates = _drop_overlaps(candidates)
    _cut_participles(text, candidates)
    _continue_quotes(text, candidates, quotes)
    # speakers quoted inside another statement are not the discourse's last speaker
    nested = [
        any(
            other is not candidate and other.content_start <= candidate.cue_start < other.content_end
            for other in candidates
        )
        for candidate in candidates
    ]
    discourse = Discourse(parsed, quotes, cues.nouns, candidates, nested, people or {})
    statements: list[Statement] = []
    speech: set[str] = set()
    coref: list[Mention] = []
    for candidate, is_nested in zip(candidates, nested, strict=True):
        speaker, extra = _speaker(parsed, candidate, discourse, mentions, is_nested)
        if extra is not None:
            coref.append(extra)
        statement = _statement(parsed.article.id, text, candidate, speaker)
        if statement is None:
            continue
        if candidate.entry.kind == "speech" and candidate.entry.pos in {"VERB", "MOD"}:
            speech.add(statement.id)
        statements.append(statement)
    # Inside another statement's content, only speech verbs make statements of their own ("… stressed that
    # the union has warned that …"); nouns and internal states there are part of what was said.
    statements = [s for s in _nest(statements) if s.parent_id is None or s.id in speech]
    unique = {(m.start, m.end): m for m in coref}
    return _nest(statements), sorted(unique.values(), key=lambda m: (m.start, m.end))


def _statement(article_id: str, text: str, candidate: Candidate, speaker: Speaker | None) -> Statement | None:
    """The statement a candidate makes with its resolved speaker; None when its content trims to nothing."""
    content_start, content_end = _trimmed(text, candidate.content_start, candidate.content_end)
    if content_end <= content_start:
        return None
    score = candidate.entry.weight + (DIRECT_BONUS if candidate.kind == "direct" else 0.0)
    score += SPEAKER_BONUS if speaker is not None else -NO_SPEAKER_PENALTY
    return Statement(
        id=stable_id(article_id, candidate.cue_start, candidate.cue_end, content_start, content_end),
        article_id=article_id,
        sentence=candidate.sentence,
        speaker=speaker,
        cue=Cue(
            text[candidate.cue_start : candidate.cue_end],
            candidate.cue_start,
            candidate.cue_end,
            candidate.lemma,
        ),
        content=Span(text[content_start:content_end], content_start, content_end),
        kind=candidate.kind,
        score=round(max(0.0, min(1.0, score)), 3),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t,;:—–-":
        start += 1
    while end > start and text[end - 1] in " \n\t,;:—–-":
        end -= 1
    return start, end


def _speaker(
    parsed: ParsedArticle,
    candidate: Candidate,
    discourse: Discourse,
    mentions: Sequence[Mention],
    nested: bool,
) -> tuple[Speaker | None, Mention | None]:
    if candidate.speaker_head is None or candidate.speaker_start is None or candidate.speaker_end is None:
        return None, None
    text = parsed.article.text
    start, end = candidate.speaker_start, candidate.speaker_end
    resolution = discourse.resolutions.get((start, end)) or Resolution(None, None, "unresolved", 0.0)
    antecedent = resolution.antecedent
    speaker = Speaker(
        text[start:end], start, end, antecedent=antecedent, how=resolution.how, score=resolution.score
    )
    # the actor of the name the phrase stands for ("the envoy, Jane Doe" is Jane Doe, not the envoy's state)
    # the phrase as a whole only when what it stands for is no mention at all ("LA CROSSE, Wisc. — Gov. Roe")
    targets = [t for t in (resolution.referent, antecedent) if t is not None]
    if not any(m.start < t.end and t.start < m.end for t in targets for m in mentions):
        targets.append(speaker)
    if resolution.referent is not None and _unknown_name(resolution.referent, mentions):
        # a name no actor holds is no one else ("Jane Roe, an aide to Reagan" is not Reagan), unless
        # they speak for someone: "Jane Roe, a spokeswoman for the ministry"
        principal = _principal(text, resolution.referent, speaker, mentions)
        targets = [principal or resolution.referent]
    actor = next((m for t in targets if (m := _actor_of(t, mentions, discourse)) is not None), None)
    if actor is None:
        return speaker, None
    speaker = replace(speaker, actor_id=actor.actor_id, name=actor.name, code=actor.code)
    if antecedent is None or nested or any(m.start < end and start < m.end for m in mentions):
        return speaker, None  # the phrase needs no coreference mention: it names itself or is already one
    extra = Mention(
        parsed.article.id,
        candidate.sentence,
        start,
        end,
        text[start:end],
        actor.actor_id,
        "coref",
        round(actor.score * COREF_DISCOUNT, 3),
        actor.name,
        actor.code,
    )
    return speaker, extra


def _actor_of(span: Span, mentions: Sequence[Mention], discourse: Discourse) -> Mention | None:
    """The actor mention a span names: the one at its end (a name's head: "CNN President Jeff Zucker" is
    Zucker, not CNN), else the first inside it, unless it is a person's name a person noun follows ("a former
    Reagan administration official" is not Reagan; "the Clinton campaign" is Clinton's, "Republican leaders"
    the party's)."""
    overlapping = [m for m in mentions if m.actor_id and m.start < span.end and span.start < m.end]
    at_end = [m for m in overlapping if m.start < span.end <= m.end]
    if at_end:
        return at_end[0]
    inside = [
        m
        for m in overlapping
        if (m.start, m.end) not in discourse.people
        or not _person_noun_in(discourse.text[m.end : span.end], discourse.nouns)
    ]
    return (inside or [None])[0]


def _person_noun_in(text: str, nouns: dict[str, str]) -> bool:
    """Whether ``text`` holds a noun the lexicon says names a person ("official", "aide", "voters")."""
    return any(
        nouns.get(word) == "person" or nouns.get(word[:-1]) == "person" for word in WORD.findall(text.lower())
    )


def _principal(text: str, name: Span, speaker: Speaker, mentions: Sequence[Mention]) -> Span | None:
    """Whom a spokesperson speaks for: the actor mention that is the whole object of "a spokesman for …"
    after their name ("Jane Roe, a spokeswoman for Acme Corp."), or None."""
    match = SPOKESPERSON.search(text, name.end, speaker.end)
    if match is None:
        return None
    for mention in mentions:
        rest = text[mention.end : speaker.end]
        inside = match.end() <= mention.start and mention.end <= speaker.end
        if mention.actor_id and inside and not rest.strip(" ,.;"):
            return Span(mention.text, mention.start, mention.end)
    return None


def _unknown_name(span: Span, mentions: Sequence[Mention]) -> bool:
    """Whether the name at the end of ``span`` is an unresolved mention (someone no actor holds)."""
    return any(m.actor_id is None and m.start < span.end <= m.end for m in mentions)


def _nest(statements: list[Statement]) -> list[Statement]:
    """Set ``parent_id`` to the innermost other statement whose content holds this one's cue."""
    nested = []
    for statement in statements:
        holders = [
            other
            for other in statements
            if other is not statement
            and other.content.start <= statement.cue.start
            and statement.cue.end <= other.content.end
        ]
        if holders:
            parent = min(holders, key=lambda o: o.content.end - o.content.start)
            statement = replace(statement, parent_id=parent.id)
        nested.append(statement)
    return sorted(nested, key=lambda s: (s.cue.start, s.content.start, s.id))
