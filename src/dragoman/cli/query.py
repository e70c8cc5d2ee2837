"""``dragoman statements``, ``events`` and ``articles``: filtered records from the database.

The commands only pass their options to ``Store`` (the same query functions the HTTP API calls) and render
what comes back as a table, CSV or JSON Lines.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..model import record_to_json
from . import cli
from .options import db_option, filter_options, filter_values

FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "jsonl"]),
    default="table",
    show_default=True,
    help="table: readable, fitted to the terminal; csv: flat columns; jsonl: records.",
)

# Columns of the table format: (column, header, width); the last column takes the rest of the line.
EVENT_TABLE = (
    ("day", "date", 10),
    ("source", "source", 16),
    ("cameo", "cameo", 5),
    ("cameo_name", "event", 22),
    ("plover", "plover", 10),
    ("target", "target", 16),
    ("quad_class", "q", 1),
    ("goldstein", "gold", 5),
    ("article_id", "article", 16),
    ("action_text", "action", 0),
)
STATEMENT_TABLE = (
    ("day", "date", 10),
    ("speaker", "speaker", 30),
    ("cue_lemma", "cue", 10),
    ("kind", "kind", 8),
    ("article_id", "article", 16),
    ("content_text", "content", 0),
)
ARTICLE_TABLE = (
    ("id", "id", 16),
    ("published", "published", 10),
    ("outlet", "outlet", 16),
    ("statements", "stmts", 5),
    ("events", "events", 6),
    ("title", "title", 0),
)


@contextmanager
def usage_errors() -> Iterator[None]:
    """A bad filter value becomes click's usage error (exit 2) naming the option."""
    from ..store import FilterError

    try:
        yield
    except FilterError as error:
        option = "--" + error.parameter.replace("_", "-")
        raise click.BadParameter(f"{error.value}: {error.problem}", param_hint=f"'{option}'") from error


# Matched actors named on stderr, at most this many.
MATCHES_SHOWN = 5


def say_matched(store: Any, filters: dict[str, Any]) -> None:
    """Tell, on stderr, which stored actors each actor filter matched ("--actor Putin: Vladimir Putin …"), so
    a filter that matches nothing or too much shows before the records do."""
    for name in ("actor", "source", "target"):
        value = filters.get(name)
        if not value:
            continue
        found = store.matched_actors(str(value).strip())
        if not found:
            click.echo(f"--{name} {value}: no stored actor has that id, code or name", err=True)
            continue
        shown = ", ".join(f"{a['name']} ({a['id']}, {a['code']})" for a in found[:MATCHES_SHOWN])
        more = f" and {len(found) - MATCHES_SHOWN} more" if len(found) > MATCHES_SHOWN else ""
        click.echo(f"--{name} {value}: {shown}{more}", err=True)


def say_none_counted(store: Any, per: str | None, filters: dict[str, Any]) -> None:
    """Why a count came out empty: no event matches, or (with --per) none that matches has a date."""
    undated = store.count("events", **filters) if per else 0
    if undated:
        click.echo(
            f"(no dated events match; {undated:,} matching events have no date to count --per {per})",
            err=True,
        )
    else:
        click.echo("(no events match)", err=True)


def open_store(db: str) -> Any:
    from ..store import Store

    return Store(db, readonly=True)


def shorten(text: object, width: int) -> str:
    value = "" if text is None else str(text).replace("\n", " ")
    if width <= 0:
        return ""
    return value if len(value) <= width else value[: width - 1] + "…"


def actor_label(row: dict[str, Any], prefix: str) -> str:
    return row.get(f"{prefix}_code") or row.get(f"{prefix}_name") or row.get(f"{prefix}_text") or "-"


# Id columns are never cut: an id is for pasting back into --article.
ID_COLUMNS = {"id", "article_id"}


def print_table(rows: Iterable[dict[str, Any]], layout: tuple[tuple[str, str, int], ...]) -> int:
    """Rows as fixed-width columns, then a count; the last column is cut to the terminal's width, ids never
    (a longer id pushes its line out). Returns the count."""
    width = shutil.get_terminal_size((140, 20)).columns
    fixed = sum(w + 2 for _, _, w in layout[:-1])
    widths = [w if w else max(20, width - fixed) for _, _, w in layout]
    click.echo(
        "  ".join(shorten(header, w).ljust(w) for (_, header, _), w in zip(layout, widths, strict=True))
    )
    count = 0
    for row in rows:
        cells = [
            (str(row.get(column) or "") if column in ID_COLUMNS else shorten(row.get(column), w)).ljust(w)
            for (column, _, _), w in zip(layout, widths, strict=True)
        ]
        click.echo("  ".join(cells).rstrip())
        count += 1
    if count:
        click.echo(f"({count:,} {'row' if count == 1 else 'rows'})", err=True)
    return count


