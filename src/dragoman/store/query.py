"""Queries: SQL for each kind of record, rows turned back into records, and lazy result sets."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from ..errors import InputError, StoreError
from .columns import ARTICLES, EVENTS, KIND_OF, STATEMENTS
from .columns import article_from_row as article_from_row
from .columns import event_from_row as event_from_row
from .columns import statement_from_row as statement_from_row
from .filters import FilterError, Filters
from .where import order_by, where_articles, where_events, where_statements

T = TypeVar("T")
# Pages of at most SCAN_LIMIT records filtered by actor first try the date-order scan, for this much CPU.
SCAN_LIMIT = 1000
SCAN_BUDGET_SECONDS = 0.05
SCAN_CHECK_STEPS = 10_000  # SQLite VM steps between two looks at the clock
BOOLEANS = tuple(name for name, kind in KIND_OF.items() if kind == "bool")
BATCH_ROWS = 10_000

# Flat columns of each kind: the record's fields (nested ones prefixed, from the column spec) and a few of
# its article's.
EVENT_COLUMNS = EVENTS.listed
STATEMENT_COLUMNS = STATEMENTS.listed
ARTICLE_COLUMNS = ARTICLES.listed
ARTICLE_EXTRA = ("article_url", "article_title", "article_published", "article_outlet", "duplicate_of")
ARTICLE_JOIN = (
    "a.url AS article_url, a.title AS article_title, a.published AS article_published, "
    "a.outlet AS article_outlet, a.duplicate_of AS duplicate_of"
)
GROUPS = {
    "dyad": ("e.source_code", "e.target_code"),
    # Dyads of actors, not codes: Trump and Clinton (both USAELI) are two nodes; named from the actors table.
    "actor_dyad": ("e.source_actor_id", "e.target_actor_id"),
    "source": ("e.source_code",),
    "target": ("e.target_code",),
    "cameo_root": ("e.cameo_root",),
    "quad_class": ("e.quad_class",),
    # Events located at a place (for a map); events without a place are left out.
    "place": ("e.place_id",),
}
# Where a place is, looked up once per group (a join per event made the map's aggregate twice as slow).
PLACE_COLUMNS = ("name", "country", "lat", "lon")
PERIODS = {
    "day": "e.day",
    "week": "date(e.day, 'weekday 0', '-6 days')",  # the Monday starting the ISO week
    "month": "substr(e.day, 1, 7)",
}


@dataclass(eq=False)
class Results(Generic[T]):
    """A query's results, read lazily: iterate for records, ``rows()`` for flat dicts, ``to_arrow()`` and
    ``to_pandas()`` for frames. Each of these runs the query again, so a ``Results`` can be reused.

    ``scan`` is the same query written to read records in date order and stop at its LIMIT. SQLite cannot
    know whether an actor filter matches many records (then the scan answers a page in milliseconds, where
    collecting and sorting every match through the indexes takes a second at a million events) or few
    (then the scan would read the whole table): so the scan is tried first with a small CPU budget, and
    the indexed query runs only if it runs out. Both give the same rows."""

    connection: sqlite3.Connection
    sql: str
    params: list[Any]
    columns: tuple[str, ...]
    to_record: Callable[[sqlite3.Row], T]
    path: str
    scan: tuple[str, list[Any]] | None = None

    def cursor(self) -> Iterable[sqlite3.Row]:
        """The result rows: from the date-order scan when it answers within its budget, else the query."""
        if self.scan is not None:
            rows = self.try_scan(*self.scan)
            if rows is not None:
                return rows
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            return cursor.execute(self.sql, self.params)
        except sqlite3.OperationalError as error:
            raise query_error(self.path, error, self.sql) from error

    def try_scan(self, sql: str, params: list[Any]) -> list[sqlite3.Row] | None:
        """Rows of ``sql`` if SQLite finds them within ``SCAN_BUDGET_SECONDS`` of CPU, else None."""
        deadline = time.process_time() + SCAN_BUDGET_SECONDS
        self.connection.set_progress_handler(lambda: int(time.process_time() > deadline), SCAN_CHECK_STEPS)
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            return cursor.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                return None
            raise query_error(self.path, error, sql) from error
        finally:
            self.connection.set_progress_handler(None, 0)

    def __iter__(self) -> Iterator[T]:
        for row in self.cursor():
            yield self.to_record(row)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Flat dicts, one a record, with the columns of ``columns`` (CSV, Parquet and the HTTP API)."""
        return flat_rows(self.cursor(), self.columns)

    def batches(self, size: int = BATCH_ROWS) -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for row in self.rows():
            batch.append(row)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table`` with typed columns (codes as strings, offsets as integers)."""
        import pyarrow as pa

        from .arrow import schema_for

        schema = schema_for(self.columns)
        batches = [pa.RecordBatch.from_pylist(batch, schema=schema) for batch in self.batches()]
        return pa.Table.from_batches(batches, schema=schema)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` of the flat rows (through Arrow, so the types are the same)."""
        return self.to_arrow().to_pandas()


