"""Titles resolved through the role held on the date: "the German chancellor", "Russia's foreign minister",
"the foreign minister of Turkey" are the person in that office on the article's date; "the chancellor" alone
is the holder in the title's own country (``titles.tsv``) when the article names that country.

An office is read from a dated role's source: the position of the office-holder data ("holders.csv:16696
Prime Minister") or the office of a curated role ("curated: Prime Minister of Italy …"), matched by the
patterns of ``offices.tsv``. With no date, or nobody in the office on it, the title stays its role (RUSGOV).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .context_words import words
from .found import Found
from .names import phrase_key

if TYPE_CHECKING:
    from ..model import Actor
    from .finder import ParagraphView
    from .kb import ActorKB
    from .scan import Scan

TITLE_SCORE = 0.85  # a title and its state: the holder on the date is all but certain
BARE_TITLE_SCORE = 0.7  # a title alone: its country comes from the title and the article
BLOCKERS = words("title_blockers")
ROLE_ONLY = words("not_holder")
# what may follow a title inside its mention: "the foreign minister of Turkey"
AFTER_TITLE = words("agent_prepositions")
_IMPORTED = re.compile(r"holders\.csv:\d+ (.+?)(?: \(open in the snapshot\))?$")
_CURATED = re.compile(r"curated: (.+?) of (?:the )?[A-Z]")
FAR_FUTURE = "9999-12-31"


@dataclass(frozen=True, slots=True)
class Title:
    office: str
    country: str | None  # the state the title alone means ("chancellor": DEU), or None


def _rows(name: str) -> list[list[str]]:
    path = resources.files("dragoman") / "data" / "actors" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@cache
def read_titles() -> dict[tuple[str, ...], Title]:
    """Title words (lookup keys) → the office it names (``titles.tsv``)."""
    return {
        tuple(phrase_key(title).split()): Title(office, None if country == "-" else country)
        for title, office, country, *_why in _rows("titles.tsv")
    }


@cache
def read_offices() -> list[tuple[str, re.Pattern[str], frozenset[str] | None]]:
    """(office, label pattern, countries or None for all) in file order (``offices.tsv``)."""
    return [
        (
            office,
            re.compile(pattern, re.IGNORECASE),
            None if countries == "-" else frozenset(countries.split()),
        )
        for office, pattern, countries, *_why in _rows("offices.tsv")
    ]


def office_label(source: str | None) -> str | None:
    """The office a role's source names ("Prime Minister"), or None."""
    if not source:
        return None
    match = _IMPORTED.match(source) or _CURATED.match(source)
    return match.group(1) if match else None


def office_of(label: str, country: str) -> str | None:
    for office, pattern, countries in read_offices():
        if (countries is None or country in countries) and pattern.fullmatch(label):
            return office
    return None


class OfficeIndex:
    """The terms of each office: (country, office) → (from, to, person id), from the government roles of the
    knowledge base's people."""

    def __init__(self, kb: ActorKB) -> None:
        self.terms: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for actor_id, code, start, end, source in kb.role_rows():
            label = office_label(source)
            if label is None or code[3:6] != "GOV" or not start:
                continue
            office = office_of(label, code[:3])
            if office is not None:
                self.terms.setdefault((code[:3], office), []).append((start, end or FAR_FUTURE, actor_id))

    def holder(self, country: str, office: str, date: str) -> str | None:
        """The person in ``office`` of ``country`` on ``date``: of several, the latest appointed (an
        imported term may run on to its snapshot's date after a successor took over)."""
        holding = [term for term in self.terms.get((country, office), ()) if term[0] <= date <= term[1]]
        return max(holding)[2] if holding else None


def offices_for(kb: ActorKB) -> OfficeIndex:
    """The office index of ``kb``, built on first use and kept with it."""
    return kb.derived("offices", OfficeIndex)


def title_in(keys: list[str]) -> tuple[Title, int, int] | None:
    """The title in a mention's words, with its word range: at the end ("the German chancellor") or before
    "of"/"in" ("the foreign minister of Turkey"); never after "deputy", "former", "shadow" …"""
    titles = read_titles()
    for start in range(len(keys)):
        for end in range(len(keys), start, -1):
            title = titles.get(tuple(keys[start:end]))
            if title is None:
                continue
            if (end == len(keys) or keys[end] in AFTER_TITLE) and not (start and keys[start - 1] in BLOCKERS):
                return title, start, end
    return None


def title_holder(found: Found, scan: Scan, paragraph: ParagraphView) -> Found | None:
    """The person a composed title names on the scan's date ("the German chancellor" → the chancellor
    then); also a dictionary's alias that is a state's name and a title ("US secretary of state")."""
    state = _titled_state(found, scan, paragraph)
    before = paragraph.keys[found.start - 1] if found.start else ""
    if scan.date is None or state is None or before in BLOCKERS or before in ROLE_ONLY:
        return None
    keys = [key for key in paragraph.keys[found.start : found.end] if key]
    hit = title_in(keys)
    if hit is None or (found.how == "alias" and hit[1] == 0):
        return None  # a dictionary's alias is a title only after the state's name
    kb = scan.kb
    person = offices_for(kb).holder(state.code[:3], hit[0].office, scan.date)
    actor = kb.get(person) if person else None
    if actor is None:
        return None
    return Found(found.start, found.end, actor, "title", TITLE_SCORE, actor)


def _titled_state(found: Found, scan: Scan, paragraph: ParagraphView) -> Actor | None:
    """The state of a government title: the base of a composition with a GOV agent, or the state whose
    one-word name opens an institution's alias ("German chancellor", "US secretary of state")."""
    if found.how == "composed" and found.dated.kind == "state" and found.agent is not None:
        return found.dated if found.agent.code[:3] == "GOV" else None
    if found.how != "alias" or found.actor.kind in {"person", "state"} or found.end - found.start < 2:
        return None
    ids = scan.finder.aliases.get(paragraph.keys[found.start])
    if not ids:
        return None
    state, _ambiguous = scan.pick(ids)
    return state if state.kind == "state" else None


def bare_titles(paragraph: ParagraphView, taken: list[bool], kb: ActorKB, date: str | None) -> list[Found]:
    """ "the chancellor": a title after "the", alone (no name, state or "of" after it), whose title says its
    country; the holder on ``date``. The caller keeps those whose country the article names."""
    if date is None:
        return []
    found = []
    keys = paragraph.keys
    for index in range(1, len(keys)):
        if keys[index - 1] != "the" or taken[index] or (index > 1 and keys[index - 2] in BLOCKERS):
            continue
        for words_, title in read_titles().items():
            end = index + len(words_)
            if title.country is None or tuple(keys[index:end]) != words_ or any(taken[index:end]):
                continue
            if end < len(keys) and (keys[end] in AFTER_TITLE or paragraph.pos[end] == "PROPN" or taken[end]):
                continue  # "the chancellor of the exchequer", "the chancellor Angela Merkel"
            person = offices_for(kb).holder(title.country, title.office, date)
            actor = kb.get(person) if person else None
            if actor is not None:
                found.append(Found(index, end, actor, "title", BARE_TITLE_SCORE, actor))
    return found
