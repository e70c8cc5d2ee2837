"""The verb dictionary's transformations: what a speaker says or a subject wants recoded as the speaker's
own act ("A says B attacked" → A accuses B; "A wants to attack B" → A threatens B)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import Event, Mention, Statement
from .candidate import STATEMENT_ROOT, Candidate
from .folding import governor_of
from .matching import verb_entries
from .patterns import Transformation
from .records import event
from .view import SentenceView, speaker_mention

if TYPE_CHECKING:
    from spacy.tokens import Token

Outer = tuple["Token", Mention, Statement | None]  # the saying or wanting verb, its subject, its statement


def transformed(
    view: SentenceView, kept: list[Candidate], candidates: Mapping[int, Candidate]
) -> list[Event]:
    """Events from the dictionary's transformations: a statement's speaker (or a governing verb's subject)
    and what the statement (or the complement) says was done ("A says B attacked" → A accuses B; "A wants
    to attack B" → A threatens B)."""
    rules = view.coder.verbs.transformations
    if not rules:
        return []
    events = []
    for inner in kept:
        for outer, speaker, statement in outers(view, inner, candidates):
            for rule in rules:
                found = apply(view, rule, outer, speaker, statement, inner)
                if found is not None:
                    events.append(found)
                    break
    # The same saying may be reached as a statement and as a governing verb: keep one.
    unique = {(e.action.start, e.cameo, e.target.code if e.target else None): e for e in reversed(events)}
    return list(reversed(unique.values()))


def outers(view: SentenceView, inner: Candidate, candidates: Mapping[int, Candidate]) -> list[Outer]:
    """The verbs that say or want what ``inner`` does: the cue of each statement whose content holds it,
    and the coded verb it is the complement of."""
    coder = view.coder
    token = view.doc[inner.verb_index]
    found: list[Outer] = []
    for statement in view.statements:
        if (
            statement.speaker
            and statement.speaker.code
            and (statement.content.start <= view.offset(token) < statement.content.end)
            and not (coder.cameo_manual and is_attribution(statement))
        ):
            cue = next(
                (
                    t
                    for t in view.tokens
                    if statement.cue.start <= view.offset(t) < statement.cue.end and t.pos_ in ("VERB", "AUX")
                ),
                None,
            )
            if cue is not None:
                found.append((cue, speaker_mention(view, statement), statement))
    governor = governor_of(token)
    if (
        governor is not None
        and governor.i in candidates
        and candidates[governor.i].sources
        and not (coder.cameo_manual and reports(view, candidates[governor.i], token))
    ):
        found.append((governor, candidates[governor.i].sources[0], None))
    return found


def reports(view: SentenceView, governor: Candidate, inner: Token) -> bool:
    """Whether a speech verb after what it governs only names where the news came from ("Militiamen
    attacked the camp, the UN agency reported"): see ``is_attribution``."""
    speech = governor.block in view.coder.speech_blocks or (governor.code or "").startswith(STATEMENT_ROOT)
    return speech and governor.verb_index > inner.i


def apply(
    view: SentenceView,
    rule: Transformation,
    outer: Token,
    speaker: Mention,
    statement: Statement | None,
    inner: Candidate,
) -> Event | None:
    """The event ``rule`` makes of the saying or wanting verb ``outer`` and the act ``inner``, or None."""
    if not (verb_is(view, outer, rule.outer, statement is not None) and inner_is(view, inner, rule.inner)):
        return None
    others = [m for m in inner.sources if m.code != speaker.code]
    source_roles = {
        "a": any(m.code == speaker.code for m in inner.sources) and inner.own_subject,
        "b": bool(others),
        "_": not inner.own_subject,
        ".": True,
    }
    target_roles = {"b": bool(inner.targets), "_": not inner.targets, ".": True, "a": False}
    if not (source_roles.get(rule.inner_source, False) and target_roles.get(rule.inner_target, False)):
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
    return event(view, candidate, code, speaker, target, statement)


def verb_is(view: SentenceView, token: Token, word: str, is_cue: bool) -> bool:
    """Whether ``token`` is the dictionary verb ``word`` or a verb of the same code (its block when the verb
    is uncoded); an uncoded statement cue ("indicated", "pointed out") counts as SAY."""
    entries = [verb for verb, _ in verb_entries(view, token)]
    wanted = view.coder.verbs.by_form.get(word, [])
    codes = {v.code for v in wanted if v.code}
    if any(v.code in codes for v in entries) or {v.block for v in entries} & {v.block for v in wanted}:
        return True
    return is_cue and word == "SAY" and all(v.code is None for v in entries)


def inner_is(view: SentenceView, inner: Candidate, word: str) -> bool:
    """Whether a coded verb is the dictionary verb ``word`` ("Q": any coded verb): same code root, or, for
    uncoded verbs, same block, reached through one of its patterns when the block has any."""
    if word == "Q":
        return inner.code is not None
    verbs = view.coder.verbs
    wanted = verbs.by_form.get(word, [])
    roots = {v.code[:2] for v in wanted if v.code}
    if inner.code:
        return inner.code[:2] in roots
    if inner.block not in {v.block for v in wanted}:
        return False
    return inner.rule in view.pattern_ids or not verbs.by_block.get(inner.block)


def is_attribution(statement: Statement) -> bool:
    """Whether a statement only names where the news came from: the content before its cue ("Rebels
    attacked the camp, police said", "…, the news agency reported"). The CAMEO manual codes the reported
    event by its own actors; the reporter accuses no one (PETRARCH's "A says B attacked" → A accuses B
    stays for a speaker who leads with the claim: "The Foreign Ministry said that Turkey attacked Syria")."""
    return statement.content.end <= statement.cue.start
