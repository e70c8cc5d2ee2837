"""The verb dictionary's transformations: what a speaker says or a subject wants recoded as the speaker's
own act ("A says B attacked" → A accuses B; "A wants to attack B" → A threatens B)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Event, Mention, Statement
from .candidate import STATEMENT_ROOT, Candidate
from .folding import ComplementFolding
from .patterns import Transformation
from .statement_events import StatementEvents

if TYPE_CHECKING:
    from spacy.tokens import Token


class Transformations(StatementEvents, ComplementFolding):
    """Transformations applied to the candidates of one sentence."""

    def transformed(self, kept: list[Candidate], candidates: dict[int, Candidate]) -> list[Event]:
        """Events from the dictionary's transformations: a statement's speaker (or a governing verb's
        subject) and what the statement (or the complement) says was done ("A says B attacked" → A accuses
        B; "A wants to attack B" → A threatens B)."""
        rules = self.coder.verbs.transformations
        if not rules:
            return []
        events = []
        for inner in kept:
            token = self.doc[inner.verb_index]
            outers: list[tuple[Token, Mention, Statement | None]] = []
            for statement in self.statements:
                if (
                    statement.speaker
                    and statement.speaker.code
                    and (statement.content.start <= self.paragraph.offset(token) < statement.content.end)
                    and not (self.coder.cameo_manual and is_attribution(statement))
                ):
                    cue = next(
                        (
                            t
                            for t in self.tokens
                            if statement.cue.start <= self.paragraph.offset(t) < statement.cue.end
                            and t.pos_ in ("VERB", "AUX")
                        ),
                        None,
                    )
                    if cue is not None:
                        outers.append((cue, self.speaker_mention(statement), statement))
            governor = self.governor_of(token)
            if (
                governor is not None
                and governor.i in candidates
                and candidates[governor.i].sources
                and not (self.coder.cameo_manual and self.reports(candidates[governor.i], token))
            ):
                outers.append((governor, candidates[governor.i].sources[0], None))
            for outer, speaker, statement in outers:
                for rule in rules:
                    event = self.apply(rule, outer, speaker, statement, inner)
                    if event is not None:
                        events.append(event)
                        break
        # The same saying may be reached as a statement and as a governing verb: keep one.
        unique = {(e.action.start, e.cameo, e.target.code if e.target else None): e for e in reversed(events)}
        return list(reversed(unique.values()))

    def reports(self, governor: Candidate, inner: Token) -> bool:
        """Whether a speech verb after what it governs only names where the news came from ("Militiamen
        attacked the camp, the UN agency reported"): see ``is_attribution``."""
        speech = governor.block in self.coder.speech_blocks or (governor.code or "").startswith(
            STATEMENT_ROOT
        )
        return speech and governor.verb_index > inner.i

    def apply(
        self,
        rule: Transformation,
        outer: Token,
        speaker: Mention,
        statement: Statement | None,
        inner: Candidate,
    ) -> Event | None:
        if not (self.verb_is(outer, rule.outer, statement is not None) and self.inner_is(inner, rule.inner)):
            return None
        others = [m for m in inner.sources if m.code != speaker.code]
        roles = {
            "a": any(m.code == speaker.code for m in inner.sources) and inner.own_subject,
            "b": bool(others),
            "_": not inner.own_subject,
            ".": True,
        }
        target_roles = {"b": bool(inner.targets), "_": not inner.targets, ".": True, "a": False}
        if not (roles.get(rule.inner_source, False) and target_roles.get(rule.inner_target, False)):
            return None
        target = others[0] if rule.inner_source == "b" else (inner.targets[0] if inner.targets else None)
        code = inner.code if rule.code == "Q" else rule.code
        if not code or target is None or target.code == speaker.code:
            return None
        if rule.code == "Q" and inner.sources and inner.sources[0].code == speaker.code:
            return None  # "A says A will do Q to B" is already the event A → B
        candidate = Candidate(
            outer.i, (outer.i, outer.i + 1), code, None, rule.id, (speaker,), (target,), False, False
        )
        return self.event(candidate, code, speaker, target, statement)

    def verb_is(self, token: Token, word: str, is_cue: bool) -> bool:
        """Whether ``token`` is the dictionary verb ``word`` or a verb of the same code (its block when the
        verb is uncoded); an uncoded statement cue ("indicated", "pointed out") counts as SAY."""
        entries = [verb for verb, _ in self.verb_entries(token)]
        wanted = self.coder.verbs.by_form.get(word, [])
        codes = {v.code for v in wanted if v.code}
        if any(v.code in codes for v in entries) or {v.block for v in entries} & {v.block for v in wanted}:
            return True
        return is_cue and word == "SAY" and all(v.code is None for v in entries)

    def inner_is(self, inner: Candidate, word: str) -> bool:
        """Whether a coded verb is the dictionary verb ``word`` ("Q": any coded verb): same code root, or,
        for uncoded verbs, same block, reached through one of its patterns when the block has any."""
        if word == "Q":
            return inner.code is not None
        wanted = self.coder.verbs.by_form.get(word, [])
        roots = {v.code[:2] for v in wanted if v.code}
        if inner.code:
            return inner.code[:2] in roots
        if inner.block not in {v.block for v in wanted}:
            return False
        return inner.rule in self.pattern_ids or not self.coder.verbs.by_block.get(inner.block)


def is_attribution(statement: Statement) -> bool:
    """Whether a statement only names where the news came from: the content before its cue ("Rebels
    attacked the camp, police said", "…, the news agency reported"). The CAMEO manual codes the reported
    event by its own actors; the reporter accuses no one (PETRARCH's "A says B attacked" → A accuses B
    stays for a speaker who leads with the claim: "The Foreign Ministry said that Turkey attacked Syria")."""
    return statement.content.end <= statement.cue.start
