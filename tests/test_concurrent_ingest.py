"""Several ingests into one database at once: each waits its turn for the write lock, none fails, and the
database ends as one ingest of everything would leave it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dragoman.store import Store
from store_records import ACCUSE, ATTACK, make_extraction
from test_ingest_resume import env, records

ARTICLES = 400
# A writer process storing articles [start, stop) through the library's write path, in small batches so
# that the writers interleave many times.
WRITER = """
import sys
from store_records import ACCUSE, ATTACK, make_extraction
import dragoman.store.write as write
from dragoman.store import Store

write.BATCH_ARTICLES = 5
store = Store(sys.argv[1], dedupe_threshold=None)
start, stop = int(sys.argv[2]), int(sys.argv[3])
extractions = (make_extraction(f"k{i}", [ACCUSE, ATTACK], headline=f"Report {i}", filler=f"Note {i}.")
               for i in range(start, stop))
summary = store.ingest(extractions)
print(summary.new, summary.unchanged, summary.failed, round(summary.waited, 2))
"""


def articles(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return sorted(connection.execute("SELECT id, source, text_sha1, duplicate_of FROM articles"))


def ingest_in_parallel(db: Path, writers: int) -> list[str]:
    share = ARTICLES // writers
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(i * share), str((i + 1) * share)],
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(writers)
    ]
    outputs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        outputs.append(stdout.strip())
    return outputs


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_of_disjoint_parts_equal_one_ingest(tmp_path: Path, writers: int) -> None:
    together = tmp_path / "together.db"
    outputs = ingest_in_parallel(together, writers)
    share = ARTICLES // writers
    assert [line.split()[:3] for line in outputs] == [[str(share), "0", "0"]] * writers

    alone = tmp_path / "alone.db"
    Store(alone, dedupe_threshold=None).ingest(
        make_extraction(f"k{i}", [ACCUSE, ATTACK], headline=f"Report {i}", filler=f"Note {i}.")
        for i in range(ARTICLES)
    )
    assert articles(together) == articles(alone)
    assert records(together) == records(alone)


def test_a_writer_sees_the_near_duplicates_another_wrote_meanwhile(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    first, second = Store(db), Store(db)
    assert second.write(make_extraction("a", [ACCUSE], filler="Filler words for the signature.")) == "new"
    text = "Moscow accused Washington of lying again, officials said on Tuesday in a long statement."
    original = make_extraction("b", [ACCUSE, ATTACK], headline=text, filler="The talks ended without a date.")
    copy = make_extraction("c", [ACCUSE, ATTACK], headline=text, filler="The talks ended without a date!")
    assert first.write(original) == "new"
    # ``second`` loaded its near-duplicate index before ``original`` was stored.
    summary = second.ingest([copy])
    assert summary.new == 1 and summary.duplicates == 1
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT duplicate_of FROM articles WHERE id = ?", (copy.article.id,))
        assert row.fetchone()[0] == original.article.id
