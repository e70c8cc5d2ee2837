"""Reading actor and agent files: dragoman's JSONL format (``data/actors/FORMAT.md``), validated line by line
with problems reported as ``file:line``, and TABARI/PETRARCH dictionaries (:mod:`dragoman.actors.tabari`)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import DictionaryError
from ..model import Actor, Role
from .agents import Agent
from .codes import describe_code
from .tabari import load_tabari_actors, load_tabari_agents

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
# Office holders from Wikidata, built by ``python -m dragoman.actors.office_holders``; read between Phoenix
# and the curated layer, so the curated entries win.
OFFICE_HOLDERS = "everypolitician.actors.jsonl"
# Non-state armed groups from the UCDP actor list, built by ``python -m dragoman.actors.ucdp``; read after
# the office holders and before the curated layer.
ARMED_GROUPS = "ucdp.actors.jsonl"

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


def report(problems: list[DictionaryError] | None, message: str) -> None:
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
            report(problems, str(data))
            continue
        where = f"{path.name}:{number}"
        try:
            actor = actor_from_json(data, where)
            replaces = data.get("replaces") or []  # type: ignore[union-attr]
            if not isinstance(replaces, list) or not all(isinstance(r, str) for r in replaces):
                raise DictionaryError(f"{where}: 'replaces' must be a list of actor ids")
        except DictionaryError as error:
            report(problems, f"{error}; line skipped")
            continue
        yield actor, tuple(replaces)


def load_agent_jsonl(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Agent]:
    """The agents of a file in dragoman's JSONL format; bad lines are reported (``file:line``) and skipped."""
    path = Path(path)
    agents = []
    for number, data in _read_jsonl(path):
        where = f"{path.name}:{number}"
        if isinstance(data, DictionaryError):
            report(problems, str(data))
        elif (
            not isinstance(data, dict)
            or not isinstance(data.get("phrase"), str)
            or not isinstance(data.get("code"), str)
            or not _CODE_TEXT.match(data["code"])
        ):
            report(problems, f"{where}: an agent needs a 'phrase' and a 'code'; line skipped")
        else:
            agents.append(Agent.from_dict(data))
    return agents


def _read_trusted(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a bundled actor file, unvalidated (a test validates every line)."""
    return [data for _number, data in _read_jsonl(path) if isinstance(data, dict)]


def entries(
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
