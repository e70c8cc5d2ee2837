"""``Store``: a dragoman database (SQLite), written by ingest and read by the CLI, the HTTP API and Python."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..ingest.dedupe import DEFAULT_THRESHOLD
from ..model import Actor, Article, Event, Extraction, Statement
from . import query
from .columns import PLACES, mention_from_row, place_from_row, sentence_from_row
from .filters import Filters, fts_query
from .query import Results
from .schema import connect
from .where import actor_match, matched_actors_sql
from .write import IngestSummary, Writer, ingest_extractions, write_actors

DEFAULT_PATH = "dragoman.db"


class Store:
    """A dragoman database. ``Store("dragoman.db").events(actor="RUS", since="2024-01-01")`` yields ``Event``
    records; ``.to_pandas()`` / ``.to_arrow()`` on the result give frames.

    Query methods take the filters of ``Filters`` as keyword arguments (the CLI options and HTTP query
    parameters of the same names) and raise ``FilterError`` (an ``InputError``) naming a bad one. A
    ``Store`` wraps one SQLite connection: use one ``Store`` per thread for concurrent readers.
    ``dedupe_threshold`` (None turns it off) is the MinHash similarity above which a newly written article
    is marked as a near-duplicate of a stored one. With ``rewrite`` an article already stored with the
    same text is written again (its records replaced), for records made by a newer dragoman.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        readonly: bool = False,
        dedupe_threshold: float | None = DEFAULT_THRESHOLD,
        rewrite: bool = False,
    ) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.dedupe_threshold = dedupe_threshold
        self.rewrite = rewrite
        self.connection = connect(path, readonly=readonly)
        self._writer: Writer | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------------------
    @property
    def writer(self) -> Writer:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        if self._writer is None:
            self._writer = Writer(self.connection, self.path, self.dedupe_threshold, self.rewrite)
        return self._writer

    def write(self, extraction: Extraction) -> str:
        """Store one article and its records in one transaction; returns ``new``, ``unchanged`` or
        ``replaced``."""
        return self.writer.write(extraction)[0]

    def ingest(
        self,
        extractions: Iterable[Extraction],
        summary: IngestSummary | None = None,
        on_article: Callable[[Extraction, str], None] | None = None,
    ) -> IngestSummary:
        """Write many extractions (one transaction each) and count what happened (see ``IngestSummary``)."""
        return ingest_extractions(self.writer, extractions, summary, on_article)

    def is_stored(self, article: Article) -> bool:
        """Whether this exact article (same id, same text) is already stored: the pipeline can skip it."""
        return self.writer.status(article) == "unchanged"

    def write_actors(self, actors: Iterable[Actor]) -> int:
        """Insert or update knowledge-base actors (with roles); returns how many were written."""
        return write_actors(self.connection, self.path, actors)

    def write_known_actors(self, kb: Any, *, every: bool = False) -> int:
        """Write the knowledge-base entry (aliases, dated roles with their sources, QID, gender) of each
        stored actor the records named but whose entry is not stored yet (``every``: of every stored actor,
        after the knowledge base changed); returns how many. ``kb`` is an ``ActorKB`` (anything with
        ``get(actor_id)``); an id it does not hold keeps its row."""
        sql = "SELECT id FROM actors" + ("" if every else " WHERE kind IS NULL")
        pending = [row[0] for row in self.connection.execute(sql)]
        entries = [entry for entry in map(kb.get, pending) if entry is not None]
        return self.write_actors(entries) if entries else 0

    # -- queries ---------------------------------------------------------------------------------------------
    def events(self, **filters: Any) -> Results[Event]:
        """Events matching the filters, by date (event date, else publication date)."""
        return self._dated(filters, query.events_sql, query.EVENT_COLUMNS, query.event_from_row)

    def statements(self, **filters: Any) -> Results[Statement]:
        """Statements matching the filters (``actor``/``source`` match the speaker, ``text`` the content)."""
        return self._dated(filters, query.statements_sql, query.STATEMENT_COLUMNS, query.statement_from_row)

    def _dated(
        self, filters: dict[str, Any], sql_of: Callable[..., Any], columns: tuple[str, ...], record: Any
    ) -> Results[Any]:
        """Records read by date: the query, and the same query as a date-order scan tried first."""
        built = Filters.build(**filters)
        sql, params = sql_of(built)
        scan = query.date_order_scan(built, sql_of)
        return Results(self.connection, sql, params, columns + query.ARTICLE_EXTRA, record, self.path, scan)

    def articles(self, **filters: Any) -> Results[Article]:
        """Articles matching the filters (``actor``: named in a mention; ``text``: in a sentence); rows
        also carry counts of statements and events."""
        sql, params = query.articles_sql(Filters.build(**filters))
        columns = query.ARTICLE_COLUMNS + ("statements", "events")
        return Results(self.connection, sql, params, columns, query.article_from_row, self.path)

    def filters(self, **values: Any) -> Filters:
        """``Filters.build(**values)``, told to keep duplicates when the store holds none: the answer is the
        same and counts need not read each record's article row."""
        filters = Filters.build(**values)
        if not filters.include_duplicates and not self.has_duplicates():
            filters = replace(filters, include_duplicates=True)
        return filters

    def has_duplicates(self) -> bool:
        """Whether any stored article is marked as a near-duplicate (one index probe)."""
        return bool(self.scalar("SELECT EXISTS (SELECT 1 FROM articles WHERE duplicate_of IS NOT NULL)"))

    def aggregate(
        self, group_by: str | None = None, per: str | None = None, **filters: Any
    ) -> list[dict[str, Any]]:
        """Event counts, mean Goldstein and QuadClass shares by ``group_by`` (dyad, source, target,
        cameo_root, quad_class) and ``per`` period (day, week starting Monday, month)."""
        return list(self.aggregate_results(group_by, per, **filters).rows())

    def aggregate_results(
        self, group_by: str | None = None, per: str | None = None, **filters: Any
    ) -> Results:
        """``aggregate`` as ``Results``, whose ``columns`` are known even when no row matches."""
        sql, params, columns = query.aggregate_sql(group_by, per, self.filters(**filters))
        return Results(self.connection, sql, params, columns, dict, self.path)

    def count(self, kind: str, **filters: Any) -> int:
        """How many records of ``kind`` (events, statements, articles) match, ignoring limit and offset."""
        filters = {**filters, "limit": None, "offset": None}
        sql, params = query.count_sql(kind, self.filters(**filters))
        return self.scalar(sql, params)

    def search(
        self, text: str, limit: int | None = 50, include_duplicates: bool = False
    ) -> list[dict[str, Any]]:
        """Sentences matching ``text`` (words, or an FTS5 query), best first, with a highlighted snippet."""
        filters = Filters.build(text=text, limit=limit, include_duplicates=include_duplicates)
        sql = (
            "SELECT s.article_id, s.sentence_index, s.char_start, s.char_end, s.text, "
            "a.title AS article_title, "
            "a.published AS article_published, snippet(sentences_fts, 0, '[', ']', '…', 16) AS snippet "
            "FROM sentences_fts JOIN sentences s ON s.row_id = sentences_fts.rowid "
            "JOIN articles a ON a.id = s.article_id WHERE sentences_fts MATCH ?"
            + ("" if filters.include_duplicates else " AND a.duplicate_of IS NULL")
            + " ORDER BY rank"
            + query.limit_clause(filters)
        )
        columns = (
            "article_id",
            "sentence_index",
            "char_start",
            "char_end",
            "text",
            "article_title",
            "article_published",
            "snippet",
        )
        return list(
            Results(self.connection, sql, [fts_query(filters.text or "")], columns, dict, self.path).rows()
        )

    def matched_actors(self, value: str) -> list[dict[str, Any]]:
        """The stored actors an ``actor``/``source``/``target`` filter value matches (id, name, code)."""
        sql, params = matched_actors_sql(value)
        return list(Results(self.connection, sql, params, ("id", "name", "code"), dict, self.path).rows())

    def suggest_actors(self, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
        """Stored actors with a word of their name or of an alias starting with ``prefix`` (any case): what a
        search box offers as the user types "fran" or "puti"; the most active first."""
        word = prefix.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        if not word:
            return []
        patterns = [f"{word}%", f"% {word}%", f'%"{word}%']
        where = " OR ".join(["r.name LIKE ? ESCAPE '\\'"] * 2 + ["r.aliases LIKE ? ESCAPE '\\'"] * 2)
        sql = (
            "SELECT r.id, r.name, r.code, "
            "(SELECT COUNT(*) FROM events e WHERE e.source_actor_id = r.id OR e.target_actor_id = r.id) "
            "+ (SELECT COUNT(*) FROM statements t WHERE t.speaker_actor_id = r.id) AS records "
            f"FROM actors r WHERE {where} ORDER BY records DESC, r.name LIMIT ?"
        )
        params = [patterns[0], patterns[1], patterns[2], patterns[1], limit]
        return list(
            Results(self.connection, sql, params, ("id", "name", "code", "records"), dict, self.path).rows()
        )

    def actors(
        self, actor: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Actors met in the stored records (or written from the knowledge base), with how often they are a
        speaker, an event source or target, or mentioned; most active first."""
        filters = Filters.build(actor=actor, limit=limit, offset=offset)
        params: list[Any] = []
        where = ""
        if filters.actor:
            where = " WHERE " + actor_match("r.id", "r.code", filters.actor, params)
        sql = (
            "SELECT r.id, r.name, r.code, r.country, r.sector, r.kind, r.wikidata, "
            "(SELECT COUNT(*) FROM statements t WHERE t.speaker_actor_id = r.id) AS statements, "
            "(SELECT COUNT(*) FROM events e WHERE e.source_actor_id = r.id) AS events_as_source, "
            "(SELECT COUNT(*) FROM events e WHERE e.target_actor_id = r.id) AS events_as_target, "
            "(SELECT COUNT(*) FROM mentions m WHERE m.actor_id = r.id) AS mentions "
            f"FROM actors r{where} "
            "ORDER BY statements + events_as_source + events_as_target + mentions DESC, r.id"
            + query.limit_clause(filters)
        )
        columns = (
            "id",
            "name",
            "code",
            "country",
            "sector",
            "kind",
            "wikidata",
            "statements",
            "events_as_source",
            "events_as_target",
            "mentions",
        )
        return list(Results(self.connection, sql, params, columns, dict, self.path).rows())

    def actor(self, actor_id: str, partners: int = 10) -> dict[str, Any] | None:
        """One actor by id, or None: the fields and counts of ``actors()``, its aliases, dated roles, and the
        ``partners`` actors it meets most often in events (either direction, near-duplicates left out)."""
        found = [row for row in self.actors(actor=actor_id) if row["id"] == actor_id]
        if not found:
            return None
        info = found[0]
        aliases = self.scalar("SELECT aliases FROM actors WHERE id = ?", [actor_id])
        info["aliases"] = json.loads(aliases or "[]")
        info["gender"] = self.scalar("SELECT gender FROM actors WHERE id = ?", [actor_id])
        info["roles"] = [
            {"code": row["code"], "from": row["valid_from"], "to": row["valid_to"], "source": row["source"]}
            for row in self.iter_sql(
                "SELECT code, valid_from, valid_to, source FROM actor_roles WHERE actor_id = ? "
                "ORDER BY valid_from IS NOT NULL, valid_from, code",
                [actor_id],
            )
        ]
        side = (
            "SELECT e.{other}_actor_id AS actor_id, e.{other}_name AS name, e.{other}_code AS code, "
            "{outgoing} AS outgoing, e.goldstein FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE e.{own}_actor_id = ? AND e.{other}_actor_id IS NOT NULL AND a.duplicate_of IS NULL"
        )
        sql = (
            "SELECT actor_id, MAX(name) AS name, MAX(code) AS code, COUNT(*) AS events, "
            "SUM(outgoing) AS outgoing, COUNT(*) - SUM(outgoing) AS incoming, "
            "ROUND(AVG(goldstein), 3) AS goldstein_mean FROM ("
            + side.format(own="source", other="target", outgoing=1)
            + " UNION ALL "
            + side.format(own="target", other="source", outgoing=0)
            + ") GROUP BY actor_id ORDER BY events DESC, actor_id LIMIT ?"
        )
        info["partners"] = [dict(row) for row in self.iter_sql(sql, [actor_id, actor_id, int(partners)])]
        return info

    def article(self, article_id: str) -> Extraction | None:
        """One stored article with all its records (the evidence view), or None."""
        found = list(self.articles(article=article_id, include_duplicates=True))
        if not found:
            return None
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        sentences = tuple(
            map(
                sentence_from_row,
                cursor.execute(
                    "SELECT * FROM sentences WHERE article_id = ? ORDER BY sentence_index", (article_id,)
                ),
            )
        )
        mentions = tuple(
            map(
                mention_from_row,
                cursor.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY row_id", (article_id,)),
            )
        )
        entry = ", ".join(f"p.{c.name}" for c in PLACES.columns if c.name != "id")
        places = tuple(
            map(
                place_from_row,
                cursor.execute(
                    f"SELECT pm.*, {entry} FROM place_mentions pm JOIN places p ON p.id = pm.place_id "
                    "WHERE pm.article_id = ? ORDER BY pm.row_id",
                    (article_id,),
                ),
            )
        )
        return Extraction(
            article=found[0],
            sentences=sentences,
            mentions=mentions,
            statements=tuple(self.statements(article=article_id, include_duplicates=True)),
            events=tuple(self.events(article=article_id, include_duplicates=True)),
            places=places,
        )

    def totals(self) -> dict[str, int]:
        """How many rows each main table holds (near-duplicate articles counted apart)."""
        tables = ("articles", "sentences", "mentions", "statements", "events", "actors", "places")
        counts = {table: self.scalar(f"SELECT COUNT(*) FROM {table}") for table in tables}
        counts["duplicates"] = self.scalar("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL")
        return counts

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        try:
            return self.connection.execute(sql, list(params)).fetchone()[0]
        except sqlite3.OperationalError as error:
            raise query.query_error(self.path, error, sql) from error

    def iter_sql(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        """Rows of a read-only SQL query (for exports that join more than one table)."""
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            yield from cursor.execute(sql, list(params))
        except sqlite3.OperationalError as error:
            raise query.query_error(self.path, error, sql) from error
