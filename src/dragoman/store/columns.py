"""One column spec per stored record: the tables' columns, where each value lives in its record, and its
type. The INSERTs, the SELECT lists, rows back into records, the Arrow schema and the current schema as
``CREATE TABLE`` (checked against what the migrations build) are all made from these tables.

A column names the record field it holds by a dotted ``path`` ("source.text" is ``event.source.text``);
a row is read back by nesting its values along those paths and handing them to the record's ``from_dict``
(a nested record whose values are all null is absent: an event without a target). A column the writer
derives from the article or the write itself (``day``, ``text_sha1``, ``ingested_at``) has a ``write``
function instead. ``listed`` columns are the ones queries return, in this order (CSV and Parquet columns).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Event, Mention, Place, Sentence, Statement

KINDS = ("text", "int", "float", "bool")


@dataclass(frozen=True, slots=True)
class WriteContext:
    """What the writer knows beside the record: its article's day, the near-duplicate the article is of,
    the time of the write."""

    day: str | None
    duplicate_of: str | None
    now: str


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql: str  # the SQL type and constraints, as in CREATE TABLE
    path: str | None = None  # the record field it holds, dotted for nested records
    kind: str = "text"  # text | int | float | bool: the Arrow type, and bools stored as 0/1
    write: Callable[[Any, WriteContext], Any] | None = None  # a value derived at write time
    listed: bool = True
    comment: str = ""
    steps: tuple[str, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        object.__setattr__(self, "steps", tuple(self.path.split(".")) if self.path else ())

    def expression(self, number: int) -> str:
        """Python source for this column's value in the row function ``values_function`` writes."""
        if self.write is not None:
            return f"_write[{number}](record, context)"
        value, guards = "record", []
        for step in self.steps:
            value = f"{value}.{step}"
            guards.append(value)
        # A nested record that is absent (an event without a target) gives null for each of its columns.
        expression = f"int({value})" if self.kind == "bool" else value
        for guard in reversed(guards[:-1]):
            expression = f"(None if {guard} is None else {expression})"
        return expression


def values_function(columns: tuple[Column, ...]) -> Callable[[Any, WriteContext], tuple[Any, ...]]:
    """The function from a record to its row's values, written out from the spec as the dataclasses module
    writes ``__init__``: one attribute read per value, where a loop over the columns cost a third of the
    store's write time."""
    body = ",\n        ".join(column.expression(number) for number, column in enumerate(columns))
    source = f"def values(record, context):\n    return (\n        {body},\n    )\n"
    namespace: dict[str, Any] = {"_write": [column.write for column in columns]}
    exec(compile(source, "<column spec>", "exec"), namespace)  # noqa: S102 - source made from the spec
    return namespace["values"]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    row_id: bool = True  # an INTEGER PRIMARY KEY the database numbers (the order records were written)
    key: str | None = None  # the column an upsert replaces on (a gazetteer entry shared by articles)
    constraints: tuple[str, ...] = ()
    insert: str = field(default="", init=False)  # the INSERT statement, made once
    values: Callable[[Any, WriteContext], tuple[Any, ...]] = field(default=tuple, init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "insert", self._insert_sql())
        object.__setattr__(self, "values", values_function(self.columns))

    @property
    def listed(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.listed)

    def _insert_sql(self) -> str:
        names = [c.name for c in self.columns]
        sql = f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        if self.key is None:
            return sql
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != self.key)
        return f"{sql} ON CONFLICT({self.key}) DO UPDATE SET {updates}"

    def create_sql(self) -> str:
        """The table as the current schema has it (new columns come through migrations, see schema.py)."""
        lines = ["row_id INTEGER PRIMARY KEY"] if self.row_id else []
        lines += [f"{c.name} {c.sql}" for c in self.columns] + list(self.constraints)
        return f"CREATE TABLE {self.name} (\n    " + ",\n    ".join(lines) + "\n)"


def nested(row: Any, columns: Iterable[Column]) -> dict[str, Any]:
    """The row's values as the record's ``to_dict`` would have them: nested along each column's path, a
    nested record with only nulls left out (None)."""
    data: dict[str, Any] = {}
    for column in columns:
        if not column.steps:
            continue
        value = row[column.name]
        if column.kind == "bool" and value is not None:
            value = bool(value)
        target = data
        for step in column.steps[:-1]:
            target = target.setdefault(step, {})
        target[column.steps[-1]] = value
    return _absent_as_none(data)


