"""Statements to events: a cue verb without a subject takes the speaker as source, the events of a cue
and of the content are tied to their statement, and a statement with no event of its own becomes a make
statement event (010) about the subject of what was said."""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import cache

from ..model import ActorRef, Event, Mention, Span, Statement
from ..syntax import SUBJECT_DEPS
from .candidate import STATEMENT_CODE, STATEMENT_ROOT, Candidate
from .matching import verb_entries
from .records import event, to_ref
from .roles import same_country, subject_actors
from .tables import data_path
from .view import SentenceView, speaker_mention, tokens_within

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
    Turkey), unless it is the speaker's own country."""
    inside = tokens_within(view, statement.content.start, statement.content.end)
    indices = {t.i for t in inside}
    for root in (t for t in inside if t.head.i not in indices or t.head.i == t.i):
        for child in root.children:
            if child.dep_ in SUBJECT_DEPS:
                for mention in subject_actors(view, child):
                    if not same_country(mention.code, speaker_code):
                        return mention
    return None


def said_as(view: SentenceView, said: Event, statement: Statement, target: Mention | None) -> Event:
    """A make-statement event recoded by what the statement says (``speech_act``)."""
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


def speech_act(view: SentenceView, statement: Statement, target: Mention | None) -> tuple[str, str | None]:
    """The code of what a statement says, from the first word of its cue or content in ``speech_acts.tsv``
    (a demand, an appeal, an accusation, a rejection: "calling for …", "said that China must …"), else 010;
    and that word. Praise or blame needs someone it is about (``target``)."""
    lemmas = {
        t.lemma_.lower()
        for t in view.tokens
        if statement.content.start <= view.offset(t) < statement.content.end
        or statement.cue.start <= view.offset(t) < statement.cue.end
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
        if not cue and not content:
            said = _statement_event(view, statement, source, target)
            if said is not None:
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
    view: SentenceView, statement: Statement, source: Mention, target: Mention | None
) -> Event | None:
    """The event of a statement no coded verb gave one: what it says, else 010; None when the dictionary
    says its cue is an act, not a saying ("attacked")."""
    cue_tokens = tokens_within(view, statement.cue.start, statement.cue.end)
    cue_token = cue_tokens[0] if cue_tokens else None
    if cue_token is None or any(
        verb.code and not verb.code.startswith(STATEMENT_ROOT) for verb, _ in verb_entries(view, cue_token)
    ):
        return None
    code, word = speech_act(view, statement, target) if view.coder.cameo_manual else (STATEMENT_CODE, None)
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
