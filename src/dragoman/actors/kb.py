"""The actor knowledge base: actors and agents indexed by name, with their codes as of a date.

Files are read by kind: ``.jsonl`` files in dragoman's own format (``data/actors/FORMAT.md``), anything else
as a TABARI/PETRARCH dictionary (:mod:`dragoman.actors.tabari`). Later files take precedence: an actor whose
``id`` is already known replaces the earlier entry whole, and when two actors share an alias, the one loaded
later is returned first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DictionaryError
from ..model import Actor, Mention
from .agents import Agent
from .codes import code_segments, describe_code
from .composed import compose_code, composed_name, split_composed_id
from .files import ARMED_GROUPS, DATA_DIR, OFFICE_HOLDERS, entries, load_agents, report
from .names import phrase_key
from .tabari import NULL_CODE


class ActorKB:
    """Actors and agents, looked up by name.

    >>> kb = ActorKB([Actor("syria", "Syria", "SYR", aliases=("Syria", "Syrian"))],
    ...              [Agent("opposition", ("opposition",), "OPP")])
    >>> kb.lookup("SYRIAN").code, kb.agent("opposition").compose("SYR")
    ('SYR', 'SYROPP')
    """

    def __init__(
        self,
        actors: Iterable[Actor] = (),
        agents: Iterable[Agent] = (),
        problems: Sequence[DictionaryError] = (),
    ) -> None:
        self.problems: list[DictionaryError] = list(problems)
        # Bundled entries stay JSON objects until asked for: building 27,000 Actor records would double the
        # knowledge base's load time, and an article needs a few dozen.
        self._actors: dict[str, Actor | dict[str, Any]] = {}
        for actor in actors:
            self.add(actor)
        self._agents: dict[str, Agent] = {}
        self.agent_list: list[Agent] = []
        for agent in agents:
            self.add_agent(agent)
        self._alias_index: dict[str, list[str]] | None = None
        self._metonym_index: dict[str, list[str]] | None = None
        self._derived: dict[str, Any] = {}

    # -- building -------------------------------------------------------------------------------------------

    def add(self, actor: Actor | dict[str, Any], replaces: Sequence[str] = ()) -> None:
        """Add an actor (or its trusted JSON object); one with the same id, or listed in ``replaces`` (a
        renamed or merged entry), is removed."""
        if isinstance(actor, dict):
            actor_id = actor["id"]
            replaces = [*replaces, *actor.get("replaces", ())]
        else:
            actor_id = actor.id
        for old in [actor_id, *replaces]:
            self._actors.pop(old, None)
        self._actors[actor_id] = actor
        self._alias_index = self._metonym_index = None

    def add_agent(self, agent: Agent) -> None:
        """Add an agent; its forms replace those of agents added before."""
        self.agent_list.append(agent)
        for form in agent.forms:
            self._agents[phrase_key(form)] = agent

    @classmethod
    def from_files(
        cls,
        actors: Sequence[str | Path] = (),
        agents: Sequence[str | Path] = (),
        extra: Sequence[str | Path] = (),
    ) -> ActorKB:
        """A knowledge base from actor files, agent files and extra actor files (in that order of loading).

        Problems with lines are collected in ``kb.problems`` (and logged); codes in ``extra`` files that use
        a part no other file uses are reported as unknown (the actor still loads).
        """
        problems: list[DictionaryError] = []
        kb = cls(problems=problems)
        for path in actors:
            for entry, replaces in entries(Path(path), problems):
                kb.add(entry, replaces)
        for path in agents:
            for agent in load_agents(path, problems):
                kb.add_agent(agent)
        known = kb.code_parts() if extra else set()
        for path in extra:
            for actor, replaces in entries(Path(path), problems):
                if isinstance(actor, dict):
                    actor = Actor.from_dict(actor)
                codes = {actor.code, *(role.code for role in actor.roles)}
                unknown = sorted({p for c in codes for p in code_segments(c)} - known) if known else []
                if unknown:
                    report(
                        problems,
                        f"{Path(path).name}: {actor.id}: unknown code part {unknown[0]!r} in "
                        f"{'/'.join(sorted(codes))}; check the code (CAMEO country + sector)",
                    )
                kb.add(actor, replaces)
        kb.problems = problems
        return kb

    @classmethod
    def bundled(
        cls,
        actors: str | Path | None = None,
        agents: str | Path | None = None,
        extra: Sequence[str | Path] = (),
    ) -> ActorKB:
        """The bundled knowledge base (``data/actors``): converted Phoenix dictionaries, office holders and
        UCDP armed groups, then the curated supplement. ``actors``/``agents`` replace the bundled files of
        that kind; ``extra`` add to them."""
        layers = ("phoenix.actors.jsonl", OFFICE_HOLDERS, ARMED_GROUPS, "curated.jsonl")
        actor_files = [actors] if actors else [DATA_DIR / name for name in layers]
        agent_files = (
            [agents] if agents else [DATA_DIR / "phoenix.agents.jsonl", DATA_DIR / "curated.agents.jsonl"]
        )
        return cls.from_files(
            [p for p in actor_files if Path(p).exists() or p == actors],
            [p for p in agent_files if Path(p).exists() or p == agents],
            extra,
        )

    # -- lookup ---------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def ids(self) -> list[str]:
        """Actor ids in load order (later files last)."""
        return list(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return (self._entry(actor_id) for actor_id in list(self._actors))

    def _entry(self, actor_id: str) -> Actor:
        entry = self._actors[actor_id]
        if isinstance(entry, dict):
            entry = self._actors[actor_id] = Actor.from_dict(entry)
        return entry

    def people_in(self, mentions: Iterable[Mention]) -> dict[tuple[int, int], str | None]:
        """The spans of ``mentions`` that resolved to a person, with the person's gender where known."""
        people: dict[tuple[int, int], str | None] = {}
        for mention in mentions:
            actor = self.get(mention.actor_id) if mention.actor_id else None
            if actor is not None and actor.kind == "person":
                people[(mention.start, mention.end)] = actor.gender
        return people

    def derived(self, name: str, build: Callable[[ActorKB], Any]) -> Any:
        """A table built from this knowledge base on first use and kept with it (the scan's lookups, the
        office index)."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]

    def role_rows(self) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
        """(actor id, code, from, to, source) of every dated role of every person, without building the
        actors (the office index reads them all once)."""
        for actor_id, entry in list(self._actors.items()):
            if isinstance(entry, dict):
                if entry.get("kind") != "person":
                    continue
                for role in entry.get("roles") or ():
                    if role.get("from") or role.get("to"):
                        yield actor_id, role["code"], role.get("from"), role.get("to"), role.get("source")
            elif entry.kind == "person":
                for item in entry.roles:
                    if item.start or item.end:
                        yield actor_id, item.code, item.start, item.end, item.source

    def states(self) -> Iterator[Actor]:
        """The actors that are states, in load order, without building every other entry (a bundled entry
        stays a JSON object until it is asked for)."""
        for actor_id, entry in list(self._actors.items()):
            if isinstance(entry, dict):
                code = entry.get("code") or ""
                if entry.get("kind", "state" if len(code) == 3 else None) != "state":
                    continue
            elif entry.kind != "state":
                continue
            yield self._entry(actor_id)

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id (composed ids such as ``syria~OPP`` or ``palestine^NGO`` are built on
        request)."""
        if actor_id in self._actors:
            return self._entry(actor_id)
        base_id, prefix, code = split_composed_id(actor_id)
        if code and base_id in self._actors:
            return self.compose(self._entry(base_id), code, prefix)
        return None

    def compose(self, base: Actor, agent_code: str, prefix: bool = False) -> Actor:
        """The actor "``base``'s ``agent_code``" (Syria + OPP → id ``syria~OPP``, code SYROPP)."""
        code = compose_code(base.code, agent_code, prefix)
        country, sector, kind = describe_code(code)
        return Actor(
            id=f"{base.id}{'^' if prefix else '~'}{agent_code}",
            name=composed_name(base, agent_code),
            code=code,
            country=country,
            sector=sector,
            kind=kind,
            source=f"composed: {base.id} + {agent_code}",
        )

    def _indexes(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._alias_index is None or self._metonym_index is None:
            aliases: dict[str, list[str]] = {}
            metonyms: dict[str, list[str]] = {}
            # Later actors first: the curated supplement and user files win over older dictionaries.
            for actor_id, entry in reversed(self._actors.items()):
                if isinstance(entry, dict):
                    names = [entry["name"], *entry.get("aliases", ())]
                    places = entry.get("metonyms", ())
                else:
                    names, places = [entry.name, *entry.aliases], entry.metonyms
                for name in names:
                    ids = aliases.setdefault(phrase_key(name), [])
                    if actor_id not in ids:
                        ids.append(actor_id)
                for place in places:
                    ids = metonyms.setdefault(phrase_key(place), [])
                    if actor_id not in ids:
                        ids.append(actor_id)
            self._alias_index, self._metonym_index = aliases, metonyms
        return self._alias_index, self._metonym_index

    def alias_keys(self) -> dict[str, list[str]]:
        """Every alias key (see :func:`~dragoman.actors.names.phrase_key`) → ids of the actors it names."""
        return self._indexes()[0]

    def metonym_keys(self) -> dict[str, list[str]]:
        """Every metonym key → ids of the actors the place stands for when it acts."""
        return self._indexes()[1]

    def match(self, phrase: str) -> list[Actor]:
        """Every actor named ``phrase`` (case, accents and punctuation ignored), preferred first."""
        ids = self.alias_keys().get(phrase_key(phrase), [])
        return [self._entry(i) for i in ids]

    def lookup(self, phrase: str) -> Actor | None:
        """The preferred actor named ``phrase``, or None. A leading "the" is optional."""
        found = self.match(phrase)
        if not found:
            key = phrase_key(phrase)
            if key.startswith("the "):
                found = self.match(key[4:])
        return found[0] if found else None

    def agent(self, phrase: str) -> Agent | None:
        """The agent matched by ``phrase`` ("foreign ministers", "Troops"), or None."""
        return self._agents.get(phrase_key(phrase))

    def agent_keys(self) -> dict[str, Agent]:
        """Every agent form key → its agent."""
        return self._agents

    def code_parts(self) -> set[str]:
        """The three-letter parts used by the codes of every actor and agent (to check user codes)."""
        parts: set[str] = set()
        for entry in self._actors.values():
            if isinstance(entry, dict):
                codes = {entry["code"], *(role["code"] for role in entry.get("roles", ()))}
            else:
                codes = {entry.code, *(role.code for role in entry.roles)}
            for code in codes:
                parts.update(code_segments(code))
        for agent in self.agent_list:
            parts.update(code_segments(agent.code))
        return parts

    def code_of(self, actor_id: str, date: str | None) -> str | None:
        """The code of the actor ``actor_id`` on ``date`` (for an event dated otherwise than its article); a
        composed id (``syria~OPP``) takes its base's code on that date, then the agent's."""
        base_id, prefix, agent_code = split_composed_id(actor_id)
        base = self.get(base_id)
        if base is None:
            return None
        code = self.code_on(base, date)
        if not agent_code or code is None:
            return code
        return compose_code(code, agent_code, prefix)

    @staticmethod
    def code_on(actor: Actor, date: str | None) -> str | None:
        """The code ``actor`` held on ``date`` (ISO), TABARI's way; None for the null code ``---``.

        With a date, the first role in order that holds on it (an undated role always holds); None when no
        role holds. Without a date, ``actor.code`` (its latest role). Actors without roles keep ``code``.
        """
        if date is None or not actor.roles:
            code = actor.code
        else:
            code = next((role.code for role in actor.roles if role.holds_on(date)), None)
        return None if code is None or code == NULL_CODE else code


def load_kb_for(settings: Any) -> ActorKB:
    """``load_kb`` with the dictionaries a ``Settings`` names (``actors``, ``agents``, ``actors_extra``)."""
    return load_kb(settings.actors, settings.agents, tuple(settings.actors_extra))


@cache
def load_kb(actors: str | None = None, agents: str | None = None, extra: tuple[str, ...] = ()) -> ActorKB:
    """The bundled knowledge base with these replacements and additions, loaded once per process (a Dask
    worker loads its own). Treat it as read-only: pipelines of the process share it."""
    return ActorKB.bundled(actors, agents, extra)
