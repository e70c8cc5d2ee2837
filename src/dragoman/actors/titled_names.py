"""A person the knowledge base does not know, named with a title ("Rep. Jane Roe", "Senator Jane Roe",
"reporter Jane Roe"): the title's agent stands for them (LEG, GOV, MED …) as a bare agent, and the article's
context gives its country (:mod:`dragoman.actors.context`), so the name is coded as its office is.

Titles are the knowledge base's agents, or their abbreviations (``data/actors/title_abbreviations.tsv``);
the title is the name's first word or the word right before it, and the name has two words at least."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..model import Actor
from .context_words import words
from .finder import MentionFinder, ParagraphView
from .found import Found
from .names import phrase_key

TITLED_SCORE = 0.6  # as a bare agent: the office is read, the person is not known
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})
# "former Governor Jane Roe", "former Ohio Governor Jane Roe": out of that office, an elite (ELI)
FORMER = words("former")


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation (lookup key) → the agent phrase it stands for."""
    path = resources.files("dragoman") / "data" / "actors" / "title_abbreviations.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return {phrase_key(row[0]): row[1] for row in rows if len(row) > 1 and not row[0].startswith("#")}


def titled_name(
    paragraph: ParagraphView, start: int, end: int, taken: list[bool], finder: MentionFinder
) -> Found | None:
    """The bare agent a title gives an unknown person's name at tokens ``start..end``, or None."""
    for index in (start, start - 1):
        # a title and a full name introduce someone; a title and a surname alone ("President Kagame") name
        # someone the reader knows, whom the knowledge base or the article's earlier full name must give
        if index < 0 or taken[index] or end - (index + 1) < 2:
            continue
        key = paragraph.keys[index]
        agent = finder.agents.get(abbreviations().get(key, key))
        if agent is None or agent.prefix or not (paragraph.titles[index] or paragraph.pos[index] == "NOUN"):
            continue
        before = paragraph.doc[index - 1] if index else None
        if before is not None and before.pos_ in {"PROPN", "NOUN"} and not taken[index - 1]:
            if before.ent_type_ not in PLACE_LABELS:  # "Tennessee Sen. Jane Roe" keeps its title
                return None  # a longer title the agent is only the end of: "Senate President", "Party leader"
        code = "ELI" if FORMER.intersection(paragraph.keys[max(0, index - 2) : index]) else agent.code
        actor = Actor(id=f"~{code}", name=agent.phrase, code=code, sector=code[:3], source=agent.source)
        return Found(index, end, actor, "agent", TITLED_SCORE, actor, agent)
    return None