def _absent_as_none(data: dict[str, Any]) -> dict[str, Any]:
    for key, value in data.items():
        if isinstance(value, dict):
            inner = _absent_as_none(value)
            data[key] = None if all(v is None for v in inner.values()) else inner
    return data


def reader(table: Table, record: Callable[[dict[str, Any]], Any]) -> Callable[[Any], Any]:
    """A function from a row of ``table`` (with its columns by name) to the record ``record`` builds."""
    columns = tuple(c for c in table.columns if c.steps)
    return lambda row: record(nested(row, columns))


def _column(
    kind: str, sql_type: str, name: str, path: str | None, null: bool, extra: str, **options: Any
) -> Column:
    sql = " ".join(part for part in (sql_type, "" if null else "NOT NULL", extra) if part)
    if path is None and "write" not in options:
        path = name  # a record field of the column's name; a derived column holds none unless told
    return Column(name, sql, path, kind=kind, **options)


def _text(
    name: str, path: str | None = None, *, null: bool = True, extra: str = "", **options: Any
) -> Column:
    return _column("text", "TEXT", name, path, null, extra, **options)


def _int(name: str, path: str | None = None, *, null: bool = True, extra: str = "", **options: Any) -> Column:
    return _column("int", "INTEGER", name, path, null, extra, **options)


def _real(name: str, path: str | None = None, *, null: bool = True, **options: Any) -> Column:
    return _column("float", "REAL", name, path, null, "", **options)


def _span(prefix: str, path: str, *, null: bool = True) -> tuple[Column, ...]:
    return (
        _text(f"{prefix}_text", f"{path}.text", null=null),
        _int(f"{prefix}_start", f"{path}.start", null=null),
        _int(f"{prefix}_end", f"{path}.end", null=null),
    )


def _actor(prefix: str, path: str) -> tuple[Column, ...]:
    return (
        *_span(prefix, path),
        _text(f"{prefix}_actor_id", f"{path}.actor_id"),
        _text(f"{prefix}_name", f"{path}.name"),
        _text(f"{prefix}_code", f"{path}.code"),
    )


def _day_of_article(record: Any, context: WriteContext) -> str | None:
    return context.day


def _day_of_event(event: Event, context: WriteContext) -> str | None:
    return (event.date or "")[:10] or context.day


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def source_identity(article: Article) -> str:
    """What names "the same article" across runs: its url, else the source it was read from."""
    return article.url or article.source


OF_ARTICLE = "REFERENCES articles(id) ON DELETE CASCADE"