def flat_rows(rows: Iterable[Any], columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """SQLite rows as dicts of ``columns``, flags as booleans (SQLite stores them as 0 and 1)."""
    booleans = [name for name in columns if name in BOOLEANS]
    for row in rows:
        values = {name: row[name] for name in columns}
        for name in booleans:
            values[name] = bool(values[name])
        yield values


# Failures of the database itself, as opposed to a full-text query SQLite cannot parse.
DATABASE_FAILURES = ("locked", "disk", "readonly", "corrupt", "no such table", "unable to open")


def query_error(path: str, error: sqlite3.OperationalError, sql: str = "") -> InputError:
    message = str(error)
    if "MATCH" in sql and not any(failure in message for failure in DATABASE_FAILURES):
        return FilterError("text", "", f"not a valid full-text query ({message})")
    return StoreError(f"{path}: query failed ({message})")


def select(
    table: str, alias: str, columns: tuple[str, ...], terms: list[str], filters: Filters, order: str
) -> str:
    listed = ", ".join(f"{alias}.{c}" for c in columns if c not in ARTICLE_EXTRA)
    sql = f"SELECT {listed}, {ARTICLE_JOIN} FROM {table} {alias} JOIN articles a ON a.id = {alias}.article_id"
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    return sql + f" ORDER BY {order}" + limit_clause(filters)


def count_sql(kind: str, filters: Filters) -> tuple[str, list[Any]]:
    """``SELECT COUNT(*)`` of the records of ``kind`` matching ``filters`` (no order, no article columns)."""
    params: list[Any] = []
    if kind == "events":
        table, alias, terms = "events", "e", where_events(filters, params)
    elif kind == "statements":
        table, alias, terms = "statements", "t", where_statements(filters, params)
    elif kind == "articles":
        terms = where_articles(filters, params)
        return "SELECT COUNT(*) FROM articles a" + (" WHERE " + " AND ".join(terms) if terms else ""), params
    else:
        raise ValueError(f"count of {kind!r}: expected events, statements or articles")
    join = "" if filters.include_duplicates else f" JOIN articles a ON a.id = {alias}.article_id"
    sql = f"SELECT COUNT(*) FROM {table} {alias}{join}"
    return sql + (" WHERE " + " AND ".join(terms) if terms else ""), params


def limit_clause(filters: Filters) -> str:
    if filters.limit is None and not filters.offset:
        return ""
    return f" LIMIT {-1 if filters.limit is None else int(filters.limit)} OFFSET {int(filters.offset)}"


def events_sql(filters: Filters, indexed: bool = True) -> tuple[str, list[Any]]:
    params: list[Any] = []
    terms = where_events(filters, params, indexed)
    order = order_by(filters, "events", "e.day, e.row_id")
    return select("events", "e", EVENT_COLUMNS, terms, filters, order), params


def statements_sql(filters: Filters, indexed: bool = True) -> tuple[str, list[Any]]:
    params: list[Any] = []
    terms = where_statements(filters, params, indexed)
    order = order_by(filters, "statements", "t.day, t.row_id")
    return select("statements", "t", STATEMENT_COLUMNS, terms, filters, order), params


def date_order_scan(
    filters: Filters, build: Callable[..., tuple[str, list[Any]]]
) -> tuple[str, list[Any]] | None:
    """For a small page filtered by actor: the same query read in date order (see ``Results``), else None."""
    if filters.limit is None or filters.limit > SCAN_LIMIT or filters.text or filters.sort:
        return None
    if not (filters.actor or filters.source or filters.target):
        return None
    return build(filters, indexed=False)


def articles_sql(filters: Filters) -> tuple[str, list[Any]]:
    params: list[Any] = []
    terms = where_articles(filters, params)
    sql = (
        "SELECT "
        + ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        + (
            ", (SELECT COUNT(*) FROM statements t WHERE t.article_id = a.id) AS statements"
            ", (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS events FROM articles a"
        )
    )
    if terms:
        sql += " WHERE " + " AND ".join(terms)
    # Dated articles first (in date order), then the undated ones, unless sorted otherwise.
    order = order_by(filters, "articles", "a.published IS NULL, a.published, a.id")
    return sql + f" ORDER BY {order}" + limit_clause(filters), params


AGGREGATE_COLUMNS = ("events", "goldstein_mean", "quad1_share", "quad2_share", "quad3_share", "quad4_share")


def daily_sums_sql(
    group_by: str | None, per: str | None, filters: Filters, groups: list[tuple[str, str]], params: list[Any]
) -> str:
    """The first step of ``aggregate_sql``: counts, Goldstein sums and QuadClass counts by day and group."""
    terms = where_events(replace(filters, include_duplicates=True), params)
    if not filters.include_duplicates:
        terms.append("e.article_id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
    by_day = [("e.day", "day")] if per is not None else []
    if per is not None:
        terms.append("e.day IS NOT NULL")
    if group_by == "place":
        terms.append("e.place_id IS NOT NULL")
    if group_by == "actor_dyad":
        terms.append("e.source_actor_id IS NOT NULL AND e.target_actor_id IS NOT NULL")
    inner = "SELECT " + ", ".join(
        [f"{expression} AS {name}" for expression, name in by_day + groups]
        + ["COUNT(*) AS n", "SUM(e.goldstein) AS goldstein_sum"]
        + [f"SUM(e.quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4)]
    )
    inner += " FROM events e"
    if terms:
        inner += " WHERE " + " AND ".join(terms)
    if by_day or groups:
        inner += " GROUP BY " + ", ".join(expression for expression, _ in by_day + groups)
    return inner


def group_descriptions(group_by: str | None) -> list[tuple[str, str]]:
    """What names a group: where a place is, the names and codes of an actor dyad (looked up per group)."""
    if group_by == "place":
        return [(f"(SELECT p.{c} FROM places p WHERE p.id = d.place_id)", c) for c in PLACE_COLUMNS]
    if group_by == "actor_dyad":
        return [
            (f"(SELECT x.{column} FROM actors x WHERE x.id = d.{side}_actor_id)", f"{side}_{column}")
            for side in ("source", "target")
            for column in ("name", "code")
        ]
    return []


def aggregate_sql(
    group_by: str | None, per: str | None, filters: Filters
) -> tuple[str, list[Any], tuple[str, ...]]:
    """Counts, mean Goldstein and QuadClass shares of the filtered events by group and period.

    Two steps: sums by day (and group) first, then by period. Summed by day, a series over every event
    reads the covering ``events_day`` index in its own order, with no sort of a million rows; near-duplicates
    are left out through the (few) duplicate articles' ids, which that index also holds. (Grouped by more
    than the day, SQLite still sorts the day's sums, but only over the index's narrow rows.)
    """
    if group_by is not None and group_by not in GROUPS:
        raise FilterError("group_by", group_by, f"expected one of {', '.join(GROUPS)}")
    if per is not None and per not in PERIODS:
        raise FilterError("per", per, f"expected one of {', '.join(PERIODS)}")
    params: list[Any] = []
    groups = [(expression, expression.split(".", 1)[1]) for expression in GROUPS.get(group_by or "", ())]
    inner = daily_sums_sql(group_by, per, filters, groups, params)
    keys = [(PERIODS[per].replace("e.day", "day"), "period")] if per is not None else []
    keys += [(name, name) for _, name in groups]
    described = group_descriptions(group_by)
    selected = [f"{expression} AS {name}" for expression, name in keys + described] + [
        "SUM(n) AS events",
        "ROUND(SUM(goldstein_sum) / SUM(n), 3) AS goldstein_mean",
        *(f"ROUND(CAST(SUM(quad{q}) AS REAL) / SUM(n), 4) AS quad{q}_share" for q in (1, 2, 3, 4)),
    ]
    sql = f"SELECT {', '.join(selected)} FROM ({inner}) d"
    if keys:
        names = ", ".join(name for _, name in keys)
        sql += f" GROUP BY {names} ORDER BY " + ("period, " if per else "") + "events DESC, " + names
    sql += limit_clause(filters)
    columns = tuple(name for _, name in keys + described) + AGGREGATE_COLUMNS
    return sql, params, columns
