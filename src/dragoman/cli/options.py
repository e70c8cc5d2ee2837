"""Options shared by several commands: dictionary files, the publication date, input limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..ingest.dates import parse_date
from ..ingest.readers import DEFAULT_MAX_BYTES
from ..settings import Settings
from ..store.filters import ACCEPTED, FILTER_SPECS, PARAMETERS, FilterSpec


def published_option(func: Callable[..., Any]) -> Callable[..., Any]:
    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise click.BadParameter(f"{value}: not a date (use YYYY-MM-DD)")
        return parsed.isoformat()

    return click.option(
        "--published",
        callback=check,
        metavar="DATE",
        help="Publication date of the articles (YYYY-MM-DD); overrides their metadata.",
    )(func)


def dictionary_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--actors/--agents/--verbs/--discards (TABARI/PETRARCH files) and --actors-extra, --cues."""
    file = click.Path(exists=True, dir_okay=False)
    options = [
        click.option(
            "--actors", type=file, help="TABARI/PETRARCH actor dictionary replacing the bundled one."
        ),
        click.option(
            "--agents", type=file, help="TABARI/PETRARCH agent dictionary replacing the bundled one."
        ),
        click.option(
            "--verbs", type=file, help="PETRARCH verb-pattern dictionary replacing the bundled one."
        ),
        click.option("--discards", type=file, help="PETRARCH discard dictionary replacing the bundled one."),
        click.option(
            "--actors-extra",
            type=file,
            multiple=True,
            help="Actor file in dragoman's format, added to the knowledge base (repeatable).",
        ),
        click.option(
            "--cues",
            type=file,
            multiple=True,
            help="Cue-lexicon file added to the bundled speech-act cues (repeatable).",
        ),
        click.option(
            "--require-dyad",
            is_flag=True,
            help="PETRARCH's rule: an event needs a source and a target of different codes.",
        ),
        click.option(
            "--petrarch-style",
            is_flag=True,
            help="Code as PETRARCH does: a dyad required, 'will meet' a meeting, no figurative reading.",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            help="Largest input file accepted, in bytes.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(options: dict[str, Any]) -> Settings:
    return Settings(
        actors=options.get("actors"),
        agents=options.get("agents"),
        verbs=options.get("verbs"),
        discards=options.get("discards"),
        actors_extra=tuple(options.get("actors_extra") or ()),
        cues=tuple(options.get("cues") or ()),
        require_dyad=bool(options.get("require_dyad") or options.get("petrarch_style")),
        cameo_manual=not options.get("petrarch_style"),
    )


def count_option(
    flag: str, help: str, *, low: int = 1, high: int | None = None, metavar: str = "N"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An optional whole number of at least ``low`` (and at most ``high``); None when not given."""
    return click.option(flag, type=click.IntRange(low, high), default=None, metavar=metavar, help=help)


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--db PATH, the database file (dragoman.db in the working directory by default)."""
    return click.option(
        "--db",
        default="dragoman.db",
        show_default=True,
        metavar="PATH",
        help="The dragoman database (SQLite).",
    )(func)


def filter_options(*records: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The query filters that any of ``records`` (events, statements, articles) can be filtered on, as
    options made from the store's filter table (``dragoman.store.filters.FILTER_SPECS``, ``ACCEPTED``);
    checked by ``dragoman.store.Filters``; see ``filter_values``."""
    accepted = {name for kind in records for name in ACCEPTED[kind]}
    options = [
        filter_option(spec) for spec in FILTER_SPECS if spec.name in accepted and spec.name not in NOT_CLI
    ]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


# Paging through a list is the API's; a command prints every record (or --limit of them).
NOT_CLI = {"offset"}


def filter_option(spec: FilterSpec) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    if spec.flag:
        return click.option(spec.option, is_flag=True, help=spec.help)
    return click.option(spec.option, metavar=spec.metavar, help=spec.help)


def filter_values(options: dict[str, Any]) -> dict[str, Any]:
    """The filter options among a command's keyword arguments (popped from ``options``)."""
    # The store names every filter it accepts; a command offers those that fit it.
    return {name: options.pop(name) for name in PARAMETERS if name in options}
