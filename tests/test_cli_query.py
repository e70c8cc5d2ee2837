"""The query and export commands through click's CliRunner, on a database built by code."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.store import Store
from store_records import ACCUSE, AID, APPEAL, ATTACK, PRAISE, make_extraction


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "q.db"
    with Store(path) as store:
        store.write(make_extraction("a", [ACCUSE, ATTACK], published="2024-01-15", quote="the talks failed"))
        store.write(make_extraction("b", [PRAISE, AID], published="2024-02-10"))
        store.write(
            make_extraction("c", [APPEAL, ACCUSE], published="2024-02-12", quote="sanctions are illegal")
        )
    return str(path)


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_events_jsonl_are_event_records(db: str) -> None:
    result = run("events", "--db", db, "--actor", "RUS", "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["type"], r["cameo"], r["source"]["code"]) for r in records] == [
        ("event", "112", "RUSGOV"),
        ("event", "112", "RUSGOV"),
    ]


def test_events_csv_has_flat_columns(db: str) -> None:
    result = run("events", "--db", db, "--quad", "4", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["cameo"], r["source_code"], r["target_code"], r["day"]) for r in rows] == [
        ("190", "SYRREB", "SYRGOV", "2024-01-15")
    ]


def test_events_table_is_readable(db: str) -> None:
    result = run("events", "--db", db, "--cameo", "07")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["date", "source", "cameo", "event", "plover"]
    assert len(lines) == 2 and "USAGOV" in lines[1] and "070" in lines[1] and "sent aid to" in lines[1]


def test_events_group_by_dyad_per_month(db: str) -> None:
    result = run("events", "--db", db, "--group-by", "dyad", "--per", "month", "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    key = {(r["period"], r["source_code"], r["target_code"]): r["events"] for r in rows}
    assert key[("2024-01", "RUSGOV", "USAGOV")] == 1 and key[("2024-02", "RUSGOV", "USAGOV")] == 1
    table = run("events", "--db", db, "--group-by", "quad_class")
    assert table.output.splitlines()[0].split()[:3] == ["quad_class", "quad_name", "events"]


def test_statements_text_search(db: str) -> None:
    result = run("statements", "--db", db, "--text", "sanctions", "--format", "jsonl")
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["type"] == "statement" and record["content"]["text"] == "that sanctions are illegal"
    assert record["speaker"]["code"] == "RUSGOV"


def test_statements_filter_by_how_the_speaker_was_resolved(db: str) -> None:
    def ids(*args: str) -> list[str]:
        result = run("statements", "--db", db, "--format", "jsonl", *args)
        return [json.loads(line)["id"] for line in result.stdout.splitlines()]

    everything = ids()
    assert len(everything) == 2
    assert ids("--speaker-how", "name") == everything == ids("--speaker-how", "pronoun,name")
    assert ids("--speaker-how", "pronoun") == []
    assert ids("--min-speaker-score", "0.9") == everything
    assert ids("--min-speaker-score", "0.95") == []
    (record,) = [
        json.loads(line)
        for line in run(
            "statements", "--db", db, "--format", "jsonl", "--text", "sanctions"
        ).output.splitlines()
    ]
    assert (record["speaker"]["how"], record["speaker"]["score"]) == ("name", 0.9)


def test_articles_with_counts(db: str) -> None:
    result = run("articles", "--db", db, "--since", "2024-02", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["published"], r["statements"], r["events"]) for r in rows] == [
        ("2024-02-10", "0", "2"),
        ("2024-02-12", "1", "2"),
    ]


def test_no_match_says_so_on_stderr(db: str) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", db, "--since", "2030"])
    assert result.exit_code == 0 and "no records match" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["events", "--quad", "7"], "Invalid value for '--quad': 7: QuadClass is 1, 2, 3 or 4"),
        (["events", "--since", "yesterday-ish"], "Invalid value for '--since': yesterday-ish: not a date"),
        (["events", "--cameo", "abc"], "Invalid value for '--cameo'"),
        (["events", "--limit", "-3"], "Invalid value for '--limit'"),
        (["statements", "--quad", "3"], "No such option '--quad'"),
        (["statements", "--speaker-how", "guess"], "Invalid value for '--speaker-how': guess: expected one"),
        (["statements", "--min-speaker-score", "2"], "Invalid value for '--min-speaker-score'"),
        (["events", "--speaker-how", "name"], "No such option '--speaker-how'"),
        (["events", "--text", '"open'], "Invalid value for '--text'"),
        (["events", "--group-by", "colour"], "Invalid value for '--group-by'"),
        (
            ["export", "--format", "gdelt", "--out", "x.tsv", "--until", "2024-99"],
            "Invalid value for '--until'",
        ),
    ],
)
def test_bad_filter_values_are_usage_errors(db: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_missing_or_foreign_database_is_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["events", "--db", str(missing)])
    assert result.exit_code == 2 and result.stderr == f"Error: {missing}: no such database\n"
    assert not missing.exists()
    notes = tmp_path / "notes.db"
    notes.write_text("not a database at all " * 100)
    result = CliRunner().invoke(cli, ["statements", "--db", str(notes)])
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {notes}: not a SQLite database")
    assert result.stderr.count("\n") == 1


def test_export_command_writes_gdelt_and_reports(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = CliRunner().invoke(
        cli, ["export", "--db", db, "--format", "gdelt", "--out", str(out), "--source", "RUSGOV"]
    )
    assert result.exit_code == 0, result.stderr
    assert "2 rows written" in result.stderr
    assert [len(line.split("\t")) for line in out.read_text().splitlines()] == [61, 61]
    assert (tmp_path / "events.mentions.tsv").exists()


def test_export_parquet_of_statements(db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "s.parquet"
    result = run("export", "--db", db, "--format", "parquet", "--records", "statements", "--out", str(out))
    assert result.exit_code == 0
    assert pq.read_table(out).column("cue_lemma").to_pylist() == ["say", "say"]


@pytest.mark.parametrize("command", ["events", "statements", "articles", "export", "ingest"])
def test_commands_have_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output and "--db" in result.output


def test_actor_filter_takes_part_of_a_name_and_codes_in_any_case_and_says_what_it_matched(db: str) -> None:
    def events(value: str) -> tuple[list[str], str]:
        result = CliRunner().invoke(cli, ["events", "--db", db, "--actor", value, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        return [json.loads(line)["cameo"] for line in result.stdout.splitlines()], result.stderr

    whole, _ = events("RUSGOV")
    lower, said = events("rusgov")
    assert lower == whole and whole
    assert said.startswith("--actor rusgov: ") and "(russia, RUSGOV)" in said
    rebels, said = events("rebels")  # a word of the name "Syrian rebels"
    assert rebels == events("Syrian rebels")[0] and rebels
    assert events("rebel")[0] == []  # whole words only
    nothing, said = events("Gondor")
    assert nothing == [] and "no stored actor" in said


def test_events_table_names_codes_and_hides_said_events(db: str) -> None:
    shown = run("events", "--db", db)
    assert shown.exit_code == 0 and "Accuse" in shown.stdout  # the CAMEO name beside 112
    hidden = run("events", "--db", db, "--exclude-cameo", "11", "--format", "jsonl")
    cameos = [json.loads(line)["cameo"] for line in hidden.stdout.splitlines()]
    assert cameos and not any(code.startswith("11") for code in cameos)
    counts = run("events", "--db", db, "--group-by", "quad_class", "--format", "csv")
    header, *rows = counts.stdout.splitlines()
    assert header.startswith("quad_class,quad_name,events") and any(",verbal conflict," in r for r in rows)


def test_progress_in_a_pipe_is_a_line_with_total_rate_and_time_left() -> None:
    import io

    from dragoman.cli.progress import LineProgress

    stream = io.StringIO()
    bar = LineProgress(300, "articles", stream, interval=0.0)
    bar.update(30)
    (line,) = stream.getvalue().splitlines()
    assert line.startswith("progress: 30 of 300 articles (") and "s left)" in line


def test_inputs_are_counted_before_reading(tmp_path) -> None:
    from dragoman.ingest import count_inputs

    (tmp_path / "a.txt").write_text("One article.")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n')
    (tmp_path / "c.csv").write_text("id,text\n1,x\n2,y\n3,z\n")
    (tmp_path / ".hidden.txt").write_text("skipped")
    assert count_inputs([str(tmp_path)]) == 1 + 2 + 3
    assert count_inputs(["-"]) is None


def test_sort_orders_the_records_and_names_the_keys(db: str) -> None:
    result = run("events", "--db", db, "--sort", "-goldstein", "--format", "jsonl")
    scores = [json.loads(line)["goldstein"] for line in result.stdout.splitlines()]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    bad = CliRunner().invoke(cli, ["statements", "--db", db, "--sort", "goldstein"])
    assert bad.exit_code == 2 and "statements sort by date, speaker, kind, article" in bad.stderr


def test_table_ids_are_never_cut(tmp_path) -> None:
    path = tmp_path / "long.db"
    long_id = "wire-2024-05-01-an-article-id-longer-than-its-column"
    with Store(path) as store:
        store.write(make_extraction("x", [ACCUSE], article_id=long_id))
    result = run("articles", "--db", str(path))
    assert long_id in result.stdout and "(1 row)" in result.stderr
    assert long_id in run("events", "--db", str(path)).stdout
