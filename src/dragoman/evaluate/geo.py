"""Geoparsing gold: news articles with every toponym marked and resolved to a point (LGL by default).

Each line of ``lgl.jsonl`` is an article (``id``, ``published``, ``text``, ``toponyms`` with ``text``,
``start``, ``end`` and, where the gold resolves it, ``lat``, ``lon``). The field's measures:

- ``recall``: the share of gold toponyms overlapped by a found place;
- ``precision``: the share of found places overlapping a gold toponym;
- ``accuracy@161km``: of the matched toponyms the gold resolves, the share geocoded within 161 km (100
  miles) of the gold point; ``median error`` in km over the same toponyms.

LGL also counts nationality adjectives ("American", "Georgian troops") as toponyms. dragoman records them
as their countries with ``how`` "demonym" (never an event's location, nor a bare agent's country); the
report says how many of the gold toponyms they are and the recall over the others.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Place
from ..places.gazetteer import distance_km
from ..places.names import fold
from .gold import extractions, find_gold_file, read_jsonl

if TYPE_CHECKING:
    from ..pipeline import Pipeline

FOLDER, FILENAME = "lgl-dev", "lgl.jsonl"
ACCURATE_KM = 161.0
# Published accuracy@161km on LGL, systems run end to end (Gritta, Pilehvar & Collier 2018, "Which
# Melbourne?", ACL, table 1), as the gold set's SOURCE.md quotes them.
PUBLISHED = (
    ("CamCoder", 0.76),
    ("Edinburgh Geoparser", 0.76),
    ("Yahoo! Placemaker", 0.72),
    ("CLAVIN", 0.71),
    ("population baseline", 0.70),
    ("GeoTxt", 0.68),
    ("Topocluster", 0.63),
)


@dataclass(frozen=True, slots=True)
class Toponym:
    text: str
    start: int
    end: int
    point: tuple[float, float] | None  # (lat, lon) where the gold resolves it


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    published: str | None
    text: str
    toponyms: tuple[Toponym, ...]


@dataclass(slots=True)
class Report:
    gold: int = 0
    found: int = 0  # gold toponyms overlapped by a found place
    predicted: int = 0
    predicted_right: int = 0  # found places overlapping a gold toponym
    errors_km: list[float] = field(default_factory=list)
    adjectives: int = 0  # gold toponyms that are nationality adjectives ("American", "Palestinians")
    adjectives_found: int = 0
    misses: list[tuple[GoldArticle, Toponym, Place | None, float | None]] = field(default_factory=list)
    false: list[tuple[GoldArticle, Place]] = field(default_factory=list)


def read_articles(path: str | Path | None = None) -> list[GoldArticle]:
    """The articles of a geoparsing gold JSONL file (default: ``../shared/eval/lgl-dev/lgl.jsonl``)."""
    return read_jsonl(find_gold_file(FOLDER, FILENAME, path), _article, "a geoparsing gold article")


def _article(data: dict) -> GoldArticle:
    toponyms = []
    for t in data["toponyms"]:
        point = (
            (float(t["lat"]), float(t["lon"]))
            if t.get("lat") is not None and t.get("lon") is not None
            else None
        )
        toponyms.append(Toponym(t["text"], int(t["start"]), int(t["end"]), point))
    return GoldArticle(data["id"], data.get("published"), data["text"], tuple(toponyms))


def _overlaps(place: Place, toponym: Toponym) -> bool:
    return place.start < toponym.end and toponym.start < place.end


def is_adjective(text: str, demonyms: Collection[str]) -> bool:
    """Whether a toponym is a nationality adjective or its plural ("Georgian", "Palestinians")."""
    key = fold(text)
    return key in demonyms or (key.endswith("s") and key[:-1] in demonyms)


def score_article(
    article: GoldArticle, places: Sequence[Place], report: Report, demonyms: Collection[str] = frozenset()
) -> None:
    report.gold += len(article.toponyms)
    report.predicted += len(places)
    for place in places:
        if any(_overlaps(place, t) for t in article.toponyms):
            report.predicted_right += 1
        else:
            report.false.append((article, place))
    for toponym in article.toponyms:
        found = next((p for p in places if _overlaps(p, toponym)), None)
        if is_adjective(toponym.text, demonyms):
            report.adjectives += 1
            report.adjectives_found += found is not None
        if found is None:
            report.misses.append((article, toponym, None, None))
            continue
        report.found += 1
        if toponym.point is None:
            continue
        if found.lat is None or found.lon is None:
            error = 20037.5  # no point at all: as far as a point can be
        else:
            error = distance_km((found.lat, found.lon), toponym.point)
        report.errors_km.append(error)
        if error > ACCURATE_KM:
            report.misses.append((article, toponym, found, error))


def run(path: str | Path | None = None, pipeline: Pipeline | None = None, limit: int | None = None) -> Report:
    """Run every article through ``Pipeline.process_many`` and score its places."""
    articles = read_articles(path)
    articles = articles[:limit] if limit else articles
    return score(articles, (x.places for x in extractions(articles, pipeline)))


def score(
    articles: Sequence[GoldArticle],
    places: Iterable[Sequence[Place]],
    demonyms: Collection[str] | None = None,
) -> Report:
    """The report over ``articles``; ``demonyms`` (folded nationality adjectives) default to the gazetteer's
    that are no place's name themselves ("U.S." and "Philippines" are names)."""
    if demonyms is None:
        from ..places import Gazetteer

        gazetteer = Gazetteer.load()
        demonyms = {d for d in gazetteer.demonyms if not gazetteer.lookup(d)}
    report = Report()
    for article, article_places in zip(articles, places, strict=True):
        score_article(article, article_places, report, demonyms)
    return report


