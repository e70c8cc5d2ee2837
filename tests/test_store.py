"""The store: schema, one-transaction idempotent writes, replacement, near-duplicates, filters, bad files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from dragoman.errors import StoreError
from dragoman.store import SCHEMA_VERSION, FilterError, Filters, Store
from dragoman.store.schema import APPLICATION_ID
from store_records import (
    ACCUSE,
    AID,
    APPEAL,
    ATTACK,
    PRAISE,
    WIRE,
    EventSpec,
    make_extraction,
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> Store:
    """Three articles on three dates, one statement, five kinds of events."""
    store.write(
        make_extraction(
            "a",
            [ACCUSE, ATTACK],
            published="2024-01-15",
            quote="the talks failed",
            filler="Aid convoys waited at the crossing.",
        )
    )
    store.write(make_extraction("b", [PRAISE, AID], published="2024-02-10"))
    store.write(make_extraction("c", [APPEAL, ACCUSE], published="2024-02-12", quote="sanctions are illegal"))
    return store


def dump(store: Store) -> list[str]:
    return [line for line in store.connection.iterdump() if "ingested_at" not in line]


def test_new_database_has_schema_wal_foreign_keys_and_version(store: Store) -> None:
    conn = store.connection
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "articles",
        "sentences",
        "mentions",
        "actors",
        "actor_roles",
        "statements",
        "events",
        "places",
        "place_mentions",
        "sentences_fts",
        "statements_fts",
    } <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_writing_the_same_extraction_twice_changes_nothing(store: Store) -> None:
    extraction = make_extraction("a", [ACCUSE, ATTACK], quote="the talks failed")
    assert store.write(extraction) == "new"
    before = dump(store)
    assert store.write(extraction) == "unchanged"
    assert dump(store) == before
    assert store.totals()["events"] == 2 and store.totals()["statements"] == 1


def test_changed_text_from_same_source_replaces_the_article_and_its_records(store: Store) -> None:
    old = make_extraction("a", [ACCUSE, ATTACK], quote="the talks failed")
    new = make_extraction("a", [PRAISE], filler="An update.")
    assert old.article.id != new.article.id and old.article.source == new.article.source
    store.write(old)
    assert store.write(new) == "replaced"
    assert [a.id for a in store.articles()] == [new.article.id]
    assert [e.cameo for e in store.events()] == ["051"]
    assert store.totals()["statements"] == 0
    # No orphans anywhere, and the full-text index forgot the old sentences.
    for table in ("sentences", "mentions", "statements", "events", "place_mentions"):
        orphans = store.scalar(f"SELECT COUNT(*) FROM {table} WHERE article_id != ?", [new.article.id])
        assert orphans == 0, table
    assert store.search("attacked") == []
    assert_fts_in_step(store)
    assert [r["article_id"] for r in store.search("update")] == [new.article.id]


def test_given_id_with_new_text_replaces(store: Store) -> None:
    store.write(make_extraction("a", [ACCUSE], article_id="wire-1", source="feed.jsonl:1"))
    status = store.write(make_extraction("a", [ATTACK], article_id="wire-1", source="feed.jsonl:1"))
    assert status == "replaced"
    assert [e.cameo for e in store.events()] == ["190"]


def test_article_round_trips_with_all_records(store: Store) -> None:
    extraction = make_extraction("a", [ACCUSE, ATTACK, APPEAL], quote="the talks failed")
    store.write(extraction)
    assert store.article(extraction.article.id) == extraction
    assert store.article("missing") is None


def test_near_duplicate_gets_duplicate_of_and_is_skipped_by_queries(store: Store) -> None:
    original = make_extraction("wire", [ACCUSE], filler=WIRE, published="2024-01-01")
    edited = WIRE.replace("three people", "two people").replace("Thursday", "Friday")
    copy = make_extraction("copy", [ACCUSE], filler=edited, headline="Another outlet", published="2024-01-01")
    copy_of_copy = make_extraction("copy2", [ACCUSE], filler=edited + " More later.", published="2024-01-01")
    other = make_extraction(
        "other",
        [ACCUSE],
        published="2024-01-01",
        filler="Farmers in the north reported a poor harvest after months without rain.",
    )
    for extraction in (original, copy, copy_of_copy, other):
        store.write(extraction)
    marks = {a.id: a.duplicate_of for a in store.articles(include_duplicates=True)}
    assert marks[copy.article.id] == original.article.id
    assert marks[copy_of_copy.article.id] == original.article.id  # chains lead to the first
    assert marks[original.article.id] is None and marks[other.article.id] is None
    assert store.count("events") == 2
    assert store.count("events", include_duplicates=True) == 4
    assert {a.id for a in store.articles()} == {original.article.id, other.article.id}
    # Aggregates leave the copies out too, and count them when asked.
    assert [r["events"] for r in store.aggregate(per="month")] == [2]
    assert [r["events"] for r in store.aggregate(per="month", include_duplicates=True)] == [4]


def test_dedupe_can_be_turned_off(tmp_path: Path) -> None:
    with Store(tmp_path / "x.db", dedupe_threshold=None) as store:
        store.write(make_extraction("wire", [ACCUSE], filler=WIRE))
        store.write(make_extraction("copy", [ACCUSE], filler=WIRE, headline="Another"))
        assert store.count("articles") == 2


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["112", "190", "051", "070", "010", "112"]),
        ({"actor": "russia"}, ["112", "112"]),  # actor id
        ({"actor": "RUSGOV"}, ["112", "112"]),  # full code
        ({"actor": "SYR"}, ["190", "051", "070", "010"]),  # code prefix, either side
        ({"actor": "syrian REBELS"}, ["190", "070"]),  # name, any case
        ({"actor": "syr"}, ["190", "051", "070", "010"]),  # a code prefix in any case
        ({"source": "SYRGOV"}, ["010"]),
        ({"target": "SYRGOV"}, ["190", "051"]),
        ({"source": "USA", "target": "SYRREB"}, ["070"]),
        ({"cameo": "1"}, ["112", "190", "112"]),
        ({"cameo": "05"}, ["051"]),
        ({"cameo": "0511"}, []),
        ({"quad": 4}, ["190"]),
        ({"quad": "1"}, ["051", "010"]),
        ({"since": "2024-02"}, ["051", "070", "010", "112"]),
        ({"until": "2024-01"}, ["112", "190"]),
        ({"since": "2024-02-11", "until": "2024-02-12"}, ["010", "112"]),
        ({"since": "2025"}, []),
        ({"text": "attacked Aleppo"}, ["190"]),
        ({"text": "aid"}, ["070"]),  # the sentence of the event, not anywhere in the article
        ({"text": "Moscow OR praised"}, ["112", "051", "112"]),
        ({"limit": 2}, ["112", "190"]),
        ({"limit": 2, "offset": 4}, ["010", "112"]),
    ],
)
def test_event_filters(filled: Store, filters: dict, expected: list[str]) -> None:
    assert [event.cameo for event in filled.events(**filters)] == expected
    unlimited = {**filters, "limit": None, "offset": None}
    assert filled.count("events", **filters) == len(list(filled.events(**unlimited)))


def test_event_filter_by_article(filled: Store) -> None:
    article = next(a for a in filled.articles() if a.published == "2024-02-10")
    assert [e.cameo for e in filled.events(article=article.id)] == ["051", "070"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["that the talks failed", "that sanctions are illegal"]),
        ({"actor": "Russia"}, ["that the talks failed", "that sanctions are illegal"]),
        ({"source": "USA"}, []),
        ({"text": "sanctions"}, ["that sanctions are illegal"]),
        ({"text": "Aleppo"}, []),  # statement contents only
        ({"since": "2024-02"}, ["that sanctions are illegal"]),
    ],
)
def test_statement_filters(filled: Store, filters: dict, expected: list[str]) -> None:
    assert [s.content.text for s in filled.statements(**filters)] == expected


def test_article_filters_and_counts(filled: Store) -> None:
    rows = list(filled.articles(actor="IGOUNO").rows())
    assert [(r["published"], r["statements"], r["events"]) for r in rows] == [("2024-02-10", 0, 2)]
    assert [a.published for a in filled.articles(text="convoys")] == ["2024-01-15"]
    assert [a.published for a in filled.articles(since="2024-02-11")] == ["2024-02-12"]


@pytest.mark.parametrize(
    "values, parameter",
    [
        ({"quad": 7}, "quad"),
        ({"quad": "two"}, "quad"),
        ({"since": "yesterday-ish"}, "since"),
        ({"since": "2024-13-01"}, "since"),
        ({"until": "2024-02-30"}, "until"),
        ({"since": "2024-03", "until": "2024-02"}, "until"),
        ({"cameo": "1a"}, "cameo"),
        ({"cameo": "12345"}, "cameo"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -5}, "offset"),
        ({"actor": "  "}, "actor"),
        ({"include_duplicates": "maybe"}, "include_duplicates"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_filter_values_name_the_parameter(values: dict, parameter: str) -> None:
    with pytest.raises(FilterError) as caught:
        Filters.build(**values)
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(parameter)


def test_filter_dates_expand_partial_periods() -> None:
    filters = Filters.build(since="2024-02", until="2024-02")
    assert (filters.since, filters.until) == ("2024-02-01", "2024-02-29")
    assert Filters.build(until="2023").until == "2023-12-31"


def test_event_only_filters_are_refused_for_statements(filled: Store) -> None:
    with pytest.raises(FilterError) as caught:
        filled.statements(quad=3)
    assert caught.value.parameter == "quad"


def test_bad_full_text_query_is_a_filter_error(filled: Store) -> None:
    with pytest.raises(FilterError) as caught:
        list(filled.events(text='"unclosed AND'))
    assert caught.value.parameter == "text"


def test_aggregate_by_dyad_per_month(filled: Store) -> None:
    rows = filled.aggregate("dyad", "month")
    by_key = {(r["period"], r["source_code"], r["target_code"]): r for r in rows}
    accuse = by_key[("2024-01", "RUSGOV", "USAGOV")]
    assert accuse["events"] == 1 and accuse["goldstein_mean"] == -2.0 and accuse["quad3_share"] == 1.0
    assert by_key[("2024-02", "RUSGOV", "USAGOV")]["events"] == 1
    assert by_key[("2024-02", "SYRGOV", None)]["events"] == 1
    assert sum(r["events"] for r in rows) == 6


def test_aggregate_shares_and_weeks(filled: Store) -> None:
    (total,) = filled.aggregate()
    assert total["events"] == 6
    assert total["quad1_share"] == round(2 / 6, 4) and total["quad3_share"] == round(2 / 6, 4)
    assert total["goldstein_mean"] == round((-2 - 10 + 3.4 + 7 + 0 - 2) / 6, 3)
    weeks = {r["period"]: r["events"] for r in filled.aggregate(per="week")}
    # 2024-02-10 is a Saturday and 2024-02-12 a Monday: two ISO weeks, each named by its Monday.
    assert weeks == {"2024-01-15": 2, "2024-02-05": 2, "2024-02-12": 2}
    quads = {r["quad_class"]: r["events"] for r in filled.aggregate("quad_class", quad=3)}
    assert quads == {3: 2}


@pytest.mark.parametrize("group_by, per, parameter", [("country", None, "group_by"), (None, "year", "per")])
def test_aggregate_refuses_unknown_groups(filled: Store, group_by, per, parameter) -> None:
    with pytest.raises(FilterError) as caught:
        filled.aggregate(group_by, per)
    assert caught.value.parameter == parameter


def test_frames_keep_codes_as_text_and_types(filled: Store) -> None:
    table = filled.events().to_arrow()
    assert str(table.schema.field("cameo").type) == "string"
    assert str(table.schema.field("quad_class").type) == "int64"
    assert str(table.schema.field("negated").type) == "bool"
    frame = filled.events(cameo="01").to_pandas()
    assert list(frame["cameo"]) == ["010"]


def test_actors_and_search(filled: Store) -> None:
    actors = {a["id"]: a for a in filled.actors()}
    assert actors["russia"]["events_as_source"] == 2 and actors["russia"]["statements"] == 2
    assert actors["syria"]["events_as_target"] == 2 and actors["syria"]["events_as_source"] == 1
    assert [a["id"] for a in filled.actors(actor="IGO")] == ["un"]
    hits = filled.search("convoys")
    assert len(hits) == 1 and "[convoys]" in hits[0]["snippet"]


def test_not_sqlite_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database") as caught:
        Store(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == before


def test_other_applications_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        Store(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this dragoman supports"):
        Store(path)
    assert path.read_bytes() == before


def test_readonly_store_refuses_writes_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()
    Store(tmp_path / "x.db").close()
    with Store(tmp_path / "x.db", readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.write(make_extraction("a", [ACCUSE]))


def test_full_disk_names_the_path_and_leaves_no_partial_article(store: Store) -> None:
    store.write(make_extraction("a", [ACCUSE]))
    pages = store.scalar("PRAGMA page_count")
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = make_extraction("b", [ATTACK] * 1, filler="word " * 50_000)
    with pytest.raises(StoreError) as caught:
        store.write(big)
    assert store.path in str(caught.value) and "full" in str(caught.value)
    assert store.count("articles") == 1 and store.count("events") == 1
    assert store.scalar("SELECT COUNT(*) FROM sentences WHERE article_id = ?", [big.article.id]) == 0


def test_conflicting_ids_fail_one_article_and_the_rest_go_on(store: Store) -> None:
    first = make_extraction("a", [ACCUSE])
    clash = make_extraction("b", [ATTACK])
    clash = replace(clash, events=(replace(clash.events[0], id=first.events[0].id),))
    later = make_extraction("c", [PRAISE])
    summary = store.ingest([first, clash, later])
    assert (summary.new, summary.failed, summary.events) == (2, 1, 2)
    assert_fts_in_step(store)
    assert "conflicting records" in summary.errors[0] and clash.article.source in summary.errors[0]
    assert store.count("articles") == 2 and store.scalar("SELECT COUNT(*) FROM sentences") == 4


def test_ingest_summary_counts_and_adds_up(store: Store) -> None:
    a, b = make_extraction("a", [ACCUSE], quote="x is y"), make_extraction("b", [ATTACK, PRAISE])
    first = store.ingest([a, b])
    second = store.ingest([a, make_extraction("b", [APPEAL])])
    assert (first.new, first.statements, first.events) == (2, 1, 3)
    assert (second.unchanged, second.replaced, second.events) == (1, 1, 1)
    total = first + second
    assert (total.new, total.unchanged, total.replaced, total.events) == (2, 1, 1, 4)
    assert "2 new, 1 unchanged, 1 replaced, 0 failed" in total.line()


def test_write_actors_keeps_knowledge_base_entries(store: Store) -> None:
    from dragoman.model import Actor, Role

    store.write_actors(
        [
            Actor(
                "russia",
                "Russia",
                "RUS",
                country="RUS",
                kind="state",
                aliases=("RF",),
                roles=(Role("RUSGOV", "2000-01-01"),),
            )
        ]
    )
    store.write(make_extraction("a", [ACCUSE]))
    row = store.connection.execute(
        "SELECT name, code, kind, aliases FROM actors WHERE id = 'russia'"
    ).fetchone()
    assert row == ("Russia", "RUS", "state", '["RF"]')
    assert store.scalar("SELECT code FROM actor_roles WHERE actor_id = 'russia'") == "RUSGOV"


def test_named_actors_get_their_knowledge_base_entry_with_role_sources(store: Store) -> None:
    from dragoman.model import Actor, Role

    class KB:  # the knowledge base's one method the store reads
        entries = {
            "russia": Actor(
                "russia",
                "Russia",
                "RUS",
                kind="state",
                wikidata="Q159",
                roles=(Role("RUS", "1991-12-26", None, "a reference"),),
            )
        }

        def get(self, actor_id: str) -> Actor | None:
            return self.entries.get(actor_id)

    store.write(make_extraction("a", [ACCUSE]))
    named = {row[0] for row in store.connection.execute("SELECT id FROM actors WHERE kind IS NULL")}
    assert "russia" in named
    assert store.write_known_actors(KB()) == 1
    assert store.write_known_actors(KB()) == 0  # written once; ids the knowledge base lacks stay named
    assert store.write_known_actors(KB(), every=True) == 1
    info = store.actor("russia")
    assert (info["kind"], info["wikidata"]) == ("state", "Q159")
    assert info["roles"] == [{"code": "RUS", "from": "1991-12-26", "to": None, "source": "a reference"}]


def test_old_schema_migrates_on_open(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")  # an empty file is a SQLite database of version 0
    with Store(path) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION


def test_store_and_export_never_import_spacy() -> None:
    code = "import sys, dragoman.store, dragoman.export, dragoman.cli.query; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_unresolved_and_targetless_events_store(store: Store) -> None:
    extraction = make_extraction("a", [EventSpec("Damascus", "appealed", None, "010", 1, 0.0)])
    event = extraction.events[0]
    unresolved = replace(event, source=replace(event.source, actor_id=None, name=None, code=None))
    store.write(replace(extraction, events=(unresolved,)))
    (stored,) = store.events()
    assert stored.source.code is None and stored.target is None and stored.cameo == "010"


@pytest.mark.parametrize("budget", [10.0, 0.0])  # the date-order scan answers; it runs out at once
@pytest.mark.parametrize(
    "filters",
    [
        {"actor": "SYR", "limit": 3},
        {"source": "RUSGOV", "limit": 1, "offset": 1},
        {"actor": "un", "limit": 5},
        {"actor": "nobody", "limit": 2},
    ],
)
def test_actor_pages_are_the_same_by_scan_or_index(
    filled: Store, monkeypatch, budget: float, filters
) -> None:
    from dragoman.store import query

    monkeypatch.setattr(query, "SCAN_BUDGET_SECONDS", budget)
    monkeypatch.setattr(query, "SCAN_CHECK_STEPS", 1)
    used = []
    real_try_scan = query.Results.try_scan
    monkeypatch.setattr(
        query.Results, "try_scan", lambda self, *a: used.append(real_try_scan(self, *a)) or used[-1]
    )
    results = filled.events(**filters)
    assert results.scan is not None
    expected = [row[0] for row in filled.connection.execute(results.sql, results.params)]
    assert [event.id for event in results] == expected
    assert (used[0] is None) == (budget == 0.0)  # the scan answered, or gave way to the indexed query
    unlimited = {**filters, "limit": None, "offset": None}
    offset = filters.get("offset", 0)
    assert expected == [e.id for e in filled.events(**unlimited)][offset : offset + filters["limit"]]


def test_version_1_database_is_migrated_and_indexes_each_sentence_once(tmp_path: Path) -> None:
    from dragoman.store.schema import MIGRATIONS, split_script

    path = tmp_path / "v1.db"
    with sqlite3.connect(path, isolation_level=None) as conn:
        for statement in split_script(MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
    with Store(path) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION == 8
        triggers = {
            r[0] for r in store.connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        assert triggers == {"sentences_fts_delete", "statements_fts_delete"}
        day_index = [r[2] for r in store.connection.execute("PRAGMA index_info(events_day)")]
        assert day_index == [
            "day",
            "row_id",
            "quad_class",
            "goldstein",
            "article_id",
            "date_precision",
            "cameo",
        ]
        store.write(make_extraction("a", [ACCUSE], quote="the talks failed"))
        assert len(store.search("accused")) == 1
        assert [s.content.text for s in store.statements(text="talks")] == ["that the talks failed"]
        assert_fts_in_step(store)
        columns = {r[1] for r in store.connection.execute("PRAGMA table_info(statements)")}
        assert {"speaker_how", "speaker_score"} <= columns


def assert_fts_in_step(store: Store) -> None:
    """Each full-text index holds every row of its table and no other (read from the index itself through
    fts5vocab, so a row never indexed or one deleted but still indexed shows)."""
    for table, column in (("sentences", "text"), ("statements", "content_text")):
        vocab = f"temp.{table}_vocab"
        store.connection.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocab} USING fts5vocab(main, {table}_fts, instance)"
        )
        indexed = {r[0] for r in store.connection.execute(f"SELECT DISTINCT doc FROM {vocab}")}
        rows = {r[0] for r in store.connection.execute(f"SELECT row_id FROM {table} WHERE {column} != ''")}
        assert indexed == rows, table


def test_rewrite_replaces_unchanged_articles_with_new_records(tmp_path: Path) -> None:
    old = make_extraction("a", [ACCUSE])
    with Store(tmp_path / "r.db") as store:
        store.write(old)
    newer = replace(old, events=(replace(old.events[0], cameo="111", rule="newer"),))
    with Store(tmp_path / "r.db") as store:
        assert store.write(newer) == "unchanged"
        assert [e.cameo for e in store.events()] == ["112"]
    with Store(tmp_path / "r.db", rewrite=True) as store:
        assert not store.is_stored(newer.article)
        assert store.write(newer) == "replaced"
        assert [(e.cameo, e.rule) for e in store.events()] == [("111", "newer")]
        assert store.count("articles") == 1
