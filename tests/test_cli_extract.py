"""``dragoman extract`` end to end through click's CliRunner: records on stdout, one error line per bad
input on stderr, exit 0 / 2, never a traceback or a partial record."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import assert_spans_match
from dragoman.cli import cli
from dragoman.ingest.readers import SUPPORTED
from dragoman.model import Extraction, record_to_json

STORY = "Envoy Says Talks Will Fail\n\n“We will not stop,” the envoy said on Friday.\n"
RECORD_TYPES = {"article", "mention", "statement", "event", "place"}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def run(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["extract", *args], input=stdin)
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code == 1:  # an internal failure: show it
        raise AssertionError(result.stderr) from result.exception
    return result


def jsonl(result: Result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def extractions_from_jsonl(rows: list[dict]) -> list[Extraction]:
    """Regroup printed records into Extractions, to check every span against its article text."""
    grouped: list[dict] = []
    plural = {"mention": "mentions", "statement": "statements", "event": "events", "place": "places"}
    for row in rows:
        kind = row.pop("type")
        if kind == "article":
            grouped.append({"article": row})
        else:
            grouped[-1].setdefault(plural.get(kind, "sentences"), []).append(row)
    return [Extraction.from_dict(data) for data in grouped]


def test_jsonl_prints_typed_records_with_evidence(story: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(str(story), "--published", "2024-05-01")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = jsonl(result)
    assert rows[0]["type"] == "article" and rows[0]["source"] == str(story)
    assert rows[0]["text"].startswith("Envoy Says Talks Will Fail\n\n“We will not stop,”")
    assert {row["type"] for row in rows} <= RECORD_TYPES
    assert all(row["article_id"] == rows[0]["id"] for row in rows[1:])
    # The same records the library gives, in the same order.
    article = Extraction.from_dict({"article": {k: v for k, v in rows[0].items() if k != "type"}}).article
    expected = [record_to_json(r) for r in pipeline.process(article).records()]
    assert rows == expected
    statements = [row for row in rows if row["type"] == "statement"]
    assert any(s["kind"] == "direct" and s["content"]["text"] == "“We will not stop,”" for s in statements)
    for extraction in extractions_from_jsonl(rows):
        assert_spans_match(extraction)


def test_sentences_flag_adds_sentence_records(story: Path) -> None:
    rows = jsonl(run(str(story), "--sentences"))
    sentences = [row for row in rows if row["type"] == "sentence"]
    assert [s["index"] for s in sentences] == [0, 1]
    assert sentences[0]["text"] == "Envoy Says Talks Will Fail"


def test_json_is_one_array_of_article_objects(story: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "a1", "text": "The minister said the plan was over."})
        + "\n"
        + json.dumps({"id": "a2", "text": "Nothing was said."})
        + "\n"
    )
    result = run(str(story), str(batch), "--format", "json", "--published", "2024-05-01")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 3
    assert [item["article"]["id"] for item in data[1:]] == ["a1", "a2"]
    for item in data:
        assert set(item) == {"article", "mentions", "statements", "events", "places", "warnings"}
        assert_spans_match(Extraction.from_dict(item))
    with_sentences = json.loads(run(str(story), "--format", "json", "--sentences").stdout)
    assert [s["index"] for s in with_sentences[0]["sentences"]] == [0, 1]


def test_json_with_nothing_accepted_is_an_empty_array(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"), "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "[]\n")


def test_table_format(story: Path) -> None:
    result = run(str(story), "--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("== ") and lines[0].endswith("Envoy Says Talks Will Fail")
    statement_lines = [line for line in lines if line.lstrip().startswith("S")]
    assert any("the envoy" in line and "We will not stop" in line for line in statement_lines)
    # A count line under the headline and a header over each kind of record.
    assert re.fullmatch(r"   \d+ statements, \d+ events, \d+ places, \d+ actor mentions", lines[1])
    assert any(line.split() == ["sent", "speaker", "cue", "content"] for line in lines)


def test_published_date_is_validated() -> None:
    result = CliRunner().invoke(cli, ["extract", "x.txt", "--published", "2024-13-01"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--published': 2024-13-01: not a date (use YYYY-MM-DD)" in result.stderr


def test_published_date_is_recorded_as_user(story: Path) -> None:
    article = jsonl(run(str(story), "--published", "2020-10-02"))[0]
    assert (article["published"], article["published_from"]) == ("2020-10-02", "user")


def test_stdin_jsonl() -> None:
    lines = [
        json.dumps({"id": "in-1", "text": STORY, "outlet": "Wire", "published": "2024-05-01"}),
        "not json",
    ]
    result = run("-", stdin="\n".join(lines) + "\n")
    assert result.exit_code == 2
    articles = [row for row in jsonl(result) if row["type"] == "article"]
    assert [(a["id"], a["outlet"]) for a in articles] == [("in-1", "Wire")]
    assert result.stderr.splitlines() == [
        "Error: <stdin>:2: not valid JSON (Expecting value at column 1)",
        "Error: 1 of 2 inputs rejected",
    ]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("missing.txt", None, "no such file or directory"),
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x00\x01\x02binary", f"binary file; expected {SUPPORTED}"),
        ("nocol.csv", b"title\nx\n", "CSV has no 'text' column (columns: title)"),
    ],
)
def test_single_bad_input_is_one_error_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}: {problem}\n"


def test_html_without_main_text_is_one_line() -> None:
    page = Path(__file__).parent / "data" / "navigation.html"
    result = run(str(page))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {page}: no main text found in the HTML (navigation or an empty page?)\n"


def test_html_article() -> None:
    page = Path(__file__).parent / "data" / "article.html"
    article = jsonl(run(str(page)))[0]
    assert (article["outlet"], article["published"]) == ("Example News", "2020-10-02")
    assert article["url"] == "https://news.example.org/2020/10/02/envoy-warns"


def test_file_over_max_bytes(story: Path) -> None:
    result = run(str(story), "--max-bytes", "10")
    assert result.exit_code == 2
    size = story.stat().st_size
    assert result.stderr == f"Error: {story}: file is {size:,} bytes, over the limit of 10 (--max-bytes)\n"


def test_batch_reports_bad_items_and_goes_on(story: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "b1", "text": "The minister said the plan was over."})
        + "\n{oops\n"
        + json.dumps({"id": "b3", "title": "no text"})
        + "\n"
        + json.dumps({"id": "b4", "text": "Nothing was said."})
        + "\n"
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(str(story), str(batch), str(empty), "--published", "2024-05-01")
    assert result.exit_code == 2
    ids = [row["id"] for row in jsonl(result) if row["type"] == "article"]
    assert len(ids) == 3 and ids[1:] == ["b1", "b4"]
    assert result.stderr.splitlines() == [
        f"Error: {batch}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"Error: {batch}:3: no 'text' field with article text",
        f"Error: {empty}: empty file",
        "Error: 3 of 6 inputs rejected",
    ]
    # Every line printed is a whole record.
    for extraction in extractions_from_jsonl(jsonl(result)):
        assert_spans_match(extraction)


def test_no_files_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["extract"])
    assert result.exit_code == 2
    assert "Missing argument 'FILES...'" in result.stderr


def _events(result: Result) -> list[tuple]:
    return [
        ((e["source"] or {}).get("code"), (e["target"] or {}).get("code"), e["cameo"])
        for e in jsonl(result)
        if e["type"] == "event"
    ]


def test_a_users_verb_file_keeps_its_own_codes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    verbs = tmp_path / "mine.verbs.txt"
    verbs.write_text("--- SCOLD [111] ---\nSCOLD\n- * HARSHLY [902]\n", encoding="utf-8")
    text = tmp_path / "t.txt"
    text.write_text("Russia scolded Israel harshly.\n", encoding="utf-8")
    result = run(str(text), "--verbs", str(verbs))
    assert result.exit_code == 0
    assert _events(result) == [("RUS", "ISR", "902")]
    assert "1 code is not in the CAMEO table (902); kept" in caplog.text


def test_require_dyad_and_petrarch_style_keep_petrarchs_conventions(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Turkish drones struck a fuel depot near Qamishli.\n", encoding="utf-8")
    assert _events(run(str(text))) == [("TUR", None, "195")]
    assert _events(run(str(text), "--require-dyad")) == []
    assert _events(run(str(text), "--petrarch-style")) == []
    figurative = tmp_path / "f.txt"
    figurative.write_text("Sanders crushed Clinton in the primary.\n", encoding="utf-8")
    assert _events(run(str(figurative))) == []


def test_undated_articles_are_counted_in_one_warning(story: Path) -> None:
    result = run(str(story))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "Warning: 1 article has no publication date: actor codes are those of the window the offices they "
        "name give (published_from: roles), else of today; give --published DATE when it is known"
    ]
