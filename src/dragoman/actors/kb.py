"""The actor knowledge base: actors and agents indexed by name, with their codes as of a date.

Files are read by kind: ``.jsonl`` files in dragoman's own format (``data/actors/FORMAT.md``), anything else
as a TABARI/PETRARCH dictionary (:mod:`dragoman.actors.tabari`). Later files take precedence: an actor whose
``id`` is already known replaces the earlier entry whole, and when two actors share an alias, the one loaded
later is returned first.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DictionaryError
from ..model import Actor, Mention, Role
from .agents import Agent
from .codes import code_segments, describe_code
from .names import phrase_key
from .tabari import NULL_CODE, load_tabari_actors, load_tabari_agents

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
# Office holders from Wikidata, built by ``python -m dragoman.actors.office_holders``; read between Phoenix
# and the curated layer, so the curated entries win.
OFFICE_HOLDERS = "everypolitician.actors.jsonl"
ARMED_GROUPS = "ucdp.actors.jsonl"

# Labels for the names of composed actors ("Syria" + OPP → "Syria opposition"): a data file.
SECTOR_LABELS_FILE = "sector_labels.tsv"


@cache
def sector_labels() -> dict[str, str]:
    """CAMEO sector code → the label a composed actor's name ends with (``sector_labels.tsv``)."""
    labels = {}
    with open(DATA_DIR / SECTOR_LABELS_FILE, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                code, _, label = line.rstrip("\n").partition("\t")
                labels[code.strip()] = label.strip()
    return labels


def composed_name(base: Actor, agent_code: str) -> str:
    """ "Syria opposition" for Syria + OPP; a base that is not a state keeps its name (the Republican Party,
    not "Republican Party party"; PepsiCo, not "PepsiCo government"), and so does one already named so."""
    label = sector_labels().get(agent_code[:3])
    if base.kind != "state" or label is None or label.lower() in base.name.lower():
        return base.name
    return f"{base.name} {label}"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE_TEXT = re.compile(r"^[A-Z0-9/+~-]+$")
_ACTOR_KEYS = {
    "id",
    "gender",
    "name",
    "code",
    "country",
    "sector",
    "kind",
    "wikidata",
    "aliases",
    "roles",
    "source",
    "metonyms",
    "replaces",
}
KINDS = {"state", "organisation", "armed_group", "person", "group"}


def _report(problems: list[DictionaryError] | None, message: str) -> None:
    log.warning("%s", message)
    if problems is not None:
        problems.append(DictionaryError(message))


def _read_jsonl(path: Path) -> Iterable[tuple[int, object]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DictionaryError(f"{path}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise DictionaryError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                yield (
                    number,
                    DictionaryError(
                        f"{path.name}:{number}: not valid JSON ({error.msg} at column {error.colno})"
                    ),
                )


def actor_from_json(data: object, where: str) -> Actor:
    """An actor from one object of dragoman's JSONL format; DictionaryError naming ``where`` when invalid."""
    if not isinstance(data, dict):
        raise DictionaryError(f"{where}: expected a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - _ACTOR_KEYS)
    if unknown:
        raise DictionaryError(
            f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(sorted(_ACTOR_KEYS))})"
        )
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise DictionaryError(f"{where}: {key!r} must be a non-empty string")
    roles = []
    for role in data.get("roles") or []:
        if not isinstance(role, dict) or not isinstance(role.get("code"), str):
            raise DictionaryError(f"{where}: each role needs a 'code' string, got {role!r}")
        for key in ("from", "to"):
            if role.get(key) is not None and not (isinstance(role[key], str) and _ISO_DATE.match(role[key])):
                raise DictionaryError(f"{where}: role {role['code']}: {key!r} must be YYYY-MM-DD or null")
        if role.get("from") and role.get("to") and role["to"] < role["from"]:
            raise DictionaryError(f"{where}: role {role['code']} ends before it starts")
        if role.get("source") is not None and not isinstance(role["source"], str):
            raise DictionaryError(f"{where}: role {role['code']}: 'source' must be a string")
        roles.append(Role(role["code"].upper(), role.get("from"), role.get("to"), role.get("source")))
    code = data.get("code") or (max(roles, key=lambda r: r.start or "").code if roles else None)
    if not isinstance(code, str):
        raise DictionaryError(f"{where}: needs a 'code' (or roles)")
    for checked in [code.upper(), *(r.code for r in roles)]:
        if not _CODE_TEXT.match(checked):
            raise DictionaryError(f"{where}: {checked!r} is not a code (letters, digits, /)")
    for key in ("aliases", "metonyms"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise DictionaryError(f"{where}: {key!r} must be a list of non-empty strings")
    if data.get("kind") is not None and data["kind"] not in KINDS:
        raise DictionaryError(f"{where}: kind {data['kind']!r} is not one of {', '.join(sorted(KINDS))}")
    if data.get("gender") not in (None, "m", "f"):
        raise DictionaryError(f"{where}: gender {data['gender']!r} is not m or f")
    wikidata = data.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and re.fullmatch(r"Q\d+", wikidata)):
        raise DictionaryError(f"{where}: wikidata {wikidata!r} is not a QID like Q7747")
    country, sector, kind = describe_code(code, dated=bool(roles))
    return Actor(
        id=data["id"],
        name=data["name"],
        code=code.upper(),
        country=data.get("country", country),
        sector=data.get("sector", sector),
        kind=data.get("kind") or kind,
        wikidata=wikidata,
        aliases=tuple(dict.fromkeys([data["name"], *(data.get("aliases") or [])])),
        roles=tuple(roles),
        source=data.get("source") or where,
        metonyms=tuple(data.get("metonyms") or []),
        gender=data.get("gender"),
    )


def load_actor_jsonl(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Actor]:
    """The actors of a file in dragoman's JSONL format; bad lines are reported (``file:line``) and skipped."""
    return [actor for actor, _replaces in _actor_entries(Path(path), problems)]


def _actor_entries(
    path: Path, problems: list[DictionaryError] | None
) -> Iterator[tuple[Actor, tuple[str, ...]]]:
    """(actor, ids it replaces) for each valid line of a JSONL actor file."""
    for number, data in _read_jsonl(path):
        if isinstance(data, DictionaryError):
            _report(problems, str(data))
            continue
        where = f"{path.name}:{number}"
        try:
            actor = actor_from_json(data, where)
            replaces = data.get("replaces") or []  # type: ignore[union-attr]
            if not isinstance(replaces, list) or not all(isinstance(r, str) for r in replaces):
                raise DictionaryError(f"{where}: 'replaces' must be a list of actor ids")
        except DictionaryError as error:
            _report(problems, f"{error}; line skipped")
            continue
        yield actor, tuple(replaces)


def load_agent_jsonl(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Agent]:
    """The agents of a file in dragoman's JSONL format; bad lines are reported (``file:line``) and skipped."""
    path = Path(path)
    agents = []
    for number, data in _read_jsonl(path):
        where = f"{path.name}:{number}"
        if isinstance(data, DictionaryError):
            _report(problems, str(data))
        elif (
            not isinstance(data, dict)
            or not isinstance(data.get("phrase"), str)
            or not isinstance(data.get("code"), str)
            or not _CODE_TEXT.match(data["code"])
        ):
            _report(problems, f"{where}: an agent needs a 'phrase' and a 'code'; line skipped")
        else:
            agents.append(Agent.from_dict(data))
    return agents


def _read_trusted(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a bundled actor file, unvalidated (a test validates every line)."""
    return [data for _number, data in _read_jsonl(path) if isinstance(data, dict)]


def _entries(
    path: Path, problems: list[DictionaryError] | None
) -> Iterable[tuple[Actor | dict[str, Any], Sequence[str]]]:
    """What a file adds to a knowledge base: bundled JSON objects as they are, validated actors otherwise."""
    if _is_bundled(path):
        return ((data, ()) for data in _read_trusted(path))
    if path.suffix == ".jsonl":
        return _actor_entries(path, problems)
    return ((actor, ()) for actor in load_tabari_actors(path, problems))


def load_actors(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Actor]:
    """Actors from ``path``: dragoman JSONL when it ends in ``.jsonl``, else a TABARI/PETRARCH dictionary."""
    if str(path).endswith(".jsonl"):
        return load_actor_jsonl(path, problems)
    return load_tabari_actors(path, problems)


def _is_bundled(path: str | Path) -> bool:
    return str(path).endswith(".jsonl") and Path(path).resolve().parent == DATA_DIR


def load_agents(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Agent]:
    """Agents from ``path``: dragoman JSONL when it ends in ``.jsonl``, else a TABARI/PETRARCH dictionary."""
    if str(path).endswith(".jsonl"):
        return load_agent_jsonl(path, problems)
    return load_tabari_agents(path, problems)


def split_composed_id(actor_id: str) -> tuple[str, bool, str]:
    """(base id, whether the agent code goes first, agent code) of a composed id: ``syria~OPP`` (SYROPP) or
    ``palestine^NGO`` (NGOPSE); a plain id gives (id, False, "")."""
    for separator, prefix in (("~", False), ("^", True)):
        base_id, found, code = actor_id.partition(separator)
        if found:
            return base_id, prefix, code
    return actor_id, False, ""


def compose_code(actor_code: str, agent_code: str, prefix: bool = False) -> str:
    """An actor's code with an agent's: RUS + GOV → RUSGOV; PSE + NGO (prefix) → NGOPSE. An agent whose code
    the actor already carries adds nothing (USAGOV + GOV → USAGOV: "White House officials")."""
    parts = code_segments(actor_code)
    if all(part in parts for part in code_segments(agent_code)):
        return actor_code
    return agent_code + actor_code if prefix else actor_code + agent_code


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
            for entry, replaces in _entries(Path(path), problems):
                kb.add(entry, replaces)
        for path in agents:
            for agent in load_agents(path, problems):
                kb.add_agent(agent)
        known = kb.code_parts() if extra else set()
        for path in extra:
            for actor, replaces in _entries(Path(path), problems):
                if isinstance(actor, dict):
                    actor = Actor.from_dict(actor)
                codes = {actor.code, *(role.code for role in actor.roles)}
                unknown = sorted({p for c in codes for p in code_segments(c)} - known) if known else []
                if unknown:
                    _report(
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
        actor_files = (
            [actors]
            if actors
            else [
                DATA_DIR / "phoenix.actors.jsonl",
                DATA_DIR / OFFICE_HOLDERS,
                DATA_DIR / ARMED_GROUPS,
                DATA_DIR / "curated.jsonl",
            ]
        )
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


@cache
def load_kb(actors: str | None = None, agents: str | None = None, extra: tuple[str, ...] = ()) -> ActorKB:
    """The bundled knowledge base with these replacements and additions, loaded once per process (a Dask
    worker loads its own). Treat it as read-only: pipelines of the process share it."""
    return ActorKB.bundled(actors, agents, extra)
