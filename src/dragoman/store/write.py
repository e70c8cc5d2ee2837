"""Writing ``Extraction``s: each article atomic (all its records or none), keyed by content-derived ids.

Ingesting the same article again changes nothing; an article seen again under the same source identity
(its url, else its source) with other text replaces the stored one with all its records. A crash between
two articles leaves every article either complete or absent, so running the same ingest again finishes the
work without duplicates.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from ..errors import StoreError
from ..ingest.dedupe import NearDuplicateIndex, signature, signature_bytes
from ..model import Actor, Article, Extraction
from .columns import (
    ARTICLES,
    EVENTS,
    MENTIONS,
    PLACE_MENTIONS,
    PLACES,
    SENTENCES,
    STATEMENTS,
    Table,
    WriteContext,
    source_identity,
    text_sha1,
)
from .schema import begin_writing

NEW, UNCHANGED, REPLACED = "new", "unchanged", "replaced"
# An ingest commits every BATCH_ARTICLES articles or BATCH_SECONDS seconds: a kill loses at most that much
# work (redone by the next run), and per-commit costs (FTS segment flushes, WAL frames) are shared.
BATCH_ARTICLES = 200
BATCH_SECONDS = 0.5


class ArticleConflict(StoreError):
    """One article's records cannot be stored (ids that clash with another article's); others can."""


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest run; two summaries add up (for runs fed by several workers)."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    duplicates: int = 0
    statements: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    # Seconds spent waiting for another process's writes (concurrent ingests into one database).
    waited: float = 0.0

    def count(self, status: str, extraction: Extraction | None = None, duplicate: bool = False) -> None:
        setattr(self, status, getattr(self, status) + 1)
        if extraction is not None and status != UNCHANGED:
            self.statements += len(extraction.statements)
            self.events += len(extraction.events)
            self.duplicates += int(duplicate)

    def fail(self, message: str) -> None:
        self.failed += 1
        self.errors.append(message)

    def __add__(self, other: IngestSummary) -> IngestSummary:
        return IngestSummary(
            self.new + other.new,
            self.unchanged + other.unchanged,
            self.replaced + other.replaced,
            self.failed + other.failed,
            self.duplicates + other.duplicates,
            self.statements + other.statements,
            self.events + other.events,
            self.errors + other.errors,
            self.waited + other.waited,
        )

    def line(self) -> str:
        """One line for a terminal: ``articles: 3 new, 1 unchanged, 0 replaced, 0 failed; …``."""
        return (
            f"articles: {self.new} new, {self.unchanged} unchanged, {self.replaced} replaced, "
            f"{self.failed} failed ({self.duplicates} near-duplicates); "
            f"written: {self.statements} statements, {self.events} events"
            + (f"; waited {self.waited:.1f} s for other writers" if self.waited >= 0.1 else "")
        )


class Writer:
    """Writes extractions into an open connection; holds the near-duplicate index of the stored articles."""

    def __init__(
        self, connection: sqlite3.Connection, path: str, dedupe_threshold: float | None, rewrite: bool = False
    ) -> None:
        self.connection = connection
        self.path = path
        # rewrite: an article stored with the same text is replaced anyway (records of a newer dragoman).
        self.rewrite = rewrite
        # Seconds spent waiting for other writers, and who hears of the wait (a progress bar).
        self.waited = 0.0
        self.on_wait: Callable[[float], None] | None = None
        # The signatures read so far are those of article_minhashes rows up to this rowid.
        self.signatures_read = 0
        self.dedupe = self.load_dedupe(dedupe_threshold) if dedupe_threshold is not None else None

    def load_dedupe(self, threshold: float) -> NearDuplicateIndex:
        """The near-duplicate index of every stored article's signature."""
        self.signatures_read = 0
        index = NearDuplicateIndex(threshold)
        self.read_new_signatures(index)
        return index

    def read_new_signatures(self, index: NearDuplicateIndex) -> None:
        """Add the signatures stored since the last read: those another ingest wrote meanwhile, so that
        concurrent ingests find the same near-duplicates one ingest would."""
        rows = self.connection.execute(
            "SELECT rowid, article_id, signature FROM article_minhashes WHERE rowid > ? ORDER BY rowid",
            (self.signatures_read,),
        ).fetchall()
        if rows:
            self.signatures_read = rows[-1][0]
            index.load((article_id, signature) for _, article_id, signature in rows)

    def status(self, article: Article) -> str:
        """``unchanged`` when this exact article is stored, ``replaced`` when it would replace one, else
        ``new``."""
        row = self.connection.execute("SELECT text_sha1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is not None:
            return UNCHANGED if row[0] == text_sha1(article.text) and not self.rewrite else REPLACED
        row = self.connection.execute(
            "SELECT 1 FROM articles WHERE source_identity = ? LIMIT 1", (source_identity(article),)
        ).fetchone()
        return REPLACED if row else NEW

    def write(self, extraction: Extraction) -> tuple[str, str | None]:
        """Store one article and all its records in one transaction; returns (status, duplicate_of)."""
        with self.batch():
            return self.add(extraction)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for the articles ``add``ed inside the block, each atomic on its own (a SAVEPOINT):
        a failed article leaves nothing behind, and a crash loses at most the open batch, never part of an
        article. Committing many small articles together is what makes the write rate."""
        self.waited += begin_writing(self.connection, self.path, self.on_wait)
        try:
            if self.dedupe is not None:
                self.read_new_signatures(self.dedupe)
            yield
            self.connection.execute("COMMIT")
        except BaseException as error:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            if self.dedupe is not None:  # forget the signatures added in the rolled-back batch
                self.dedupe = self.load_dedupe(self.dedupe.threshold)
            if isinstance(error, sqlite3.Error):
                raise StoreError(f"{self.path}: cannot write ({error})") from error
            raise

    def add(self, extraction: Extraction) -> tuple[str, str | None]:
        """Write one article and its records inside the open ``batch``; returns (status, duplicate_of)."""
        article = extraction.article
        status = self.status(article)
        if status == UNCHANGED:
            return status, None
        minhash = signature(article.text) if self.dedupe is not None else None
        try:
            self.connection.execute("SAVEPOINT article")
            replaced = self.delete_previous(article)
            duplicate_of = self.original_of(article, minhash)
            insert_extraction(self.connection, extraction, duplicate_of)
            if minhash is not None:
                self.connection.execute(
                    "INSERT INTO article_minhashes (article_id, signature) VALUES (?, ?)",
                    (article.id, signature_bytes(minhash)),
                )
            self.connection.execute("RELEASE article")
        except sqlite3.Error as error:
            if self.connection.in_transaction:  # SQLite may have rolled back everything already (disk full)
                self.connection.execute("ROLLBACK TO article")
                self.connection.execute("RELEASE article")
            raise write_error(self.path, article, error) from error
        if self.dedupe is not None and minhash is not None:
            for old_id in replaced:
                self.dedupe.remove(old_id)
            self.dedupe.add(article.id, minhash)
        return status, duplicate_of

    def delete_previous(self, article: Article) -> list[str]:
        """Delete the stored versions of ``article`` (same id, or same source identity); their records go
        with them (ON DELETE CASCADE). Returns the deleted ids."""
        rows = self.connection.execute(
            "SELECT id FROM articles WHERE id = ? OR source_identity = ?",
            (article.id, source_identity(article)),
        ).fetchall()
        ids = [row[0] for row in rows]
        self.connection.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
        return ids

    def original_of(self, article: Article, minhash: Any) -> str | None:
        """The stored article ``article`` is a near-copy of (following chains to the first one), or None."""
        if article.duplicate_of is not None:
            known = self.connection.execute("SELECT 1 FROM articles WHERE id = ?", (article.duplicate_of,))
            return article.duplicate_of if known.fetchone() else None
        if self.dedupe is None:
            return None
        candidate = self.dedupe.find(minhash, exclude=article.id)
        if candidate is None:
            return None
        row = self.connection.execute(
            "SELECT duplicate_of FROM articles WHERE id = ?", (candidate,)
        ).fetchone()
        if row is None:  # deleted since the index was loaded (replaced within this run)
            return None
        return row[0] or candidate


def write_error(path: str, article: Article, error: sqlite3.Error) -> StoreError:
    message = str(error)
    if isinstance(error, sqlite3.IntegrityError):
        return ArticleConflict(
            f"{article.source}: article {article.id} not stored: conflicting records ({message})"
        )
    return StoreError(f"{path}: cannot write article {article.id} ({message})")


def insert_extraction(
    connection: sqlite3.Connection, extraction: Extraction, duplicate_of: str | None
) -> None:
    """INSERT the article and its records (inside the caller's transaction), row by row as the column
    spec (``columns.py``) maps them."""
    article = extraction.article
    context = WriteContext(
        (article.published or "")[:10] or None,
        duplicate_of,
        datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    insert(connection, ARTICLES, [article], context)
    insert(connection, SENTENCES, extraction.sentences, context)
    # One statement per article for each full-text index: FTS5's cost is per statement more than per row.
    connection.execute(
        "INSERT INTO sentences_fts (rowid, text) SELECT row_id, text FROM sentences WHERE article_id = ?",
        (article.id,),
    )
    insert(connection, MENTIONS, extraction.mentions, context)
    insert(connection, STATEMENTS, extraction.statements, context)
    connection.execute(
        "INSERT INTO statements_fts (rowid, content_text) SELECT row_id, content_text FROM statements "
        "WHERE article_id = ?",
        (article.id,),
    )
    # The gazetteer entry is shared by every article naming the place: the latest resolution wins.
    entries = {place.id: place for place in extraction.places}
    insert(connection, PLACES, entries.values(), context)
    insert(connection, PLACE_MENTIONS, extraction.places, context)
    insert(connection, EVENTS, extraction.events, context)
    # Actors named in the records get a row (id, name, code) so that joins work; the full knowledge-base
    # entry, when written with ``Store.write_actors``, is kept.
    connection.executemany(
        "INSERT INTO actors (id, name, code) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING",
        [(actor_id, name, code) for actor_id, (name, code) in named_actors(extraction).items()],
    )


def insert(
    connection: sqlite3.Connection, table: Table, records: Iterable[Any], context: WriteContext
) -> None:
    connection.executemany(table.insert, [table.values(record, context) for record in records])


def named_actors(extraction: Extraction) -> dict[str, tuple[str | None, str | None]]:
    """The resolved actors the records name, each with the name and code it was first seen with."""
    seen: dict[str, tuple[str | None, str | None]] = {}
    for mention in extraction.mentions:
        if mention.actor_id:
            seen[mention.actor_id] = (mention.name, mention.code)
    refs = [s.speaker for s in extraction.statements]
    refs += [ref for e in extraction.events for ref in (e.source, e.target)]
    for ref in refs:
        if ref is not None and ref.actor_id:
            seen.setdefault(ref.actor_id, (ref.name, ref.code))
    return seen


def write_actors(connection: sqlite3.Connection, path: str, actors: Iterable[Actor]) -> int:
    """Insert or update knowledge-base actors with their roles, in one transaction; returns how many."""
    count = 0
    try:
        connection.execute("BEGIN IMMEDIATE")
        for actor in actors:
            connection.execute(ACTOR_UPSERT, actor_row(actor))
            connection.execute("DELETE FROM actor_roles WHERE actor_id = ?", (actor.id,))
            connection.executemany(
                "INSERT INTO actor_roles (actor_id, code, valid_from, valid_to, source) "
                "VALUES (?, ?, ?, ?, ?)",
                [(actor.id, role.code, role.start, role.end, role.source) for role in actor.roles],
            )
            count += 1
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise StoreError(f"{path}: cannot write actors ({error})") from error
    return count


ACTOR_COLUMNS = ("id", "name", "code", "country", "sector", "kind", "wikidata", "aliases", "source", "gender")
ACTOR_UPSERT = (
    f"INSERT INTO actors ({', '.join(ACTOR_COLUMNS)}) VALUES ({', '.join('?' * len(ACTOR_COLUMNS))}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in ACTOR_COLUMNS[1:])
)


def actor_row(actor: Actor) -> tuple[Any, ...]:
    """The ``actors`` row of a knowledge-base entry, in ``ACTOR_COLUMNS`` order."""
    aliases = json.dumps(list(actor.aliases), ensure_ascii=False)
    return tuple(aliases if column == "aliases" else getattr(actor, column) for column in ACTOR_COLUMNS)


def ingest_extractions(
    writer: Writer,
    extractions: Iterable[Extraction],
    summary: IngestSummary | None = None,
    on_article: Callable[[Extraction, str], None] | None = None,
) -> IngestSummary:
    """Write each extraction, each article atomic, and count what happened.

    Articles are committed in batches of at most ``BATCH_ARTICLES`` or ``BATCH_SECONDS``, whichever
    comes first. An article whose write fails (conflicting ids, say) is counted as failed and the rest go
    on; a store that cannot be written at all (read-only file, full disk) raises ``StoreError`` naming the
    path. ``on_article(extraction, status)`` is called after each one (for progress bars).
    """
    summary = summary or IngestSummary()
    pending = iter(extractions)
    # The write lock is taken once the batch's first article is extracted, not while it is: a concurrent
    # ingest then waits for a batch's writes, never for this one's parsing.
    while True:
        started, written = time.monotonic(), 0
        if (first := next(pending, None)) is None:
            break
        with writer.batch():
            for extraction in chain([first], pending):
                try:
                    status, duplicate_of = writer.add(extraction)
                except ArticleConflict as error:
                    summary.fail(str(error))
                    status = "failed"
                else:
                    summary.count(status, extraction, duplicate=duplicate_of is not None)
                if on_article is not None:
                    on_article(extraction, status)
                written += 1
                if written >= BATCH_ARTICLES or time.monotonic() - started >= BATCH_SECONDS:
                    break
    summary.waited += writer.waited
    writer.waited = 0.0
    return summary
