"""Readers for every input of DESIGN.md: .txt, .html/.htm, .jsonl, .csv, directories and ``-`` (JSONL on stdin).

``read_inputs()`` yields an ``Article`` for each good item and an ``InputError`` for each bad one, so a batch
reports a bad file or line and goes on with the rest.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, stable_id
from .clean import clean_text
from .dates import normalise_date

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = "text (.txt), HTML (.html), JSONL (.jsonl) or CSV (.csv)"
DEFAULT_MAX_BYTES = 20_000_000
# CSV fields hold whole articles; the stdlib default (128 KiB) is too small for long ones.
csv.field_size_limit(DEFAULT_MAX_BYTES)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: the size limit per file and a publication date given by the user."""

    max_bytes: int = DEFAULT_MAX_BYTES
    published: str | None = None


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Articles from files, directories (walked recursively, sorted) and ``-``; errors as values."""
    options = options or ReadOptions()
    for path in paths:
        if path == "-":
            yield from read_jsonl_stream(sys.stdin, "<stdin>", options)
            continue
        target = Path(path)
        if not target.exists():
            yield InputError(f"{path}: no such file or directory")
        elif target.is_dir():
            files = sorted(p for p in target.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not files:
                yield InputError(f"{path}: directory holds no files")
            for file in files:
                yield from read_file(file, options)
        else:
            yield from read_file(target, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield InputError(f"{name}: file is {size:,} bytes, over the limit of {options.max_bytes:,} (--max-bytes)")
            return
        data = path.read_bytes()
    except OSError as error:
        yield InputError(f"{name}: cannot read ({error.strerror or error})")
        return
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl" or suffix == ".ndjson":
            yield from read_jsonl_stream(io.StringIO(decode(data, name)), name, options)
        elif suffix == ".csv":
            yield from read_csv(decode(data, name), name, options)
        elif suffix in HTML_SUFFIXES:
            yield read_html(data, name, options)
        elif suffix in TEXT_SUFFIXES:
            yield read_text(decode(data, name), name, options)
        else:
            yield InputError(f"{name}: unsupported file type {suffix!r}; expected {SUPPORTED}")
    except InputError as error:
        yield error


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM) first, else the encoding charset-normalizer detects."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: binary file; expected {SUPPORTED}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot detect the text encoding; save it as UTF-8")
    return str(best)


def make_article(
    text: str,
    source: str,
    options: ReadOptions,
    *,
    identity: str | None = None,
    given_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
) -> Article:
    """An ``Article`` from raw text and metadata; raises ``InputError`` when nothing is left after cleaning."""
    cleaned = clean_text(text, title)
    if not cleaned.text.strip():
        raise InputError(f"{source}: no article text")
    published_from = None
    date = None
    if options.published:
        date, published_from = options.published, "user"
    elif published:
        date = normalise_date(published, source)
        published_from = "metadata" if date else None
    article_id = given_id or stable_id(identity or url or source, cleaned.text)
    return Article(
        id=article_id,
        source=source,
        text=cleaned.text,
        url=url,
        title=title or cleaned.headline,
        published=date,
        published_from=published_from,
        outlet=outlet,
        language=language or "en",
        body_start=cleaned.body_start,
    )


def read_text(text: str, name: str, options: ReadOptions) -> Article:
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return make_article(text, name, options, identity=os.path.basename(name))


def read_html(data: bytes, name: str, options: ReadOptions) -> Article:
    import trafilatura

    html = decode(data, name)
    if not html.strip():
        raise InputError(f"{name}: empty file")
    document = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True, favor_precision=True)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(f"{name}: no main text found in the HTML")
    return make_article(
        text,
        name,
        options,
        identity=document.url or os.path.basename(name),
        title=document.title,
        url=document.url,
        published=document.date,
        outlet=document.sitename,
        language=document.language,
    )


def record_article(record: dict[str, Any], where: str, options: ReadOptions) -> Article:
    """An article from one JSONL object or CSV row (``text`` required)."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no 'text' field with article text")

    def field(key: str) -> str | None:
        value = record.get(key)
        return str(value).strip() or None if value is not None else None

    return make_article(
        text,
        where,
        options,
        identity=field("url") or where,
        given_id=field("id"),
        title=field("title"),
        url=field("url"),
        published=field("published"),
        outlet=field("outlet"),
    )


def read_jsonl_stream(stream: io.TextIOBase, name: str, options: ReadOptions) -> Iterator[Article | InputError]:
    seen_any = False
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(f"{where}: expected a JSON object with a 'text' field")
            continue
        try:
            yield record_article(record, where, options)
        except InputError as error:
            yield error
    if not seen_any:
        yield InputError(f"{name}: empty input; expected one JSON object a line")


def read_csv(text: str, name: str, options: ReadOptions) -> Iterator[Article | InputError]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise InputError(f"{name}: not valid CSV ({error})") from error
    if not header:
        raise InputError(f"{name}: empty CSV file")
    if "text" not in header:
        raise InputError(f"{name}: CSV has no 'text' column (columns: {', '.join(header)})")
    try:
        for row in reader:
            # Line of the row's last physical line; close enough to find it in an editor.
            yield_where = f"{name}:{reader.line_num}"
            try:
                yield record_article(row, yield_where, options)
            except InputError as error:
                yield error
    except csv.Error as error:
        yield InputError(f"{name}:{reader.line_num}: not valid CSV ({error})")
