"""dragoman: who said and did what to whom, where and when, with evidence.

Public API: ``Pipeline`` (one article in, an ``Extraction`` out), ``extract_text()`` and the records in
``dragoman.model``, ``Store`` (a dragoman database: ``Store("dragoman.db").events(actor="RUS")``) and
``ingest_files(paths, store)`` (what ``dragoman ingest`` does). Heavy parts (spaCy) load only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Pipeline", "Settings", "Store", "extract_text", "ingest_files"]

if TYPE_CHECKING:
    from .pipeline import Pipeline, extract_text
    from .run import ingest_files
    from .settings import Settings
    from .store import Store


def __getattr__(name: str) -> Any:
    # Lazy, so that `import dragoman.model` and `dragoman --help` never load spaCy.
    if name in ("Pipeline", "extract_text"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "ingest_files":
        from .run import ingest_files

        return ingest_files
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'dragoman' has no attribute {name!r}")
