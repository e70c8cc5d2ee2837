"""Every way in and out, given bad input: one line naming the input and the problem, the right exit status,
no traceback, no 500, and exactly the records that should be stored (issue: hardening).

Store-only cases use records built by code (no spaCy); ingest and extract cases run the real pipeline.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dragoman.cli import UsageFailure, cli
from dragoman.cli.serve import bind
from dragoman.store import Store
from store_records import ACCUSE, ATTACK, make_extraction

STORY = (
    "Russia accused the United States of supporting terrorists in Syria on Tuesday, the ministry said.\n\n"
    "The ministry said that talks with the opposition would resume in Geneva next week."
)


def run(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=input)
    # SystemExit is how click ends with a status; anything else escaping is a traceback for the user.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def one_error(result: Result, *parts: str, status: int = 2) -> None:
    """Exit ``status`` and a stderr holding exactly one line, an ``Error:`` naming every part."""
    assert result.exit_code == status, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "stored.db"
    with Store(path) as store:
        store.write(make_extraction("a", [ACCUSE, ATTACK], published="2024-01-15"))
    return str(path)


def stored(db: str | Path, column: str = "id") -> list[str]:
    """The stored articles' ``column`` (id or source), sorted."""
    with sqlite3.connect(db) as connection:
        return sorted(row[0] for row in connection.execute(f"SELECT {column} FROM articles"))


# --- exports: whole or nothing, never onto what is not a regular file the user may write -------------------
def test_export_refuses_a_read_only_file_and_leaves_it(db: str, tmp_path: Path) -> None:
    out = tmp_path / "locked.csv"
    out.write_text("keep me\n")
    out.chmod(0o444)
    one_error(run("export", "--db", db, "--format", "csv", "--out", str(out)), str(out), "read-only")
    assert out.read_text() == "keep me\n"


def test_export_writes_through_a_symlink_and_keeps_the_link(db: str, tmp_path: Path) -> None:
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old\n")
    link.symlink_to(real)
    result = run("export", "--db", db, "--format", "csv", "--out", str(link))
    assert result.exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("id,article_id")


@pytest.mark.parametrize("target", ["/dev/null", "fifo"])
def test_export_refuses_devices_and_fifos(db: str, tmp_path: Path, target: str) -> None:
    if target == "fifo":
        target = str(tmp_path / "pipe.csv")
        os.mkfifo(target)
    one_error(run("export", "--db", db, "--format", "csv", "--out", target), target, "not a regular file")
    if target.endswith("pipe.csv"):
        assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_export_to_standard_output(db: str) -> None:
    result = run("export", "--db", db, "--format", "jsonl", "--out", "-")
    assert result.exit_code == 0
    assert [json.loads(line)["cameo"] for line in result.stdout.splitlines()] == ["112", "190"]
    assert not Path("-").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "gdelt", "--out", ""], "empty path"),
        (["--format", "csv", "--out", ""], "empty path"),
        (["--format", "gdelt", "--out", "-"], "more than one file"),
        (["--format", "csv", "--out", "no/such/dir/x.csv"], "does not exist"),
    ],
)
def test_export_bad_targets_are_one_line(db: str, args: list[str], message: str) -> None:
    one_error(run("export", "--db", db, *args), message)


def test_a_full_disk_leaves_no_file_of_any_kind(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dragoman.outputs

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dragoman.outputs.os, "fsync", full)
    out = tmp_path / "events.tsv"
    one_error(run("export", "--db", db, "--format", "gdelt", "--out", str(out)), "No space left on device")
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("stored.db"))
    assert left == []  # no events.tsv, no events.mentions.tsv, no .part file


# --- reads: regular files only, bytes counted as read, JSON depth bounded ---------------------------------
def test_a_fifo_in_a_directory_is_skipped_and_the_rest_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(STORY)
    os.mkfifo(inputs / "b.txt")
    db = tmp_path / "x.db"
    result = run("ingest", str(inputs), "--db", str(db))
    assert result.exit_code == 2
    assert f"Error: {inputs / 'b.txt'}: not a regular file (a FIFO); skipped" in result.stderr
    assert stored(db, "source") == [str(inputs / "a.txt")]
    # the seconds the model takes to load are not silent
    assert "Loading the language model and the dictionaries" in result.stderr


