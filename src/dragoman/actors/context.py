"""Bare agents given their country from context: "security forces" in a sentence about Khartoum are Sudan's
(SDNCOP), "demonstrators in Tbilisi" Georgia's (GEOOPP).

A bare agent mention (``how == "agent"``, code such as ``COP``) takes the country of the state right after
it ("soldiers from Gondor", "police of Syria"); failing that, with ``from_context``, the country of the
nearest place named in its own sentence; failing that, the article's main country, when one country has at
least half of the article's place and state mentions (and two at least). With neither, it keeps its bare
agent code, as GDELT codes an actor of unknown country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import ACTOR_PLACE_HOWS, Actor, Mention, Place
from .codes import iso_country_names
from .composed import compose_code
from .context_words import words
from .kb import ActorKB

# The article's main country needs this share of its country mentions, and this many of them.
MAIN_COUNTRY_SHARE = 0.5
MAIN_COUNTRY_MIN = 2
COUNTRY_CODE_LENGTH = 3
# What may stand between an agent and the state it belongs to: "soldiers from Gondor", "police of Syria".
OWNER_LINKS = frozenset({"from", "of", "in"})


class StateIndex:
    """The knowledge base's states by CAMEO country code, built once per pipeline."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self.by_code: dict[str, Actor] = {}
        for actor in kb.states():
            if len(actor.code) != COUNTRY_CODE_LENGTH:
                continue
            held = self.by_code.get(actor.code)
            if held is None or country_rank(actor) > country_rank(held):
                self.by_code[actor.code] = actor


def country_rank(state: Actor) -> int:
    """How surely a state entry is the country itself, not a part or a predecessor coded alike (Phoenix
    codes Leipzig DEU, the Russian SFSR RUS, Mayotte FRA): 2 named as ISO names the country, 1 holding
    its code with no end, else 0. Ties keep the entry loaded first."""
    names = iso_country_names(state.code)
    if any(name.casefold() in names for name in (state.name, *state.aliases)):
        return 2
    current = not state.roles or any(r.code == state.code and r.end is None for r in state.roles)
    return 1 if current else 0


def place_agents(
    mentions: Sequence[Mention],
    places: Sequence[Place],
    states: StateIndex,
    text: str,
    from_context: bool = True,
) -> list[Mention]:
    """``mentions`` with each bare agent composed with the country its context gives (``from_context``
    False: only a state named right after it, as PETRARCH composes)."""
    if not any(m.how == "agent" for m in mentions):
        return list(mentions)
    main = main_country(mentions, places) if from_context else None
    placed = []
    for mention in mentions:
        if mention.how != "agent" or not mention.code:
            placed.append(mention)
            continue
        state = owner_state(mention, mentions, text, states)
        if state is None and from_context and not stateless(mention, text):
            country = sentence_country(mention, places, states) or main
            state = states.by_code.get(country) if country else None
        if state is None:
            placed.append(mention)
            continue
        actor = states.kb.compose(state, mention.code)
        placed.append(
            replace(mention, actor_id=actor.id, name=actor.name, code=compose_code(state.code, mention.code))
        )
    return placed


def stateless(mention: Mention, text: str) -> bool:
    """Whether the word before the agent says it belongs to no country ("the international community",
    "foreign fighters"): context then gives it none."""
    before = text[max(0, mention.start - 40) : mention.start].split()
    return bool(before) and before[-1].strip("\"'“(").lower() in words("stateless")


def owner_state(mention: Mention, mentions: Iterable[Mention], text: str, states: StateIndex) -> Actor | None:
    """The state named right after the agent, behind "from", "of" or "in" (a bare country code: a state of
    the knowledge base or of a user's own actor file)."""
    for other in mentions:
        code = other.code or ""
        if (
            other.start <= mention.end
            or other.sentence != mention.sentence
            or len(code) != COUNTRY_CODE_LENGTH
        ):
            continue
        link = text[mention.end : other.start].split()
        if len(link) == 1 and link[0].lower() in OWNER_LINKS and code.isalpha():
            return states.by_code.get(code) or (states.kb.get(other.actor_id) if other.actor_id else None)
    return None


def sentence_country(mention: Mention, places: Iterable[Place], states: StateIndex) -> str | None:
    """The country of the place nearest the mention in its sentence, if the knowledge base knows it."""
    near = [
        p
        for p in places
        if p.sentence == mention.sentence and p.country in states.by_code and p.how not in ACTOR_PLACE_HOWS
    ]
    if not near:
        return None
    return min(near, key=lambda p: abs(p.start - mention.start)).country


def main_country(mentions: Iterable[Mention], places: Iterable[Place]) -> str | None:
    """The country most of the article's places and state-coded actors belong to, if one dominates."""
    counts: Counter[str] = Counter(p.country for p in places if p.country and p.how not in ACTOR_PLACE_HOWS)
    for mention in mentions:
        code = mention.code or ""
        if mention.how != "agent" and len(code) >= COUNTRY_CODE_LENGTH and code[:3].isalpha():
            if not code.startswith("IGO"):
                counts[code[:3]] += 1
    if not counts:
        return None
    country, count = counts.most_common(1)[0]
    total = sum(counts.values())
    return country if count >= MAIN_COUNTRY_MIN and count >= MAIN_COUNTRY_SHARE * total else None
