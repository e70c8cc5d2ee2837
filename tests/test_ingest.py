"""Readers: every input of DESIGN.md "Inputs", encodings, stable ids, and one error line per bad input."""

from __future__ import annotations

import io
import json
import logging
import os
import random
import re
import sys
import typing
from pathlib import Path
from typing import Any

import pytest

from dragoman.errors import InputError
from dragoman.ingest import ReadOptions, read_inputs
from dragoman.ingest.readers import make_article
from dragoman.model import Article

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "dragoman" / "data" / "samples"

HEADLINE = "Envoy Says Talks Will Not Succeed"
BODY = (
    "The envoy told the council on Friday that the talks would not succeed.\n\n"
    "“We will not stop,” he said, adding that the ceasefire must hold."
)
STORY = f"{HEADLINE}\n\n{BODY}\n"


def read(*paths: str | Path, **options: object) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options)))  # type: ignore[arg-type]


def articles(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | InputError]) -> list[str]:
    return [str(item) for item in items if isinstance(item, InputError)]


def read_one(path: Path, **options: object) -> Article:
    items = read(path, **options)
    assert errors(items) == []
    assert len(items) == 1
    return items[0]  # type: ignore[return-value]


# --- text files ------------------------------------------------------------------------------------------


def test_text_file_keeps_headline_as_first_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Main menu\n\n\n" + STORY, encoding="utf-8")
    article = read_one(path)
    assert article.text == f"{HEADLINE}\n\n{BODY}"
    assert article.title == HEADLINE
    assert article.body_start == len(HEADLINE) + 2
    assert article.text[article.body_start :].startswith("The envoy told")
    assert article.source == str(path)
    assert article.published is None and article.published_from is None
    assert re.fullmatch(r"[0-9a-f]{16}", article.id)