def test_a_device_is_not_read_forever() -> None:
    one_error(run("extract", "/dev/zero"), "/dev/zero", "not a regular file (a device)")


def test_a_too_deep_json_line_is_one_bad_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    deep = "[" * 5000 + "]" * 5000
    feed.write_text(
        "\n".join([json.dumps({"id": "one", "text": STORY}), deep, json.dumps({"id": "two", "text": STORY})])
    )
    db = tmp_path / "x.db"
    result = run("ingest", str(feed), "--db", str(db))
    assert result.exit_code == 2
    assert f"Error: {feed}:2: JSON nested too deeply to read" in result.stderr
    assert stored(db) == ["one", "two"]


# --- say what was lost -------------------------------------------------------------------------------------
def test_mostly_utf8_text_stays_utf8_and_the_bad_bytes_are_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(STORY.replace("Syria", "Café Syria").encode() + b"\n\nOne stray \xe9 byte here.")
    with caplog.at_level(logging.WARNING):  # the command line shows warnings on stderr
        result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0
    article = json.loads(result.stdout.splitlines()[0])
    assert "Café Syria" in article["text"] and "\ufffd" in article["text"]
    assert (
        f"{path}: 1 bytes that are not UTF-8 replaced by U+FFFD (the rest read as UTF-8)" in caplog.messages
    )


@pytest.mark.parametrize(
    "text, language",
    [
        ("قال وزير الخارجية الروسي إن المحادثات مع المعارضة ستستأنف الأسبوع المقبل في جنيف", "ar"),
        ("外交部发言人表示，与反对派的会谈将于下周在日内瓦恢复，各方都将出席。", "zh"),
        ("Le ministre a déclaré mardi que les négociations avec l'opposition reprendraient à Genève.", "fr"),
    ],
)
def test_text_that_is_not_english_is_said_and_gives_no_records(
    tmp_path: Path, text: str, language: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(text)
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["type"] for r in records] == ["article"] and records[0]["language"] == language
    assert f"Warning: {path}: the text reads as language '{language}', not English" in result.stderr


def test_english_stays_english(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    result = run("extract", str(path), "--format", "jsonl", "--published", "2024-05-01")
    assert json.loads(result.stdout.splitlines()[0])["language"] == "en"
    assert "Warning" not in result.stderr


def test_an_unterminated_csv_quote_is_an_error_on_its_line_and_later_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    rows = [
        "id,text",
        f'a,"{STORY.splitlines()[0]}"',
        'b,"This quote is never closed, the ministry said.',
        f'c,"{STORY.splitlines()[2]}"',
    ]
    path.write_text("\n".join(rows) + "\n")
    db = tmp_path / "x.db"
    result = run("ingest", str(path), "--db", str(db))
    assert result.exit_code == 2
    assert f"Error: {path}:3: not valid CSV" in result.stderr
    assert stored(db) == ["a", "c"]


# --- bounds and full-text queries ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["events", "--limit", str(2**63)], "must be between 0 and"),
        (["events", "--limit", "-1"], "must be between 0 and"),
        (["events", "--text", '"unbalanced'], "'--text': \"unbalanced: not a valid full-text query"),
        (["statements", "--target", "RUS"], "No such option '--target'"),
        (["articles", "--source", "RUS"], "No such option '--source'"),
        (["events", "--bogus"], "No such option '--bogus'"),
        (["events", "--since", "2024-13"], "'--since'"),
        (["events", "--db", "missing.db"], "missing.db: no such database"),
    ],
)
def test_usage_errors_are_one_line_and_print_nothing_else(db: str, args: list[str], message: str) -> None:
    result = run(*args, *([] if "--db" in args else ["--db", db]))
    one_error(result, message)
    assert result.stdout == ""


def test_help_lists_only_the_filters_a_command_takes() -> None:
    help_text = run("statements", "--help").stdout
    assert "--speaker-how" in help_text and "--actor" in help_text
    for refused in ("--target", "--cameo", "--quad", "--place"):
        assert refused not in help_text
    assert "--place" in run("events", "--help").stdout


