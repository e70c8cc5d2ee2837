"""``dragoman actors``: list and explain the actors of the knowledge base (names, aliases, dated roles)."""

from __future__ import annotations

import json
import sys

import click

from ..model import Actor, record_to_json
from . import cli


@cli.command()
@click.argument("query", required=False)
@click.option(
    "--code", "code_prefix", metavar="PREFIX", help="Only actors whose code starts with PREFIX (SYRREB)."
)
@click.option(
    "--at", "at", metavar="DATE", help="Codes as of this date (YYYY-MM-DD); --code then filters on them."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="table: one block per actor; jsonl: one actor record a line.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Most actors shown.")
@click.option(
    "--actors",
    type=click.Path(exists=True, dir_okay=False),
    help="TABARI/PETRARCH (or .jsonl) actor dictionary replacing the bundled one.",
)
@click.option(
    "--agents",
    type=click.Path(exists=True, dir_okay=False),
    help="TABARI/PETRARCH (or .jsonl) agent dictionary replacing the bundled one.",
)
@click.option(
    "--actors-extra",
    type=click.Path(exists=True, dir_okay=False),
    multiple=True,
    help="Actor file in dragoman's format, added to the knowledge base (repeatable).",
)
def actors(
    query: str | None,
    code_prefix: str | None,
    at: str | None,
    output_format: str,
    limit: int,
    actors: str | None,
    agents: str | None,
    actors_extra: tuple[str, ...],
) -> None:
    """List the knowledge base's actors whose name or alias contains QUERY, with their codes and roles.

    Example: dragoman actors nusra --at 2016-01-01
    """
    from ..actors import load_kb
    from ..actors.listing import list_actors
    from ..ingest.dates import parse_date

    if at is not None:
        parsed = parse_date(at)
        if parsed is None:
            raise click.BadParameter(f"{at}: not a date (use YYYY-MM-DD)", param_hint="--at")
        at = parsed.isoformat()
    kb = load_kb(actors, agents, actors_extra)
    found = list_actors(kb, query, code_prefix, at)
    for actor in found[:limit]:
        if output_format == "jsonl":
            record = {**record_to_json(actor), "code_at": kb.code_on(actor, at) if at else None}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            click.echo(describe(actor, kb.code_on(actor, at) if at else actor.code, at))
    if len(found) > limit:
        click.echo(f"({len(found) - limit} more; use --limit)", err=True)
    if not found:
        click.echo("no actor found", err=True)


def describe(actor: Actor, code: str | None, at: str | None) -> str:
    """A readable block: id, name, code (on ``at``), kind, QID, then aliases, roles, metonyms, source."""
    when = f" on {at}" if at else ""
    lines = [
        f"{actor.id}  {actor.name}  [{code or '-'}{when}]  {actor.kind}"
        + (f"  {actor.wikidata}" if actor.wikidata else "")
    ]
    others = [a for a in actor.aliases if a != actor.name]
    if others:
        shown = ", ".join(others[:12]) + (f" (+{len(others) - 12})" if len(others) > 12 else "")
        lines.append(f"    aliases: {shown}")
    if actor.gender:
        lines.append(f"    gender: {actor.gender}")
    if actor.roles:
        # one role a line with where it comes from; the one in force on ``at`` marked
        held = next((r for r in actor.roles if r.holds_on(at)), None) if at else None
        lines.append("    roles:")
        for role in actor.roles:
            mark = "*" if role is held else " "
            source = f"  ({role.source})" if role.source else ""
            span = (
                "otherwise"
                if role.start is None and role.end is None
                else f"{role.start or '…'}..{role.end or '…'}"
            )
            lines.append(f"     {mark} {role.code} {span}{source}")
    if actor.metonyms:
        lines.append(f"    stands for it when acting: {', '.join(actor.metonyms)}")
    if actor.source:
        lines.append(f"    source: {actor.source}")
    return "\n".join(lines)
