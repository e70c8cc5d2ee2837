"""The HTTP API and the dashboard behind ``dragoman serve``.

Read-only over a store: every endpoint calls the store's own query functions (the CLI's), the dashboard is
static files shipped in the package and reads the JSON API. FastAPI is imported only when this package is.
"""

from __future__ import annotations

from .app import DEFAULT_EXTRACT_WORKERS, DEFAULT_MAX_BODY, DEFAULT_MAX_WORDS, create_app
from .params import MAX_LIMIT

__all__ = ["DEFAULT_EXTRACT_WORKERS", "DEFAULT_MAX_BODY", "DEFAULT_MAX_WORDS", "MAX_LIMIT", "create_app"]