def test_counts_per_period_of_undated_events_say_why_they_are_empty(tmp_path: Path) -> None:
    path = tmp_path / "undated.db"
    with Store(path) as store:
        store.write(make_extraction("u", [ACCUSE], published=None))
    result = run("events", "--db", str(path), "--group-by", "dyad", "--per", "month", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "period,source_code,target_code,events,goldstein_mean,quad1_share,quad2_share,quad3_share,quad4_share"
    ]
    assert "1 matching events have no date" in result.stderr


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database at all, just words " * 200)
    one_error(run("events", "--db", str(path)), str(path), "not a SQLite database")


def test_a_database_on_a_read_only_filesystem_is_read(db: str, tmp_path: Path) -> None:
    source, mount = tmp_path / "source", tmp_path / "readonly"
    source.mkdir()
    mount.mkdir()
    shutil.copy(db, source / "stored.db")
    attempt = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True)
    if attempt.returncode != 0:
        pytest.skip("no permission to mount a read-only view here")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True, capture_output=True)
        result = run("events", "--db", str(mount / "stored.db"), "--format", "jsonl")
        assert result.exit_code == 0, result.stderr
        assert len(result.stdout.splitlines()) == 2
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# --- serving ---------------------------------------------------------------------------------------------
def test_serve_binds_before_it_says_so() -> None:
    listening = bind("127.0.0.1", 0)
    listening.listen()
    try:
        port = listening.getsockname()[1]
        assert port != 0
        with pytest.raises(UsageFailure, match=f"--port {port}: cannot listen on 127.0.0.1:{port}"):
            bind("127.0.0.1", port)
    finally:
        listening.close()


def test_serve_a_taken_port_is_one_line(db: str) -> None:
    listening = bind("127.0.0.1", 0)
    listening.listen()
    try:
        port = str(listening.getsockname()[1])
        one_error(run("serve", "--db", db, "--port", port), f"--port {port}", "cannot listen")
    finally:
        listening.close()


class SlowPipeline:
    """Stands in for the pipeline: each extraction takes ``seconds``; records the most running at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def process(self, article):  # noqa: ANN001, ANN201 - the Pipeline.process signature
        from dragoman.model import Extraction

        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        return Extraction(article=article)


def test_extractions_run_side_by_side_and_a_full_pool_answers_503() -> None:
    from fastapi import HTTPException

    from dragoman.server.extract import PipelineHolder

    slow = SlowPipeline(0.5)
    holder = PipelineHolder(lambda: slow, workers=2, wait_seconds=0.1)
    results: list[object] = []

    def call() -> None:
        try:
            results.append(holder.extract(STORY, None, None))
        except HTTPException as error:
            results.append(error.status_code)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    assert slow.most == 2
    assert results.count(503) == 1 and len(results) == 3


def test_api_refuses_too_deep_json_and_too_many_words(db: str) -> None:
    from fastapi.testclient import TestClient

    from dragoman.server import create_app

    client = TestClient(create_app(db, max_words=10, pipeline_factory=lambda: SlowPipeline(0)))
    deep = client.post(
        "/api/extract", content="[" * 5000 + "]" * 5000, headers={"content-type": "application/json"}
    )
    assert deep.status_code == 422 and "nested too deeply" in deep.json()["error"]
    long = client.post("/api/extract", content=STORY, headers={"content-type": "text/plain"})
    assert long.status_code == 413 and "over the limit of 10 words" in long.json()["error"]
    page = client.get("/api/events", params={"offset": str(10**30)})
    assert page.status_code == 422


# --- the cases that already held, kept so -------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file or directory"),
        ("empty.txt", b"", "empty file"),
        ("scan.txt", b"\x00\x01\x02\x03 binary \x00\xff", "binary file"),
        ("feed.jsonl", b'{"text": "unfinished', "not valid JSON"),
        ("rows.csv", b"title,body\nA,B\n", "CSV has no 'text' column"),
        ("page.html", b"<html><body><nav>Home | World</nav></body></html>", "no main text found"),
        ("image.png", b"\x89PNG\r\n", "unsupported file type"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    one_error(run("extract", str(path)), str(path), message)


def test_a_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(STORY)
    (inputs / "loop").symlink_to(inputs)
    result = run("extract", str(inputs), "--format", "jsonl")
    assert result.exit_code == 0
    assert [json.loads(line)["source"] for line in result.stdout.splitlines() if '"article"' in line] == [
        str(inputs / "a.txt")
    ]


def test_a_date_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY)
    one_error(run("extract", str(path), "--published", "2024-13-01"), "2024-13-01", "not a date")
