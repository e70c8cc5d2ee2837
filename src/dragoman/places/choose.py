"""Which entry a place name stands for: a score for each of its entries from their kind, population and the
article's context, and a confidence from the winner's margin."""

from __future__ import annotations

import math

from .candidate import Candidate
from .context import NEAR_KM, Context, unit_seats
from .gazetteer import Entry
from .names import fold

# Before population and context: a country named is the country; curated sites are specific names.
PRIOR = {"country": 3.0, "admin1": 0.0, "admin2": 0.0, "city": 0.0, "site": 1.6}


def choose(candidate: Candidate, context: Context) -> tuple[Entry, float]:
    """The best entry for ``candidate`` and a confidence (0..1) from its margin over the runner-up."""
    seats = unit_seats(candidate)
    key = fold(candidate.text)
    # A unit of a country the article points to ("Georgia" beside Washington and Atlanta), against a
    # country of the same name nothing else points to.
    home_unit = any(
        e.precision == "admin1" and context.country_weight(e.country, candidate) for e in candidate.entries
    )
    largest = max((e.population for e in candidate.entries if e.precision == "city"), default=0)
    # Towns and counties of one name are told apart by the sure towns near them; a state or a country is
    # never overruled so by a town of its name ("California", Maryland).
    local_homonyms = len(candidate.entries) > 1 and all(
        e.precision in {"admin2", "city", "site"} for e in candidate.entries
    )
    scored = []
    for entry in candidate.entries:
        score = PRIOR.get(entry.precision, 0.0) + math.log10(entry.population + 1) / 2.5
        if candidate.unit:
            score += 3.0 if entry.precision == "admin1" else -1.0
        elif entry.precision == "admin1" and (entry.country, fold(entry.name)) in seats:
            score -= 2.0  # a bare "Aleppo" is the city, "Aleppo province" the province
        if any(_contains(entry, inner) for inner in candidate.holds):
            score += (
                3.0  # "Bellevue, Washington" is the state that holds Bellevue; "Tbilisi, Georgia" the country
            )
        if entry.capital_of:
            score += 0.5
        if (
            entry.precision == "country"
            and home_unit
            and not context.country_weight(entry.country, candidate)
        ):
            score -= 3.0
        if fold(entry.name) == key or (candidate.curated and entry.id.startswith("sup:")):
            score += 0.5  # named by its own name (or a curated one), not an alternate one
        score += 1.6 * context.country_weight(entry.country, candidate)
        if entry.precision in {"admin2", "city", "site"}:
            score = _local_score(score, entry, candidate, context, largest=largest, homonyms=local_homonyms)
        if entry.id.startswith("sup:"):
            score += 1.5  # curated because news names it: a curated region before a more populous namesake
        if candidate.capital_of and entry.capital_of == candidate.capital_of:
            score += 5.0
        if context.outlet_country and entry.country == context.outlet_country:
            score += 1.0  # a Lebanese site's "Tripoli" is Lebanon's
        scored.append((score, entry))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    best_score, best = scored[0]
    margin = best_score - scored[1][0] if len(scored) > 1 else 4.0
    confidence = min(1.0, 0.5 + margin / 8) * (0.8 if candidate.loose else 1.0)
    return best, confidence


def _local_score(
    score: float, entry: Entry, candidate: Candidate, context: Context, *, largest: int, homonyms: bool
) -> float:
    """``score`` with what a town, county or site gains from its province and the sure towns near it, less
    the penalty of a town far smaller than a namesake with neither (``largest`` people)."""
    near_unit = context.admin1_weight(entry, candidate)
    score += 1.5 * near_unit
    anchor_km = context.anchor_km(entry, candidate) if homonyms else math.inf
    # less than the province named beside it: "Springfield" in an article naming Ohio is Ohio's
    score += 1.2 if anchor_km <= NEAR_KM else 0.6 if anchor_km <= 2 * NEAR_KM else 0.0
    if (
        entry.precision == "city"
        and entry.population * 50 < largest
        and near_unit < 0.7
        and anchor_km > NEAR_KM
    ):
        # a town fifty times smaller than a namesake needs its province nearby ("Paris, Texas"): the
        # country a paper names everywhere is not enough
        score -= 2.0
    return score


def _contains(outer: Entry, inner: Entry) -> bool:
    if outer.country != inner.country or outer.id == inner.id:
        return False
    if outer.precision == "country":
        return True
    return outer.precision == "admin1" and bool(inner.admin1) and fold(inner.admin1) == fold(outer.name)