def print_csv(rows: Iterable[dict[str, Any]], columns: Iterable[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def print_jsonl(items: Iterable[Any], to_json: Callable[[Any], dict[str, Any]]) -> None:
    for item in items:
        sys.stdout.write(json.dumps(to_json(item), ensure_ascii=False) + "\n")


def render(
    results: Any,
    output_format: str,
    layout: tuple[tuple[str, str, int], ...],
    table_row: Callable[[dict[str, Any]], dict[str, Any]] = dict,
) -> None:
    if output_format == "jsonl":
        print_jsonl(results, record_to_json)
    elif output_format == "csv":
        print_csv(results.rows(), results.columns)
    elif print_table((table_row(row) for row in results.rows()), layout) == 0:
        click.echo("(no records match)", err=True)


def event_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "source": actor_label(row, "source"),
        "target": actor_label(row, "target"),
        "cameo_name": cameo_name(row.get("cameo")),
    }


def cameo_name(code: str | None) -> str:
    """The CAMEO name of ``code`` without the manual's "not specified below" tail."""
    from ..events.tables import code_names

    name = code_names()["cameo"].get(code or "", "")
    return name.replace(", not specified below", "")


def with_names(
    rows: list[dict[str, Any]], columns: tuple[str, ...]
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Counts by CAMEO root or QuadClass with the name beside the code (a column after it)."""
    from ..events.tables import code_names

    labels = {
        "cameo_root": ("cameo_name", cameo_name),
        "quad_class": ("quad_name", lambda quad: code_names()["quad"].get(str(quad), "")),
    }
    key = next((column for column in columns if column in labels), None)
    if key is None:
        return rows, columns
    named, label = labels[key]
    at = columns.index(key) + 1
    columns = (*columns[:at], named, *columns[at:])
    return [{c: label(row[key]) if c == named else row[c] for c in columns} for row in rows], columns


def statement_row(row: dict[str, Any]) -> dict[str, Any]:
    speaker = row.get("speaker_text") or "-"
    if row.get("speaker_code"):
        speaker += f" [{row['speaker_code']}]"
    return {**row, "speaker": speaker}


@cli.command()
@filter_options("events")
@click.option(
    "--group-by",
    type=click.Choice(["dyad", "actor_dyad", "source", "target", "cameo_root", "quad_class"]),
    help="Count events by this (with mean Goldstein and QuadClass shares).",
)
@click.option("--per", type=click.Choice(["day", "week", "month"]), help="Count events by period.")
@FORMAT
@db_option
def events(db: str, output_format: str, group_by: str | None, per: str | None, **options: Any) -> None:
    """Print the stored events that match the filters, or counts of them with --group-by/--per.

    Examples: dragoman events --actor RUS --quad 3 --since 2024-01
              dragoman events --group-by dyad --per month --format csv
    """
    filters = filter_values(options)
    with usage_errors():
        store = open_store(db)
        say_matched(store, filters)
        if group_by or per:
            results = store.aggregate_results(group_by, per, **filters)
            rows, columns = with_names(list(results.rows()), results.columns)
            if output_format == "jsonl":
                print_jsonl(rows, dict)
            elif output_format == "csv":
                print_csv(rows, columns)
            elif rows:
                layout = tuple(
                    (name, name, 0 if i == len(columns) - 1 else max(len(name), 8))
                    for i, name in enumerate(columns)
                )
                print_table(rows, layout)
            if not rows:
                say_none_counted(store, per, filters)
            return
        render(store.events(**filters), output_format, EVENT_TABLE, event_row)


@cli.command()
@filter_options("statements")
@FORMAT
@db_option
def statements(db: str, output_format: str, **options: Any) -> None:
    """Print the stored statements (who said what) that match the filters.

    --actor and --source match the speaker; --text searches the statement contents.

    Example: dragoman statements --actor "Foreign Ministry" --text sanctions --format jsonl
    """
    filters = filter_values(options)
    with usage_errors():
        store = open_store(db)
        say_matched(store, filters)
        render(store.statements(**filters), output_format, STATEMENT_TABLE, statement_row)


@cli.command()
@filter_options("articles")
@FORMAT
@db_option
def articles(db: str, output_format: str, **options: Any) -> None:
    """Print the stored articles that match the filters, with their counts of statements and events.

    --actor matches an actor named in the article; --text searches its sentences.

    Example: dragoman articles --text "ceasefire" --since 2024-06
    """
    filters = filter_values(options)
    with usage_errors():
        store = open_store(db)
        say_matched(store, filters)
        render(store.articles(**filters), output_format, ARTICLE_TABLE)
