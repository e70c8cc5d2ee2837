"""The database schema, its version, and opening a file safely (validate first, then write).

Table and column names are meant to read well in Datasette or the ``sqlite3`` shell: character offsets are
``char_start``/``char_end`` (0-based, end-exclusive, into ``articles.text``), sentence indexes are
``sentence_index`` (0-based, the headline is sentence 0), and a nested record's fields are flattened with
its name as prefix (``speaker_actor_id``, ``source_code``, ``content_text``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError

# "DRGM": marks a file as a dragoman database, so another application's SQLite file is never written to.
# How long one attempt waits for a lock, and how long a writer waits in all for another to finish a batch
# (an ingest holds the write lock for about BATCH_SECONDS at a time, so a wait this long means it is stuck).
BUSY_SECONDS = 2.0
WRITE_WAIT_SECONDS = 600.0
APPLICATION_ID = 0x4452474D

# Each migration brings the schema from version N-1 to N; the list index + 1 is the version it produces.
# Never edit a released migration: add a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        source_identity TEXT NOT NULL,      -- url, else source: an article seen again under it is replaced
        url TEXT,
        title TEXT,
        published TEXT,                     -- ISO 8601 date
        published_from TEXT,                -- metadata | user | text
        outlet TEXT,
        language TEXT,
        body_start INTEGER NOT NULL,        -- offset where the body begins after the headline
        text TEXT NOT NULL,                 -- the cleaned article text all offsets point into
        text_length INTEGER NOT NULL,
        text_sha1 TEXT NOT NULL,
        duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL,
        ingested_at TEXT NOT NULL           -- UTC, ISO 8601
    );
    CREATE INDEX articles_source_identity ON articles(source_identity);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

    CREATE TABLE article_minhashes (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL             -- MinHash hash values (uint64, little-endian) for near-duplicates
    );

    CREATE TABLE sentences (
        row_id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (article_id, sentence_index)
    );

    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        name TEXT,
        code TEXT,
        country TEXT,
        sector TEXT,
        kind TEXT,
        wikidata TEXT,
        aliases TEXT,                       -- JSON array
        source TEXT                         -- the dictionary file the entry came from
    );
    -- Filters by name go through this (small) table to actor ids, so the large tables need no name index.
    CREATE INDEX actors_name ON actors(name COLLATE NOCASE);
    CREATE TABLE actor_roles (
        actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        valid_from TEXT,
        valid_to TEXT
    );
    CREATE INDEX actor_roles_actor_id ON actor_roles(actor_id);

    CREATE TABLE mentions (
        row_id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT,
        actor_code TEXT,
        how TEXT NOT NULL,                  -- alias | composed | fuzzy | coref | metonymy | unresolved
        score REAL
    );
    CREATE INDEX mentions_article_id ON mentions(article_id);
    CREATE INDEX mentions_actor_id ON mentions(actor_id);
    CREATE INDEX mentions_actor_code ON mentions(actor_code);

    CREATE TABLE statements (
        row_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        day TEXT,                           -- the article's publication date, for date filters
        speaker_text TEXT,
        speaker_start INTEGER,
        speaker_end INTEGER,
        speaker_actor_id TEXT,
        speaker_name TEXT,
        speaker_code TEXT,
        antecedent_text TEXT,
        antecedent_start INTEGER,
        antecedent_end INTEGER,
        cue_text TEXT NOT NULL,
        cue_start INTEGER NOT NULL,
        cue_end INTEGER NOT NULL,
        cue_lemma TEXT NOT NULL,
        content_text TEXT NOT NULL,
        content_start INTEGER NOT NULL,
        content_end INTEGER NOT NULL,
        kind TEXT NOT NULL,                 -- direct | indirect | mixed
        parent_id TEXT,
        score REAL
    );
    CREATE INDEX statements_article_id ON statements(article_id);
    CREATE INDEX statements_day ON statements(day);
    CREATE INDEX statements_speaker_actor_id ON statements(speaker_actor_id);
    CREATE INDEX statements_speaker_code ON statements(speaker_code);

    CREATE TABLE places (
        id TEXT PRIMARY KEY,                -- GeoNames id, or a documented supplement id
        name TEXT NOT NULL,
        country TEXT,                       -- ISO 3166-1 alpha-3
        admin1 TEXT,
        lat REAL,
        lon REAL,
        precision TEXT NOT NULL             -- country | admin1 | city | site
    );
    CREATE TABLE place_mentions (
        row_id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        place_id TEXT NOT NULL REFERENCES places(id),
        sentence_index INTEGER NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        score REAL
    );
    CREATE INDEX place_mentions_article_id ON place_mentions(article_id);
    CREATE INDEX place_mentions_place_id ON place_mentions(place_id);

    CREATE TABLE events (
        row_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        statement_id TEXT,
        day TEXT,                           -- event date, else the article's publication date (YYYY-MM-DD)
        source_text TEXT,
        source_start INTEGER,
        source_end INTEGER,
        source_actor_id TEXT,
        source_name TEXT,
        source_code TEXT,
        target_text TEXT,
        target_start INTEGER,
        target_end INTEGER,
        target_actor_id TEXT,
        target_name TEXT,
        target_code TEXT,
        action_text TEXT NOT NULL,
        action_start INTEGER NOT NULL,
        action_end INTEGER NOT NULL,
        cameo TEXT NOT NULL,                -- CAMEO code as text, leading zeros kept ("010")
        cameo_root TEXT NOT NULL,           -- "01" .. "20"
        plover TEXT,
        plover_mode TEXT,
        quad_class INTEGER NOT NULL,        -- 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material
        goldstein REAL NOT NULL,
        negated INTEGER NOT NULL,           -- 0/1
        place_id TEXT REFERENCES places(id),
        place_how TEXT,
        date TEXT,
        date_precision TEXT,
        date_from TEXT,
        rule TEXT,
        score REAL
    );
    CREATE INDEX events_article_id ON events(article_id);
    CREATE INDEX events_day ON events(day);
    CREATE INDEX events_source_actor_id ON events(source_actor_id);
    CREATE INDEX events_source_code ON events(source_code);
    CREATE INDEX events_target_actor_id ON events(target_actor_id);
    CREATE INDEX events_target_code ON events(target_code);
    CREATE INDEX events_cameo ON events(cameo);

    -- Full-text search (FTS5) over sentences and statement contents; deletes kept in step by triggers.
    CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='row_id');
    CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.row_id, new.text);
    END;
    CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.row_id, old.text);
    END;
    CREATE VIRTUAL TABLE statements_fts
        USING fts5(content_text, content='statements', content_rowid='row_id');
    CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, content_text) VALUES (new.row_id, new.content_text);
    END;
    CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, content_text)
        VALUES ('delete', old.row_id, old.content_text);
    END;
    """,
    # 2: the full-text indexes are filled by the writer with one INSERT … SELECT per article instead of a
    # trigger per row (FTS5 costs per statement: a third of the write time went to those triggers).
    """
    DROP TRIGGER sentences_fts_insert;
    DROP TRIGGER statements_fts_insert;
    """,
    # 3: the date index also holds what the aggregates read (QuadClass, Goldstein, the article for leaving
    # near-duplicates out), so a time series over every event reads the index alone, in date order (the
    # monthly series of a million events: 1.5-2.0 s → 0.5 s of CPU). row_id second keeps the order in which
    # pages of records are read by date (``query.date_order_scan``).
    """
    DROP INDEX events_day;
    CREATE INDEX events_day ON events(day, row_id, quad_class, goldstein, article_id);
    """,
    # 4: how each statement's speaker was resolved (name, alias, pronoun, …) and how sure that is.
    """
    ALTER TABLE statements ADD COLUMN speaker_how TEXT;
    ALTER TABLE statements ADD COLUMN speaker_score REAL;
    """,
    # 5: the window an undated article's own text dates it to (FROM..TO), found from the offices it names.
    """
    ALTER TABLE articles ADD COLUMN published_range TEXT;
    """,
    # 6: the date index also holds the date's precision and the CAMEO code, so the dashboard's timeline
    # (exact dates only, "said" events hidden) still reads the index alone (100,000 events: 120 → 45 ms).
    """
    DROP INDEX events_day;
    CREATE INDEX events_day ON events(day, row_id, quad_class, goldstein, article_id, date_precision, cameo);
    """,
    # 7: why each place mention was resolved to its entry (gazetteer, qualifier, nearby, population, …).
    """
    ALTER TABLE place_mentions ADD COLUMN how TEXT;
    """,
    # 8: the knowledge base's word on each stored actor: the person's gender, and the source of each role
    # (an office-holder row with its Wikidata item, a dictionary line, a curated reference).
    """
    ALTER TABLE actors ADD COLUMN gender TEXT;
    ALTER TABLE actor_roles ADD COLUMN source TEXT;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to a dragoman database at ``path``, created or migrated as needed.

    The file is checked before anything is written: a file that is not SQLite, another application's
    database, or a schema newer than this version raises ``StoreError`` and leaves the file as it was.
    """
    name = str(path)
    target = Path(path)
    if readonly and not target.exists():
        raise StoreError(f"{name}: no such database")
    if target.is_dir():
        raise StoreError(f"{name}: is a directory, not a database file")
    uri = f"file:{target.resolve().as_posix()}?mode={'ro' if readonly else 'rwc'}"
    connection = open_connection(uri, name)
    try:
        try:
            version = check_file(connection, name)
        except StoreError:
            if not (readonly and unwritable_directory(target)):
                raise
            # A WAL database is read through its -shm file, which a read-only directory cannot hold; no
            # writer can change the file there either, so it is read as immutable.
            connection.close()
            connection = open_connection(uri + "&immutable=1", name)
            version = check_file(connection, name)
        connection.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            migrate(connection, version, name)
            use_wal(connection, name)
            # WAL + NORMAL: a commit survives a crash of the process; only power loss can lose the last ones.
            connection.execute("PRAGMA synchronous = NORMAL")
            # 64 MiB of page cache: index pages of a large store stay in memory while articles are added.
            connection.execute("PRAGMA cache_size = -65536")
            # Each article is written inside a SAVEPOINT, which keeps the original of every page it changes
            # in a statement journal: in memory that is a copy, in a temporary file it was a third of the
            # write time (bench/store.py).
            connection.execute("PRAGMA temp_store = MEMORY")
            # Checkpoint the WAL every 40 MB, not every 4 MB: the index pages an ingest keeps changing are
            # copied back into the database once per checkpoint, so fewer checkpoints write less (wall
            # time of bench/store.py's writes: median +20%).
            connection.execute("PRAGMA wal_autocheckpoint = 10000")
        elif version < SCHEMA_VERSION:
            raise StoreError(
                f"{name}: database schema version {version} is older than {SCHEMA_VERSION}; "
                "open it once for writing (dragoman ingest) to upgrade it"
            )
    except sqlite3.Error as error:
        connection.close()
        raise StoreError(f"{name}: cannot use the database ({error})") from error
    except BaseException:
        connection.close()
        raise
    return connection


