"""``GET /api/export``: the store's export formats, streamed as they are read (memory stays flat).

Rows come from the export module's own readers and row formatters (``event_rows``, ``gdelt_event``,
``plover_event``) and the store's ``Results.rows()``; only the writing to a file is replaced by chunks of a
response. Each download reads through its own read-only connection, closed when the stream ends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from .params import FILTER_NAMES, FilterValues, only

# Rows gathered into one chunk of the response: fewer, larger writes.
CHUNK_ROWS = 500
FORMATS = {
    # name: (media type, file name, what it holds)
    "csv": ("text/csv; charset=utf-8", "dragoman-{records}.csv", "flat rows with a header"),
    "gdelt": ("text/tab-separated-values; charset=utf-8", "dragoman.export.tsv", "GDELT 2.0 event table"),
    "gdelt_mentions": (
        "text/tab-separated-values; charset=utf-8",
        "dragoman.mentions.tsv",
        "GDELT 2.0 mentions table",
    ),
    "plover": ("application/x-ndjson; charset=utf-8", "dragoman-plover.jsonl", "PLOVER events, JSON Lines"),
}
RECORDS = ("events", "statements", "articles")


def chunked(lines: Iterator[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= CHUNK_ROWS:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def csv_lines(results: Any) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(results.columns))
    writer.writeheader()
    for row in results.rows():
        writer.writerow(row)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def export_lines(store: Any, output_format: str, records: str, filters: dict[str, Any]) -> Iterator[str]:
    from .. import export

    if output_format == "csv":
        yield from csv_lines(export.flat_records(store, records, filters))
        return

    def tsv(fields: list[str]) -> str:
        return "\t".join(export.tsv_field(value) for value in fields) + "\n"

    formatters: dict[str, Callable[[Any], str]] = {
        "gdelt": lambda row: tsv(export.gdelt_event(row)),
        "gdelt_mentions": lambda row: tsv(export.gdelt_mention(row)),
        "plover": lambda row: json.dumps(export.plover_event(row), ensure_ascii=False) + "\n",
    }
    line = formatters[output_format]
    for row in export.event_rows(store, **filters):
        yield line(row)


def export_router(open_store: Callable[[], Any]) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get(
        "/export",
        dependencies=[Depends(only("format", "records", *FILTER_NAMES))],
        summary="Download the filtered records (streamed)",
        response_class=StreamingResponse,
    )
    def export_records(
        filters: FilterValues,
        output_format: str = Query(
            alias="format", description="; ".join(f"{name}: {info[2]}" for name, info in FORMATS.items())
        ),
        records: str = Query("events", description="For csv: events, statements or articles."),
    ) -> StreamingResponse:
        from ..errors import InputError
        from ..store import Filters

        if output_format not in FORMATS:
            raise InputError(f"format {output_format}: expected one of {', '.join(FORMATS)}")
        if records not in RECORDS:
            raise InputError(f"records {records}: expected one of {', '.join(RECORDS)}")
        if output_format != "csv" and records != "events":
            raise InputError(f"records {records}: format {output_format} exports events only")
        # Validate before the response starts: once streaming, an error can no longer become a 422.
        Filters.build(**filters)
        store = open_store()
        lines = export_lines(store, output_format, records, filters)
        try:
            first = next(lines, "")
        except BaseException:
            store.close()
            raise

        def stream() -> Iterator[bytes]:
            try:
                yield first.encode("utf-8")
                yield from chunked(lines)
            finally:
                store.close()

        media_type, name, _ = FORMATS[output_format]
        headers = {"Content-Disposition": f'attachment; filename="{name.format(records=records)}"'}
        return StreamingResponse(stream(), media_type=media_type, headers=headers)

    return router
