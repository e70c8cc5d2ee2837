"""Statements to events: a cue verb without a subject takes the speaker as source, the events of a cue
and of the content are tied to their statement, and a statement with no event of its own becomes the
event of what it says (an accusation, an appeal, a demand; else make statement, 010) about the subject of
what was said; beside the events its content reports, only when it is more than a saying."""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from ..model import ActorRef, Event, Mention, Span, Statement
from ..syntax import SUBJECT_DEPS
from .candidate import STATEMENT_CODE, STATEMENT_ROOT, Candidate
from .matching import verb_entries
from .records import event, to_ref, victim_nouns, victim_phrase
from .roles import PLACE_PREPOSITIONS, same_country, subject_actors
from .tables import data_path
from .view import SentenceView, speaker_mention, tokens_within

if TYPE_CHECKING:
    from spacy.tokens import Token

PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
# Praise and blame (05, 11) need someone they are about.
NEEDS_TARGET_ROOTS = ("05", "11")


@cache
def speech_acts() -> dict[str, str]:
    """Content lemma → CAMEO code, in the file's order (``data/events/speech_acts.tsv``)."""
    with open(data_path("speech_acts.tsv"), encoding="utf-8", newline="") as handle:
        return {row["lemma"]: row["code"] for row in csv.DictReader(handle, delimiter="\t")}


def with_speaker(view: SentenceView, candidate: Candidate) -> Candidate:
    """A cue verb whose subject names no actor ("He accused Turkey of …") takes the statement's resolved
    speaker as source."""
    if candidate.sources:
        return candidate
    start = view.offset(view.doc[candidate.verb_index])
    for statement in view.statements:
        speaker = statement.speaker
        if statement.cue.start <= start < statement.cue.end and speaker is not None and speaker.code:
            return replace(candidate, sources=(speaker_mention(view, statement),))
    return candidate


def content_subject(view: SentenceView, statement: Statement, speaker_code: str) -> Mention | None:
    """The actor a statement is about: the subject of its content's main clause ("said that Turkey is …" →
    Turkey), unless it is the speaker's own country or only where the subject is ("the crisis in Syria")."""
    for subject in content_subjects(view, statement):
        for mention in subject_actors(view, subject):
            if not same_country(mention.code, speaker_code) and not _placed_in(view, mention, subject):
                return mention
    return None


def content_party(view: SentenceView, statement: Statement) -> Mention | None:
    """The party a statement is about when no actor is named: its content's subject, if a noun for people
    or parties ("that the countries … continue to support", ``victims.tsv``, ``parties.tsv``), uncoded."""
    for subject in content_subjects(view, statement):
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in party_nouns():
            return victim_phrase(view, subject, people_only=True)
    return None


def content_subjects(view: SentenceView, statement: Statement) -> list[Token]:
    """The subjects of the main clauses of a statement's content."""
    inside = tokens_within(view, statement.content.start, statement.content.end)
    indices = {t.i for t in inside}
    roots = (t for t in inside if t.head.i not in indices or t.head.i == t.i)
    return [child for root in roots for child in root.children if child.dep_ in SUBJECT_DEPS]


def _placed_in(view: SentenceView, mention: Mention, subject: Token) -> bool:
    """Whether the mention stands behind a preposition of place inside the subject ("the crisis in Syria")."""
    token = next((t for t in subject.subtree if view.offset(t) == mention.start), None)
    while token is not None and token.i != subject.i:
        if token.dep_ == "prep" and token.lower_ in PLACE_PREPOSITIONS:
            return True
        token = token.head if token.head.i != token.i else None
    return False


@cache
def party_nouns() -> frozenset[str]:
    """Nouns for people and parties a statement can be about (``victims.tsv`` and ``parties.tsv``)."""
    with open(data_path("parties.tsv"), encoding="utf-8", newline="") as handle:
        parties = frozenset(row["lemma"] for row in csv.DictReader(handle, delimiter="\t"))
    return parties | victim_nouns()


def said_as(view: SentenceView, said: Event, statement: Statement, target: Mention | None) -> Event:
    """A make-statement event recoded by what the statement says (``speech_act``); with no actor to aim
    at, at the party its content names (``content_party``)."""
    target = target or content_party(view, statement)
    target_ref = said.target or to_ref(target)
    code, word = speech_act(view, statement, target)
    if code == STATEMENT_CODE:
        return said
    entry = view.coder.table.lookup(code)
    if entry is None:
        return said
    return replace(
        said,
        target=target_ref,
        cameo=code,
        cameo_root=entry.root,
        plover=entry.plover,
        plover_mode=entry.plover_mode,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        rule=f"{said.rule}+{word}",
    )


