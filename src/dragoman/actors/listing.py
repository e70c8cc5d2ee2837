"""Listing the knowledge base: which actors a name or code prefix finds, and what they were on a date."""

from __future__ import annotations

from ..model import Actor
from .kb import ActorKB
from .names import phrase_key


def list_actors(
    kb: ActorKB, query: str | None = None, code_prefix: str | None = None, at: str | None = None
) -> list[Actor]:
    """Actors whose name or an alias contains ``query`` (case, accents and punctuation ignored) and whose
    code starts with ``code_prefix`` (the code on ``at`` when given, else any code they ever had).

    Order: actors with a name equal to the query first, then those with a name holding it as whole words, then
    the rest; within each, the curated supplement and user files before the older dictionaries.
    """
    key = phrase_key(query) if query else ""
    tier: dict[str, int] = {}  # 0: a name equal to the query, 1: containing it as words, 2: as a substring
    if key:
        ids: dict[str, None] = {}
        padded = f" {key} "
        for alias_key, alias_ids in kb.alias_keys().items():
            if key in alias_key:
                level = 0 if alias_key == key else 1 if padded in f" {alias_key} " else 2
                for actor_id in alias_ids:
                    ids[actor_id] = None
                    tier[actor_id] = min(level, tier.get(actor_id, 2))
        candidates = [actor for actor_id in ids if (actor := kb.get(actor_id)) is not None]
    else:
        candidates = list(kb)
    prefix = code_prefix.upper() if code_prefix else None
    if prefix:
        candidates = [a for a in candidates if any(c.startswith(prefix) for c in _codes(kb, a, at))]
    order = {actor_id: position for position, actor_id in enumerate(kb.ids())}
    return sorted(
        candidates,
        key=lambda a: (tier.get(a.id, 2), -order.get(a.id, 0), a.name.casefold()),
    )


def _codes(kb: ActorKB, actor: Actor, at: str | None) -> list[str]:
    if at:
        code = kb.code_on(actor, at)
        return [code] if code else []
    return [actor.code, *(role.code for role in actor.roles)]
