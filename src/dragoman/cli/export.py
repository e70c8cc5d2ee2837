"""``dragoman export``: stored records in GDELT, PLOVER, CSV, JSON Lines or Parquet files."""

from __future__ import annotations

from typing import Any

import click

from . import cli
from .options import db_option, filter_options, filter_values
from .query import usage_errors


@cli.command("export")
@click.option(
    "--format",
    "output_format",
    required=True,
    type=click.Choice(["gdelt", "plover", "csv", "jsonl", "parquet"]),
    help="gdelt: GDELT 2.0 event table + mentions table (TSV); plover: PLOVER JSON (POLECAT style; "
    "a .json name gives an array, else JSON Lines); csv, jsonl, parquet: flat columns.",
)
@click.option(
    "--out",
    required=True,
    metavar="PATH",
    help="The file to write (replaced only when complete; a symlink's target is written), or - for "
    "standard output.",
)
@click.option(
    "--records",
    type=click.Choice(["events", "statements", "articles"]),
    default="events",
    show_default=True,
    help="What csv, jsonl and parquet export.",
)
@filter_options("events", "statements", "articles")
@db_option
def export_command(db: str, output_format: str, out: str, records: str, **options: Any) -> None:
    """Write the stored records that match the filters to a file, streaming (memory stays flat).

    Example: dragoman export --format gdelt --out events.tsv --since 2024-01-01 --actor RUS
    """
    from ..export import export
    from ..store import Store

    with usage_errors():
        store = Store(db, readonly=True)
        result = export(store, output_format, out, records, **filter_values(options))
    click.echo(result.line(), err=True)
