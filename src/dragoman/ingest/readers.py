"""Readers for every input of DESIGN.md: .txt, .html, .jsonl, .csv, directories and ``-`` (JSONL on stdin).

``read_inputs()`` yields an ``Article`` for each good item and an ``InputError`` for each bad one, so a batch
reports a bad file or line and goes on with the rest. An error is never raised half-way through an article:
either the whole ``Article`` is built or the item is rejected.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, stable_id
from .clean import clean_text
from .dates import dateline_date, normalise_date, parse_date

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
SUPPORTED = "text (.txt), HTML (.html), JSONL (.jsonl) or CSV (.csv)"
DEFAULT_MAX_BYTES = 20_000_000
# CSV fields hold whole articles; the stdlib default (128 KiB) is too small for long ones.
csv.field_size_limit(DEFAULT_MAX_BYTES)
# A navigation-only page still yields a few link labels ("Home World"); real main text has sentences.
MIN_HTML_WORDS = 15
# Byte-order marks of the UTF-16/32 encodings, whose text is full of NUL bytes and still text.
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
# Decoded text with more than this share of C0 control characters is binary that happened to decode.
MAX_CONTROL_SHARE = 0.01
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Share of high bytes that are NUL in Latin-script UTF-16 (the rest are curly quotes, dashes, accents).
UTF16_NUL_SHARE = 0.6
RECORD_FIELDS = ("id", "title", "url", "published", "outlet")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: the size limit per file and a publication date given by the user."""

    max_bytes: int = DEFAULT_MAX_BYTES
    published: str | None = None


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Articles from files, directories (walked recursively, in name order) and ``-``; errors as values."""
    options = options or ReadOptions()
    for path in paths:
        if path == "-":
            yield from read_jsonl_lines(enumerate(sys.stdin.buffer, start=1), "<stdin>", options)
            continue
        target = Path(path)
        if not target.exists():
            yield InputError(f"{path}: no such file or directory")
        elif target.is_dir():
            yield from read_directory(target, options)
        else:
            yield from read_file(target, options)


def count_inputs(paths: Iterable[str]) -> int | None:
    """About how many articles ``paths`` hold (a text or HTML file one, a JSONL file its non-blank lines, a
    CSV file its lines but the header), for a progress bar's total; None when it cannot be known (``-``).
    Files are only counted, not decoded: a bad file still counts as the one item it is reported as."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        target = Path(path)
        files = visible_files(target) if target.is_dir() else [target]
        total += sum(articles_in(file) for file in files)
    return total


def articles_in(file: Path) -> int:
    suffix = file.suffix.lower()
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            return 1
        if suffix in JSONL_SUFFIXES:
            with file.open("rb") as stream:
                return max(1, sum(1 for line in stream if line.strip()))
        if suffix in CSV_SUFFIXES:
            with file.open("rb") as stream:
                return max(1, sum(1 for line in stream if line.strip()) - 1)
    except OSError:
        pass
    return 1


