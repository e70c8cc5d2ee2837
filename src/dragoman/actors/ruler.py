"""The entity ruler as a spaCy component: ``nlp.add_pipe("dragoman_entity_ruler")`` after
``register_entity_ruler()`` writes the knowledge base's names into ``doc.ents``, each with its actor id
(``ent.kb_id_``), for a spaCy pipeline of your own. dragoman's ``Pipeline`` runs the same ruler after the
model itself (``nlp.EntityRuler`` over ``actor_spans``), without adding it to a model other pipelines share.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..nlp import EntityRuler
from .kb import load_kb
from .resolve import actor_spans

if TYPE_CHECKING:
    from spacy.language import Language

FACTORY = "dragoman_entity_ruler"


def entity_ruler(
    actors: str | None = None, agents: str | None = None, actors_extra: tuple[str, ...] = ()
) -> EntityRuler:
    """A ruler over the bundled knowledge base, or the one these dictionary files make."""
    return EntityRuler(FACTORY, find=partial(actor_spans, kb=load_kb(actors, agents, tuple(actors_extra))))


def register_entity_ruler() -> None:
    """Make ``dragoman_entity_ruler`` a spaCy factory (once per process); its config names the dictionary
    files (``{"actors": PATH, "agents": PATH, "actors_extra": [PATH, …]}``, each optional)."""
    from spacy.language import Language

    if Language.has_factory(FACTORY):
        return

    @Language.factory(
        FACTORY,
        default_config={"actors": None, "agents": None, "actors_extra": []},
        assigns=["doc.ents", "token.ent_type", "token.ent_iob", "token.ent_kb_id"],
    )
    def make(
        nlp: Language, name: str, actors: str | None, agents: str | None, actors_extra: list[str]
    ) -> EntityRuler:
        return entity_ruler(actors, agents, tuple(actors_extra))
