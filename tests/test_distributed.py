"""The Dask runner gives the serial records, isolates bad articles, survives dying workers, and its Parquet
shards read back as the same extractions. Clusters are small (one or two workers) and most tests use a light
processor instead of spaCy, so the file stays fast on two cores."""

from __future__ import annotations

import functools
import os
import socket
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, SHARED
from dragoman import distributed
from dragoman.errors import ClusterError, InputError, StoreError
from dragoman.ingest import ReadOptions, read_inputs
from dragoman.ingest.readers import make_article
from dragoman.model import Article, Cue, Extraction, Span, Statement
from dragoman.settings import Settings
from dragoman.shards import read_extractions, shard_paths, write_shard


def article(number: int) -> Article:
    return make_article(
        f"Headline {number}\n\nThe minister said the talks would resume on day {number}.",
        f"item-{number}.txt",
        ReadOptions(),
    )


class WordCounter:
    """A light processor: one statement per article whose cue is its first word (no spaCy)."""

    def __init__(
        self,
        fail_on: str | None = None,
        crash_on: str | None = None,
        marker: str | None = None,
        always: bool = False,
    ) -> None:
        self.fail_on, self.crash_on, self.marker, self.always = fail_on, crash_on, marker, always

    def process(self, item: Article) -> Extraction:
        if item.id == self.fail_on:
            raise ValueError("cannot handle this article")
        if item.id == self.crash_on and (self.always or not os.path.exists(str(self.marker))):
            Path(str(self.marker)).touch()
            os._exit(1)  # the worker process dies mid-partition, as when the OOM killer strikes
        word = item.text.split()[0]
        cue = Cue(word, 0, len(word), word.lower())
        statement = Statement(f"{item.id}-s", item.id, 0, None, cue, Span(word, 0, len(word)), "direct")
        return Extraction(article=item, statements=(statement,))


def light(settings: Settings, **options: object) -> WordCounter:
    return WordCounter(**options)  # type: ignore[arg-type]


def collect(**options: object) -> tuple[list[Extraction], distributed.RunSummary, list[int]]:
    """Run, gathering extractions as delivered (in order) and partition indexes as they finish."""
    delivered: list[Extraction] = []
    order: list[int] = []
    summary = distributed.run(
        on_result=lambda r: (delivered.extend(r.extractions), order.append(r.index)), **options
    )  # type: ignore[arg-type]
    return delivered, summary, order


# --- without a cluster ---


@pytest.mark.parametrize(
    "count, size, expected",
    [
        (0, 4, []),
        (3, 4, [(0, 0, 3)]),
        (8, 4, [(0, 0, 4), (1, 4, 4)]),
        (9, 4, [(0, 0, 4), (1, 4, 4), (2, 8, 1)]),
    ],
)
def test_partitions_cut_in_input_order(count: int, size: int, expected: list[tuple[int, int, int]]) -> None:
    items = [article(n) for n in range(count)]
    cut = list(distributed.partitions(items, size))
    assert [(index, first, len(batch)) for index, first, batch in cut] == expected
    assert [a for _, _, batch in cut for a in batch] == items


def test_partition_key_depends_on_the_articles_only() -> None:
    first = [article(n) for n in range(3)]
    assert distributed.partition_key(first) == distributed.partition_key([article(n) for n in range(3)])
    assert distributed.partition_key(first) != distributed.partition_key(first[::-1])
    assert distributed.partition_key(first) != distributed.partition_key(first[:2])


def test_process_partition_isolates_a_bad_article(tmp_path: Path) -> None:
    items = [article(n) for n in range(5)]
    factory = functools.partial(light, fail_on=items[2].id)
    result = distributed.process_partition(Settings(), factory, 3, 30, items, None)
    assert [e.article.id for e in result.extractions] == [a.id for a in items if a is not items[2]]
    assert result.failures == (
        distributed.Failure(items[2].id, "item-2.txt", "ValueError: cannot handle this article"),
    )
    assert result.processed == 4

    written = distributed.process_partition(Settings(), factory, 3, 30, items, str(tmp_path))
    assert written.extractions == () and written.failures == result.failures
    assert [p.name for p in shard_paths(tmp_path)] == [written.shard]
    assert list(read_extractions(tmp_path)) == list(result.extractions)


