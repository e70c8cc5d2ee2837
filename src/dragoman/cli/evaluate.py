"""``dragoman eval``: score extraction against the public gold sets in ../shared/eval."""

from __future__ import annotations

from pathlib import Path

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


@evaluate.command()
@click.option(
    "--floors",
    "floors_path",
    type=click.Path(dir_okay=False),
    help="The floors file (default: floors.json in dragoman/evaluate).",
)
@click.option("--update-floors", is_flag=True, help="Raise each floor to its new measurement and save.")
@click.option(
    "--allow-regression", is_flag=True, help="With --update-floors: lower a floor to a worse measurement too."
)
def gate(floors_path: str | None, update_floors: bool, allow_regression: bool) -> None:
    """Run the evaluations named in the floors file; exit 1 if a measure falls below its floor.

    A measure fails when it is below its floor by more than the tolerance (0.005).

    Example: dragoman eval gate --update-floors
    """
    from ..evaluate.gate import (
        DECIMALS,
        FLOORS_FILE,
        failures,
        measure,
        raised_floors,
        read_floors,
        write_floors,
    )

    if allow_regression and not update_floors:
        raise click.UsageError("--allow-regression goes with --update-floors")
    path = Path(floors_path) if floors_path else FLOORS_FILE
    floors = read_floors(path)
    measured = measure(list(floors))
    if update_floors:
        updated = raised_floors(floors, measured, allow_regression)
        for name, measures in updated.items():
            for key, floor in measures.items():
                if floor != floors[name][key]:
                    click.echo(
                        f"floor {name} {key}: {floors[name][key]:.{DECIMALS}f} -> {floor:.{DECIMALS}f}"
                    )
        if updated != floors:
            write_floors(updated, path)
        floors = updated
    for name, measures in floors.items():
        for key, floor in measures.items():
            value = measured[name].get(key)
            shown = "-" if value is None else f"{value:.{DECIMALS}f}"
            click.echo(f"{name} {key}: {shown} (floor {floor:.{DECIMALS}f})")
    below = failures(floors, measured)
    for line in below:
        click.echo(line, err=True)
    if below:
        raise SystemExit(1)


@evaluate.command()
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option(
    "--failures", is_flag=True, help="Also list each gold event no event of its type was coded for."
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N articles.")
def m2e2(path: str | None, failures: bool, limit: int | None) -> None:
    """Score events against M2E2's gold events (Voice of America news) by PLOVER type.

    PATH is the m2e2_dev.jsonl file or its directory (default: ../shared/eval/m2e2-dev).

    Example: dragoman eval m2e2 --failures
    """
    from ..evaluate.m2e2 import format_report, run

    click.echo(format_report(run(path, limit=limit), failures=failures))


@evaluate.command(name="plover-gsr")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--failures", is_flag=True, help="Also list each record not coded right.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N records.")
def plover_gsr(path: str | None, failures: bool, limit: int | None) -> None:
    """Score events against the PLOVER gold standard records (the CAMEO manual's examples).

    PATH is the PLOVER_GSR_CAMEO.dev.json file or its directory (default: ../shared/eval/plover-gsr-dev).

    Example: dragoman eval plover-gsr --failures
    """
    from ..evaluate.plover_gsr import format_report, run

    click.echo(format_report(run(path, limit=limit), failures=failures))


@evaluate.command()
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option(
    "--failures",
    is_flag=True,
    help="Also list each toponym missed or put over 161 km away, and each false place.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N articles.")
def geo(path: str | None, failures: bool, limit: int | None) -> None:
    """Score places against geoparsing gold: toponym recall, precision, accuracy@161km, median error.

    PATH is the gold JSONL file or its directory (default: ../shared/eval/lgl-dev, the LGL corpus).

    Example: dragoman eval geo --failures
    """
    from ..evaluate.geo import format_report, run

    click.echo(format_report(run(path, limit=limit), failures=failures))


@evaluate.command()
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--failures", is_flag=True, help="Also list each speaker resolved wrongly or left unresolved.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
def coref(path: str | None, failures: bool, limit: int | None) -> None:
    """Score speaker antecedents against gold coreference chains, beside the naive nearest-name rule.

    PATH is the gold JSONL file or its directory (default: ../shared/eval/gum-dev, GUM documents).

    Example: dragoman eval coref --failures
    """
    from ..evaluate.coref import format_report, run

    click.echo(format_report(run(path, limit=limit), failures=failures))
