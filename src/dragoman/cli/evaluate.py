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


@evaluate.command(name="petrarch-unittest")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--failures", is_flag=True, help="Also list each record whose events differ from its codings.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N records.")
def petrarch_unittest(path: str | None, failures: bool, limit: int | None) -> None:
    """Code PETRARCH's 284 unit-test sentences with their own dictionaries; print P, R, F1 per category.

    PATH is the petrarch-unittest directory or its records file (default: ../shared/eval/petrarch-unittest).

    Example: dragoman eval petrarch-unittest --failures
    """
    from ..evaluate.petrarch import format_report, run

    click.echo(format_report(run(path, limit=limit), failures=failures))