def read_directory(root: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    """Every file below ``root`` in name order; hidden files and directories (``.git``) are skipped."""
    walk_errors: list[InputError] = []

    def unreadable(error: OSError) -> None:
        walk_errors.append(InputError(f"{error.filename}: cannot read directory ({error.strerror or error})"))

    files = visible_files(root, unreadable)
    yield from walk_errors
    if not files and not walk_errors:
        yield InputError(f"{root}: directory holds no files")
    for file in files:
        yield from read_file(file, options)


def visible_files(root: Path, on_error: Callable[[OSError], None] | None = None) -> list[Path]:
    """The files below ``root`` in name order, hidden files and directories (``.git``) left out; symlinked
    directories are not followed (a link to a parent would never end)."""
    files = []
    for directory, subdirectories, names in os.walk(root, onerror=on_error):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        files.extend(Path(directory, name) for name in names if not name.startswith("."))
    return sorted(files)


def read_file(path: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    """The articles of one file (one for text and HTML, one a line or row for JSONL and CSV)."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES:
        yield InputError(f"{name}: unsupported file type {suffix!r}; expected {SUPPORTED}")
        return
    try:
        data = read_regular_file(path, options.max_bytes)
    except InputError as error:
        yield error
        return
    try:
        if not data.strip():
            raise InputError(f"{name}: empty file")
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(data, name, options)
        elif suffix in CSV_SUFFIXES:
            yield from read_csv(decode(data, name), name, options)
        elif suffix in HTML_SUFFIXES:
            yield read_html(decode(data, name), name, options)
        else:
            yield read_text(decode(data, name), name, options)
    except InputError as error:
        yield error


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, at most ``max_bytes`` of them, counted as read (a size the filesystem reports
    can be 0 or a lie: /proc, /dev/zero). Only regular files are opened: a FIFO would block the whole run,
    a device never ends."""
    name = str(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise InputError(f"{name}: not a regular file ({file_kind(status.st_mode)}); skipped")
        if status.st_size > max_bytes:
            limit = f"{max_bytes:,}"
            raise InputError(
                f"{name}: file is {status.st_size:,} bytes, over the limit of {limit} (--max-bytes)"
            )
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: more than {max_bytes:,} bytes read, over the limit (--max-bytes)")
    return data


def file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    kinds += ((stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))
    return next((kind for test, kind in kinds if test(mode)), "not a file")


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM) first, else the encoding charset-normalizer detects.

    Raises ``InputError`` for binary data (NUL bytes outside UTF-16/32, or many control characters) and for
    bytes no encoding explains.
    """
    if b"\x00" in data[:8192]:
        # NUL bytes are valid UTF-8, but text has none: this is UTF-16/32 or binary.
        text = detect_and_decode(data, name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = mostly_utf8(data, name) or detect_and_decode(data, name)
    if "\x00" in text[:8192]:
        raise InputError(f"{name}: binary file; expected {SUPPORTED}")
    controls = len(CONTROL_CHARACTERS.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{name}: binary file ({controls:,} control characters); expected {SUPPORTED}")
    return text


def mostly_utf8(data: bytes, name: str) -> str | None:
    """UTF-8 with a few bad bytes (a bad copy and paste, a truncated character) read as UTF-8, each bad
    byte replaced by U+FFFD and counted in a warning; None when the text is not UTF-8 at all (no valid
    multi-byte character, or more bad bytes than good characters), for an encoding guess to read."""
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd")
    good = sum(1 for character in text if character > "\x7f" and character != "\ufffd")
    if good < max(replaced, 1):
        return None
    log.warning("%s: %d bytes that are not UTF-8 replaced by U+FFFD (the rest read as UTF-8)", name, replaced)
    return text


def detect_and_decode(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    if b"\x00" in data[:8192] and not data.startswith(WIDE_BOMS):
        # UTF-16 without a BOM is still text; anything else with NUL bytes is binary.
        encoding = bomless_utf16(data)
        if encoding is None:
            raise InputError(f"{name}: binary file; expected {SUPPORTED}")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: binary file; expected {SUPPORTED}") from error
        log.info("%s: not UTF-8; read as %s (no BOM)", name, encoding)
        return text
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(f"{name}: not UTF-8 and no other text encoding fits; save it as UTF-8")
    # Short English texts fit cp1250, cp1252 and cp1257 equally well; Windows-1252 is by far the most
    # common of them for English news (and a superset of Latin-1's printable range), so it wins ties.
    for match in matches:
        tied = (match.chaos, match.coherence) == (best.chaos, best.coherence)
        if tied and "cp1252" in match.could_be_from_charset:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                break
            log.warning("%s: not UTF-8; read as cp1252 (Windows Latin), a guess", name)
            return text
    log.warning("%s: not UTF-8; read as %s, a guess", name, best.encoding)
    return str(best)


def bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes sit where Latin-script UTF-16 puts them, else None.

    In UTF-16 text mostly made of Latin letters, digits and punctuation, every other byte is NUL and always
    at the same parity (odd offsets little-endian, even offsets big-endian); binary data has NULs anywhere.
    """
    sample = data[:65536]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= UTF16_NUL_SHARE * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= UTF16_NUL_SHARE * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


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
    """An ``Article`` from raw text and metadata; raises ``InputError`` when nothing is left after cleaning.

    The id is ``given_id`` when the input has one, else a hash of ``identity`` (URL or file name; never the
    directory, so moving a file keeps its ids) and the cleaned text.
    """
    if not text.strip():
        raise InputError(f"{source}: empty text")
    cleaned = clean_text(text, title)
    if not cleaned.text.strip():
        raise InputError(f"{source}: no article text left after removing boilerplate")
    published_from = None
    date = None
    if options.published:
        user_date = parse_date(options.published)
        if user_date is None:
            raise InputError(f"--published {options.published}: not a date (use YYYY-MM-DD)")
        date, published_from = user_date.isoformat(), "user"
    elif published:
        date = normalise_date(published, source)
        published_from = "metadata" if date else None
    if date is None and (date := dateline_date(cleaned.text, cleaned.body_start)):
        published_from = "text"
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


def read_html(html: str, name: str, options: ReadOptions) -> Article:
    import trafilatura

    document = trafilatura.bare_extraction(
        html, include_comments=False, with_metadata=True, favor_precision=True
    )
    text = getattr(document, "text", None) if document is not None else None
    # trafilatura puts one block (paragraph, heading, list item) a line; cleaning wants blank-line paragraphs.
    text = "\n\n".join((text or "").splitlines())
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(f"{name}: no main text found in the HTML (navigation or an empty page?)")
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


def record_article(record: dict[str, Any], where: str, identity: str, options: ReadOptions) -> Article:
    """An article from one JSONL object or CSV row (``text`` required; ``id``, ``title``, ``url``,
    ``published``, ``outlet`` optional)."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no 'text' field with article text")
    values: dict[str, str | None] = {}
    for key in RECORD_FIELDS:
        value = record.get(key)
        if isinstance(value, dict | list):
            raise InputError(f"{where}: field {key!r} should be a string, not {type(value).__name__}")
        values[key] = str(value).strip() or None if value is not None else None
    return make_article(
        text,
        where,
        options,
        identity=values["url"] or identity,
        given_id=values["id"],
        title=values["title"],
        url=values["url"],
        published=values["published"],
        outlet=values["outlet"],
    )


def read_jsonl(data: bytes, name: str, options: ReadOptions) -> Iterator[Article | InputError]:
    """JSONL is UTF-8 by definition, decoded line by line so one bad line does not cost the others;
    a file with a UTF-16/32 BOM is decoded whole."""
    if data.startswith(WIDE_BOMS):
        lines: Iterable[bytes | str] = decode(data, name).splitlines()
    else:
        lines = data.splitlines()
    yield from read_jsonl_lines(enumerate(lines, start=1), name, options)


def read_jsonl_lines(
    lines: Iterable[tuple[int, bytes | str]], name: str, options: ReadOptions
) -> Iterator[Article | InputError]:
    """One article for each numbered line holding a JSON object; an error for each bad line."""
    seen_any = False
    identity = os.path.basename(name)
    for number, raw in lines:
        where = f"{name}:{number}"
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                seen_any = True
                yield InputError(
                    f"{where}: not valid UTF-8 (byte {raw[error.start]:#04x} at column {error.start + 1})"
                )
                continue
        else:
            line = raw
        if not line.strip():
            continue
        seen_any = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno})")
            continue
        except RecursionError:
            # Python's parser recurses once a level; an article record is two levels deep at most.
            yield InputError(
                f"{where}: JSON nested too deeply to read; expected an object with a 'text' field"
            )
            continue
        if not isinstance(record, dict):
            yield InputError(f"{where}: expected a JSON object with a 'text' field")
            continue
        try:
            yield record_article(record, where, identity, options)
        except InputError as error:
            yield error
    if not seen_any:
        yield InputError(f"{name}: empty input; expected one JSON object a line")


def read_csv(text: str, name: str, options: ReadOptions) -> Iterator[Article | InputError]:
    """One article a row; column names are matched without case or surrounding spaces.

    The delimiter is read from the header line: a comma, or the semicolon, tab or bar some spreadsheet
    exports use. A malformed row (an unterminated quote, say) is an error naming its first line, and the
    rows after it are still read (see ``csv_rows``).
    """
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(header_line, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = csv_rows(io.StringIO(text.lstrip("\ufeff"), newline="").readlines(), dialect.delimiter, name)
    header = next((row for row in rows if not isinstance(row, InputError)), None)
    if header is None:
        raise InputError(f"{name}: empty file")
    columns = [column.strip().lower() for column in header[1]]
    if "text" not in columns:
        raise InputError(f"{name}: CSV has no 'text' column (columns: {', '.join(header[1])})")
    identity = os.path.basename(name)
    seen = 0
    for row in rows:
        if isinstance(row, InputError):
            yield row
            continue
        seen += 1
        line, fields = row
        where = f"{name}:{line}"
        if any(extra.strip() for extra in fields[len(columns) :]):  # empty trailing fields are harmless
            yield InputError(
                f"{where}: {len(fields)} fields where the header has {len(columns)}; row skipped"
            )
            continue
        try:
            yield record_article(dict(zip(columns, fields, strict=False)), where, identity, options)
        except InputError as error:
            yield error
    if not seen:
        yield InputError(f"{name}: CSV has a header but no rows")


def csv_rows(lines: list[str], delimiter: str, name: str) -> Iterator[tuple[int, list[str]] | InputError]:
    """``(line number, fields)`` of each non-blank row of ``lines``, numbered by the row's first line.

    Read strictly: an unterminated quote or a stray one is an ``InputError`` naming the row's first line,
    and reading starts again on the line after it, so one bad quote does not swallow the rows that follow.
    """
    position = 0

    def feed() -> Iterator[str]:
        nonlocal position
        while position < len(lines):
            position += 1
            yield lines[position - 1]

    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    while True:
        first_line = position
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield InputError(f"{name}:{first_line + 1}: not valid CSV ({error}); row skipped")
            position = first_line + 1
            reader = csv.reader(feed(), delimiter=delimiter, strict=True)
            continue
        if fields:
            yield first_line + 1, fields