def measures(report: Report) -> dict[str, float]:
    """``recall``, ``precision``, ``accuracy@161km`` and ``median error km``."""
    errors = report.errors_km
    return {
        "recall": report.found / report.gold if report.gold else 0.0,
        "precision": report.predicted_right / report.predicted if report.predicted else 0.0,
        "accuracy@161km": sum(e <= ACCURATE_KM for e in errors) / len(errors) if errors else 0.0,
        "median error km": statistics.median(errors) if errors else 0.0,
        "recall without adjectives": (
            (report.found - report.adjectives_found) / (report.gold - report.adjectives)
            if report.gold > report.adjectives
            else 0.0
        ),
    }


def format_report(report: Report, failures: bool = False) -> str:
    m = measures(report)
    lines = [
        f"toponyms: {report.gold}  found: {report.found}  places: {report.predicted}  "
        f"recall {m['recall']:.3f}  precision {m['precision']:.3f}  "
        f"accuracy@161km {m['accuracy@161km']:.3f}  median error {m['median error km']:.0f} km",
        f"nationality adjectives among the toponyms: {report.adjectives} (places of how demonym in dragoman; "
        f"{report.adjectives_found} overlapped)  recall without them {m['recall without adjectives']:.3f}",
        "",
        "accuracy@161km on LGL, published (Gritta et al. 2018, table 1):",
        f"  {'dragoman':<22} {m['accuracy@161km']:.2f}",
    ]
    lines += [f"  {name:<22} {value:.2f}" for name, value in PUBLISHED]
    if failures:
        lines.append("")
        for article, toponym, place, error in report.misses:
            if place is None:
                lines.append(f"{article.id} missed [{toponym.text}]")
            else:
                where = f"{place.name}, {place.country} ({place.lat}, {place.lon})"
                lines.append(f"{article.id} [{toponym.text}] -> {where}: {error:.0f} km from {toponym.point}")
        for article, place in report.false:
            lines.append(f"{article.id} not a toponym [{place.text}] -> {place.name}, {place.country}")
    return "\n".join(lines)