ARTICLES = Table(
    "articles",
    (
        Column("id", "TEXT PRIMARY KEY", "id"),
        _text("source", null=False),
        _text("url"),
        _text("title"),
        _text("published", comment="ISO 8601 date"),
        _text("published_from", comment="metadata | user | text | roles"),
        _text("published_range", comment="FROM..TO, the window an undated article's offices give"),
        _text("outlet"),
        _text("language"),
        _int("body_start", null=False, comment="offset where the body begins after the headline"),
        _text(
            "duplicate_of",
            "duplicate_of",
            extra="REFERENCES articles(id) ON DELETE SET NULL",
            write=lambda a, c: c.duplicate_of,
            comment="the article this nearly repeats",
        ),
        _text("ingested_at", null=False, write=lambda a, c: c.now, comment="UTC, ISO 8601"),
        _int("text_length", null=False, write=lambda a, c: len(a.text)),
        _text("text", null=False, comment="the cleaned article text all offsets point into"),
        _text("source_identity", null=False, write=lambda a, c: source_identity(a), listed=False),
        _text("text_sha1", null=False, write=lambda a, c: text_sha1(a.text), listed=False),
    ),
    row_id=False,
)
SENTENCES = Table(
    "sentences",
    (
        _text("article_id", null=False, extra=OF_ARTICLE),
        _int("sentence_index", "index", null=False),
        _int("char_start", "start", null=False),
        _int("char_end", "end", null=False),
        _text("text", null=False),
    ),
    constraints=("UNIQUE (article_id, sentence_index)",),
)
MENTIONS = Table(
    "mentions",
    (
        _text("article_id", null=False, extra=OF_ARTICLE),
        _int("sentence_index", "sentence", null=False),
        _int("char_start", "start", null=False),
        _int("char_end", "end", null=False),
        _text("text", null=False),
        _text("actor_id"),
        _text("actor_name", "name"),
        _text("actor_code", "code"),
        _text("how", null=False, comment="alias | composed | fuzzy | coref | metonymy | unresolved"),
        _real("score"),
    ),
)
STATEMENTS = Table(
    "statements",
    (
        _text("id", null=False, extra="UNIQUE"),
        _text("article_id", null=False, extra=OF_ARTICLE),
        _int("sentence_index", "sentence", null=False),
        _text("day", write=_day_of_article, comment="the article's publication date"),
        *_actor("speaker", "speaker"),
        *_span("antecedent", "speaker.antecedent"),
        *_span("cue", "cue", null=False),
        _text("cue_lemma", "cue.lemma", null=False),
        *_span("content", "content", null=False),
        _text("kind", null=False, comment="direct | indirect | mixed"),
        _text("parent_id"),
        _real("score"),
        _text("speaker_how", "speaker.how"),
        _real("speaker_score", "speaker.score"),
    ),
)
EVENTS = Table(
    "events",
    (
        _text("id", null=False, extra="UNIQUE"),
        _text("article_id", null=False, extra=OF_ARTICLE),
        _int("sentence_index", "sentence", null=False),
        _text("statement_id"),
        _text("day", write=_day_of_event, comment="event date, else the article's (YYYY-MM-DD)"),
        *_actor("source", "source"),
        *_actor("target", "target"),
        *_span("action", "action", null=False),
        _text("cameo", null=False, comment='CAMEO code as text, leading zeros kept ("010")'),
        _text("cameo_root", null=False),
        _text("plover"),
        _text("plover_mode"),
        _int("quad_class", null=False),
        _real("goldstein", null=False),
        Column("negated", "INTEGER NOT NULL", "negated", kind="bool"),
        _text("place_id", extra="REFERENCES places(id)"),
        _text("place_how"),
        _text("date"),
        _text("date_precision"),
        _text("date_from"),
        _text("rule"),
        _real("score"),
    ),
)
# A place is a gazetteer entry (shared by every article naming it: the latest resolution wins) and a
# mention of it in one article.
PLACES = Table(
    "places",
    (
        Column("id", "TEXT PRIMARY KEY", "id", comment="GeoNames id, or a documented supplement id"),
        _text("name", null=False),
        _text("country", comment="ISO 3166-1 alpha-3"),
        _text("admin1"),
        _real("lat"),
        _real("lon"),
        _text("precision", null=False, comment="region | country | admin1 | admin2 | city | site"),
    ),
    row_id=False,
    key="id",
)
PLACE_MENTIONS = Table(
    "place_mentions",
    (
        _text("article_id", null=False, extra=OF_ARTICLE),
        _text("place_id", "id", null=False, extra="REFERENCES places(id)"),
        _int("sentence_index", "sentence", null=False),
        _int("char_start", "start", null=False),
        _int("char_end", "end", null=False),
        _text("text", null=False),
        _real("score"),
        _text("how", comment="why this entry: gazetteer | population | qualifier | unit | capital | …"),
    ),
)
TABLES = (ARTICLES, SENTENCES, MENTIONS, STATEMENTS, EVENTS, PLACES, PLACE_MENTIONS)

article_from_row = reader(ARTICLES, Article.from_dict)
sentence_from_row = reader(SENTENCES, Sentence.from_dict)
mention_from_row = reader(MENTIONS, Mention.from_dict)
statement_from_row = reader(STATEMENTS, Statement.from_dict)
event_from_row = reader(EVENTS, Event.from_dict)
_PLACE_COLUMNS = tuple(c for c in (*PLACES.columns, *PLACE_MENTIONS.columns) if c.name != "id")


def place_from_row(row: Any) -> Place:
    """A place mention joined with its gazetteer entry (``place_mentions.*`` and the entry's columns)."""
    return Place.from_dict(nested(row, _PLACE_COLUMNS))


# Columns the queries compute (aggregates, counts), with their kinds, for the Arrow schema.
COMPUTED_KINDS = {
    "events": "int",
    "statements": "int",
    "goldstein_mean": "float",
    "quad1_share": "float",
    "quad2_share": "float",
    "quad3_share": "float",
    "quad4_share": "float",
}
KIND_OF = {c.name: c.kind for table in TABLES for c in table.columns} | COMPUTED_KINDS
