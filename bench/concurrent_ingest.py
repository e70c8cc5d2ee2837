"""Concurrent ingests into one database: 1, 2 and 4 `dragoman ingest` processes over disjoint parts of a
corpus, the time each writer waited for the others, and whether the database equals a single ingest.

    .venv/bin/python bench/concurrent_ingest.py [--articles 60] [--corpus ../shared/corpora/wikinews/...]

The corpus is a JSONL file (the Wikinews demo corpus by default), cut into parts of equal size; each run
starts its writers together. "same as one" compares article ids, text hashes, duplicate marks and the
counts of statements, events and mentions with the single-writer run. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import machine, table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews" / "wikinews-2019-2021.jsonl"
WAITED = re.compile(r"waited ([\d.]+) s")


def snapshot(db: Path) -> tuple:
    with sqlite3.connect(db) as connection:
        articles = sorted(connection.execute("SELECT id, text_sha1, duplicate_of IS NOT NULL FROM articles"))
        counts = tuple(
            connection.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
            for name in ("statements", "events", "mentions")
        )
    return tuple(articles), counts


def run(parts: list[Path], db: Path) -> tuple[float, list[float], list[int]]:
    command = [str(Path(sys.executable).parent / "dragoman"), "ingest", "--db", str(db)]
    started = time.monotonic()
    processes = [
        subprocess.Popen([*command, str(part)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for part in parts
    ]
    waited, codes = [], []
    for process in processes:
        stdout, _ = process.communicate()
        codes.append(process.returncode)
        found = WAITED.search(stdout)
        waited.append(float(found[1]) if found else 0.0)
    return time.monotonic() - started, waited, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    lines = args.corpus.read_text(encoding="utf-8").splitlines()[: args.articles]
    rows, single = [], None
    with tempfile.TemporaryDirectory() as scratch:
        for writers in (1, 2, 4):
            parts = []
            for i in range(writers):
                part = Path(scratch, f"part-{writers}-{i}.jsonl")
                part.write_text("\n".join(lines[i::writers]) + "\n", encoding="utf-8")
                parts.append(part)
            db = Path(scratch, f"writers-{writers}.db")
            seconds, waited, codes = run(parts, db)
            state = snapshot(db)
            single = single or state
            rows.append(
                [
                    str(writers),
                    f"{seconds:.1f}",
                    " / ".join(f"{w:.1f}" for w in waited),
                    " ".join(str(code) for code in codes),
                    f"{len(state[0])}",
                    "yes" if state == single else "NO",
                ]
            )
    print(machine())
    print(f"{len(lines)} articles from {args.corpus.name}\n")
    header = ["writers", "wall s", "waited s (each)", "exit codes", "articles", "same as one"]
    print(table(header, rows))


if __name__ == "__main__":
    main()
