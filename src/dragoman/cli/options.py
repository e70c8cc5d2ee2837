"""Options shared by several commands: dictionary files, the publication date, input limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..ingest.dates import parse_date
from ..ingest.readers import DEFAULT_MAX_BYTES
from ..settings import Settings
from ..store.filters import ACCEPTED, PARAMETERS


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
    """The query filters of DESIGN.md that any of ``records`` (events, statements, articles) can be filtered
    on (``dragoman.store.filters.ACCEPTED``; checked by ``dragoman.store.Filters``; see ``filter_values``)."""
    accepted = {name for kind in records for name in ACCEPTED[kind]}

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for name, option in reversed(FILTER_OPTIONS):
            if name in accepted:
                func = option(func)
        return func

    return decorate


# (filter name, its option), in the order help lists them.
FILTER_OPTIONS = [
    (
        "actor",
        click.option(
            "--actor",
            metavar="NAME|CODE|ID",
            help="An actor on either side; a code in capitals also matches longer ones (RUS: RUSGOV).",
        ),
    ),
    ("source", click.option("--source", metavar="NAME|CODE|ID", help="The actor doing the event.")),
    ("target", click.option("--target", metavar="NAME|CODE|ID", help="The actor the event is done to.")),
    (
        "cameo",
        click.option("--cameo", metavar="PREFIX", help="CAMEO code prefix (11 matches 110, 111, 112 …)."),
    ),
    (
        "exclude_cameo",
        click.option(
            "--exclude-cameo",
            metavar="PREFIX[,PREFIX]",
            help="Leave out these CAMEO codes (010: the plain 'said' events).",
        ),
    ),
    (
        "quad",
        click.option("--quad", metavar="N", help="QuadClass 1..4 (verbal/material cooperation/conflict)."),
    ),
    (
        "date_precision",
        click.option(
            "--date-precision",
            metavar="P[,P]",
            help="Events dated to this precision: day, week, month, year (day,week keeps exact dates).",
        ),
    ),
    (
        "place",
        click.option(
            "--place",
            metavar="ID",
            help="Events located at this place (its id, as `events --format jsonl` shows it).",
        ),
    ),
    ("since", click.option("--since", metavar="DATE", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")),
    ("until", click.option("--until", metavar="DATE", help="Up to this date, inclusive.")),
    ("text", click.option("--text", metavar="WORDS", help="Full-text search (all words; or an FTS5 query).")),
    ("article", click.option("--article", metavar="ID", help="Only this article.")),
    (
        "speaker_how",
        click.option(
            "--speaker-how",
            metavar="HOW[,HOW]",
            help="Statements whose speaker was resolved so: name, alias, role, fuzzy, pronoun, description, "
            "unresolved.",
        ),
    ),
    (
        "min_speaker_score",
        click.option(
            "--min-speaker-score",
            metavar="S",
            help="Statements whose speaker resolution scores at least S (0..1).",
        ),
    ),
    ("limit", click.option("--limit", metavar="N", help="At most N records.")),
    (
        "sort",
        click.option(
            "--sort",
            metavar="KEY",
            help="Order: date (undated last), goldstein, quad, cameo, source, target, article (events); "
            "speaker, kind (statements); title, outlet (articles); -KEY reverses. Default: by date.",
        ),
    ),
    (
        "include_duplicates",
        click.option("--include-duplicates", is_flag=True, help="Also count near-duplicate articles."),
    ),
]


def filter_values(options: dict[str, Any]) -> dict[str, Any]:
    """The filter options among a command's keyword arguments (popped from ``options``)."""
    # The store names every filter it accepts; a command offers those that fit it.
    return {name: options.pop(name) for name in PARAMETERS if name in options}