def test_text_file_without_headline_has_body_start_zero(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    article = read_one(path)
    assert article.body_start == 0
    assert article.title is None
    assert article.text == BODY


def test_bundled_samples_have_headlines() -> None:
    found = articles(read(SAMPLES))
    assert len(found) == 2
    for article in found:
        assert article.body_start > 0
        assert article.text[: article.body_start - 2] == article.title
        assert "Main menu" not in article.text


# --- encodings -------------------------------------------------------------------------------------------

ENCODED_TEXT = "Talks Will Not Succeed\n\nThe envoy said “it’s over” – the naïve café plan failed.\n"
ASCII_TEXT = 'Talks Will Not Succeed\n\nThe envoy said "it\'s over" and the plan failed on Friday.\n'
LATIN_TEXT = 'Talks Will Not Succeed\n\nThe envoy said "it\'s over": the naïve café plan failed in Genève.\n'


@pytest.mark.parametrize(
    "text, encoding, bom",
    [
        (ENCODED_TEXT, "cp1252", b""),
        (LATIN_TEXT, "latin-1", b""),
        (ENCODED_TEXT, "utf-16", b""),  # Python writes the BOM itself
        (ENCODED_TEXT, "utf-16-le", b""),  # no BOM: NUL bytes, still text
        (ENCODED_TEXT, "utf-8", b"\xef\xbb\xbf"),
        (ENCODED_TEXT, "utf-8", b""),
        (ASCII_TEXT, "utf-16-le", b""),  # NUL bytes that are valid UTF-8: must not be read as UTF-8
        (ASCII_TEXT, "utf-16-be", b""),
        (ENCODED_TEXT, "utf-32", b""),
    ],
)
def test_text_encodings_are_detected(tmp_path: Path, text: str, encoding: str, bom: bytes) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(bom + text.encode(encoding))
    article = read_one(path)
    expected = text.strip()
    assert article.text == expected
    assert "“it’s over”" in article.text or '"it\'s over"' in article.text


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_bundled_samples_survive_reencoding(tmp_path: Path, encoding: str) -> None:
    for sample in sorted(SAMPLES.glob("*.txt")):
        reference = read_one(sample)
        copy = tmp_path / sample.name
        copy.write_bytes(sample.read_text(encoding="utf-8").encode(encoding))
        assert read_one(copy).text == reference.text


def test_cp1252_csv_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("id,text\nx1,The minister said “we will stay” in the café.\n".encode("cp1252"))
    assert read_one(path).text == "The minister said “we will stay” in the café."


# --- HTML ------------------------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    article = read_one(DATA / "article.html")
    assert article.title == "Envoy warns talks on the ceasefire will not succeed"
    assert article.url == "https://news.example.org/2020/10/02/envoy-warns"
    assert article.outlet == "Example News"
    assert (article.published, article.published_from) == ("2020-10-02", "metadata")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == article.title
    assert article.body_start == len(article.title) + 2
    assert paragraphs[1].startswith("The envoy told the council")
    assert paragraphs[2].startswith("“We will not stop")  # curly quotes kept, each <p> its own paragraph
    assert len(paragraphs) == 4
    for furniture in ("Home", "Share on", "Follow us", "Politics"):
        assert furniture not in article.text


def test_user_date_overrides_metadata() -> None:
    article = read_one(DATA / "article.html", published="2021-01-05")
    assert (article.published, article.published_from) == ("2021-01-05", "user")


def test_invalid_user_date_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    assert errors(read(path, published="2024-13-01")) == [
        "--published 2024-13-01: not a date (use YYYY-MM-DD)"
    ]


# --- JSONL and CSV ---------------------------------------------------------------------------------------


def test_jsonl_fields_and_given_id(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    rows = [
        {
            "id": "a-1",
            "text": BODY,
            "title": HEADLINE,
            "url": "https://x.example/1",
            "published": "2020-10-02",
            "outlet": "Example News",
        },
        {"text": BODY, "published": "2020-02-31"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    first, second = articles(read(path))
    assert first.id == "a-1"
    assert (first.title, first.url, first.outlet) == (HEADLINE, "https://x.example/1", "Example News")
    assert (first.published, first.published_from) == ("2020-10-02", "metadata")
    assert first.text == f"{HEADLINE}\n\n{BODY}" and first.body_start == len(HEADLINE) + 2
    assert first.source == f"{path}:1"
    assert re.fullmatch(r"[0-9a-f]{16}", second.id)
    assert (second.published, second.published_from) == (None, None)  # 31 February is no date
    assert second.source == f"{path}:2"


def test_csv_columns_any_case_and_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_text(
        'ID, Title ,TEXT,outlet\n7,Talks Fail,"First paragraph here.\n\nSecond one, with a comma.",Wire\n',
        encoding="utf-8",
    )
    article = read_one(path)
    assert article.id == "7"
    assert article.title == "Talks Fail"
    assert article.outlet == "Wire"
    assert article.text == "Talks Fail\n\nFirst paragraph here.\n\nSecond one, with a comma."


@pytest.mark.parametrize(
    "content",
    [
        'id;text\n9;"Semicolons, as some exports use."\n',
        "id\ttext\n9\tSemicolons, as some exports use.\n",
        '"id","text"\r\n"9","Semicolons, as some exports use."\r\n',
    ],
)
def test_csv_delimiter_is_read_from_the_header(tmp_path: Path, content: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8", newline="")
    article = read_one(path)
    assert (article.id, article.text) == ("9", "Semicolons, as some exports use.")


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        json.dumps({"id": "s1", "text": BODY}),
        "{broken",
        json.dumps({"id": "s2", "text": "Short text here."}),
    ]
    stdin = io.TextIOWrapper(io.BytesIO(("\n".join(lines) + "\n").encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    items = read("-")
    assert [a.id for a in articles(items)] == ["s1", "s2"]
    assert errors(items) == [
        "<stdin>:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)"
    ]


# --- directories -----------------------------------------------------------------------------------------


def test_directory_is_walked_recursively_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("Alpha text of the first article.")
    (tmp_path / "b" / "c.txt").write_text("Gamma text of the third article.")
    (tmp_path / "b" / "deep" / "d.jsonl").write_text(json.dumps({"id": "d", "text": "Delta text."}) + "\n")
    (tmp_path / "b" / "a.txt").write_text("Beta text of the second article.")
    (tmp_path / ".git" / "config").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text("not an article either")
    items = read(tmp_path)
    assert errors(items) == []
    assert [a.text.split()[0] for a in articles(items)] == ["Alpha", "Beta", "Gamma", "Delta"]


# --- stable ids ------------------------------------------------------------------------------------------


def test_ids_are_stable_and_depend_on_name_and_text(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "story.txt").write_text(STORY)
    (tmp_path / "x" / "story.txt").write_text(STORY)
    (tmp_path / "other.txt").write_text(STORY)
    (tmp_path / "x" / "edited.txt").write_text(STORY + "\nOne more line.")
    first = read_one(tmp_path / "story.txt").id
    assert read_one(tmp_path / "story.txt").id == first  # same input, same id
    assert read_one(tmp_path / "x" / "story.txt").id == first  # moving a file keeps its id
    assert read_one(tmp_path / "other.txt").id != first  # another source
    assert read_one(tmp_path / "x" / "edited.txt").id != read_one(tmp_path / "x" / "story.txt").id
    # Cosmetic differences that cleaning removes do not change the id.
    (tmp_path / "spaced.txt").write_text(STORY.replace(" ", "  ").replace("\n\n", "\n\n\n"))
    (tmp_path / "story2.txt").write_text(STORY)
    assert read_one(tmp_path / "spaced.txt").text == read_one(tmp_path / "story2.txt").text


# --- bad input: one line naming the input and the problem ------------------------------------------------


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


BAD_INPUTS = [
    # (file name, content, expected message after "<path>: ")
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t\n", "empty file"),
    ("empty.jsonl", b"", "empty file"),
    ("blank.jsonl", b"\n\n", "empty file"),
    ("empty.csv", b"", "empty file"),
    ("empty.html", b"", "empty file"),
    (
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "binary file; expected text (.txt), HTML (.html), JSONL (.jsonl) or CSV (.csv)",
    ),
    (
        "noise.txt",
        random.Random(0).randbytes(2000).replace(b"\x00", b"\x01"),
        "not UTF-8 and no other text encoding fits; save it as UTF-8",
    ),
    (
        "controls.txt",
        b"Text\x01\x02\x03\x04\x05 with control bytes\x06\x07\x08",
        "binary file (8 control characters); "
        "expected text (.txt), HTML (.html), JSONL (.jsonl) or CSV (.csv)",
    ),
    (
        "report.pdf",
        b"%PDF-1.4",
        "unsupported file type '.pdf'; expected text (.txt), HTML (.html), JSONL (.jsonl) or CSV (.csv)",
    ),
    (
        "menu.txt",
        "Main menu\n\nShare on Facebook\nHome | World | Politics\n",
        "no article text left after removing boilerplate",
    ),
    ("nocol.csv", "title,body\nA,Some text\n", "CSV has no 'text' column (columns: title, body)"),
    ("header.csv", "id,text\n", "CSV has a header but no rows"),
    (
        "page.html",
        (DATA / "navigation.html").read_bytes(),
        "no main text found in the HTML (navigation or an empty page?)",
    ),
]


@pytest.mark.parametrize("name, content, problem", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_file_gives_one_error_line(tmp_path: Path, name: str, content: bytes | str, problem: str) -> None:
    path = write(tmp_path, name, content)
    items = read(path)
    assert errors(items) == [f"{path}: {problem}"]
    assert articles(items) == []


BAD_LINES = [
    (
        '{"text": "ok line one."}\n{"text": "no closing brace"\n',
        2,
        "not valid JSON (Expecting ',' delimiter at column 28)",
    ),
    ('{"text": "ok line one."}\n["a list"]\n', 2, "expected a JSON object with a 'text' field"),
    ('{"text": "ok line one."}\n{"title": "no text"}\n', 2, "no 'text' field with article text"),
    ('{"text": "ok line one."}\n{"text": "   "}\n', 2, "no 'text' field with article text"),
    (
        '{"text": "ok line one."}\n{"text": "x", "title": {"a": 1}}\n',
        2,
        "field 'title' should be a string, not dict",
    ),
    (b'{"text": "ok line one."}\n\n{"text": "caf\xe9"}\n', 3, "not valid UTF-8 (byte 0xe9 at column 14)"),
]


@pytest.mark.parametrize("content, line, problem", BAD_LINES)
def test_bad_jsonl_line_is_named_and_skipped(
    tmp_path: Path, content: bytes | str, line: int, problem: str
) -> None:
    path = write(tmp_path, "batch.jsonl", content)
    items = read(path)
    assert errors(items) == [f"{path}:{line}: {problem}"]
    assert [a.text for a in articles(items)] == ["ok line one."]


def test_csv_row_without_text_is_named_and_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "rows.csv", "id,text\n1,First article text.\n2,\n3,Third article text.\n")
    items = read(path)
    assert errors(items) == [f"{path}:3: no 'text' field with article text"]
    assert [a.id for a in articles(items)] == ["1", "3"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", "empty text"),
        (" \n ", "empty text"),
        ("Main menu\nShare", "no article text left after removing boilerplate"),
    ],
)
def test_make_article_rejects_empty_text(text: str, problem: str) -> None:
    with pytest.raises(InputError) as raised:
        make_article(text, "<text>", ReadOptions())
    assert str(raised.value) == f"<text>: {problem}"


def test_missing_path() -> None:
    assert errors(read("no/such/file.txt")) == ["no/such/file.txt: no such file or directory"]


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", STORY)
    size = len(STORY.encode())
    assert errors(read(path, max_bytes=100)) == [
        f"{path}: file is {size:,} bytes, over the limit of 100 (--max-bytes)"
    ]
    assert articles(read(path, max_bytes=size))


def test_empty_directory(tmp_path: Path) -> None:
    assert errors(read(tmp_path)) == [f"{tmp_path}: directory holds no files"]


def test_directory_with_bad_files_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path, "b_good.txt", STORY)
    binary = write(tmp_path, "a_binary.txt", b"\x00\x01\x02\x03binary")
    (tmp_path / "c_broken.txt").symlink_to(tmp_path / "gone.txt")  # listed, cannot be read
    unreadable = write(tmp_path, "d_locked.txt", STORY)
    original = Path.open

    def open_file(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "open", open_file)
        items = read(tmp_path)
    assert errors(items) == [
        f"{binary}: binary file; expected text (.txt), HTML (.html), JSONL (.jsonl) or CSV (.csv)",
        f"{tmp_path / 'c_broken.txt'}: cannot read (No such file or directory)",
        f"{unreadable}: cannot read (Permission denied)",
    ]
    assert [a.source for a in articles(items)] == [str(good)]


def test_unreadable_subdirectory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text(STORY)
    good = write(tmp_path, "good.txt", STORY)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> typing.Any:
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = read(tmp_path)
    assert errors(items) == [f"{tmp_path / 'locked'}: cannot read directory (Permission denied)"]
    assert [a.source for a in articles(items)] == [str(good)]


def test_a_guessed_encoding_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, "old.txt", ENCODED_TEXT.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="dragoman.ingest.readers"):
        read_one(path)
    assert caplog.messages == [f"{path}: not UTF-8; read as cp1252 (Windows Latin), a guess"]


def test_every_error_is_one_line(tmp_path: Path) -> None:
    for name, content, _problem in BAD_INPUTS:
        for message in errors(read(write(tmp_path, name, content))):
            assert "\n" not in message and message.startswith(str(tmp_path))


def test_the_library_ingests_as_the_command_does(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    import dragoman
    from dragoman.run import IngestHooks

    write(tmp_path, "a.txt", STORY)
    db = dragoman.Store(tmp_path / "lib.db")
    heard: list[str] = []
    hooks = IngestHooks(rejected=heard.append, stored=lambda extraction, status: heard.append(status))
    first = dragoman.ingest_files(
        [str(tmp_path / "a.txt"), str(tmp_path / "gone.txt")], db, hooks=hooks, pipeline=pipeline
    )
    assert (first.new, first.failed) == (1, 1)
    assert heard == [f"{tmp_path / 'gone.txt'}: no such file or directory", "new"]
    again = dragoman.ingest_files([str(tmp_path / "a.txt")], db, pipeline=pipeline)
    assert (again.new, again.unchanged) == (0, 1)
    assert db.totals()["articles"] == 1
    # the actors the records name are stored with their knowledge-base entries, not only a name and code
    write(tmp_path, "b.txt", "Russia Rejects Talks\n\nRussia said on Friday that it rejected the talks.\n")
    dragoman.ingest_files([str(tmp_path / "b.txt")], db, pipeline=pipeline)
    russia = db.actor("russian-federation")
    assert russia is not None and (russia["kind"], russia["wikidata"]) == ("state", "Q159")
