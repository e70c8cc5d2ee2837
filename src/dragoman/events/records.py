"""Candidates to event records: source and target pairs, CAMEO/PLOVER fields from the table, offsets,
stable ids and the confidence score."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from ..model import ActorRef, Event, Mention, Span, Statement, stable_id
from .candidate import STATEMENT_ROOT, Candidate
from .material import context_words
from .nominal import NOMINAL, located, named_victim
from .tables import data_path
from .view import SentenceView, is_cue

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .coder import EventCoder

# Acts of force (coerce, assault, fight, mass violence): done to someone, named or not.
FORCE_ROOTS = frozenset({"17", "18", "19", "20"})
ANY_VERB = "*"  # the one_actor.tsv line of roots whole alone whatever the verb
# Cooperation that several actors undertake together: intent, meeting, diplomatic and material cooperation.
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
Pair = tuple[Mention | None, Mention | None]
# Where a verb names whom it is done to: the passive's subject ("he was arrested"), the active's object.
PATIENT_DEPS = frozenset({"nsubjpass", "dobj"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset(
    {"they", "them"}
)  # people only after a verb done to people ("they are being fought")


def events_of(view: SentenceView, candidate: Candidate) -> list[Event]:
    """The events of one candidate: one per source and target pair, and the reverse event of a code that
    has one."""
    events = []
    for source, target in actor_pairs(view, candidate):
        if candidate.code:
            events.append(event(view, candidate, candidate.code, source, target))
        if candidate.reverse_code and target is not None and source is not None and not candidate.compound:
            events.append(event(view, candidate, candidate.reverse_code, target, source))
    return events


def actor_pairs(view: SentenceView, candidate: Candidate) -> list[Pair]:
    """The (source, target) pairs a candidate is an event between; None for an actor not named."""
    coder = view.coder
    sources = _split_codes(candidate.sources)
    targets = _split_codes(candidate.targets)
    if candidate.compound:
        return [(s, t) for s in sources for t in sources if distinct(coder, s, t)]
    pairs: list[Pair] = [(s, t) for s in sources for t in targets if t != s and distinct(coder, s, t)]
    if pairs:
        return pairs
    if coder.require_dyad:
        # PETRARCH's require_dyad, except a statement's cue: a call "on parties affecting armed groups" is a
        # call even when no actor is named.
        if not targets and candidate.rule in view.pattern_ids and is_cue(view, candidate.verb_index):
            return [(s, None) for s in sources]
        return []
    if _reciprocal(coder, candidate, sources):
        # "Iran and Iraq agreed to set up a joint commission": each side with the other
        return [(s, t) for s in sources for t in sources if distinct(coder, s, t)]
    alone = stands_alone(view, candidate)
    if sources and alone:
        # A source acting on no actor is an event with no target, as GDELT's empty Actor2: strikes on
        # places, protests, condemnations of acts.
        return [(s, None) for s in sources]
    if targets and alone and not candidate.code.startswith(STATEMENT_ROOT):
        return [(None, t) for t in targets]  # "The pilot was being held": a target with no named source.
    if not sources and not targets and (alone or candidate.rule in view.pattern_ids):
        # a pattern confirms the act: "was taken into custody" (TAKE * CUSTODY, 173)
        patient = named_patient(view, candidate)
        if patient is not None:
            return [(None, patient)]
        return [(None, None)] if _located(view, candidate) else []
    return []


def named_patient(view: SentenceView, candidate: Candidate) -> Mention | None:
    """Whom an act of force is done to when no actor is named on either side: the name the knowledge base
    lacks ("Besigye was arrested Wednesday in Kampala" is an arrest of Besigye, an event with an uncoded
    target, as GDELT keeps an actor's name without a code; "the arrest of Besigye"), else the person or
    people the verb's passive subject or object names ("he was arrested", "police detained seven
    protesters"). CAMEO-manual coding only."""
    if not view.coder.cameo_manual or not candidate.code or candidate.code[:2] not in FORCE_ROOTS:
        return None
    verb = view.doc[candidate.verb_index]
    if candidate.rule.startswith(NOMINAL):
        return named_victim(view.named_at, verb)
    patient = next((c for c in verb.children if c.dep_ in PATIENT_DEPS), None)
    if patient is None:
        return None
    # a verb done only to people ("arrested", "detained": literal in material_context.tsv) says its patient
    # is one, whatever the word; any other act of force needs a word for people
    people_only = verb.lemma_.lower() in context_words().get("literal", frozenset())
    return view.named_at.get(patient.i) or victim_phrase(view, patient, people_only)


def victim_phrase(view: SentenceView, head: Token, people_only: bool = False) -> Mention | None:
    """An uncoded mention of the people a phrase names: "he", "she", a person's name, or a noun for people
    (``victims.tsv``) with what stands before it ("seven men"); None for anything else ("it", "shots", "a
    stance"). ``people_only``: the verb is done only to people, so any name, noun or "they" is one."""
    pronouns = PERSONAL_PRONOUNS | PLURAL_PRONOUNS if people_only else PERSONAL_PRONOUNS
    if head.pos_ == "PRON" and head.lower_ in pronouns:
        first = head
    elif (
        (people_only and head.pos_ in ("NOUN", "PROPN"))
        or (head.pos_ == "PROPN" and head.ent_type_ == "PERSON")
        or (head.pos_ == "NOUN" and head.lemma_.lower() in victim_nouns())
    ):
        first = head.left_edge
    else:
        return None
    start, end = view.offset(first), view.offset(head) + len(head.text)
    text = view.parsed.article.text[start:end]
    return Mention(view.parsed.article.id, view.sentence.index, start, end, text, None, "unresolved", 0.0)


@cache
def victim_nouns() -> frozenset[str]:
    """Nouns for people (``data/events/victims.tsv``)."""
    with open(data_path("victims.tsv"), encoding="utf-8", newline="") as handle:
        return frozenset(row["lemma"] for row in csv.DictReader(handle, delimiter="\t"))


def stands_alone(view: SentenceView, candidate: Candidate) -> bool:
    """Whether a candidate is an event with one actor only: its verb is one whose act is whole without a
    second actor, with a code of the roots ``one_actor.tsv`` gives it ("protested", "stormed the refinery";
    not "took", whose block's default, seize, needs someone taken from), or its code is of a root whole
    alone whatever the verb (the ``*`` line: "demanded elections", "rejected the plan")."""
    if not candidate.code:
        return False
    if candidate.rule.startswith(NOMINAL):
        return True
    one_actor = view.coder.one_actor
    roots = one_actor.get(view.doc[candidate.verb_index].lemma_.lower(), frozenset())
    return candidate.code[:2] in roots | one_actor.get(ANY_VERB, frozenset())


def distinct(coder: EventCoder, one: Mention, other: Mention) -> bool:
    """Whether two actors make a dyad: two actors, even of one code (two candidates, two ministries); with
    ``require_dyad``, two codes, as PETRARCH has it."""
    if coder.require_dyad or not (one.actor_id and other.actor_id):
        return one.code != other.code
    return one.actor_id != other.actor_id


def event(
    view: SentenceView,
    candidate: Candidate,
    code: str,
    source: Mention | None,
    target: Mention | None,
    statement: Statement | None = None,
) -> Event:
    """The event record of a candidate coded ``code`` between ``source`` and ``target``."""
    start_token, end_token = view.doc[candidate.span[0]], view.doc[candidate.span[1] - 1]
    start = view.offset(start_token)
    end = view.offset(end_token) + len(end_token.text)
    action = Span(view.parsed.article.text[start:end], start, end)
    entry = view.coder.table.lookup(code)
    article_id = view.parsed.article.id
    return Event(
        id=stable_id(article_id, "event", start, end, code, _ref_key(source), _ref_key(target)),
        article_id=article_id,
        sentence=view.sentence.index,
        source=to_ref(source),
        target=to_ref(target),
        action=action,
        cameo=code,
        cameo_root=entry.root if entry else code[:2],
        plover=entry.plover if entry else None,
        plover_mode=entry.plover_mode if entry else None,
        quad_class=entry.quad_class if entry else 0,
        goldstein=entry.goldstein if entry else 0.0,
        statement_id=statement.id if statement else None,
        negated=candidate.negated,
        rule=candidate.rule,
        score=confidence(view, candidate, source, target),
    )


def confidence(
    view: SentenceView, candidate: Candidate, source: Mention | None, target: Mention | None
) -> float:
    """How sure the event is, 0..1: the weaker of its actors' resolution scores, times 0.9 when only the
    verb's own code fired (no pattern confirmed the reading) and 0.8 for a statement's make-statement event
    (the least specific code)."""
    actors = [m.score for m in (source, target) if m is not None] or [1.0]
    if candidate.rule in view.pattern_ids:
        factor = 1.0
    elif candidate.rule.startswith("statement:"):
        factor = 0.8
    else:
        factor = 0.9
    return round(min(actors) * factor, 3)


def _located(view: SentenceView, candidate: Candidate) -> bool:
    """A nominal act of force or protest at a named place, with no actor: "the bombing in Kabul"."""
    return (
        view.coder.cameo_manual
        and candidate.rule.startswith(NOMINAL)
        and bool(candidate.code)
        and located(view.doc[candidate.verb_index], candidate.code)
    )


def _reciprocal(coder: EventCoder, candidate: Candidate, sources: list[Mention]) -> bool:
    """Whether a cooperative act of two or more actors, with no target, is one of each towards the other."""
    if not candidate.code or candidate.code[:2] not in RECIPROCAL_ROOTS or len(sources) < 2:
        return False
    return any(distinct(coder, s, t) for s in sources for t in sources)


def _split_codes(mentions: Sequence[Mention]) -> list[Mention]:
    """A dictionary code such as ``FRO/BIL/SAM`` ("the Shire") names several actors: one mention each."""
    split = []
    for mention in mentions:
        codes = [c for c in (mention.code or "").split("/") if c]
        split += [replace(mention, code=code) for code in codes] if len(codes) > 1 else [mention]
    return split


def to_ref(mention: Mention | None) -> ActorRef | None:
    if mention is None:
        return None
    return ActorRef(mention.text, mention.start, mention.end, mention.actor_id, mention.name, mention.code)


def _ref_key(mention: Mention | None) -> str:
    return f"{mention.start}-{mention.end}-{mention.code}" if mention else "-"
