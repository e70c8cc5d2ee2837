"""Ingest survives kill -9: re-running finishes the work with no duplicates and no half-written article."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from dragoman.cli import cli

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ARTICLES = 10  # enough for a kill after the first commit to land mid-way

# A writer process: many synthetic articles of 4 sentences and 2 events each, through the library's write
# path (the one `dragoman ingest` and the Dask runner use).
WRITER = """
import sys
from store_records import ACCUSE, ATTACK, make_extraction
from dragoman.store import Store

store = Store(sys.argv[1], dedupe_threshold=None)
extractions = (make_extraction(f"k{i}", [ACCUSE, ATTACK], headline=f"Report {i}", filler=f"Note {i}.")
               for i in range(int(sys.argv[2])))
summary = store.ingest(extractions)
print(summary.new, summary.unchanged)
"""


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def kill_when(process: subprocess.Popen, db: Path, sql: str, at_least: int, timeout: float = 120) -> int:
    """SIGKILL ``process`` as soon as ``sql`` counts ``at_least`` rows; returns the count seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = count(db, sql)
        if seen >= at_least or process.poll() is not None:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT / "src")])}


def test_library_write_killed_mid_way_resumes_without_duplicates(tmp_path: Path) -> None:
    db, total = tmp_path / "kill.db", 2000
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(total)],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen = kill_when(process, db, "SELECT COUNT(*) FROM articles", 20)
    assert process.returncode == -signal.SIGKILL
    stored = count(db, "SELECT COUNT(*) FROM articles")
    assert 20 <= seen <= stored < total, "the writer must be killed mid-way"
    # Every stored article is whole: its 4 sentences and 2 events, nothing of any other article.
    per_article = (
        "SELECT COUNT(*) FROM articles a WHERE (SELECT COUNT(*) FROM {} x WHERE x.article_id = a.id) != {}"
    )
    assert count(db, per_article.format("sentences", 4)) == 0
    assert count(db, per_article.format("events", 2)) == 0
    assert count(db, "SELECT COUNT(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)") == 0

    rerun = subprocess.run(
        [sys.executable, "-c", WRITER, str(db), str(total)],
        env=env(),
        capture_output=True,
        text=True,
        check=True,
    )
    new, unchanged = map(int, rerun.stdout.split())
    assert (new, unchanged) == (total - stored, stored)
    assert count(db, "SELECT COUNT(*) FROM articles") == total
    assert count(db, "SELECT COUNT(*) FROM events") == 2 * total
    assert (
        count(
            db, "SELECT COUNT(*) FROM (SELECT source_identity FROM articles GROUP BY 1 HAVING COUNT(*) > 1)"
        )
        == 0
    )


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [line for line in conn.iterdump() if 'INSERT INTO "articles"' not in line] + [
            repr(row)
            for row in conn.execute("SELECT id, source, text_sha1, duplicate_of FROM articles ORDER BY id")
        ]


def records(db: Path) -> dict[str, list[tuple]]:
    """The stored records without row numbers or ingest times."""
    queries = {
        "sentences": "SELECT article_id, sentence_index, char_start, char_end FROM sentences",
        "statements": "SELECT id, speaker_text, speaker_code, cue_lemma, content_start FROM statements",
        "events": "SELECT id, source_code, cameo, target_code, action_start FROM events",
        "mentions": "SELECT article_id, char_start, char_end, actor_id FROM mentions",
        "fts": "SELECT s.article_id, s.sentence_index FROM sentences_fts JOIN sentences s ON s.row_id = "
        "sentences_fts.rowid WHERE sentences_fts MATCH 'the'",
    }
    with sqlite3.connect(db) as conn:
        return {name: sorted(conn.execute(sql)) for name, sql in queries.items()}


@pytest.mark.slow
def test_ingest_twice_changes_nothing_and_changed_text_replaces(tmp_path: Path) -> None:
    db = tmp_path / "samples.db"
    first = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "articles: 2 new, 0 unchanged, 0 replaced, 0 failed" in first.output
    before, records_before = dump(db), records(db)
    second = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db)])
    assert "articles: 0 new, 2 unchanged, 0 replaced, 0 failed" in second.output
    assert dump(db) == before
    rewritten = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db), "--rewrite"])
    assert "articles: 0 new, 0 unchanged, 2 replaced, 0 failed" in rewritten.output
    # The same pipeline gives the same records (rewritten under new row numbers).
    assert records(db) == records_before

    copy = tmp_path / "in" / "story.txt"
    copy.parent.mkdir()
    sample = sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    copy.write_text(sample, encoding="utf-8")
    CliRunner().invoke(cli, ["ingest", str(copy), "--db", str(db), "--no-dedupe"])
    copy.write_text(sample + "\n\nThe ministry added that talks would resume in a week.\n", encoding="utf-8")
    third = CliRunner().invoke(cli, ["ingest", str(copy), "--db", str(db), "--no-dedupe"])
    assert "0 new, 0 unchanged, 1 replaced" in third.output
    texts = [
        row[0]
        for row in sqlite3.connect(db).execute("SELECT text FROM articles WHERE source = ?", (str(copy),))
    ]
    assert len(texts) == 1 and texts[0].endswith("talks would resume in a week.")


@pytest.mark.slow
def test_cli_ingest_killed_mid_way_finishes_like_an_uninterrupted_run(tmp_path: Path) -> None:
    paragraphs = [
        p.strip()
        for path in sorted(SAMPLES.glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 12
    ]
    feed = tmp_path / "feed.jsonl"
    with open(feed, "w", encoding="utf-8") as handle:
        for i in range(ARTICLES):
            text = f"Bulletin {i}\n\n" + "\n\n".join(paragraphs[i % len(paragraphs) :][:3])
            handle.write(json.dumps({"id": f"bulletin-{i}", "text": text, "published": "2024-05-01"}) + "\n")
    command = [str(Path(sys.executable).parent / "dragoman"), "ingest", str(feed), "--db"]

    killed = tmp_path / "killed.db"
    process = subprocess.Popen([*command, str(killed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = kill_when(process, killed, "SELECT COUNT(*) FROM articles", 1, timeout=300)
    stored = count(killed, "SELECT COUNT(*) FROM articles")
    assert 1 <= seen <= stored < ARTICLES, "the ingest must be killed mid-way"
    resumed = subprocess.run([*command, str(killed)], capture_output=True, text=True, check=True)
    assert f"{ARTICLES - stored} new, {stored} unchanged, 0 replaced, 0 failed" in resumed.stdout

    clean = tmp_path / "clean.db"
    subprocess.run([*command, str(clean)], capture_output=True, text=True, check=True)
    assert dump(killed) == dump(clean)
