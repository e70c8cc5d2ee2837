"""Non-state armed groups from the UCDP actor list as actors.

    python -m dragoman.actors.ucdp ../shared/dictionaries/ucdp

reads ``ucdp-actor-221.csv`` (Uppsala Conflict Data Program, UCDP Actor Dataset version 22.1) and writes
``data/actors/ucdp.actors.jsonl``: one non-state actor a line. ``Org`` 1 (rebel group) is coded
``{ISO3}REB``; ``Org`` 2 (militia) and ``Org`` 3 (ethnic or religious group in non-state conflict) are coded
``{ISO3}UAF`` (an armed force outside the state), but an ``Org`` 3 row is kept only when its name says it is
an armed formation (``ARMED_WORDS``): "Dinka" or "Muslims" name communities, and coding every mention of
them as an armed actor would be wrong. ``Org`` 4 (governments) is skipped, and so are the groups that
became a government or lawful party (``BECAME_GOVERNMENT``). The country is the first of
``Location`` (pycountry; the source notes when there were several). Names, English names and renamings
(``NameChange``/``NewName``) are the aliases, filtered by ``alias_problem``. An actor whose name or one of
whose aliases the Phoenix, office-holder or curated layers already hold is skipped as a duplicate (the
earlier layer wins); the build prints its counts and every alias it dropped.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from .files import DATA_DIR, OFFICE_HOLDERS
from .names import phrase_key

IN_FILE = "ucdp-actor-221.csv"
OUT_FILE = "ucdp.actors.jsonl"
SOURCE = "UCDP Actor Dataset 22.1, ActorId {id} (Uppsala Conflict Data Program; see FORMAT.md)"
LAYERS = ("phoenix.actors.jsonl", OFFICE_HOLDERS, "curated.jsonl")
SECTOR = {"1": "REB", "2": "UAF", "3": "UAF"}
# An Org 3 name is kept only with one of these words: otherwise it names a community, not a force.
ARMED_WORDS = re.compile(
    r"\b(militias?|forces?|army|armed|front|brigades?|movement|guards?|fighters|defen[cs]e|liberation|"
    r"mai-mai|mayi-mayi|anti-balaka|janjaweed|vigilantes?)\b",
    re.IGNORECASE,
)
# Words that, alone or together, name no particular group: an alias made only of them would match ordinary
# text ("the government", "opposition forces", "Islamic State" is not made only of them).
GENERIC = frozenset(
    """government opposition militia militias rebels rebel forces force army armed group groups faction
    factions the of and movement front party fighters insurgents guerrillas military people popular
    national liberation islamic muslim muslims christian christians tribe tribes clan clans supporters
    communists communist islamists jihadists al non other unknown n/a na resistance revolutionary
    revolutionaries council union alliance coalition organization organisation committee patriotic
    democratic republic republican soldiers youth mujahideen mujahidin
    royalists neutralists neutral neutre cobras ninjas outlaws greenlanders spiders elements return
    reclamation rehabilitation retour maidan marxist-leninist marksist-leninist counterrevolutionaries
    contrarevolucionarios jama'at jamaat rastas langa brotherhood""".split()
)
# "IS", "AQ", "FN": the KB matches a short alias only in capitals, but two letters still hit initials,
# units and headings; three capitals collide with the news' abbreviations ("PAC", "USC"), so only three
# with a digit ("M23") are kept.
MIN_LETTERS = 3
# Groups that became a state's government, army or a lawful party: UCDP's rows carry no dates, and coding
# today's ANC, Frelimo or SPLM as rebels would be wrong. Left to the curated layer (dated roles).
BECAME_GOVERNMENT = frozenset(
    """260 290 354 403 414 417 422 428 431 434 466 481 492 498 513 527 755 1117 6792 8201""".split()
)
# Acronyms that name a better-known party or government in the news (Angola's MPLA, Rwanda's RPF,
# Bolivia's MAS, Ghana's NDC), and a fragment of a split name.
OTHERS_ACRONYMS = frozenset({"mpla", "rpf", "fpr", "mas", "ndc", "pdf", "fdc", "a io"})
# "The" and one word: translations that are ordinary phrases ("The Base", "The Family", "The Nation").
THE_AND_A_WORD = re.compile(r"^the \S+$")
SPLIT = re.compile(r"\s*[,/]\s*")
PAREN = re.compile(r"\s*\(.*?\)")
COUNTRY_FIXES = {
    "russia": "RUS",
    "iran": "IRN",
    "syria": "SYR",
    "laos": "LAO",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "vietnam": "VNM",
    "south vietnam": "VNM",
    "moldova": "MDA",
    "dr congo": "COD",
    "congo": "COG",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "turkey": "TUR",
    "kosovo": "XKX",
    "palestine": "PSE",
    "south korea": "KOR",
    "north korea": "PRK",
    "macedonia": "MKD",
    "czechoslovakia": "CZE",
    "yugoslavia": "SRB",
    "serbia": "SRB",
    "east timor": "TLS",
    "swaziland": "SWZ",
}


@dataclass(slots=True)
class Report:
    rows: int = 0
    actors: int = 0
    governments: int = 0
    communities: int = 0
    became_government: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    several_countries: int = 0
    no_country: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)


