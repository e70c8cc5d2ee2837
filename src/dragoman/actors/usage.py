"""How a name is used where it stands, read from the parse: whether a place acts ("Moscow said"), whether an
alias lies inside a longer name ("Jordan" in "Michael Jordan"), whether a demonym is a language; and which
actors keep their code when an agent follows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Actor
from ..syntax import NOMINAL_SUBJECT_DEPS
from .agents import Agent
from .context_words import words
from .finder import ParagraphView

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACTING_PREPOSITIONS = words("acting_prepositions")
DEALING_WITH = words("dealing_with")
ACTING_OBJECT_VERBS = words("acting_object_verbs")
FORMER = words("former")
TITLES = words("titles")
LANGUAGE_VERBS = words("language_verbs")


def former_before(paragraph: ParagraphView, start: int, end: int) -> bool:
    """Whether "former" (or "ex") stands just before ``start`` or inside the span."""
    first = max(0, start - 1)
    return any(key in FORMER for key in paragraph.keys[first:end])


def is_igo(actor: Actor) -> bool:
    return actor.sector == "IGO" or actor.code.startswith("IGO")


def keeps_code(actor: Actor) -> bool:
    """Whether agents leave this actor's code alone: an IGO, an armed group, a person (a metonym's seat)."""
    return is_igo(actor) or actor.kind in {"armed_group", "person"}


def stem_agent(key: str, agents: dict[str, Agent]) -> Agent | None:
    """An agent whose last word is a stem or singular of ``key``'s last word ("defence ministry" →
    "defence minist"; "officials" → "official")."""
    head, _, last = key.rpartition(" ")
    prefix = f"{head} " if head else ""
    for length in range(len(last) - 1, 4, -1):
        agent = agents.get(prefix + last[:length])
        if agent is not None:
            return agent
    return None


def is_language(token: Token) -> bool:
    """ "Spanish" the language: tagged so, or the object of "speak", "learn", "teach", "translate"."""
    return token.ent_type_ == "LANGUAGE" or (token.dep_ == "dobj" and token.head.lemma_ in LANGUAGE_VERBS)


def in_place_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the span lies inside a longer place entity of the model that adds capitalised words
    ("Western Europe"), not one that only adds lower-case ones ("northern Syria")."""
    for ent in doc.ents:
        if ent.label_ in {"LOC", "FAC"} and not ent.kb_id_ and ent.start <= start and end <= ent.end:
            if any(t.is_title for t in ent if t.i < start or t.i >= end):
                return True
    return False


def other_person(doc: Doc, start: int, end: int) -> bool:
    """Whether a person's alias lies inside a longer PERSON entity of the model that adds a name ("Trump" in
    "Eric Trump"): the full name would have matched as a whole had it been this person's. Titles do not count
    ("President Trump", "Mr. Trump")."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not ent.kb_id_ and ent.start <= start and end <= ent.end:
            extra = [t for t in ent if (t.i < start or t.i >= end) and t.is_alpha and t.is_title]
            if any(t.lower_ not in TITLES for t in extra):
                return True
    return False


def inside_longer_name(doc: Doc, start: int, end: int, labels: frozenset[str]) -> bool:
    """Whether tokens start..end lie inside a longer entity of the model with one of ``labels`` (not one the
    entity ruler wrote from the knowledge base: "Turkish" in "Turkish Foreign Minister Hakan Fidan" still
    composes)."""
    for ent in doc.ents:
        if (
            ent.label_ in labels
            and not ent.kb_id_
            and ent.start <= start
            and end <= ent.end
            and (ent.end - ent.start) > end - start
        ):
            return True
    return False


def acts(token: Token, doc: Doc, start: int, end: int) -> bool:
    """Whether a place name is used as an agent: subject, possessor, "by"/"between"/"with" object, object of
    a verb of pressure or speech, a headline's "Moscow:", or a conjunct of one of these."""
    seen = 0
    while token.dep_ in {"conj", "appos"} and token.head is not token and seen < 5:
        token = token.head
        seen += 1
    dep = token.dep_
    if dep in NOMINAL_SUBJECT_DEPS | {"csubj", "poss", "agent"}:
        return True
    if dep == "pobj" and token.head.lower_ in ACTING_PREPOSITIONS:
        return True
    if dep == "pobj" and token.head.lower_ == "with" and token.head.head.lemma_.lower() in DEALING_WITH:
        return True
    if dep == "dobj" and token.head.lemma_.lower() in ACTING_OBJECT_VERBS:
        return True
    # a headline's "Moscow: Attempts to … will not succeed"
    return end < len(doc) and doc[end].text == ":" and start == doc[start].sent.start
