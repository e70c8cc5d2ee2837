"""``POST /api/extract``: text in, records out, nothing stored.

The spaCy pipeline is loaded on the first call only, so a server that is never asked to extract never loads
it. The body is read in chunks and refused (413) as soon as it passes the size limit.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..errors import InputError
from ..ingest.dates import parse_date

# Bodies the endpoint accepts; anything else is 415.
TEXT_TYPES = ("text/plain", "application/json")


class Busy(HTTPException):
    """Every extraction slot stayed taken for the whole wait: 503, with when to retry."""

    def __init__(self, workers: int, waited: float) -> None:
        super().__init__(
            503,
            f"extract: all {workers} extraction slots busy for {waited:g} s; retry later",
            headers={"Retry-After": str(max(1, round(waited)))},
        )


class PipelineHolder:
    """Builds the pipeline on first use (once, under a lock) and runs at most ``workers`` extractions at
    once; a request waits up to ``wait_seconds`` for a slot, then gets 503. Threads share the pipeline: its
    model, knowledge base and gazetteer are read-only once loaded, and a small request finishes beside a
    large one instead of waiting behind it."""

    def __init__(self, factory: Callable[[], Any], workers: int = 2, wait_seconds: float = 30.0) -> None:
        self.factory = factory
        self.pipeline: Any = None
        self.workers = workers
        self.wait_seconds = wait_seconds
        self.build_lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(workers)

    def extract(self, text: str, title: str | None, published: str | None) -> Any:
        from ..pipeline import extract_text

        if not self.slots.acquire(timeout=self.wait_seconds):
            raise Busy(self.workers, self.wait_seconds)
        try:
            return extract_text(text, title=title, published=published, pipeline=self.loaded())
        finally:
            self.slots.release()

    def loaded(self) -> Any:
        with self.build_lock:
            if self.pipeline is None:
                self.pipeline = self.factory()
            return self.pipeline


def default_pipeline() -> Any:
    from ..pipeline import Pipeline

    return Pipeline()


async def read_limited(request: Request, max_body: int) -> bytes:
    """The request body, or 413 as soon as it is longer than ``max_body`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body:
        raise HTTPException(413, f"body: {declared} bytes is over the limit of {max_body} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise HTTPException(413, f"body: over the limit of {max_body} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def body_text(body: bytes, media_type: str) -> tuple[str, dict[str, Any]]:
    """The article text (and, for JSON, its other fields) from a body; binary content is refused."""
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HTTPException(415, f"body: not UTF-8 text (byte {error.start})") from None
    if "\x00" in decoded:
        raise HTTPException(415, "body: binary content (NUL bytes); send the article as UTF-8 text")
    if media_type == "text/plain":
        return decoded, {}
    try:
        data = json.loads(decoded)
    except json.JSONDecodeError as error:
        raise HTTPException(422, f"body: not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise HTTPException(422, "body: JSON nested too deeply to read") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise HTTPException(422, 'body: expected a JSON object with a "text" string')
    return data["text"], data


def extract_router(holder: PipelineHolder, max_body: int, max_words: int) -> APIRouter:
    router = APIRouter()

    @router.post(
        "/api/extract",
        summary="Extract records from one text; nothing is stored",
        responses={
            413: {"description": "Body too large (bytes or words)"},
            415: {"description": "Not text"},
            503: {"description": "Every extraction slot busy; retry after Retry-After seconds"},
        },
    )
    async def extract(
        request: Request,
        title: str | None = Query(None, description="Headline, when the text does not start with it."),
        published: str | None = Query(None, description="Publication date, YYYY-MM-DD."),
    ) -> dict[str, Any]:
        """Send the article as ``text/plain`` (UTF-8), or as JSON ``{"text": …, "title": …, "published": …}``.

        Returns the article, its sentences, mentions, statements, events and places, as ``/api/articles/{id}``
        does for a stored article.
        """
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in TEXT_TYPES:
            shown = media_type or "(none)"
            raise HTTPException(415, f"content-type {shown}: expected text/plain or application/json")
        text, fields = body_text(await read_limited(request, max_body), media_type)
        if not text.strip():
            raise HTTPException(422, "body: empty text")
        words = len(text.split())
        if words > max_words:
            # The bytes limit alone lets through text that takes minutes to read; words bound the time.
            raise HTTPException(413, f"body: {words:,} words is over the limit of {max_words:,} words")
        title = title or fields.get("title")
        published = published or fields.get("published")
        if title is not None and not isinstance(title, str):
            raise HTTPException(422, "title: expected a string")
        if published is not None:
            parsed = parse_date(str(published))
            if parsed is None:
                raise InputError(f"published {published}: not a date (use YYYY-MM-DD)")
            published = parsed.isoformat()
        from starlette.concurrency import run_in_threadpool

        extraction = await run_in_threadpool(holder.extract, text, title, published)
        return {"ok": True, **extraction.to_dict()}

    return router
