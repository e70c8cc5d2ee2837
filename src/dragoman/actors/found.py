"""A resolved stretch of a paragraph (``Found``) and the merging of a title with the name after it
("Turkish Foreign Minister Mevlut Cavusoglu" is one mention of the minister)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor
from .agents import Agent

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Found:
    """A resolved stretch of a paragraph: token range, actor, how, score, and the base actor for dating."""

    start: int
    end: int
    actor: Actor
    how: str
    score: float
    dated: Actor
    agent: Agent | None = None
    igo: bool = False


def tail(found: Found) -> tuple:
    """The fields of ``found`` after its start and end."""
    return (found.actor, found.how, found.score, found.dated, found.agent, found.igo)


def merge_titles(doc: Doc, found: list[Found]) -> list[Found]:
    """A composed title right before a person's name, or before it and a comma, is one mention of that
    person ("Turkish Foreign Minister Mevlut Cavusoglu", "Russia's envoy to the UN, Vitaly Churkin"); before
    a name the KB does not know, the title takes the name in."""
    merged: list[Found] = []
    for item in found:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.how == "composed"
            and item.how == "alias"
            and item.actor.kind == "person"
            and (
                item.start == previous.end
                or (
                    # "Russia's envoy to the UN, Vitaly Churkin" but not "Republican primary voters, Cruz"
                    item.start == previous.end + 1
                    and doc[previous.end].text == ","
                    and doc[previous.end - 1].tag_ not in {"NNS", "NNPS"}
                )
            )
        ):
            merged[-1] = Found(previous.start, item.end, item.actor, "alias", item.score, item.dated)
            continue
        if (
            previous is not None
            and previous.how == "composed"
            and item.how == "alias"
            and item.start == previous.end
            and item.actor.kind != "person"
            and item.actor.code == previous.dated.code
        ):
            # "Bree Prime Minister Romendacil" where the dictionary gives the name only its country's code
            merged[-1] = Found(previous.start, item.end, *tail(previous))
            continue
        merged.append(item)
    out = []
    for item in merged:
        if (
            item.how == "composed"
            and item.end < len(doc)
            and doc[item.end].ent_type_ == "PERSON"
            and doc[item.end].ent_iob_ == "B"
        ):
            end = item.end
            while (
                end < len(doc)
                and doc[end].ent_type_ == "PERSON"
                and (end == item.end or doc[end].ent_iob_ == "I")
            ):
                end += 1
            if not any(f.start < end and item.end <= f.start for f in merged if f is not item):
                item = Found(
                    item.start, end, item.actor, item.how, item.score, item.dated, item.agent, item.igo
                )
        out.append(item)
    return out
