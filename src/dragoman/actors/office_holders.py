"""Office holders from Wikidata (via every-politician-scrapers) as dated actor roles.

    python -m dragoman.actors.office_holders ../shared/dictionaries/everypolitician

reads ``holders.csv`` (one term of office a row), ``people.csv`` (gender, English Wikipedia title) and
``repos.csv`` (the date of each repository's snapshot) and writes ``data/actors/`` +
``everypolitician.actors.jsonl``: one person a line, each term a role whose code is the holder's country
and the sector its position label maps to (``data/actors/positions.tsv``; the country of each repository
in ``data/actors/everypolitician_countries.tsv``), with the source row on the role. A term left open in
the snapshot ends on the snapshot's date: after it, only the curated layer says who is still in office.
Out of office a person keeps the country with a non-government code (a last role, undated, read after the
terms: ELI for former government members, LEG for former legislators, OPP for opposition leaders, CVL
otherwise). People the curated layer already holds (same Wikidata QID or id) are left to it. Prints the
counts and the position labels no pattern maps.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DictionaryError
from .codes import ARMED_SECTORS, country_of
from .files import DATA_DIR
from .names import phrase_key

OUT_FILE = "everypolitician.actors.jsonl"
SOURCE = "Wikidata via every-politician-scrapers, CC0 (see FORMAT.md)"
COUNTRIES_FILE = "everypolitician_countries.tsv"
POSITIONS_FILE = "positions.tsv"
SKIP = "-"
WORLD = "IGO"
# Out of office, by the most senior sector ever held.
FORMER = {"GOV": "ELI", "MIL": "ELI", "SPY": "ELI", "COP": "ELI", "ELI": "ELI", "OPP": "OPP", "LEG": "LEG"}
FORMER_DEFAULT = "CVL"
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Position:
    pattern: re.Pattern[str]
    code: str  # a sector, a whole code (world set) or SKIP


@dataclass(slots=True)
class Report:
    rows: int = 0
    people: int = 0
    roles: int = 0
    left_to_curated: int = 0
    skipped_country: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[str] = field(default_factory=list)


def read_table(path: Path, columns: int) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns:
            raise DictionaryError(f"{path}:{number}: expected {columns} tab-separated columns")
        rows.append((number, cells))
    return rows[1:]  # the header


def read_positions(path: Path = DATA_DIR / POSITIONS_FILE) -> list[Position]:
    positions = []
    for number, cells in read_table(path, 2):
        try:
            positions.append(Position(re.compile(cells[0], re.IGNORECASE), cells[1].strip()))
        except re.error as error:
            raise DictionaryError(f"{path}:{number}: bad pattern ({error})") from error
    return positions


def read_countries(path: Path = DATA_DIR / COUNTRIES_FILE) -> dict[str, str]:
    return {cells[0].strip(): cells[1].strip() for _number, cells in read_table(path, 2)}


def position_code(label: str, country: str, positions: list[Position]) -> str | None:
    """The role code of ``label`` held for ``country``: None when no pattern maps it, SKIP when one
    deliberately does not code it."""
    for position in positions:
        if position.pattern.search(label):
            if position.code == SKIP:
                return SKIP
            if country == WORLD:
                return position.code if position.code.startswith(WORLD) else SKIP
            return country + position.code if len(position.code) == 3 else SKIP
    return None


def iso_day(value: str, *, last: bool) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a day: the first of the period, or its last."""
    match = PARTIAL_DATE.match(value.strip())
    if not match:
        return None
    year = int(match[1])
    month = int(match[2] or (12 if last else 1))
    if not 1 <= month <= 12:
        return None
    day = int(match[3]) if match[3] else (calendar.monthrange(year, month)[1] if last else 1)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def out_of_office(roles: list[dict]) -> dict | None:
    """The undated role a person holds on every date no term covers: the country of their latest national
    office with ELI (a former member of government), OPP, LEG (a former legislator) or CVL; None for people
    with no national office, or with an armed group's (a rebel leader out of a role is not a civilian)."""
    national = [r for r in roles if country_of(r["code"]) and (r.get("from") or r.get("to"))]
    if not national or any(r["code"][3:6] in ARMED_SECTORS for r in national):
        return None
    latest = max(national, key=lambda r: (r.get("from") or "", r.get("to") or ""))
    sectors = {r["code"][3:6] for r in national}
    former = next((FORMER[s] for s in FORMER if s in sectors), FORMER_DEFAULT)
    return {
        "code": f"{country_of(latest['code'])}{former}",
        "from": None,
        "to": None,
        "source": "out of office",
    }


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", phrase_key(name)).strip("-") or "person"


def _curated_keys(path: Path) -> tuple[set[str], set[str]]:
    ids, qids = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            ids.add(data["id"])
            if data.get("wikidata"):
                qids.add(data["wikidata"])
    return ids, qids