def speech_act(
    view: SentenceView, statement: Statement, target: Mention | None, reported: tuple[Event, ...] = ()
) -> tuple[str, str | None]:
    """The code of what a statement says, from the first word of its cue or content in ``speech_acts.tsv``
    (a demand, an appeal, an accusation, a rejection: "calling for …", "said that China must …"), else 010;
    and that word. Praise or blame needs someone it is about (``target``). The words of the ``reported``
    events are theirs, not the speaker's ("said that the rebels refused talks" is no refusal by the
    speaker)."""
    theirs = {(e.action.start, e.action.end) for e in reported}
    lemmas = {
        t.lemma_.lower()
        for t in view.tokens
        if (
            statement.content.start <= view.offset(t) < statement.content.end
            or statement.cue.start <= view.offset(t) < statement.cue.end
        )
        and not any(start <= view.offset(t) < end for start, end in theirs)
    }
    for lemma, code in speech_acts().items():
        if lemma in lemmas and (target is not None or code[:2] not in NEEDS_TARGET_ROOTS):
            return code, lemma
    return STATEMENT_CODE, None


def statement_events(view: SentenceView, events: list[Event]) -> list[Event]:
    """``events`` tied to the statements of this sentence, with the verbal event of each statement."""
    events = list(events)
    for statement in view.statements:
        speaker = statement.speaker
        if speaker is None or not speaker.code:
            continue
        source = speaker_mention(view, statement)
        cue = [i for i, e in enumerate(events) if statement.cue.start <= e.action.start < statement.cue.end]
        content = [
            i
            for i, e in enumerate(events)
            if statement.content.start <= e.action.start < statement.content.end
        ]
        for i in cue:
            events[i] = _cue_event(events[i], statement, source)
        for i in content:
            events[i] = replace(events[i], statement_id=statement.id)
        target = content_subject(view, statement, speaker.code)
        if cue and not content and view.coder.cameo_manual:
            # "said that …", 010 by the verb: the statement is what it says, when the content names it
            for i in cue:
                if events[i].cameo == STATEMENT_CODE:
                    events[i] = said_as(view, events[i], statement, target)
        if not cue:
            # the statement's own act; beside the events it reports only when it is more than a saying:
            # "indicated that the countries … continue to support terrorists" accuses them (112)
            reported = tuple(events[i] for i in content)
            said = _statement_event(view, statement, source, target, reported)
            if said is not None and (not reported or said.cameo != STATEMENT_CODE):
                events.append(said)
    return events


def _cue_event(cued: Event, statement: Statement, source: Mention) -> Event:
    """The event of a statement's cue, tied to it, with the speaker as its source when it names none."""
    if cued.source is None or cued.source.code is None or _is_pronoun_ref(cued.source):
        cued = replace(cued, source=to_ref(source))
    if cued.target is None:
        # a cue acting on no one is the whole cue's act: "concluded by calling for"
        words = statement.cue
        cued = replace(cued, action=Span(words.text, words.start, words.end))
    return replace(cued, statement_id=statement.id)


def _statement_event(
    view: SentenceView,
    statement: Statement,
    source: Mention,
    target: Mention | None,
    reported: tuple[Event, ...] = (),
) -> Event | None:
    """The event of a statement no coded verb gave one: what it says, else 010; None when the dictionary
    says its cue is an act, not a saying ("attacked")."""
    cue_tokens = tokens_within(view, statement.cue.start, statement.cue.end)
    cue_token = cue_tokens[0] if cue_tokens else None
    if cue_token is None or any(
        verb.code and not verb.code.startswith(STATEMENT_ROOT) for verb, _ in verb_entries(view, cue_token)
    ):
        return None
    if view.coder.cameo_manual:
        party = target or content_party(view, statement)
        code, word = speech_act(view, statement, party, reported)
        target = party if code != STATEMENT_CODE else target
    else:
        code, word = STATEMENT_CODE, None
    rule = f"statement:{statement.cue.lemma}" + (f"+{word}" if word else "")
    candidate = Candidate(
        cue_token.i,
        (cue_token.i, cue_tokens[-1].i + 1),  # the whole cue: "concluded by calling for"
        code,
        None,
        rule,
        (source,),
        (target,) if target else (),
        False,
        False,
    )
    return event(view, candidate, code, source, target, statement)


def _is_pronoun_ref(ref: ActorRef) -> bool:
    return ref.text.lower() in PRONOUNS
