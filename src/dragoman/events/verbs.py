"""Dictionary verbs to candidates: the verb's patterns tried longest first, else its own code, with the
source and target actors of the parse; and the nouns that are a dictionary verb's form with an actor as
their possessor ("Moscow's continued support for the Syrian government")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Mention
from ..syntax import SUBJECT_DEPS, is_negated, phrase_end
from .candidate import STATEMENT_ROOT, Candidate
from .matching import match_pattern, verb_entries
from .patterns import Verb
from .roles import actors_of, addressees, roles, subject_actors, subject_of
from .view import SentenceView

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that introduce the target of a nominal event ("support for", "aid to", "attack on").
NOMINAL_TARGET_PREPOSITIONS = frozenset({"for", "to", "against", "on", "with"})
# What a speech verb's patterns may not read: the clause it says ("reported that … an attack …").
SAID_CLAUSE_DEPS = ("ccomp", "parataxis", "advcl")
CONSULT_ROOT = "04"


def verb_candidates(view: SentenceView) -> dict[int, Candidate]:
    """Each dictionary verb of the sentence (by token index) to its candidate."""
    candidates: dict[int, Candidate] = {}
    for token in view.tokens:
        if (
            token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB") and not _predicate(token)
        ) or _nominal_use(token):
            continue
        candidate = code_verb(view, token)
        if candidate is not None:
            candidates[token.i] = candidate
    return candidates


def code_verb(view: SentenceView, token: Token) -> Candidate | None:
    """The candidate of a dictionary verb: its first matching pattern, else its own code; None when the
    token is no dictionary verb."""
    entries = verb_entries(view, token)
    if not entries:
        return None
    verb, verb_span = entries[0]
    sources, targets, passive = roles(view, token)
    matched, sources, targets = _pattern_candidate(view, token, verb, verb_span, sources, targets)
    if matched is not None:
        return matched
    if verb.code and verb.code.startswith(STATEMENT_ROOT) and not passive:
        # A plain statement's target is whom it is addressed to ("told Turkey", "said to the council"), not
        # an actor named somewhere in what was said.
        targets = addressees(view, token, set(sources))
    naming = _names(token, verb.code)
    return Candidate(
        token.i,
        verb_span,
        None if naming else verb.code,
        None if naming else verb.reverse_code,
        verb.id,
        sources,
        targets,
        False,
        is_negated(token),
        verb.block,
        _own_subject(token),
    )


def _names(token: Token, code: str | None) -> bool:
    """Whether a verb of contact (04x: "call", "meet") takes a predicative complement, and so names or
    describes rather than calls or meets: "called Pakistan a terrorist state", "what he calls the timing"
    (an uncoded verb; the statement it may be is coded by the statements)."""
    return bool(code) and code[:2] == CONSULT_ROOT and any(c.dep_ == "oprd" for c in token.children)


def _pattern_candidate(
    view: SentenceView,
    token: Token,
    verb: Verb,
    verb_span: tuple[int, int],
    sources: tuple[Mention, ...],
    targets: tuple[Mention, ...],
) -> tuple[Candidate | None, tuple[Mention, ...], tuple[Mention, ...]]:
    """The candidate of the first pattern of the verb's block that matches around it (or None), with the
    sources and targets as the patterns left them: the actors a pattern read stay read for the next
    patterns and the verb's own code even when its compound then refuses it."""
    coder = view.coder
    requirements = coder.verbs.requirements
    limit = phrase_end(token)
    unreadable = _said_clause(token) if verb.block in coder.speech_blocks else frozenset()
    for pattern in coder.verbs.by_block.get(verb.block, ()):
        words, synsets = requirements[pattern.id]
        if not words <= view.word_set or any(not (first & view.word_set) for first in synsets):
            continue  # a word the pattern needs is not in the sentence
        match = match_pattern(view, pattern, verb_span, limit, sources, unreadable)
        if match is None:
            continue
        sources = (match.source,) if match.source else sources
        targets = (match.target,) if match.target else targets
        if match.compound == "after" and len(targets) < 2:
            continue
        candidate = Candidate(
            token.i,
            verb_span,
            pattern.code,
            pattern.reverse_code,
            pattern.id,
            sources,
            () if match.compound == "before" else targets,
            match.compound == "before",
            is_negated(token) and not match.negation,
            verb.block,
            _own_subject(token),
        )
        return candidate, sources, targets
    return None, sources, targets


def _said_clause(token: Token) -> frozenset[int]:
    """The positions of what a speech verb says: its patterns read its own objects, not the words of what
    was said ("reported that … an attack …" is no attack by the reporter; that clause is coded alone)."""
    return frozenset(t.i for child in token.rights if child.dep_ in SAID_CLAUSE_DEPS for t in child.subtree)


def _own_subject(token: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in token.children)


def possessive_candidates(view: SentenceView) -> list[Candidate]:
    """Nominal events: a noun that is a dictionary verb's form, with an actor as possessor (the source) and
    an actor behind a preposition (the target): "Moscow's continued support for the Syrian government". A
    noun ceased by its verb ("ended its support for") is no event unless that verb is negated ("will not
    end its support for": negated support)."""
    found = []
    for token in view.tokens:
        if token.pos_ != "NOUN" or token.text.upper() not in view.coder.verbs.by_form:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            continue
        if owner.i in view.mention_at:
            sources = actors_of(view, owner)
        elif owner.pos_ == "PRON" and token.dep_ == "dobj":
            # "Russia will not end its support for …": "its" is the subject of the verb.
            subject, passive = subject_of(view, token.head)
            sources = subject_actors(view, subject) if subject is not None and not passive else ()
        else:
            continue
        targets = _nominal_targets(view, token)
        if not targets:
            continue
        candidate = code_verb(view, token)
        if candidate is None or not candidate.code or not sources:
            continue
        candidate = replace(candidate, sources=sources, targets=targets, negated=False)
        governor = token.head if token.dep_ == "dobj" else None
        if governor is not None and view.coder.complements.get(governor.lemma_.lower()) == "cessation":
            if not is_negated(governor):
                continue
            candidate = replace(candidate, negated=True)
        found.append(candidate)
    return found


def _nominal_targets(view: SentenceView, noun: Token) -> tuple[Mention, ...]:
    """The actors behind the first preposition of a nominal event that names any ("support for Syria")."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in NOMINAL_TARGET_PREPOSITIONS:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            targets = actors_of(view, pobj) if pobj is not None else ()
            if targets:
                return targets
    return ()


def _predicate(token: Token) -> bool:
    """Whether a word tagged as a noun is the sentence's verb: the root with a subject of its own, as the
    tagger reads a caption's "Erdogan greets the minister" ("greets" as a plural noun)."""
    return token.dep_ == "ROOT" and token.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in token.children)


def _nominal_use(token: Token) -> bool:
    """Whether a verb form stands as a noun: "evacuated the wounded", "the accused" (a determiner, in a
    noun's place)."""
    return token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and any(
        c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in token.children
    )
