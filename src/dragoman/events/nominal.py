"""Nominal events: an event named by a noun ("the attack on the embassy", "talks between Iran and Iraq",
"Israeli airstrikes", "X held a rally", "new sanctions on Russia").

``data/events/nominal.tsv`` gives the nouns and their CAMEO codes; ``nominal_support.tsv`` the verbs that
carry such a noun as their object and whose subject is its source ("launched an attack", "held talks") or
its target ("came under attack", "faces sanctions"). The source is the noun's possessor, a nationality or
actor modifying it, its "by" agent or the support verb's subject; the target the actor behind "on",
"against", "with", "to" or "targeting"; "between X and Y" names both sides. A noun naming no actor, inside an
actor's name, modifying another noun ("attack helicopter") or under a negation ("no talks") is no event.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..syntax import is_negated
from .candidate import Candidate
from .material import context_words
from .roles import actors_of, subject_actors, subject_of
from .tables import data_path
from .view import SentenceView

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..model import Mention

NOMINAL = "nominal:"  # the rule prefix of a nominal event
TARGET_PREPOSITIONS = frozenset({"on", "against", "with", "to", "targeting", "at", "into"})
# Acts of force whose "of" names the one they are done to: "the invasion of Kuwait", "the arrest of the
# opposition leader", "the killing of protesters" (coerce, assault, fight, mass violence).
VICTIM_OF_ROOTS = frozenset({"17", "18", "19", "20"})
CONSULT_ROOT = "04"
# Event nouns that stand with no actor when they name their place: protest, assault, fight, mass violence.
LOCATED_ROOTS = frozenset({"14", "18", "19", "20"})
PROTEST_ROOT = "14"
AIM_PREPOSITIONS = frozenset({"against", "over"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})  # named places (spaCy entity types)
# Prepositions that date the verb by another event: "threatened retaliation after the bombing" is no bombing
# by the one threatening.
TIME_PREPOSITIONS = frozenset({"after", "before", "since", "during", "following", "amid", "until", "despite"})
# Modifiers that make a strike or a call a specific event ("air strike", "phone call").
STRIKE_WEAPONS = frozenset({"air", "drone", "missile", "rocket", "military", "artillery", "aerial"})
# Modifiers and prepositions that make a strike a stoppage of work ("a general strike", "went on strike").
# Verbs that carry out a military strike, not a stoppage of work ("carried out strikes on Mosul").
STRIKE_LAUNCHERS = frozenset({"carry", "conduct", "mount"})
# Verbs that stage a stoppage of work ("staged a strike over pay", "called a strike").
STRIKE_STAGERS = frozenset({"stage", "call", "hold", "organize", "organise", "join"})
STRIKE_LABOUR = frozenset({"general", "national", "nationwide", "labour", "labor", "workers", "hunger"})
PHONE_WORDS = frozenset({"phone", "telephone"})


@dataclass(frozen=True, slots=True)
class NominalLexicon:
    codes: dict[str, str]  # noun lemma → CAMEO code
    support: dict[str, str]  # verb lemma → "source" or "target"


@cache
def nominal_lexicon() -> NominalLexicon:
    return NominalLexicon(
        _read_column("nominal.tsv", "noun", "code"), _read_column("nominal_support.tsv", "lemma", "role")
    )


def _read_column(name: str, key: str, value: str) -> dict[str, str]:
    with open(data_path(name), encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle, delimiter="\t") if row.get(key)}


def noun_code(token: Token, lexicon: NominalLexicon) -> str | None:
    """The CAMEO code of an event noun, if ``token`` is one."""
    lemma = token.lemma_.lower()
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    if lemma == "strike":
        if modifiers & STRIKE_WEAPONS:
            return "195"
        if "hunger" in modifiers:
            return lexicon.codes.get("hunger strike")
        if modifiers & STRIKE_LABOUR or (token.dep_ == "pobj" and token.head.lower_ == "on"):
            return lexicon.codes.get("general strike")
        verb = support_verb(token)
        lemma = verb.lemma_.lower() if verb is not None else ""
        if lemma in STRIKE_LAUNCHERS:
            return "195"  # "carried out four strikes against IS forces"
        if lemma in STRIKE_STAGERS:
            return lexicon.codes.get("general strike")  # "staged a strike over pay"
        return None
    if lemma == "call":
        return lexicon.codes.get("phone call") if modifiers & PHONE_WORDS else None
    return lexicon.codes.get(lemma)


def nominal_candidates(view: SentenceView, taken: set[int]) -> list[Candidate]:
    """The nominal events of one sentence, for nouns not already coded (``taken``)."""
    lexicon = nominal_lexicon()
    found = []
    for token in view.tokens:
        if token.pos_ != "NOUN" or token.i in taken or token.i in view.mention_at:
            continue
        code = noun_code(token, lexicon)
        if code is None or token.dep_ == "compound" or _negated(token) or _ceased(view, token):
            continue
        sources, targets, compound = _roles(view, token, lexicon, code)
        if not sources and not targets and not _unnamed_but_known(view, token, code):
            continue  # no actor
        found.append(
            Candidate(
                token.i,
                (token.i, token.i + 1),
                code,
                None,
                f"{NOMINAL}{token.lemma_.lower()}",
                sources,
                targets,
                compound,
                False,
            )
        )
    return found


def _unnamed_but_known(view: SentenceView, noun: Token, code: str) -> bool:
    """Whether a nominal event with no actor still says enough to stand: an act of force on a name the
    knowledge base lacks (see ``records.named_patient``), or, in CAMEO-manual coding, an act of force or
    a protest at a named place ("the bombing in Kabul", "protests in Tbilisi"; see ``located``), a protest
    in election news only with its aim ("a rally in Miami" is a campaign's)."""
    if code[:2] in VICTIM_OF_ROOTS and named_victim(view.named_at, noun):
        return True
    if not (view.coder.cameo_manual and located(noun, code)):
        return False
    # in election news a rally is a campaign's unless it says what it is against or for
    return code[:2] != PROTEST_ROOT or not _election_news(view, noun) or _protest_aim(noun)


def _election_news(view: SentenceView, noun: Token) -> bool:
    """Whether a word of an election, a game or a market stands beside ``noun`` ("rally" is one itself)."""
    return bool({t.lemma_.lower() for t in view.tokens if t.i != noun.i} & context_words()["figurative"])


def _protest_aim(noun: Token) -> bool:
    """Whether a protest noun says what it is against or for: "a rally against the law", "a march over
    fees", "a rally in support of Azerbaijan" (an event noun behind "in")."""
    lexicon = nominal_lexicon()
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        if prep.lower_ in AIM_PREPOSITIONS:
            return True
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ == "in" and any(o.lemma_.lower() in lexicon.codes for o in objects):
            return True
    return False


def located(noun: Token, code: str) -> bool:
    """Whether an event noun of force or protest (``LOCATED_ROOTS``) names where it happened: a place
    behind "in", "at", "near", "outside" or a place modifying it."""
    if code[:2] not in LOCATED_ROOTS:
        return False
    if any(c.dep_ in ("compound", "nmod") and c.ent_type_ in PLACE_ENTITIES for c in noun.children):
        return True
    # the place may hang on the verb the noun is the subject of, or on its relative clause ("fighting
    # erupted in Aleppo", "the fighting that erupted in Aleppo")
    holders = [noun, *(c for c in noun.children if c.dep_ == "relcl")]
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
        holders.append(noun.head)
    return any(_place_behind(holder) for holder in holders)


def _place_behind(token: Token) -> bool:
    """Whether a place stands behind a preposition of place under ``token``: "in Kabul", "outside the
    embassy in Kyiv", "at San Diego State University"."""
    return any(
        child.dep_ == "prep"
        and child.lower_ in PLACE_PREPOSITIONS
        and any(t.ent_type_ in PLACE_ENTITIES for c in child.children if c.dep_ == "pobj" for t in c.subtree)
        for child in token.children
    )


def named_victim(named_at: dict[int, Mention], noun: Token) -> Mention | None:
    """The name the knowledge base lacks behind "on", "against" or "of" of an event noun: "the attack on
    Farkhunda", "the shooting of Keith Scott"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "of"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i in named_at:
                return named_at[pobj.i]
    return None


def _ceased(view: SentenceView, noun: Token) -> bool:
    """Whether the noun is the object of a cessation verb ("removing the sanctions", "lifted the
    blockade"): the act is ended, not done (the verb codes the easing, if its dictionary has it)."""
    verb = noun.head if noun.dep_ == "dobj" else None
    return (
        verb is not None
        and view.coder.complements.get(verb.lemma_.lower()) == "cessation"
        and not is_negated(verb)
    )


def _negated(token: Token) -> bool:
    return any(c.dep_ in ("neg", "det") and c.lower_ in ("no", "not") for c in token.children)


def _names_target(preposition: str, code: str) -> bool:
    """Whether the actor behind ``preposition`` is what the nominal event ``code`` is done to. Talks are
    with someone, a visit to someone ("talks on a troop pullback" are about it); acts of force are done to
    the one behind "of" ("the invasion of Kuwait")."""
    if code[:2] == CONSULT_ROOT:
        return preposition in ("with", "to")
    return preposition in TARGET_PREPOSITIONS or (preposition == "of" and code[:2] in VICTIM_OF_ROOTS)


def _roles(view: SentenceView, noun: Token, lexicon: NominalLexicon, code: str) -> tuple[tuple, tuple, bool]:
    sources: list = []
    targets: list = []
    compound = False
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ in ("amod", "compound", "nmod") and child.i in view.mention_at
        ):
            sources += actors_of(view, child)
        elif child.dep_ in ("prep", "agent"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            actors = actors_of(view, pobj)
            if child.lower_ == "by":
                sources += actors
            elif child.lower_ == "between" and len(actors) >= 2:
                sources += actors
                compound = True
            elif _names_target(child.lower_, code):
                targets += actors
        elif child.dep_ == "acl" and child.lower_ in TARGET_PREPOSITIONS:  # "strikes targeting X"
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            targets += actors_of(view, obj) if obj is not None else ()
    verb = support_verb(noun)
    if verb is not None:
        role = lexicon.support.get(verb.lemma_.lower())
        if role is not None and not is_negated(verb):
            subject, passive = subject_of(view, verb)
            # "Serb forces were engaged in ethnic cleansing": a state, not a passive act done to them.
            stative = passive and noun.dep_ == "pobj" and noun.head.lower_ == "in"
            actors = subject_actors(view, subject) if subject is not None and (stative or not passive) else ()
            if role == "source" and not sources:
                sources += actors
            elif role == "target" and not targets:
                targets += actors
            if not targets:  # "conducted airstrikes on Islamic State", the parse hanging "on" on the verb
                for prep in verb.children:
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if prep.dep_ == "prep" and _names_target(prep.lower_, code) and pobj is not None:
                        targets += actors_of(view, pobj)
    if not targets and len({m.actor_id or m.code for m in sources}) >= 2 and not compound:
        compound = True  # "Iran and Iraq held talks": each side with the other
    return tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(targets)), compound


def supported_verbs(candidates: list[Candidate], doc, lexicon: NominalLexicon | None = None) -> set[int]:
    """The support verbs carrying the nominal events of ``candidates`` ("conducted airstrikes"): the noun is
    the act, the verb's own code ("conduct", 060) is not."""
    lexicon = lexicon or nominal_lexicon()
    verbs = set()
    for candidate in candidates:
        verb = support_verb(doc[candidate.verb_index])
        if verb is not None and verb.lemma_.lower() in lexicon.support:
            verbs.add(verb.i)
    return verbs


def support_verb(noun: Token) -> Token | None:
    """The verb whose object the noun is ("launched an attack"; "came under attack")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr"):
        return head if head.pos_ in ("VERB", "AUX") else None
    if (
        noun.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.lower_ not in TIME_PREPOSITIONS
        and head.head.pos_ in ("VERB", "AUX")
    ):
        return head.head  # "came under attack", "took part in talks"
    if noun.dep_ == "conj":
        return support_verb(head)
    return None