def open_connection(uri: str, name: str) -> sqlite3.Connection:
    try:
        # autocommit mode (isolation_level=None): transactions are explicit BEGIN/COMMIT in the writer.
        # Each lock is waited for BUSY_SECONDS at a time; begin_writing() waits longer, saying so.
        return sqlite3.connect(
            uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS
        )
    except sqlite3.Error as error:
        raise StoreError(f"{name}: cannot open the database ({error})") from error


def use_wal(connection: sqlite3.Connection, name: str) -> None:
    """Write-ahead logging: readers never wait for a writer. Switching a new file to it needs the file to
    itself, so it waits like a writer does."""
    started = time.monotonic()
    while connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() - started >= WRITE_WAIT_SECONDS:
                raise


def unwritable_directory(target: Path) -> bool:
    return not os.access(target.resolve().parent, os.W_OK)


def begin_writing(
    connection: sqlite3.Connection, name: str, on_wait: Callable[[float], None] | None = None
) -> float:
    """``BEGIN IMMEDIATE``, waiting while another process holds the write lock (another ingest writing its
    batch), up to ``WRITE_WAIT_SECONDS``; ``on_wait(seconds waited so far)`` is called while waiting.
    Returns the seconds waited."""
    started = time.monotonic()
    while True:
        try:
            connection.execute("BEGIN IMMEDIATE")
            return time.monotonic() - started
        except sqlite3.OperationalError as error:
            waited = time.monotonic() - started
            if "locked" not in str(error) and "busy" not in str(error):
                raise StoreError(f"{name}: cannot write ({error})") from error
            if waited >= WRITE_WAIT_SECONDS:
                raise StoreError(
                    f"{name}: cannot write (another process held the write lock for {waited:.0f} s)"
                ) from error
            if on_wait is not None:
                on_wait(waited)


def check_file(connection: sqlite3.Connection, name: str) -> int:
    """The schema version of the open file; raises ``StoreError`` when it is not a database we may use."""
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{name}: not a SQLite database ({error})") from error
    if application_id != APPLICATION_ID:
        if tables or application_id:
            raise StoreError(f"{name}: a SQLite database of another application, not a dragoman database")
        return 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{name}: database schema version {version} is newer than this dragoman supports "
            f"({SCHEMA_VERSION}); upgrade dragoman"
        )
    return version


def migrate(connection: sqlite3.Connection, version: int, name: str) -> None:
    """Apply the migrations after ``version``, each in its own transaction with its version bump."""
    for number in range(version + 1, SCHEMA_VERSION + 1):
        begin_writing(connection, name)
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] >= number:
                connection.execute("ROLLBACK")  # another process migrated it while this one waited
                continue
            for statement in split_script(MIGRATIONS[number - 1]):
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise StoreError(
                f"{name}: cannot create or upgrade the schema to version {number} ({error})"
            ) from error


def split_script(script: str) -> list[str]:
    """SQL statements of a migration script (``executescript`` would commit on its own, outside our BEGIN)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current).strip())
    return statements
