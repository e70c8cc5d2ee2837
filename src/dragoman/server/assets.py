"""The dashboard's static files, read from the package once at start-up and served from memory.

A request names a file only as a key of this in-memory table, so no part of a request path ever reaches the
filesystem.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from importlib import resources

# Types the dashboard ships; anything else is served as bytes.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file: its bytes, content type and an ETag (hash of the bytes)."""

    body: bytes
    media_type: str
    etag: str


def load_assets() -> dict[str, Asset]:
    """Every file under ``server/static`` keyed by its relative path (``app.js``, ``vendor/d3.min.js``)."""
    root = resources.files("dragoman.server").joinpath("static")
    assets: dict[str, Asset] = {}

    def walk(node, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, name + "/")
            elif child.is_file():
                body = child.read_bytes()
                suffix = "." + child.name.rsplit(".", 1)[-1] if "." in child.name else ""
                guessed = mimetypes.guess_type(child.name)[0]
                media_type = TYPES.get(suffix) or guessed or "application/octet-stream"
                assets[name] = Asset(body, media_type, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')

    walk(root, "")
    return assets
