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
from .matching import PatternMatching
from .records import EventRecords, to_ref
from .roles import ActorRoles, same_country
from .tables import data_path


@cache
def speech_acts() -> dict[str, str]:
    """Content lemma → CAMEO code, in the file's order (``data/events/speech_acts.tsv``)."""
    with open(data_path("speech_acts.tsv"), encoding="utf-8", newline="") as handle:
        return {row["lemma"]: row["code"] for row in csv.DictReader(handle, delimiter="\t")}


class StatementEvents(EventRecords, ActorRoles, PatternMatching):
    """The statements of one sentence as events."""

    def with_speaker(self, candidate: Candidate) -> Candidate:
        """A cue verb whose subject names no actor ("He accused Turkey of …") takes the statement's
        resolved speaker as source."""
        if candidate.sources:
            return candidate
        start = self.paragraph.offset(self.doc[candidate.verb_index])
        for statement in self.statements:
            speaker = statement.speaker
            if statement.cue.start <= start < statement.cue.end and speaker is not None and speaker.code:
                return replace(candidate, sources=(self.speaker_mention(statement),))
        return candidate

    def speaker_mention(self, statement: Statement) -> Mention:
        speaker = statement.speaker
        assert speaker is not None
        return Mention(
            self.parsed.article.id,
            self.sentence.index,
            speaker.start,
            speaker.end,
            speaker.text,
            speaker.actor_id,
            "speaker",
            1.0,
            speaker.name,
            speaker.code,
        )

    def content_subject(self, statement: Statement, speaker_code: str) -> Mention | None:
        """The actor a statement is about: the subject of its content's main clause ("said that Turkey is
        …" → Turkey), unless it is the speaker's own country."""
        inside = [
            t
            for t in self.tokens
            if statement.content.start <= self.paragraph.offset(t) < statement.content.end
        ]
        indices = {t.i for t in inside}
        for root in (t for t in inside if t.head.i not in indices or t.head.i == t.i):
            for child in root.children:
                if child.dep_ in SUBJECT_DEPS:
                    for mention in self.subject_actors(child):
                        if not same_country(mention.code, speaker_code):
                            return mention
        return None

    def said_as(self, event: Event, statement: Statement, target: Mention | None) -> Event:
        """A make-statement event recoded by what the statement says (``speech_act``)."""
        target_ref = event.target or to_ref(target)
        code, word = self.speech_act(statement, target if event.target is None else target)
        if code == STATEMENT_CODE:
            return event
        entry = self.coder.table.lookup(code)
        if entry is None:
            return event
        return replace(
            event,
            target=target_ref,
            cameo=code,
            cameo_root=entry.root,
            plover=entry.plover,
            plover_mode=entry.plover_mode,
            quad_class=entry.quad_class,
            goldstein=entry.goldstein,
            rule=f"{event.rule}+{word}",
        )

    def speech_act(self, statement: Statement, target: Mention | None) -> tuple[str, str | None]:
        """The code of what a statement says, from the first word of its cue or content in
        ``speech_acts.tsv`` (a demand, an appeal, an accusation, a rejection: "calling for …", "said that
        China must …"), else 010; and that word. Praise or blame needs someone it is about (``target``)."""
        lemmas = {
            t.lemma_.lower()
            for t in self.tokens
            if statement.content.start <= self.paragraph.offset(t) < statement.content.end
            or statement.cue.start <= self.paragraph.offset(t) < statement.cue.end
        }
        for lemma, code in speech_acts().items():
            if lemma in lemmas and (target is not None or code[:2] not in ("05", "11")):
                return code, lemma
        return STATEMENT_CODE, None

    def statement_events(self, events: list[Event]) -> list[Event]:
        """Tie events to the statements of this sentence and add the verbal event of each statement."""
        for statement in self.statements:
            speaker = statement.speaker
            if speaker is None or not speaker.code:
                continue
            source = self.speaker_mention(statement)
            cue = [
                i for i, e in enumerate(events) if statement.cue.start <= e.action.start < statement.cue.end
            ]
            content = [
                i
                for i, e in enumerate(events)
                if statement.content.start <= e.action.start < statement.content.end
            ]
            for i in cue:
                event = events[i]
                if event.source is None or event.source.code is None or _is_pronoun_ref(event.source):
                    event = replace(event, source=to_ref(source))
                if event.target is None:
                    # a cue acting on no one is the whole cue's act: "concluded by calling for"
                    words = statement.cue
                    event = replace(event, action=Span(words.text, words.start, words.end))
                events[i] = replace(event, statement_id=statement.id)
            for i in content:
                events[i] = replace(events[i], statement_id=statement.id)
            target = self.content_subject(statement, speaker.code)
            if cue and not content and self.coder.cameo_manual:
                # "said that …", 010 by the verb: the statement is what it says, when the content names it
                for i in cue:
                    if events[i].cameo == STATEMENT_CODE:
                        events[i] = self.said_as(events[i], statement, target)
            if cue or content:
                continue
            cue_tokens = [
                t for t in self.tokens if statement.cue.start <= self.paragraph.offset(t) < statement.cue.end
            ]
            cue_token = cue_tokens[0] if cue_tokens else None
            if cue_token is None or any(
                verb.code and not verb.code.startswith(STATEMENT_ROOT)
                for verb, _ in self.verb_entries(cue_token)
            ):
                continue  # the dictionary says the cue is an act, not a saying ("attacked")
            code, word = (
                self.speech_act(statement, target) if self.coder.cameo_manual else (STATEMENT_CODE, None)
            )
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
            events.append(self.event(candidate, code, source, target, statement))
        return events


def _is_pronoun_ref(ref: ActorRef) -> bool:
    return ref.text.lower() in ("he", "she", "it", "they", "we", "i")
