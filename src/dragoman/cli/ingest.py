"""``dragoman ingest``: read articles, extract their records and store them, one transaction per article."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

import click

from ..errors import InputError
from ..model import Article
from . import UsageFailure, cli
from .options import db_option, dictionary_options, published_option, settings_from


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--dedupe-threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=None,
    metavar="X",
    help="MinHash similarity from which an article is a near-duplicate [0.7].",
)
@click.option("--no-dedupe", is_flag=True, help="Do not look for near-duplicate articles.")
@published_option
@dictionary_options
def ingest(
    paths: tuple[str, ...],
    db: str,
    dedupe_threshold: float | None,
    no_dedupe: bool,
    published: str | None,
    **dictionaries: Any,
) -> None:
    """Extract the records of the articles in PATHS and store them in the database.

    PATHS are files (.txt, .html, .jsonl, .csv), directories or - (JSONL on stdin). Each article is
    written with all its records in one transaction: running the same command again changes nothing, an
    article whose text changed is replaced, and after an interruption it finishes the rest.

    Example: dragoman ingest news/ --db news.db --published 2024-05-01
    """
    from ..ingest import ReadOptions
    from ..ingest.dedupe import DEFAULT_THRESHOLD
    from ..store import Store

    options = ReadOptions(max_bytes=dictionaries.pop("max_bytes"), published=published)
    threshold = None if no_dedupe else (dedupe_threshold or DEFAULT_THRESHOLD)
    store = Store(db, dedupe_threshold=threshold)
    summary = ingest_serial(store, paths, options, dictionaries)
    totals = store.totals()
    store.close()
    click.echo(summary.line())
    click.echo(
        f"{db}: {totals['articles']} articles ({totals['duplicates']} near-duplicates), "
        f"{totals['statements']} statements, {totals['events']} events, {totals['actors']} actors, "
        f"{totals['places']} places"
    )
    if summary.failed:
        raise UsageFailure(f"{summary.failed} input(s) not stored")


def ingest_serial(store: Any, paths: tuple[str, ...], options: Any, dictionaries: dict[str, Any]) -> Any:
    """Read, skip what is stored already, run the pipeline over the rest and write; returns the summary.

    The spaCy pipeline is loaded only when some article is not stored yet, so a re-run that has nothing to
    do takes a moment.
    """
    from tqdm import tqdm

    from ..ingest import read_inputs
    from ..store import IngestSummary

    summary = IngestSummary()
    # disable=None: the bar shows on a terminal only, never in a pipe or a log file.
    with tqdm(unit=" articles", disable=None, leave=False, dynamic_ncols=True) as bar:

        def pending() -> Iterator[Article]:
            for item in read_inputs(paths, options):
                if isinstance(item, InputError):
                    bar.write(f"Error: {item}", file=click.get_text_stream("stderr"))
                    summary.fail(str(item))
                    bar.update()
                elif store.is_stored(item):
                    summary.count("unchanged")
                    bar.update()
                else:
                    yield item

        articles = pending()
        first = next(articles, None)
        if first is None:
            return summary
        from ..pipeline import Pipeline

        def written(_extraction: Any, status: str) -> None:
            if status == "failed":
                bar.write(f"Error: {summary.errors[-1]}", file=click.get_text_stream("stderr"))
            bar.update()

        pipeline = Pipeline(settings_from(dictionaries))
        store.ingest(pipeline.process_many(chain([first], articles)), summary, on_article=written)
    return summary
