"""``dragoman eval``: score extraction against the public gold sets in ../shared/eval."""

from __future__ import annotations

import click

from . import cli


@cli.group(name="eval")
def evaluate() -> None:
    """Score dragoman against a gold set and print precision, recall and F1.

    Example: dragoman eval polnear --split dev
    """


@evaluate.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option(
    "--split",
    type=click.Choice(["dev", "train"]),
    default="dev",
    show_default=True,
    help="Which PolNeAR compartment to score on.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N annotation files.")
def polnear(path: str | None, split: str, limit: int | None) -> None:
    """Score statements against PolNeAR attributions: cue, cue+source, cue+content, all three.

    PATH is the PolNeAR directory (default: ../shared/eval/polnear found from here).

    Example: dragoman eval polnear --split dev
    """
    from ..evaluate.polnear import format_table, run
    from ..pipeline import Pipeline

    click.echo(format_table(run(Pipeline(), split, path, limit)))
