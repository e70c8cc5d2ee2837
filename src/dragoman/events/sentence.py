"""Coding one sentence: each dictionary verb (and nominal event) to a candidate, then folding, moods,
material readings, records, transformations and statements (one module each) to events."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Event
from .candidate import Candidate
from .folding import fold_complements
from .material import material_reading
from .moods import apply_moods
from .nominal import NOMINAL, nominal_candidates, support_verb, supported_verbs
from .records import events_of
from .statement_events import statement_events, with_speaker
from .transformations import transformed
from .verbs import possessive_candidates, verb_candidates
from .view import SentenceView

# Protests and threats, and the appeals and demands that are their aim (see without_aims).
AIMED_ROOTS = frozenset({"13", "14"})
AIM_ROOTS = frozenset({"02", "10"})


def code_sentence(view: SentenceView) -> list[Event]:
    """The events of one sentence."""
    candidates = verb_candidates(view)
    kept = [with_speaker(view, c) for c in fold_complements(view, candidates)]
    possessive = possessive_candidates(view)
    kept += possessive
    nouns = nominal_candidates(view, {c.verb_index for c in possessive} | set(candidates))
    # A noun that cannot be an event (no target under the dyad rule) leaves its verb's coding standing.
    standing = [n for n in nouns if n.targets or n.compound or not view.coder.require_dyad]
    supported = supported_verbs(standing, view.doc)
    kept = [c for c in kept if c.verb_index not in supported or reads_noun(view, c, standing)]
    kept += nouns
    if view.coder.cameo_manual:
        # after the nominal events, so that "threatened to launch an offensive" is the threat alone
        kept = apply_moods(view, kept, candidates)
        lemmas = frozenset(t.lemma_.lower() for t in view.tokens)
        read = (material_reading(c, lemmas, view.doc[c.verb_index].lemma_.lower()) for c in kept)
        kept = [c for c in read if c is not None]
    coded = [(c, events_of(view, c)) for c in kept]
    read_nouns = read_by_patterns(view, {c.verb_index: c for c, found in coded if found})
    events = [
        e
        for c, found in coded
        if not (c.rule.startswith(NOMINAL) and c.verb_index in read_nouns)
        for e in found
    ]
    events += transformed(view, kept, candidates)
    return without_aims(view, statement_events(view, without_subsumed(events)))


def without_aims(view: SentenceView, events: list[Event]) -> list[Event]:
    """Drops an appeal or demand that is the aim of a protest or a threat in the same sentence, as the CAMEO
    manual codes the protest alone: "demonstrated in Kirkuk calling for independence", "staged rallies,
    saying he must resign", "would blockade Paris to demand an end to the reform"."""
    at = {view.offset(t): t for t in view.tokens}
    carriers: set[int] = set()
    for event in events:
        token = at.get(event.action.start)
        if token is not None and event.cameo_root in AIMED_ROOTS:
            carriers.add(token.i)
            verb = support_verb(token) if event.rule.startswith(NOMINAL) else None
            if verb is not None:
                carriers.add(verb.i)
    if not carriers:
        return events
    kept = []
    for event in events:
        token = at.get(event.action.start)
        if token is not None and token.dep_ == "ccomp":
            token = token.head  # what a participle says: "…, saying he must resign"
        if (
            token is not None
            and event.cameo_root in AIM_ROOTS
            and token.dep_ in ("advcl", "xcomp")
            and token.head.i in carriers
        ):
            continue
        kept.append(event)
    return kept


def reads_noun(view: SentenceView, verb: Candidate, nouns: list[Candidate]) -> bool:
    """Whether a support verb's pattern reads the event noun it carries, as a word or behind a preposition
    of the pattern ("called for talks", "called for a boycott": the pattern is the act); one reading another
    word ("called a general strike over the election": not the pattern "* ELECTION") gives way to the
    noun."""
    if verb.rule not in view.pattern_ids:
        return False
    words = view.coder.pattern_words.get(verb.rule, frozenset())
    carried = [
        view.doc[n.verb_index]
        for n in nouns
        if support_verb(view.doc[n.verb_index]) == view.doc[verb.verb_index]
    ]
    return not carried or any(
        t.text.upper().startswith(w) or (t.dep_ == "pobj" and t.head.text.upper() == w)
        for t in carried
        for w in words
    )


def read_by_patterns(view: SentenceView, candidates: Mapping[int, Candidate]) -> set[int]:
    """Nouns that an event's pattern has read: a word of the pattern that is the verb's object ("called for
    talks" is 036, not also talks, 046), or the object of a preposition of the pattern ("* FOR" [096]:
    "called for a boycott" is the appeal, not also a boycott)."""
    words = {
        i: view.coder.pattern_words.get(c.rule.split("+")[0], frozenset()) for i, c in candidates.items()
    }
    read = set()
    for token in view.tokens:
        linked = token.head.dep_ in ("prep", "agent")
        verb = token.head.head if linked else token.head
        pattern = words.get(verb.i, frozenset())
        if linked and token.head.text.upper() in pattern:
            read.add(token.i)
        elif any(token.text.upper().startswith(word) for word in pattern):
            read.add(token.i)
    return read


def without_subsumed(events: list[Event]) -> list[Event]:
    """Drops an event with no target when the sentence has the same act by the same source on a target:
    "Israel's attack on Syria killed ten people" is one attack on Syria, not also one on no one."""
    dyadic = {(e.source.actor_id or e.source.code, e.cameo_root) for e in events if e.source and e.target}
    return [
        e
        for e in events
        if e.target or not e.source or (e.source.actor_id or e.source.code, e.cameo_root) not in dyadic
    ]
