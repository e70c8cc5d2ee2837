"""``dragoman ingest``: read articles, extract their records and store them, each article atomically."""

from __future__ import annotations

import sys
from itertools import chain
from pathlib import Path
from typing import Any

import click

from . import UsageFailure, cli
from .extract import undated_note
from .options import count_option, db_option, dictionary_options, published_option, settings_from
from .progress import progress


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--dedupe-threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=None,
    metavar="X",
    help="MinHash similarity from which an article is a near-duplicate [0.6].",
)
@click.option("--no-dedupe", is_flag=True, help="Do not look for near-duplicate articles.")
@click.option(
    "--rewrite",
    is_flag=True,
    help="Extract stored articles again and replace their records (after upgrading dragoman).",
)
@count_option("--workers", "Run on a local Dask cluster of N worker processes (one spaCy model each).")
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    metavar="DIR",
    help="With --workers/--scheduler: each partition writes a Parquet shard to DIR (storage every "
    "worker reaches) instead of the database.",
)
@published_option
@dictionary_options
def ingest(
    paths: tuple[str, ...],
    db: str,
    dedupe_threshold: float | None,
    no_dedupe: bool,
    rewrite: bool,
    workers: int | None,
    scheduler: str | None,
    out_dir: str | None,
    published: str | None,
    **dictionaries: Any,
) -> None:
    """Extract the records of the articles in PATHS and store them in the database.

    PATHS are files (.txt, .html, .jsonl, .csv), directories or - (JSONL on stdin). Each article is
    written with all its records in one transaction: running the same command again changes nothing, an
    article whose text changed is replaced, and after an interruption it finishes the rest.

    With --workers N or --scheduler ADDRESS the pipeline runs on Dask and gives the same database; with
    --out DIR the records go to Parquet shards instead; a PATH that is such a directory of shards is
    stored as it is, without extracting again.

    Example: dragoman ingest news/ --db news.db --published 2024-05-01
    """
    if workers is not None and scheduler is not None:
        raise UsageFailure("--workers and --scheduler: give one or the other")
    if scheduler is not None:
        from ..distributed import check_reachable

        check_reachable(scheduler)  # before anything else: an unreachable cluster fails in seconds
    from ..ingest import ReadOptions
    from ..ingest.dedupe import DEFAULT_THRESHOLD
    from ..shards import shard_paths
    from ..store import Store

    options = ReadOptions(max_bytes=dictionaries.pop("max_bytes"), published=published)
    if out_dir is not None:
        if workers is None and scheduler is None:
            raise UsageFailure("--out goes with --workers N or --scheduler ADDRESS")
        return write_shards(paths, options, dictionaries, workers, scheduler, out_dir)
    threshold = None if no_dedupe else (dedupe_threshold or DEFAULT_THRESHOLD)
    store = Store(db, dedupe_threshold=threshold, rewrite=rewrite)
    shard_dirs = [path for path in paths if Path(path).is_dir() and shard_paths(Path(path))]
    paths = tuple(path for path in paths if path not in shard_dirs)
    summary = ingest_shards(store, shard_dirs)
    if paths and workers is None and scheduler is None:
        summary += ingest_serial(store, paths, options, dictionaries)
    elif paths:
        summary += ingest_distributed(store, paths, options, dictionaries, workers, scheduler, None)
    store.write_known_actors(knowledge_base(dictionaries), every=rewrite)
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


def knowledge_base(dictionaries: dict[str, Any]) -> Any:
    """The knowledge base the dictionary options name (loaded once per process: the serial path's own)."""
    from ..actors import load_kb_for

    return load_kb_for(settings_from(dictionaries))


def write_shards(
    paths: tuple[str, ...],
    options: Any,
    dictionaries: dict[str, Any],
    workers: int | None,
    scheduler: str | None,
    out_dir: str,
) -> None:
    """``--out DIR``: the workers write Parquet shards instead of the database."""
    from ..shards import shard_paths

    summary = ingest_distributed(None, paths, options, dictionaries, workers, scheduler, out_dir)
    shards = len(shard_paths(Path(out_dir)))
    click.echo(f"{out_dir}: {summary.new} articles written in this run, {shards} shards in all")
    if summary.failed:
        raise UsageFailure(f"{summary.failed} input(s) not written")


