"""Exports read back: the GDELT event and mentions tables, PLOVER JSON, CSV, JSON Lines and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dragoman.errors import InputError
from dragoman.export import (
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    export,
    gdelt_actor,
    global_event_id,
    mentions_path,
)
from dragoman.store import FilterError, Store
from store_records import ACCUSE, APPEAL, ATTACK, PRAISE, make_extraction


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "x.db") as opened:
        opened.write(
            make_extraction("a", [ACCUSE, ATTACK], published="2024-01-15", url="https://example.org/a")
        )
        opened.write(make_extraction("b", [PRAISE, APPEAL], published="2024-02-10"))
        yield opened


def read_tsv(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def gdelt(row: list[str]) -> dict[str, str]:
    return dict(zip(GDELT_EVENT_COLUMNS, row, strict=True))


def test_gdelt_event_table_has_61_typed_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = export(store, "gdelt", out)
    assert len(GDELT_EVENT_COLUMNS) == 61 and result.rows == 4
    rows = [gdelt(row) for row in read_tsv(out)]
    assert all(len(row) == 61 for row in rows)
    attack = next(r for r in rows if r["EventCode"] == "190")
    assert attack["SQLDATE"] == "20240115" and attack["MonthYear"] == "202401" and attack["Year"] == "2024"
    assert float(attack["FractionDate"]) == pytest.approx(2024 + 14 / 365, abs=1e-4)
    assert (attack["Actor1Code"], attack["Actor1CountryCode"], attack["Actor1Type1Code"]) == (
        "SYRREB",
        "SYR",
        "REB",
    )
    assert (attack["Actor2Code"], attack["Actor2Name"]) == ("SYRGOV", "SYRIA")
    assert (attack["EventBaseCode"], attack["EventRootCode"], attack["QuadClass"]) == ("190", "19", "4")
    assert float(attack["GoldsteinScale"]) == -10.0
    assert attack["ActionGeo_Type"] == "4" and attack["ActionGeo_CountryCode"] == "SY"
    assert attack["ActionGeo_FullName"] == "Aleppo, Syria"
    assert (float(attack["ActionGeo_Lat"]), attack["ActionGeo_FeatureID"]) == (36.2, "170063")
    assert attack["SOURCEURL"] == "https://example.org/a" and len(attack["DATEADDED"]) == 14
    assert int(attack["GLOBALEVENTID"]) > 0
    appeal = next(r for r in rows if r["EventCode"] == "010")
    # Codes stay text with their leading zeros; an event without target leaves Actor2 empty.
    assert (appeal["EventRootCode"], appeal["Actor2Code"], appeal["ActionGeo_Type"]) == ("01", "", "0")
    un = next(r for r in rows if r["EventCode"] == "051")
    assert (un["Actor1CountryCode"], un["Actor1KnownGroupCode"], un["Actor1Type1Code"]) == ("", "UNO", "IGO")


def test_gdelt_mentions_table_points_into_the_article(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export(store, "gdelt", out)
    events = {row[0]: gdelt(row) for row in read_tsv(out)}
    mentions = [dict(zip(GDELT_MENTION_COLUMNS, row, strict=True)) for row in read_tsv(mentions_path(out))]
    assert len(mentions) == 4 and all(len(m) == 16 for m in mentions)
    by_code = {events[m["GLOBALEVENTID"]]["EventCode"]: m for m in mentions}
    accuse = by_code["112"]
    article = next(iter(store.articles(since="2024-01")))
    offset = int(accuse["ActionCharOffset"])
    assert article.text[offset:].startswith("accused")
    assert article.text[int(accuse["Actor1CharOffset"]) :].startswith("Moscow")
    assert accuse["SentenceID"] == "2" and accuse["MentionDocLen"] == str(len(article.text))
    assert by_code["010"]["Actor2CharOffset"] == ""


def test_gdelt_export_applies_filters(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export(store, "gdelt", out, quad=3).rows == 1
    assert [gdelt(r)["EventCode"] for r in read_tsv(out)] == ["112"]


def test_plover_json_fields(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export(store, "plover", out, cameo="19")
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["event_type"] == "ASSAULT" and record["date"] == "2024-01-15" and record["context"] == []
    assert record["actor"]["code"] == "SYRREB" and record["actor"]["country"] == "SYR"
    assert record["actor"]["sectors"] == ["REB"]
    assert record["recipient"]["actor_id"] == "syria"
    assert record["location"]["name"] == "Aleppo" and record["location"]["lat"] == 36.2
    assert record["evidence"]["sentence"] == "the rebels attacked Damascus in Aleppo."
    assert record["evidence"]["action"]["text"] == "attacked"
    assert record["story"]["url"] == "https://example.org/a" and record["cameo"] == "190"


def test_plover_json_array_for_json_suffix(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    export(store, "plover", out)
    records = json.loads(out.read_text())
    assert [r["cameo"] for r in records] == ["112", "190", "051", "010"]
    export(store, "plover", out, since="2030")
    assert json.loads(out.read_text()) == []


def test_csv_and_jsonl_read_back(store: Store, tmp_path: Path) -> None:
    export(store, "csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["cameo"] for r in rows] == ["112", "190", "051", "010"]
    assert rows[0]["source_code"] == "RUSGOV" and rows[0]["article_published"] == "2024-01-15"
    # Each event row carries the sentence it was coded from.
    for row, event in zip(rows, store.events(), strict=True):
        sentence = store.article(event.article_id).sentences[event.sentence]
        assert row["sentence_text"] == sentence.text and row["action_text"] in sentence.text
    export(store, "jsonl", tmp_path / "s.jsonl", records="articles")
    articles = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert [a["events"] for a in articles] == [2, 2]


def test_parquet_has_proper_types(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    export(store, "parquet", tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 4
    types = {
        name: str(table.schema.field(name).type)
        for name in ("cameo", "quad_class", "goldstein", "negated", "action_start")
    }
    assert types == {
        "cameo": "string",
        "quad_class": "int64",
        "goldstein": "double",
        "negated": "bool",
        "action_start": "int64",
    }
    assert table.column("cameo").to_pylist() == ["112", "190", "051", "010"]
    export(store, "parquet", tmp_path / "none.parquet", since="2030")
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_failed_export_keeps_the_previous_file_and_no_partial_one(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    out.write_text("previous export\n")
    with pytest.raises(FilterError):
        export(store, "csv", out, quad=9)
    with pytest.raises(FilterError):
        export(store, "csv", out, text='"broken')  # fails while rows stream into the temporary file
    assert out.read_text() == "previous export\n"
    assert not list(tmp_path.glob(".e.csv*"))


@pytest.mark.parametrize(
    "output_format, records, message",
    [
        ("xml", "events", "--format xml"),
        ("csv", "places", "--records places"),
        ("gdelt", "statements", "exports events"),
    ],
)
def test_bad_export_options(
    store: Store, tmp_path: Path, output_format: str, records: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        export(store, output_format, tmp_path / "out", records)


@pytest.mark.parametrize(
    "code, country, group, types",
    [
        ("RUSGOV", "RUS", "", ["GOV", "", ""]),
        ("IGOUNO", "", "UNO", ["IGO", "", ""]),
        ("SYRREBMIL", "SYR", "", ["REB", "MIL", ""]),
        ("USA", "USA", "", ["", "", ""]),
        ("MEAREB", "MEA", "", ["REB", "", ""]),
        (None, "", "", ["", "", ""]),
    ],
)
def test_gdelt_actor_fields_from_codes(code, country, group, types) -> None:
    fields = gdelt_actor(code, "x")
    assert (fields[2], fields[3], fields[7:10]) == (country, group, types)


def test_global_event_id_is_stable_and_fits_int64() -> None:
    assert global_event_id("ffffffffffffffff") == 0xFFFFFFFFFFFFFFF < 2**63
    assert global_event_id("0123456789abcdef") == global_event_id("0123456789abcdef")


def test_export_file_gets_ordinary_permissions(store: Store, tmp_path: Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        export(store, "csv", tmp_path / "e.csv")
    finally:
        os.umask(previous)
    assert (tmp_path / "e.csv").stat().st_mode & 0o777 == 0o644


def test_gdelt_text_fields_cannot_break_columns(tmp_path: Path) -> None:
    assert gdelt_actor("RUSGOV", "two\tlines\nhere")[1] == "TWO LINES HERE"
    with Store(tmp_path / "t.db") as store:
        extraction = make_extraction("a", [ACCUSE], url="https://example.org/a\tb")
        store.write(extraction)
        export(store, "gdelt", tmp_path / "e.tsv")
    assert [len(row) for row in read_tsv(tmp_path / "e.tsv")] == [61]
    assert read_tsv(tmp_path / "e.tsv")[0][-1] == "https://example.org/a b"
    assert [len(row) for row in read_tsv(tmp_path / "e.mentions.tsv")] == [16]


def test_gdelt_counts_reposts_of_the_article(tmp_path: Path) -> None:
    """NumArticles and NumMentions count the article and its stored near-duplicates; NumSources their
    outlets (an article without an outlet counts as its own source)."""
    import dataclasses

    with Store(tmp_path / "reposts.db") as store:
        original = make_extraction("a", [ACCUSE], url="https://one.example/a")
        store.write(original)
        for number, outlet in enumerate(["Two", "Two", "Three"]):
            copy = make_extraction("a", [ACCUSE], url=f"https://copy.example/{number}")
            article = dataclasses.replace(copy.article, duplicate_of=original.article.id, outlet=outlet)
            store.write(dataclasses.replace(copy, article=article))
        store.write(make_extraction("b", [PRAISE]))
        out = tmp_path / "events.tsv"
        export(store, "gdelt", out)
    rows = {row["EventCode"]: row for row in map(gdelt, read_tsv(out))}
    assert len(rows) == 2  # the reposts' own events are left out with them
    accuse = rows[ACCUSE.cameo]
    assert (accuse["NumMentions"], accuse["NumArticles"], accuse["NumSources"]) == ("4", "4", "3")
    praise = rows[PRAISE.cameo]
    assert (praise["NumMentions"], praise["NumArticles"], praise["NumSources"]) == ("1", "1", "1")


@pytest.mark.parametrize(
    "precision, country, geo_type",
    [
        ("country", "USA", "1"),  # the United States is a country (Type 1), not a world city
        ("country", "SYR", "1"),
        ("admin1", "USA", "2"),
        ("admin1", "SYR", "5"),
        ("admin2", "USA", "3"),  # a county: a point below its state
        ("city", "SYR", "4"),
        ("region", None, "0"),  # GDELT has no type for a continent
    ],
)
def test_gdelt_geo_type_follows_the_place_precision(precision, country, geo_type):
    from dragoman.export import gdelt_geo

    row = {
        "place_id": "1",
        "place_name": "X",
        "place_country": country,
        "place_admin1": None,
        "place_precision": precision,
        "place_lat": 1.0,
        "place_lon": 2.0,
    }
    assert gdelt_geo(row)[0] == geo_type
