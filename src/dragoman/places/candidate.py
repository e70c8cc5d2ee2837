"""A span that may name a place, and what its entries say about it on their own."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..nlp import ParsedSentence
from .gazetteer import Entry

# Cities this large are places whatever label the small model gives their name (``matcher.read_as_place``).
PROMINENT_POPULATION = 100000
PROMINENT_UNIT_POPULATION = 250000  # and first-level units this large ("Flores", "Man" are smaller)


@dataclass
class Candidate:
    """A span that may name a place, with the entries its words name."""

    sentence: ParsedSentence
    start: int
    end: int
    entries: list[Entry]
    loose: bool = False
    unit: bool = False
    capital_of: str | None = None
    weak: bool = False
    text: str = ""
    curated: bool = False
    holds: list[Entry] = field(default_factory=list)
    tagged_person: bool = False  # spaCy tagged it PERSON or NORP and the gazetteer overruled it
    echo: bool = False  # a place only if the article names it elsewhere as one ("the Torrington police")
    dateline: bool = False  # the dateline opening the article or a paragraph ("TORRINGTON —")
    firm: bool = False  # tagged a place by spaCy or after a locative ("in Torrington"): it may support echoes
    demonym: bool = False  # a nationality adjective naming its country ("Georgian troops"): see demonyms.py
    metonym: bool = False  # the actor layer read it as its government ("Moscow said")
    residence: bool = False  # where a person named just before lives ("Betty Kneasel of Myerstown")


def has_country(candidate: Candidate) -> bool:
    return any(e.precision == "country" for e in candidate.entries)


def prominent(candidate: Candidate) -> bool:
    """Whether the name is one of a country, a first-level unit of ``PROMINENT_UNIT_POPULATION`` or a city of
    ``PROMINENT_POPULATION``."""
    return any(
        e.precision == "country"
        or (e.precision == "admin1" and e.population >= PROMINENT_UNIT_POPULATION)
        or (e.precision == "city" and e.population >= PROMINENT_POPULATION)
        for e in candidate.entries
    )
