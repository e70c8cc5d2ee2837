"""Options shared by several commands: dictionary files, the publication date, input limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..ingest.dates import parse_date
from ..ingest.readers import DEFAULT_MAX_BYTES
from ..settings import Settings


def published_option(func: Callable[..., Any]) -> Callable[..., Any]:
    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise click.BadParameter(f"{value}: not a date (use YYYY-MM-DD)")
        return parsed.isoformat()

    return click.option(
        "--published", callback=check, metavar="DATE",
        help="Publication date of the articles (YYYY-MM-DD); overrides their metadata.",
    )(func)


def dictionary_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--actors/--agents/--verbs/--discards (TABARI/PETRARCH files) and --actors-extra, --cues."""
    file = click.Path(exists=True, dir_okay=False)
    options = [
        click.option("--actors", type=file, help="TABARI/PETRARCH actor dictionary replacing the bundled one."),
        click.option("--agents", type=file, help="TABARI/PETRARCH agent dictionary replacing the bundled one."),
        click.option("--verbs", type=file, help="PETRARCH verb-pattern dictionary replacing the bundled one."),
        click.option("--discards", type=file, help="PETRARCH discard dictionary replacing the bundled one."),
        click.option("--actors-extra", type=file, multiple=True,
                     help="Actor file in dragoman's format, added to the knowledge base (repeatable)."),
        click.option("--cues", type=file, multiple=True,
                     help="Cue-lexicon file added to the bundled speech-act cues (repeatable)."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Largest input file accepted, in bytes."),
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
    )