def build(source: Path, out_dir: Path = DATA_DIR) -> Report:
    """Write ``everypolitician.actors.jsonl`` from the snapshot in ``source``; the counts and problems."""
    report = Report()
    terms, names = _read_terms(source, report)
    people = {}
    with open(source / "people.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            people[row["wikidata"]] = row
    curated_ids, curated_qids = _curated_keys(out_dir / "curated.jsonl")
    used: Counter[str] = Counter(slug(name) for qid, name in names.items())
    lines = []
    for qid in sorted(terms, key=lambda q: (slug(names[q]), int(q[1:]))):
        name = names[qid]
        person_id = slug(name) if used[slug(name)] == 1 else f"{slug(name)}-{qid.lower()}"
        if qid in curated_qids or person_id in curated_ids:
            report.left_to_curated += 1
            continue
        entry = _person_entry(qid, name, person_id, terms[qid], people.get(qid, {}))
        lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        report.people += 1
        report.roles += len(entry["roles"])
    (out_dir / OUT_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def _read_terms(source: Path, report: Report) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """The roles of each person (QID) in ``holders.csv`` and each person's name; problems in ``report``."""
    positions = read_positions()
    countries = read_countries()
    snapshots = {}
    with open(source / "repos.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            snapshots[row["country_repo"]] = row["head_date"][:10]
    terms: dict[str, list[dict]] = defaultdict(list)
    names: dict[str, str] = {}
    with open(source / "holders.csv", encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 2):
            report.rows += 1
            term = _term(row, f"holders.csv:{number}", countries, positions, snapshots, report)
            if term is not None:
                qid = row["wikidata"].strip()
                terms[qid].append(term)
                names.setdefault(qid, row["person"].strip())
    return terms, names


def _term(
    row: dict[str, str],
    where: str,
    countries: dict[str, str],
    positions: list[Position],
    snapshots: dict[str, str],
    report: Report,
) -> dict | None:
    """One row of ``holders.csv`` as a role, or None (counted or reported in ``report``)."""
    repo, label, qid = row["country_repo"], row["position"].strip(), row["wikidata"].strip()
    country = countries.get(repo)
    if country is None:
        report.bad_rows.append(f"{where}: repository {repo!r} not in {COUNTRIES_FILE}")
        return None
    if country == SKIP:
        report.skipped_country += 1
        return None
    if not re.fullmatch(r"Q\d+", qid) or not row["person"].strip():
        report.bad_rows.append(f"{where}: no person or QID ({qid!r})")
        return None
    code = position_code(label, country, positions)
    if code is None:
        report.unmapped[label] += 1
        return None
    if code == SKIP:
        return None
    start = iso_day(row["start"], last=False) if row["start"] else None
    end = iso_day(row["end"], last=True) if row["end"] else snapshots.get(repo)
    if (row["start"] and start is None) or (row["end"] and end is None):
        report.bad_rows.append(f"{where}: date {row['start']!r}..{row['end']!r} is not YYYY[-MM[-DD]]")
        return None
    if start and end and end < start:
        end = start  # a term that ended the day it began, or a snapshot older than the term
    open_end = " (open in the snapshot)" if not row["end"] else ""
    return {"code": code, "from": start, "to": end, "source": f"{where} {label}{open_end}"}


def _person_entry(qid: str, name: str, person_id: str, terms: list[dict], person: dict[str, str]) -> dict:
    """The JSON object of one office holder: dated roles, the out-of-office role, aliases, gender."""
    roles = sorted(terms, key=lambda r: (r["from"] or "", r["to"] or ""))
    latest = max(roles, key=lambda r: (r["to"] or "9999", r["from"] or ""))
    country = next((r["code"][:3] for r in reversed(roles) if not r["code"].startswith(WORLD)), None)
    former = out_of_office(roles)
    if former is not None:
        roles.append(former)
    aliases = [name]
    title = re.sub(r"\s*\([^)]*\)$", "", person.get("enwiki", "")).strip()
    if title and title != name:
        aliases.append(title)
    entry = {
        "id": person_id,
        "name": name,
        "code": latest["code"],
        "kind": "person",
        "wikidata": qid,
        "aliases": aliases,
        "roles": roles,
        "source": SOURCE,
    }
    gender = {"male": "m", "female": "f"}.get(person.get("gender", ""))
    if gender:
        entry["gender"] = gender
    if country:
        entry["country"] = country
    return entry


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m dragoman.actors.office_holders EVERYPOLITICIAN_DIR", file=sys.stderr)
        return 2
    report = build(Path(argv[0]))
    print(
        f"{OUT_FILE}: {report.people} people, {report.roles} roles from {report.rows} rows; "
        f"{report.left_to_curated} left to the curated layer; {report.skipped_country} rows of skipped "
        f"governments; {len(report.bad_rows)} bad rows"
    )
    for line in report.bad_rows:
        print(line)
    unmapped = report.unmapped
    print(f"{sum(unmapped.values())} rows with {len(unmapped)} position labels no pattern maps:")
    for label, count in unmapped.most_common():
        print(f"  {count}\t{label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
