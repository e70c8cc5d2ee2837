"""The store: a SQLite database of articles and everything found in them, written once per article in one
transaction, queried by the CLI, the HTTP API and Python through the same functions.

``Store`` (``database.py``) is the entry point; ``schema.py`` holds the tables and migrations, ``write.py``
the idempotent writes, ``filters.py`` and ``query.py`` the queries. spaCy is never imported here.
"""

from .database import DEFAULT_PATH, Store
from .filters import FilterError, Filters
from .query import Results
from .schema import SCHEMA_VERSION
from .write import IngestSummary, ingest_extractions

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "FilterError",
    "Filters",
    "IngestSummary",
    "Results",
    "Store",
    "ingest_extractions",
]