def ingest_shards(store: Any, directories: list[str]) -> Any:
    """Store the extractions in directories of Parquet shards (written by ``--out DIR``); returns counts."""
    from ..shards import read_extractions
    from ..store import IngestSummary

    summary = IngestSummary()
    for directory in directories:
        store.ingest(read_extractions(directory), summary)
    return summary


def ingest_serial(store: Any, paths: tuple[str, ...], options: Any, dictionaries: dict[str, Any]) -> Any:
    """``dragoman.ingest_files`` with progress on stderr: errors and warnings as lines, the bar (or a line
    every few seconds), a note while the model loads, and at the end how many articles had no date."""
    from ..ingest import count_inputs
    from ..run import IngestHooks, ingest_files
    from ..store import IngestSummary

    summary = IngestSummary()
    with progress(count_inputs(paths)) as bar:
        undated = 0

        def stored(extraction: Any, status: str) -> None:
            nonlocal undated
            undated += status in ("new", "replaced") and extraction.article.published is None
            if status == "failed":
                bar.write(f"Error: {summary.errors[-1]}", file=sys.stderr)
            for warning in extraction.warnings:
                bar.write(f"Warning: {warning}", file=sys.stderr)
            bar.update()

        hooks = IngestHooks(
            rejected=error_line(bar),
            skipped=lambda _article: bar.update(),
            loading=lambda: bar.write(
                "Loading the language model and the dictionaries (a few seconds)…", file=sys.stderr
            ),
            stored=stored,
            waiting=waiting_notice(bar, store.path),
        )
        settings = settings_from(dictionaries)
        ingest_files(paths, store, settings=settings, options=options, hooks=hooks, summary=summary)
        if undated:
            bar.write(f"Warning: {undated_note(undated)}", file=sys.stderr)
    return summary


def error_line(bar: Any) -> Any:
    """What an input that cannot be read does to the progress: an error line, and the bar moves on."""

    def rejected(message: str) -> None:
        bar.write(f"Error: {message}", file=sys.stderr)
        bar.update()

    return rejected


def waiting_notice(bar: Any, db: str) -> Any:
    """What a writer calls while another process holds the database's write lock: the bar says so on a
    terminal; elsewhere one line says so, once."""
    told = False

    def waiting(seconds: float) -> None:
        nonlocal told
        if not bar.disable:
            bar.set_postfix_str(f"waiting {seconds:.0f} s for another writer of {db}", refresh=True)
        elif not told:
            click.echo(
                f"{db}: another process is writing; waiting for its batch (writers take turns)", err=True
            )
        told = True

    return waiting


def ingest_distributed(
    store: Any,
    paths: tuple[str, ...],
    options: Any,
    dictionaries: dict[str, Any],
    workers: int | None,
    scheduler: str | None,
    out_dir: str | None,
) -> Any:
    """The Dask path (``dragoman.distributed``): workers extract, this process writes each partition to
    ``store`` in input order, or workers write Parquet shards to ``out_dir``. Returns the summary."""
    from .. import distributed
    from ..ingest import count_inputs
    from ..run import IngestHooks, pending_articles
    from ..store import IngestSummary

    summary = IngestSummary()
    stderr = sys.stderr
    with progress(count_inputs(paths)) as bar:
        hooks = IngestHooks(rejected=error_line(bar), skipped=lambda _article: bar.update())
        articles = pending_articles(store, paths, options, summary, hooks)
        first = next(articles, None)
        if first is None:
            return summary

        def finished(result: distributed.PartitionResult) -> None:
            for failure in result.failures:
                bar.write(f"Error: {failure.line()}", file=stderr)
                summary.fail(failure.line())
            bar.update(result.articles)

        def stored(_extraction: Any, status: str) -> None:
            if status == "failed":
                bar.write(f"Error: {summary.errors[-1]}", file=stderr)

        def write(result: distributed.PartitionResult) -> None:
            if store is not None:
                store.ingest(result.extractions, summary, on_article=stored)
            else:
                summary.new += result.processed

        run = distributed.run(
            chain([first], articles),
            settings_from(dictionaries),
            workers=workers,
            scheduler=scheduler,
            out_dir=out_dir,
            on_result=write,
            on_progress=finished,
        )
    click.echo(
        f"{run.line()}; cluster up in {run.cluster_seconds:.1f} s, pipelines loaded in "
        f"{run.startup_seconds:.1f} s",
        err=True,
    )
    return summary
