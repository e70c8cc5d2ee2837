"""Which entry a place name stands for: a score for each of its entries from their kind, population and the
article's context, and a confidence from the winner's margin."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .candidate import Candidate
from .context import NEAR_KM, Context, unit_seats
from .gazetteer import Entry
from .names import fold

# Before population and context: a country named is the country; curated sites are specific names.
PRIOR = {"country": 3.0, "admin1": 0.0, "admin2": 0.0, "city": 0.0, "site": 1.6}
# The evidence a winner's ``how`` names, most specific first: the first that favoured it over the runner-up.
EVIDENCE = ("qualifier", "unit", "capital", "nearby", "province", "country", "outlet")


@dataclass
class Score:
    """An entry's score, and how much of it each kind of evidence gave (the ``how`` of ``model.Place``)."""

    total: float
    parts: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, how: str, amount: float) -> None:
        self.total += amount
        self.parts[how] += amount


def choose(candidate: Candidate, context: Context) -> tuple[Entry, float, str]:
    """The best entry for ``candidate``, a confidence (0..1) from its margin over the runner-up, and why it
    won: ``gazetteer`` when the name has one entry, else the most specific evidence (``EVIDENCE``) that
    favoured it over the runner-up, ``population`` when only its importance did."""
    scored = sorted(
        ((_score(entry, candidate, context), entry) for entry in candidate.entries),
        key=lambda item: (-item[0].total, item[1].id),
    )
    best_score, best = scored[0]
    margin = best_score.total - scored[1][0].total if len(scored) > 1 else 4.0
    confidence = min(1.0, 0.5 + margin / 8) * (0.8 if candidate.loose else 1.0)
    if len({entry.id for _, entry in scored}) == 1:
        return best, confidence, "gazetteer"
    runner_up = scored[1][0]
    for how in EVIDENCE:
        if best_score.parts.get(how, 0.0) - runner_up.parts.get(how, 0.0) > 0.01:
            return best, confidence, how
    return best, confidence, "population"


def _score(entry: Entry, candidate: Candidate, context: Context) -> Score:
    """The entry's score: its kind and people, the words around the name, then the article's context."""
    seats = unit_seats(candidate)
    # A unit of a country the article points to ("Georgia" beside Washington and Atlanta), against a
    # country of the same name nothing else points to.
    home_unit = any(
        e.precision == "admin1" and context.country_weight(e.country, candidate) for e in candidate.entries
    )
    score = Score(PRIOR.get(entry.precision, 0.0) + math.log10(entry.population + 1) / 2.5)
    score.parts["population"] = score.total
    if candidate.unit:
        score.add("unit", 3.0 if entry.precision == "admin1" else -1.0)
    elif entry.precision == "admin1" and (entry.country, fold(entry.name)) in seats:
        score.add("population", -2.0)  # a bare "Aleppo" is the city, "Aleppo province" the province
    if any(_contains(entry, inner) for inner in candidate.holds):
        # "Bellevue, Washington" is the state that holds Bellevue; "Tbilisi, Georgia" the country
        score.add("qualifier", 3.0)
    if entry.capital_of:
        score.add("population", 0.5)
    if entry.precision == "country" and home_unit and not context.country_weight(entry.country, candidate):
        score.add("country", -3.0)
    if fold(entry.name) == fold(candidate.text) or (candidate.curated and entry.id.startswith("sup:")):
        score.add("population", 0.5)  # named by its own name (or a curated one), not an alternate one
    score.add("country", 1.6 * context.country_weight(entry.country, candidate))
    if entry.precision in {"admin2", "city", "site"}:
        _local_score(score, entry, candidate, context)
    if entry.id.startswith("sup:"):
        score.add("population", 1.5)  # curated because news names it: before a more populous namesake
    if candidate.capital_of and entry.capital_of == candidate.capital_of:
        score.add("capital", 5.0)
    if context.outlet_country and entry.country == context.outlet_country:
        score.add("outlet", 1.0)  # a Lebanese site's "Tripoli" is Lebanon's
    return score


def _local_score(score: Score, entry: Entry, candidate: Candidate, context: Context) -> None:
    """What a town, county or site gains from its province and the sure towns near it, less the penalty of a
    town far smaller than a namesake with neither."""
    largest = max((e.population for e in candidate.entries if e.precision == "city"), default=0)
    # Towns and counties of one name are told apart by the sure towns near them; a state or a country is
    # never overruled so by a town of its name ("California", Maryland).
    homonyms = len(candidate.entries) > 1 and all(
        e.precision in {"admin2", "city", "site"} for e in candidate.entries
    )
    near_unit = context.admin1_weight(entry, candidate)
    score.add("province", 1.5 * near_unit)
    anchor_km = context.anchor_km(entry, candidate) if homonyms else math.inf
    # less than the province named beside it: "Springfield" in an article naming Ohio is Ohio's
    score.add("nearby", 1.2 if anchor_km <= NEAR_KM else 0.6 if anchor_km <= 2 * NEAR_KM else 0.0)
    if (
        entry.precision == "city"
        and entry.population * 50 < largest
        and near_unit < 0.7
        and anchor_km > NEAR_KM
    ):
        # a town fifty times smaller than a namesake needs its province nearby ("Paris, Texas"): the
        # country a paper names everywhere is not enough
        score.add("population", -2.0)


def _contains(outer: Entry, inner: Entry) -> bool:
    if outer.country != inner.country or outer.id == inner.id:
        return False
    if outer.precision == "country":
        return True
    return outer.precision == "admin1" and bool(inner.admin1) and fold(inner.admin1) == fold(outer.name)
