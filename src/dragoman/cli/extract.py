"""``dragoman extract``: print the records found in files, without storing them."""

from __future__ import annotations

import itertools
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import click

from ..errors import InputError
from ..model import Article, Extraction, record_to_json
from . import UsageFailure, cli
from .options import dictionary_options, published_option, settings_from


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one record a line; json: an array with one object per article; table: readable.",
)
@click.option("--sentences", is_flag=True, help="Also print sentence records.")
@published_option
@dictionary_options
def extract(
    files: tuple[str, ...], output_format: str, sentences: bool, published: str | None, **dictionaries: Any
) -> None:
    """Print the statements, events, actors and places found in FILES (- reads JSONL from stdin).

    FILES are .txt, .html, .jsonl or .csv files or directories. A bad input is reported on stderr and
    skipped; the exit status is 2 if any input was rejected.

    Example: dragoman extract report.txt --format table --published 2020-10-02
    """
    from ..ingest import ReadOptions, read_inputs
    from ..pipeline import Pipeline

    options = ReadOptions(max_bytes=dictionaries.pop("max_bytes"), published=published)
    counts = {"accepted": 0, "rejected": 0}

    def articles() -> Iterator[Article]:
        for item in read_inputs(files, options):
            if isinstance(item, InputError):
                counts["rejected"] += 1
                click.echo(f"Error: {item}", err=True)
            else:
                counts["accepted"] += 1
                yield item

    accepted = articles()
    first = next(accepted, None)
    extractions: Iterator[Extraction] = iter(())
    if first is not None:
        # Built once an article is there: a run of bad inputs is reported without loading the model.
        pipeline = Pipeline(settings_from(dictionaries))
        extractions = with_warnings(pipeline.process_many(itertools.chain([first], accepted)))
    if output_format == "json":
        print_json(extractions, sentences)
    else:
        render = print_jsonl if output_format == "jsonl" else print_table
        for extraction in extractions:
            render(extraction, sentences)
    if counts["rejected"]:
        # One bad input was already named on its own line; a batch ends with a summary.
        total = counts["accepted"] + counts["rejected"]
        if total == 1:
            raise click.exceptions.Exit(2)
        raise UsageFailure(f"{counts['rejected']} of {total} inputs rejected")


def with_warnings(extractions: Iterable[Extraction]) -> Iterator[Extraction]:
    """The extractions, each article's warnings said on stderr as it comes, and at the end how many had no
    publication date."""
    undated = 0
    for extraction in extractions:
        for warning in extraction.warnings:
            click.echo(f"Warning: {warning}", err=True)
        undated += extraction.article.published is None
        yield extraction
    if undated:
        click.echo(f"Warning: {undated_note(undated)}", err=True)


def undated_note(count: int) -> str:
    """Who held an office changes, so codes depend on the date: a user should know when there is none."""
    articles = "1 article has" if count == 1 else f"{count:,} articles have"
    return (
        f"{articles} no publication date: actor codes are those of the window the offices they name give "
        "(published_from: roles), else of today; give --published DATE when it is known"
    )


def print_jsonl(extraction: Extraction, sentences: bool) -> None:
    write = sys.stdout.write
    for record in extraction.records(sentences=sentences):
        write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")


def print_json(extractions: Iterable[Extraction], sentences: bool) -> None:
    """A JSON array of one object per article, written as each article is done."""
    write = sys.stdout.write
    separator = "[\n"
    for extraction in extractions:
        data = extraction.to_dict()
        if not sentences:
            data.pop("sentences")
        write(separator + json.dumps(data, ensure_ascii=False, indent=2))
        separator = ",\n"
    write("[]\n" if separator == "[\n" else "\n]\n")


def shorten(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(extraction: Extraction, _sentences: bool) -> None:
    """One article as a readable block: its id, date and headline, then each kind of record under a header
    line naming its columns, with its count."""
    article = extraction.article
    width = shutil.get_terminal_size((120, 20)).columns
    dated = article.published or "undated"
    click.echo(f"== {article.id}  {dated}  {shorten(article.title, max(20, width - 34))}")
    click.echo(
        f"   {len(extraction.statements)} statements, {len(extraction.events)} events, "
        f"{len(extraction.places)} places, {len(extraction.mentions)} actor mentions"
    )
    if extraction.statements:
        click.echo(f"  {'sent':<4} {'speaker':<34} {'cue':<10} content")
    for statement in extraction.statements:
        speaker = statement.speaker
        who = speaker.text if speaker else "?"
        if speaker and speaker.antecedent:
            who += f" → {speaker.antecedent.text}"
        if speaker and speaker.code:
            who += f" [{speaker.code}]"
        line = f"  S{statement.sentence:<3} {shorten(who, 34):<34} {statement.cue.lemma:<10} "
        click.echo(line + shorten(statement.content.text, max(20, width - len(line))))
    if extraction.events:
        click.echo(f"  {'sent':<4} {'source':<10} {'cameo':<5} {'target':<10} {'plover':<12} action")
    for event in extraction.events:
        source = event.source.code if event.source and event.source.code else "-"
        target = event.target.code if event.target and event.target.code else "-"
        click.echo(
            f"  E{event.sentence:<3} {source:<10} {event.cameo:<5} {target:<10} "
            f"{event.plover or '':<12} {shorten(event.action.text, 40)}"
        )
    if extraction.places:
        click.echo(f"  {'sent':<4} {'text':<20} place (precision, country)")
    for place in extraction.places:
        click.echo(
            f"  P{place.sentence:<3} {place.text:<20} {place.name} ({place.precision}, {place.country})"
        )
