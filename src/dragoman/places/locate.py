"""Where an event happened: the place its own clause names ("struck targets near Damascus", "clashes in
Aleppo"), not any place of the article.

``place_how`` says how the place was linked: ``clause`` when the place hangs from the event's own verb or
action noun, directly ("shelled Afrin") or through prepositional phrases on it and its arguments ("struck
targets near Damascus", see ``clauses.hangs_from``). A place in another clause of the sentence ("said that
the measures against Syria …") or in an apposition ("the envoy to Syria") is what the event is about, not
where it happened, and is not linked. A place that is itself the event's source or target ("Russia struck
…") is the actor, not the location.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..model import ACTOR_PLACE_HOWS, Event, Place
from ..nlp import ParsedArticle, ParsedSentence
from ..syntax import hangs_from, span_root, token_at


def locate_events(events: Sequence[Event], places: Sequence[Place], parsed: ParsedArticle) -> list[Event]:
    """``events`` with ``place_id`` and ``place_how`` set where the event's own clause names a place."""
    sentences = {s.index: s for s in parsed.sentences()}
    located = []
    for event in events:
        sentence = sentences.get(event.sentence)
        if sentence is None:
            located.append(event)
            continue
        # a nationality adjective ("Georgian troops") or a government ("Moscow said"): who acted, not where
        inside = [
            p
            for p in places
            if sentence.start <= p.start < sentence.end
            and p.how not in ACTOR_PLACE_HOWS
            and not _is_actor(p, event)
        ]
        link = _link(event, inside, sentence)
        if link is None:
            located.append(event)
        else:
            place, how = link
            located.append(dataclasses.replace(event, place_id=place.id, place_how=how))
    return located


def _is_actor(place: Place, event: Event) -> bool:
    for ref in (event.source, event.target):
        if ref is not None and ref.start < place.end and place.start < ref.end:
            return True
    return False


def _link(event: Event, places: list[Place], sentence: ParsedSentence) -> tuple[Place, str] | None:
    action = token_at(sentence, event.action.start)
    if action is None:
        return None
    best: tuple[int, Place] | None = None
    for place in places:
        root = span_root(sentence, place.start, place.end)
        if root is not None and hangs_from(action, root):
            distance = abs(root.i - action.i)
            if best is None or distance < best[0]:
                best = (distance, place)
    return (best[1], "clause") if best is not None else None