def iso3(location: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a UCDP country name ("Russia (Soviet Union)" → "RUS")."""
    name = PAREN.sub("", location).strip()
    fixed = COUNTRY_FIXES.get(name.casefold())
    if fixed:
        return fixed
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        pass
    try:
        return pycountry.countries.search_fuzzy(name)[0].alpha_3
    except LookupError:
        return None


def alias_problem(alias: str, taken: set[str]) -> str | None:
    """Why ``alias`` must not be an alias (None when it may): too short, only generic words, or taken."""
    key = phrase_key(alias)
    letters = sum(ch.isalnum() for ch in key)
    if letters < MIN_LETTERS:
        return f"fewer than {MIN_LETTERS} letters or digits"
    if letters == MIN_LETTERS and alias.isalpha() and alias.isupper():
        # three capitals are the news' own abbreviations too: a super PAC, USC, the NSF, the CPC
        return "three capital letters"
    if all(word in GENERIC for word in key.split()) or alias.casefold() in GENERIC:
        return "only generic words"
    if THE_AND_A_WORD.match(key):
        return "'the' and one word"
    if key in OTHERS_ACRONYMS:
        return "another party's or government's acronym"
    if key in taken:
        return "held by an earlier layer"
    return None


def _names(row: dict[str, str]) -> list[str]:
    """English names first (the latest renaming first), then the short and original names."""
    values = [row.get("NewNameFullEng", ""), row.get("NameOrigFullEng", ""), row.get("NewName", "")]
    values += [row.get("NameData", ""), row.get("NameOrig", ""), row.get("NameOrigFull", "")]
    names: list[str] = []
    seen: set[str] = set()
    for index, value in enumerate(values):
        parts = [p for p in SPLIT.split(value) if p.strip()]
        if index in (0, 2):  # renamings: the latest is listed last
            parts.reverse()
        for part in parts:
            part = " ".join(part.split())
            key = phrase_key(part)
            if part.casefold() in ("n/a", "na") or not key or key in seen:
                continue
            seen.add(key)
            names.append(part)
    return names


def _taken_keys(data_dir: Path) -> set[str]:
    keys: set[str] = set()
    for name in LAYERS:
        path = data_dir / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                entry = json.loads(line)
                for alias in [entry.get("name", ""), *entry.get("aliases", [])]:
                    keys.add(phrase_key(alias))
    keys.discard("")
    return keys


def convert(rows: list[dict[str, str]], taken: set[str], report: Report) -> list[dict]:
    """The actor entries of UCDP ``rows`` (see the module docstring); ``taken``: keys earlier layers hold."""
    entries: list[dict] = []
    for row in rows:
        report.rows += 1
        org = row.get("Org", "").strip()
        actor_id = row.get("ActorId", "").strip()
        if org not in SECTOR:
            report.governments += 1
            continue
        if actor_id in BECAME_GOVERNMENT:
            report.became_government.append(f"{actor_id}\t{row.get('NameData', '')}")
            continue
        names = _names(row)
        if org == "3" and not any(ARMED_WORDS.search(n) for n in names):
            report.communities += 1
            continue
        # The same group: its name, or a name of several words, is held already (a lone acronym may be
        # another group's: that alias alone is dropped below).
        if any(phrase_key(n) in taken for n in names if n == names[0] or len(n.split()) > 1):
            report.duplicates.append(f"{actor_id}\t{row.get('NameData', '')}")
            continue
        locations = [p for p in row.get("Location", "").split(",") if p.strip()]
        country = iso3(locations[0]) if locations else None
        if country is None:
            report.no_country.append(f"{actor_id}\t{row.get('NameData', '')}\t{row.get('Location', '')}")
            continue
        kept = []
        for name in names:
            problem = alias_problem(name, taken)
            if problem:
                report.dropped[f"{name}\t{problem}"] += 1
            else:
                kept.append(name)
        if not kept:
            report.dropped[f"(actor {actor_id} left without a name)\tskipped"] += 1
            continue
        code = country + SECTOR[org]
        source = SOURCE.format(id=actor_id)
        if len(locations) > 1:
            report.several_countries += 1
            source += f"; first of {len(locations)} countries in Location: {row['Location']}"
        entry = {"id": f"ucdp-{actor_id}", "name": kept[0], "code": code, "kind": "armed_group"}
        if kept[1:]:
            entry["aliases"] = kept[1:]
        entry["source"] = source
        entries.append(entry)
        report.actors += 1
        report.by_code[SECTOR[org]] += 1
    return entries


def build(source_dir: Path, data_dir: Path = DATA_DIR) -> Report:
    """Convert ``source_dir``/``IN_FILE`` into ``data_dir``/``OUT_FILE``; returns what was done."""
    with (source_dir / IN_FILE).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    report = Report()
    entries = convert(rows, _taken_keys(data_dir), report)
    with (data_dir / OUT_FILE).open("w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m dragoman.actors.ucdp UCDP_DIR", file=sys.stderr)
        return 2
    report = build(Path(argv[0]))
    print(
        f"{OUT_FILE}: {report.actors} actors ({report.by_code['REB']} REB, {report.by_code['UAF']} UAF) from "
        f"{report.rows} rows; {report.governments} governments skipped; {report.communities} communities "
        f"(Org 3 without an armed word) skipped; {len(report.became_government)} that became a government "
        f"or party skipped; {len(report.duplicates)} skipped as duplicates of an earlier layer; "
        f"{len(report.no_country)} without a country; {report.several_countries} with several "
        f"countries (the first taken); {sum(report.dropped.values())} aliases dropped"
    )
    print("became a government or party (ActorId, NameData):")
    for line in report.became_government:
        print(f"  {line}")
    print("duplicates (ActorId, NameData):")
    for line in report.duplicates:
        print(f"  {line}")
    print("without a country:")
    for line in report.no_country:
        print(f"  {line}")
    print("dropped aliases (alias, why):")
    for line in sorted(report.dropped):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