def test_shards_read_back_in_input_order_and_leave_no_temporary_file(tmp_path: Path) -> None:
    extractions = [light(Settings()).process(article(n)) for n in range(6)]
    # Written out of order, with rows out of order inside a shard: reading restores the input order.
    write_shard(tmp_path / "part-000001-b.parquet", extractions[3:][::-1], [5, 4, 3])
    write_shard(tmp_path / "part-000000-a.parquet", extractions[:3], [0, 1, 2])
    assert list(read_extractions(tmp_path)) == extractions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part-000000-a.parquet", "part-000001-b.parquet"]

    import pandas

    frame = pandas.read_parquet(tmp_path)
    assert sorted(frame["position"]) == list(range(6))
    assert set(frame.columns) >= {"article_id", "source", "title", "published", "statements", "extraction"}


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda root: root / "missing", "no such directory of Parquet shards"),
        (lambda root: root, "holds no shards"),
    ],
)
def test_read_extractions_rejects_a_directory_without_shards(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(read_extractions(make(tmp_path)))


def test_a_corrupt_shard_is_named(tmp_path: Path) -> None:
    (tmp_path / "part-000000-x.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match=r"part-000000-x\.parquet: not a readable Parquet shard"):
        list(read_extractions(tmp_path))


@pytest.mark.parametrize(
    "options, message",
    [
        ({"workers": 0}, "need at least one worker"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "not both or neither"),
        ({}, "not both or neither"),
        ({"workers": 1, "partition_size": 0}, "at least one article per partition"),
    ],
)
def test_bad_cluster_options_are_one_line_errors(options: dict, message: str) -> None:
    with pytest.raises(ClusterError, match=message):
        distributed.run([article(0)], **options)


def test_unreachable_scheduler_fails_within_seconds() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ClusterError, match=rf"scheduler tcp://127\.0\.0\.1:{port}: cannot connect"):
        distributed.run([article(0)], scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - started < 10


# --- on a local cluster, light processor ---


def test_bad_article_is_reported_and_its_partition_goes_on(tmp_path: Path) -> None:
    items = [article(n) for n in range(10)]
    factory = functools.partial(light, fail_on=items[5].id)
    delivered, summary, order = collect(articles=items, workers=2, partition_size=3, factory=factory)
    assert [e.article.id for e in delivered] == [a.id for a in items if a is not items[5]]
    assert order == [0, 1, 2, 3]  # delivered in input order whatever the completion order
    assert [f.article_id for f in summary.failures] == [items[5].id]
    assert (summary.articles, summary.processed, summary.partitions) == (10, 9, 4)
    assert summary.line().startswith("10 articles in ") and "9 processed, 1 failed" in summary.line()
    assert len(summary.worker_peak_mb) == 2 and all(mb > 0 for mb in summary.worker_peak_mb.values())


def test_worker_killed_mid_partition_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    items = [article(n) for n in range(12)]
    marker = tmp_path / "crashed"
    factory = functools.partial(light, crash_on=items[4].id, marker=str(marker))
    out = tmp_path / "shards"
    _delivered, summary, _order = collect(
        articles=items, workers=2, partition_size=3, factory=factory, out_dir=out
    )
    assert marker.exists(), "the worker was not killed: the test proves nothing"
    assert summary.failures == [] and summary.processed == 12
    assert [e.article.id for e in read_extractions(out)] == [a.id for a in items]


def test_partition_that_keeps_killing_workers_is_reported_and_a_rerun_finishes(tmp_path: Path) -> None:
    import dask
    import distributed as _load_its_config_defaults  # noqa: F401 - before config.set, which restores on exit

    items = [article(n) for n in range(9)]
    marker = tmp_path / "crashed"
    out = tmp_path / "shards"
    crashing = functools.partial(light, crash_on=items[4].id, marker=str(marker), always=True)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        _delivered, first, _order = collect(
            articles=items, workers=1, partition_size=3, factory=crashing, out_dir=out
        )
    failed = {f.article_id for f in first.failures}
    written = {e.article.id for e in read_extractions(out)}
    assert items[4].id in failed and "workers running its partition died" in first.failures[0].message
    assert not failed & written and failed | written == {a.id for a in items}

    _delivered, rerun, _order = collect(
        articles=items, workers=1, partition_size=3, factory=functools.partial(light), out_dir=out
    )
    assert rerun.failures == [] and rerun.skipped_partitions == 3 - len(failed) // 3
    assert [e.article.id for e in read_extractions(out)] == [a.id for a in items]


# --- on a local cluster, the real pipeline ---

SPEAKERS = [
    "The foreign minister",
    "A spokesman for the army",
    "The United Nations envoy",
    "Maria Lopez",
    "The opposition leader",
    "Officials in the capital",
]
CUES = ["said", "told reporters", "warned", "stressed"]
TOPICS = [
    "the ceasefire would hold until the talks resumed",
    "aid convoys had reached the northern towns",
    "the troops would withdraw from the border within a week",
    "no agreement had been signed yet",
    "the elections would take place in the spring",
    "the sanctions had hurt ordinary families",
]


def varied_texts() -> list[str]:
    """Three dozen short reports mixing direct and indirect speech, pronouns and quotes split by the cue."""
    texts = []
    for number in range(36):
        speaker = SPEAKERS[number % len(SPEAKERS)]
        cue = CUES[number % len(CUES)]
        topic, other = TOPICS[number % len(TOPICS)], TOPICS[(number * 5 + 1) % len(TOPICS)]
        texts.append(
            f"Talks stall as report {number} is released\n\n"
            f"{speaker} {cue} that {topic}. "
            f"\u201cWe will not accept delays,\u201d he said on day {number}.\n\n"
            f'"It is too early," said a second official, adding that {other}. '
            f"According to the statement, {topic}."
        )
    return texts


def determinism_corpus() -> list[Article]:
    options = ReadOptions()
    items = [a for a in read_inputs([str(SAMPLES)], options) if isinstance(a, Article)]
    items += [make_article(text, f"varied-{n}.txt", options) for n, text in enumerate(varied_texts())]
    polnear = SHARED / "eval" / "polnear" / "train" / "text"
    if polnear.is_dir():  # a few real reports when the shared data is present; read at test time only
        items += [
            a
            for a in read_inputs([str(p) for p in sorted(polnear.glob("*.txt"))[:6]], options)
            if isinstance(a, Article)
        ]
    return items


def table_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a dragoman database, sorted, without the ingestion time stamps."""
    import sqlite3

    connection = sqlite3.connect(path)
    dump = {}
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    )
    for (table,) in tables.fetchall():
        columns = [
            row[1] for row in connection.execute(f"PRAGMA table_info({table})") if row[1] != "ingested_at"
        ]
        rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        dump[table] = sorted(rows, key=repr)
    connection.close()
    return dump


@pytest.mark.slow
def test_two_workers_one_worker_and_one_process_give_the_same_database(pipeline, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from dragoman.cli import cli
    from dragoman.store import Store

    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for item in determinism_corpus():
            out.write(json.dumps({"id": item.id, "title": item.title, "text": item.text}) + "\n")
    items = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    assert len(items) >= 38
    serial = [pipeline.process(a) for a in items]
    assert sum(len(e.statements) for e in serial) > len(items), "the corpus should yield statements"
    with Store(tmp_path / "serial.db") as store:
        store.ingest(serial)
        store.write_known_actors(pipeline.kb)

    runner = CliRunner()
    two = runner.invoke(cli, ["ingest", str(corpus), "--workers", "2", "--db", str(tmp_path / "two.db")])
    assert two.exit_code == 0, two.output
    shards = tmp_path / "shards"
    one = runner.invoke(cli, ["ingest", str(corpus), "--workers", "1", "--out", str(shards)])
    assert one.exit_code == 0, one.output
    assert [e.to_dict() for e in read_extractions(shards)] == [e.to_dict() for e in serial]
    loaded = runner.invoke(cli, ["ingest", str(shards), "--db", str(tmp_path / "one.db")])
    assert loaded.exit_code == 0 and f"articles: {len(items)} new" in loaded.output, loaded.output

    expected = table_dump(tmp_path / "serial.db")
    assert expected["articles"] and expected["statements"] and expected["actor_roles"]
    assert table_dump(tmp_path / "two.db") == expected
    assert table_dump(tmp_path / "one.db") == expected


@pytest.mark.parametrize(
    "arguments, message",
    [
        (
            ["--scheduler", "tcp://127.0.0.1:{port}"],
            "Error: scheduler tcp://127.0.0.1:{port}: cannot connect",
        ),
        (["--scheduler", "nowhere"], "Error: scheduler nowhere: not an address (expected tcp://HOST:PORT)"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:{port}"], "Error: --workers and --scheduler"),
        (["--out", "shards"], "Error: --out goes with --workers N or --scheduler ADDRESS"),
    ],
)
def test_ingest_cluster_options_fail_in_one_line(tmp_path: Path, arguments: list[str], message: str) -> None:
    from click.testing import CliRunner

    from dragoman.cli import cli

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    arguments = [a.replace("{port}", port) for a in arguments]
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(tmp_path / "x.db"), *arguments])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert result.output.startswith(message.replace("{port}", port))
    assert time.monotonic() - started < 5


def test_scheduler_without_workers_is_a_one_line_error() -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty:
        started = time.monotonic()
        with pytest.raises(ClusterError, match=r"scheduler .*: no worker is connected to it$"):
            distributed.run([article(0)], scheduler=empty.scheduler_address)
    assert time.monotonic() - started < 10


def test_shard_directory_that_cannot_be_made_fails_before_the_cluster_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match=r"a-file/shards: cannot create the shard directory"):
        distributed.run([article(0)], workers=1, out_dir=blocker / "shards")


def test_a_web_server_at_the_scheduler_address_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    """Something that is not Dask answers: one line, exit 2, and no "Exception ignored" traceback from a
    half-made client at interpreter exit (so the command runs in its own process)."""
    import subprocess
    import sys
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]

    def answer_like_a_web_server() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 64)

    threading.Thread(target=answer_like_a_web_server, daemon=True).start()
    try:
        dragoman = str(Path(sys.executable).parent / "dragoman")
        command = [dragoman, "ingest", str(SAMPLES), "--db", str(tmp_path / "x.db")]
        result = subprocess.run(
            [*command, "--scheduler", f"tcp://127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.close()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: scheduler tcp://127.0.0.1:{port}: ")
    assert "Traceback" not in result.stderr + result.stdout


def test_scheduler_identity_is_asked_from_inside_a_running_event_loop_too() -> None:
    """A notebook calls ``run(scheduler=…)`` inside a running event loop: the identity check works there."""
    import asyncio

    from distributed import LocalCluster

    async def identify_in_a_loop(address: str) -> None:
        distributed.identify_scheduler(address)

    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster:
        asyncio.run(identify_in_a_loop(cluster.scheduler_address))
        with pytest.raises(ClusterError, match="no Dask scheduler answers there"):
            asyncio.run(identify_in_a_loop("tcp://127.0.0.1:1"))
