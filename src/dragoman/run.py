"""Ingesting files into a store from Python: what ``dragoman ingest`` does, for a notebook or a service.

    from dragoman import Store, ingest_files
    summary = ingest_files(["news/"], Store("news.db"))
    print(summary.line())

Inputs are read (bad ones counted and reported, never raised), articles the store already holds are
skipped before any parsing, the pipeline runs over the rest and each article is stored with all its
records at once. The spaCy pipeline loads only when some article is new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from .errors import InputError
from .ingest import ReadOptions, read_inputs
from .model import Article, Extraction
from .settings import Settings
from .store import IngestSummary, Store


@dataclass(frozen=True, slots=True)
class IngestHooks:
    """What a caller hears while an ingest runs (all optional): ``rejected(message)`` for an input that
    cannot be read, ``skipped(article)`` for one already stored, ``loading()`` once before the model loads,
    ``stored(extraction, status)`` after each article is written (status ``new``, ``replaced``,
    ``unchanged`` or ``failed``) and ``waiting(seconds)`` while another process holds the write lock."""

    rejected: Callable[[str], None] | None = None
    skipped: Callable[[Article], None] | None = None
    loading: Callable[[], None] | None = None
    stored: Callable[[Extraction, str], None] | None = None
    waiting: Callable[[float], None] | None = None


def ingest_files(
    paths: Iterable[str],
    store: Store,
    *,
    settings: Settings | None = None,
    options: ReadOptions | None = None,
    hooks: IngestHooks | None = None,
    pipeline: Any = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Read ``paths`` (files, directories, ``-``), extract what ``store`` does not hold yet and store it;
    returns the counts (``IngestSummary``: new, unchanged, replaced, failed, their records, the errors),
    added to ``summary`` when one is given. ``pipeline`` is an already built ``Pipeline`` to use (else one
    is built from ``settings``)."""
    hooks = hooks or IngestHooks()
    summary = summary if summary is not None else IngestSummary()
    articles = pending_articles(store, paths, options or ReadOptions(), summary, hooks)
    first = next(articles, None)
    if first is None:
        return summary
    if pipeline is None:
        from .pipeline import Pipeline

        if hooks.loading is not None:
            hooks.loading()
        pipeline = Pipeline(settings)
    store.writer.on_wait = hooks.waiting
    store.ingest(pipeline.process_many(chain([first], articles)), summary, on_article=hooks.stored)
    store.write_known_actors(pipeline.kb)
    return summary


def pending_articles(
    store: Store | None,
    paths: Iterable[str],
    options: ReadOptions,
    summary: IngestSummary,
    hooks: IngestHooks,
) -> Iterator[Article]:
    """The articles read from ``paths`` that ``store`` does not hold yet (all of them when it is None);
    rejected inputs are counted in ``summary`` and told to ``hooks.rejected``."""
    for item in read_inputs(paths, options):
        if isinstance(item, InputError):
            summary.fail(str(item))
            if hooks.rejected is not None:
                hooks.rejected(str(item))
        elif store is not None and store.is_stored(item):
            summary.count("unchanged")
            if hooks.skipped is not None:
                hooks.skipped(item)
        else:
            yield item
