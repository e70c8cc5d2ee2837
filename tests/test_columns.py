"""The column spec: what the migrations build is what the spec says, and rows read back into the records."""

from __future__ import annotations

import sqlite3

import pytest

from dragoman.model import ActorRef, Event, Span
from dragoman.store.columns import EVENTS, TABLES, WriteContext, event_from_row, nested
from dragoman.store.schema import connect


def columns_of(connection: sqlite3.Connection, table: str) -> dict[str, tuple[str, int, int]]:
    rows = connection.execute(f"PRAGMA table_info({table})").fetchall()
    return {name: (kind, notnull, pk) for _, name, kind, notnull, _, pk in rows}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_migrated_schema_is_the_spec(tmp_path, table):
    migrated = connect(tmp_path / "m.db")
    fresh = sqlite3.connect(":memory:")
    fresh.execute("CREATE TABLE articles (id TEXT PRIMARY KEY)")
    fresh.execute("CREATE TABLE places (id TEXT PRIMARY KEY)")
    if table.name in ("articles", "places"):
        fresh.execute(f"DROP TABLE {table.name}")
    fresh.execute(table.create_sql())
    assert columns_of(migrated, table.name) == columns_of(fresh, table.name)


def test_an_event_row_reads_back_as_the_event_with_no_target_and_a_flag():
    event = Event(
        "e1",
        "a1",
        2,
        ActorRef("Russia", 0, 6, "RUS", "Russia", "RUS"),
        None,
        Span("struck", 7, 13),
        "190",
        "19",
        "ASSAULT",
        None,
        4,
        -10.0,
        negated=True,
        date="2020-01-02",
    )
    context = WriteContext("2020-01-01", None, "now")
    row = dict(zip((c.name for c in EVENTS.columns), EVENTS.values(event, context), strict=True))
    assert row["negated"] == 1 and row["day"] == "2020-01-02" and row["target_text"] is None
    assert event_from_row(row) == event
    assert nested(row, EVENTS.columns)["target"] is None
