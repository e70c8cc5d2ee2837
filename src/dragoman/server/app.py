"""``create_app()``: the FastAPI application over one database, read-only, with the dashboard at ``/``."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response

from .assets import load_assets
from .cache import ResultCache
from .errors import install_error_handlers
from .extract import PipelineHolder, default_pipeline, extract_router

# POST /api/extract refuses larger bodies (413); an article is rarely over 100 kB.
DEFAULT_MAX_BODY = 1_000_000
# A few seconds of reading on one core (15,000 words: 4.8 s, bench/serve.py).
DEFAULT_MAX_WORDS = 20_000
DEFAULT_EXTRACT_WORKERS = 2
READ_MMAP_BYTES = 256 * 1024 * 1024


class StoreHandles:
    """One read-only store connection per server thread (SQLite connections are not shared across threads)."""

    def __init__(self, path: str | Path) -> None:
        from ..store import Store

        self.path = str(path)
        self.opener = Store
        self.local = threading.local()
        self.opened: list[Any] = []
        self.lock = threading.Lock()
        # Open once now: a missing, foreign or too-new database fails at start-up, not on the first request.
        self.get()

    def open(self) -> Any:
        """A new read-only ``Store`` the caller closes (for a download that outlives one request thread)."""
        store = self.opener(self.path, readonly=True)
        # Aggregates scan the events table: reading it through a memory map and keeping 64 MiB of pages per
        # connection made a scan of 100,000 events 10-25% faster when measured.
        store.connection.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
        store.connection.execute("PRAGMA cache_size = -65536")
        return store

    def get(self) -> Any:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.open()
            self.local.store = store
            with self.lock:
                self.opened.append(store)
        return store

    def close(self) -> None:
        with self.lock:
            for store in self.opened:
                store.close()
            self.opened.clear()


def create_app(
    db: str | Path,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    max_words: int = DEFAULT_MAX_WORDS,
    extract_workers: int = DEFAULT_EXTRACT_WORKERS,
    extract_wait: float = 30.0,
    pipeline_factory: Callable[[], Any] | None = None,
) -> FastAPI:
    """The API and dashboard over the database at ``db`` (opened read-only; ``StoreError`` if unusable).

    ``max_body`` and ``max_words`` limit a ``POST /api/extract`` text, in bytes and in words; at most
    ``extract_workers`` extractions run at once and a request waits ``extract_wait`` seconds for a turn
    (then 503). ``pipeline_factory`` builds the pipeline that endpoint uses, on its first call (default:
    ``Pipeline()``).
    """
    from .exports import export_router
    from .routes import api_router

    stores = StoreHandles(db)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dragoman",
        summary="Statements and events extracted from news, each with the sentence it came from.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
    )
    app.state.stores = stores
    install_error_handlers(app)
    app.include_router(api_router(stores, ResultCache(db)))
    app.include_router(export_router(stores.open))
    holder = PipelineHolder(pipeline_factory or default_pipeline, extract_workers, extract_wait)
    app.include_router(extract_router(holder, max_body, max_words))
    install_dashboard(app)

    return app


def install_dashboard(app: FastAPI) -> None:
    """``/`` serves the dashboard page, ``/static/…`` its files, all from memory."""
    assets = load_assets()

    def serve(name: str, request: Request) -> Response:
        asset = assets.get(name)
        if asset is None:
            raise HTTPException(404, f"static file {name}: not found")
        headers = {"ETag": asset.etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if request.headers.get("if-none-match") == asset.etag:
            return Response(status_code=304, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)

    @app.get("/", include_in_schema=False)
    def index(request: Request) -> Response:
        response = serve("index.html", request)
        # The page loads only its own files: no inline script, nothing from another origin.
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'"
        )
        return response

    @app.get("/static/{name:path}", include_in_schema=False)
    def static(name: str, request: Request) -> Response:
        return serve(name, request)

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        # Swagger UI from the vendored copy, so the API docs also work with no internet.
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="dragoman API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="data:,",
        )


def _version() -> str:
    from .. import __version__

    return __version__
