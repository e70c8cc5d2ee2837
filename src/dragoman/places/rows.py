"""The gazetteer's entries while it is built: a row, the points derived from places, and the supplement's
additions."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import DictionaryError
from .gazetteer import SUPPLEMENT_PATH
from .names import fold, is_latin

# Places of a subdivision left out at each end of its span, against outliers (an island, a stray exclave).
SPAN_TRIM = 0.025
SPAN_TRIM_FROM = 10  # fewer places than this are all kept


@dataclass
class Row:
    """One gazetteer entry while building."""

    id: str
    name: str
    precision: str
    country: str
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    capital_of: str = ""
    names: set[str] = field(default_factory=set)

    def add_names(self, names: Iterable[str], *, codes: bool = False) -> None:
        """Add Latin-script names; short all-capital ones (airport codes in GeoNames) only when ``codes``."""
        for name in names:
            if name and is_latin(name) and (codes or not (name.isupper() and len(name) <= 4)):
                self.names.add(name)


def centre(points: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Weighted centre of (lat, lon, weight) points on the sphere, rounded to 0.01 degree."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
    if not points or (x == y == z == 0.0):
        return None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return round(lat, 2), round(lon, 2)


def span_middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of the trimmed latitude and longitude spans of ``points``, rounded to 0.01 degree; a unit
    across the antimeridian (its longitudes spanning more than 180 degrees) is measured on 0..360."""
    if not points:
        return None
    lats = sorted(lat for lat, _ in points)
    lons = sorted(lon for _, lon in points)
    if lons[-1] - lons[0] > 180:
        lons = sorted(lon % 360 for lon in lons)
    cut = math.ceil(len(points) * SPAN_TRIM) if len(points) >= SPAN_TRIM_FROM else 0
    lat = (lats[cut] + lats[-1 - cut]) / 2
    lon = (lons[cut] + lons[-1 - cut]) / 2
    lon = lon - 360 if lon > 180 else lon
    return round(lat, 2), round(lon, 2)


def apply_supplement(rows: list[Row], supplement: list[dict[str, str]]) -> list[Row]:
    """Add the supplement's entries, and its extra names to the entries they refer to."""
    by_id = {row.id: row for row in rows}
    for item in supplement:
        names = [n for n in item["aliases"].split("|") if n]
        if item["id"] in by_id:
            row = by_id[item["id"]]
            row.add_names(names, codes=True)
            if item.get("lat") and item.get(
                "lon"
            ):  # a point from the row's source where the derived one is poor
                row.lat, row.lon = float(item["lat"]), float(item["lon"])
            continue
        if not item["id"].startswith("sup:"):
            raise DictionaryError(f"{SUPPLEMENT_PATH}: {item['id']}: no such GeoNames entry to add names to")
        row = Row(
            item["id"],
            item["name"],
            item["precision"],
            item["country"],
            item["admin1"],
            float(item["lat"]),
            float(item["lon"]),
            int(item["population"] or 0),
        )
        row.add_names([item["name"], *names], codes=True)
        rows.append(row)
        by_id[row.id] = row
    return rows


def curated_keys(supplement: list[dict[str, str]]) -> set[str]:
    """Folded names the supplement gives: the matcher trusts them even where spaCy tagged a person."""
    keys = set()
    for item in supplement:
        keys.update(fold(n) for n in [item["name"], *item["aliases"].split("|")] if fold(n))
    return keys
