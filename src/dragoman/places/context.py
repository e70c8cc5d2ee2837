"""What an article says about where it is: the countries and first-level units it names or points to, the
outlet's country, and the towns it names unambiguously (anchors for their homonyms)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..nlp import ParsedArticle
from .candidate import Candidate
from .gazetteer import Entry, Gazetteer, distance_km
from .names import fold

if TYPE_CHECKING:
    from spacy.tokens import Token

# A homonym this close to a town the article names unambiguously is likelier the one meant.
NEAR_KM = 100.0


@dataclass
class Context:
    """Countries and first-level units the article points to: (sentence index, offset) of each pointer."""

    countries: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    admin1: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    outlet_country: str | None = None
    anchors: list[tuple[float, float, int]] = field(default_factory=list)  # (lat, lon, offset) of sure towns

    def anchor_km(self, entry: Entry, candidate: Candidate) -> float:
        """Distance from the entry to the nearest anchor other than the candidate itself (inf if none)."""
        return min(
            (
                distance_km((entry.lat, entry.lon), (lat, lon))
                for lat, lon, start in self.anchors
                if start != candidate.start
            ),
            default=math.inf,
        )

    def country_weight(self, country: str, candidate: Candidate) -> float:
        return _near(self.countries.get(country, ()), candidate)

    def admin1_weight(self, entry: Entry, candidate: Candidate) -> float:
        if not entry.admin1:
            return 0.0
        return _near(self.admin1.get((entry.country, fold(entry.admin1)), ()), candidate)


def _near(pointers: Sequence[tuple[int, int]], candidate: Candidate) -> float:
    """1 for a pointer in the same sentence, less with distance, 0.4 anywhere in the article; a candidate is
    never its own context ("Maryland" does not make Maryland City likelier)."""
    distances = [abs(s - candidate.sentence.index) for s, start in pointers if start != candidate.start]
    if not distances:
        return 0.0
    distance = min(distances)
    return 1.0 if distance == 0 else 0.7 if distance <= 2 else 0.4


def article_context(parsed: ParsedArticle, candidates: list[Candidate], gazetteer: Gazetteer) -> Context:
    """Countries the article names or points to by adjective, and the first-level units it names."""
    context = Context(outlet_country=_outlet_country(parsed, gazetteer))
    for candidate in candidates:
        if candidate.weak:
            continue
        index = candidate.sentence.index
        countries = [e for e in candidate.entries if e.precision == "country"]
        # A name shared with another country's unit ("Georgia") points to neither: other names decide.
        shared = (
            any(e.precision == "admin1" and e.country != countries[0].country for e in candidate.entries)
            if countries
            else False
        )
        if len(countries) == 1 and not candidate.unit and not shared:
            context.countries[countries[0].country].append((index, candidate.start))
            continue
        if len({e.country for e in candidate.entries}) == 1:  # "Atlanta", "Washington": one country's
            context.countries[candidate.entries[0].country].append((index, candidate.start))
        seats = unit_seats(candidate)
        (only, *others) = candidate.entries
        if not others and only.precision == "admin2" and only.admin1:  # "Laurel County": Kentucky's
            context.admin1[(only.country, fold(only.admin1))].append((index, candidate.start))
        for entry in candidate.entries:
            # A bare "Tripoli" names the city more than its province: no province context from it.
            if entry.precision == "admin1" and (
                candidate.unit or (entry.country, fold(entry.name)) not in seats
            ):
                context.admin1[(entry.country, fold(entry.name))].append((index, candidate.start))
                if len(candidate.entries) == 1 or candidate.unit:
                    context.countries[entry.country].append((index, candidate.start))
    for sentence in parsed.sentences():
        for token in sentence.span:
            country = gazetteer.demonyms.get(fold(token.text)) if token.text[:1].isupper() else None
            if country and not _describes_a_person(token):
                context.countries[country].append((sentence.index, sentence.paragraph.start + token.idx))
    return context


def _describes_a_person(demonym: Token) -> bool:
    """Whether a nationality adjective is a person's ("Chinese President Xi Jinping", "the Russian Foreign
    Minister"): it says who they are, not where the article's places lie ("met … in Bali")."""
    head = demonym.head
    return demonym.dep_ in ("amod", "compound") and (
        head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and head.is_title)
    )


def _outlet_country(parsed: ParsedArticle, gazetteer: Gazetteer) -> str | None:
    """The country of the outlet, from the country-code domain of the article's URL (or of an outlet written
    as a domain, "sana.sy"); None for .com and the like."""
    from urllib.parse import urlsplit

    article = parsed.article
    for value in (article.url, article.outlet):
        if not value:
            continue
        host = urlsplit(value if "//" in value else "//" + value).hostname or ""
        country = gazetteer.country_of_domain(host)
        if country:
            return country
    return None


def unit_seats(candidate: Candidate) -> set[tuple[str, str]]:
    """(country, folded admin1 name) of the first-level units whose main city the candidate also names: the
    city of the same name ("Aleppo" in Aleppo) or one that holds a fifth of the unit's people ("New York")."""
    admin1 = {(e.country, fold(e.name)): e for e in candidate.entries if e.precision == "admin1"}
    seats = set()
    for city in candidate.entries:
        if city.precision != "city" or not city.admin1:
            continue
        key = (city.country, fold(city.admin1))
        unit = admin1.get(key)
        if unit is not None and (fold(city.name) == key[1] or city.population * 5 >= unit.population):
            seats.add(key)
    return seats
