"""The references written from the code so that they cannot drift: the command line (docs/cli.md) from
each command's own help, the records (docs/records.md) from ``dragoman.model``'s classes and docstrings:

    .venv/bin/python -m dragoman.cli.reference cli > docs/cli.md
    .venv/bin/python -m dragoman.cli.reference records > docs/records.md

``tests/test_docs.py`` checks that the committed files are what this prints.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from collections.abc import Iterator

import click

from .. import model
from . import cli

# Help is rendered at this width whatever the terminal, so the file is the same on every machine.
WIDTH = 100


def reference() -> str:
    """Markdown: every command and subcommand with its usage, description and options, in name order."""
    lines = [
        "# Command-line reference",
        "",
        "Written by `python -m dragoman.cli.reference cli` from each command's `--help`; do not edit",
        "by hand.",
        "",
    ]
    for path, command in commands(cli, ["dragoman"]):
        lines += [f"## `{' '.join(path)}`", "", "```", help_text(command, path), "```", ""]
    return "\n".join(lines)


def commands(group: click.Group, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from commands(command, [*path, name])
        else:
            yield [*path, name], command


def help_text(command: click.Command, path: list[str]) -> str:
    # The group's help option names (-h, --help), as a run from the shell shows them.
    context = click.Context(
        command,
        info_name=" ".join(path),
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        help_option_names=cli.context_settings["help_option_names"],
    )
    return command.get_help(context).rstrip()


# The records in the order a reader meets them: the article, its parts, then the knowledge base's.
RECORDS = (
    model.Article,
    model.Sentence,
    model.Mention,
    model.Statement,
    model.Speaker,
    model.Cue,
    model.Event,
    model.ActorRef,
    model.Place,
    model.Span,
    model.Actor,
    model.Role,
    model.Extraction,
)


def records() -> str:
    """Markdown: every record with its description and its fields (name, type, default)."""
    lines = [
        "# Record reference",
        "",
        "Written by `python -m dragoman.cli.reference records` from `src/dragoman/model.py`; do not edit by",
        "hand. Offsets are 0-based and end-exclusive into the article's cleaned `text`: for every span a",
        "record carries, `text[start:end]` is the span's text.",
        "",
    ]
    for record in RECORDS:
        lines += [f"## `{record.__name__}`", "", inspect.cleandoc(record.__doc__ or ""), ""]
        lines += ["| field | type | default |", "|---|---|---|"]
        for field in dataclasses.fields(record):
            kind = str(field.type).replace("|", "\\|")  # a pipe inside a table cell
            lines.append(f"| `{field.name}` | `{kind}` | {default_of(field)} |")
        lines.append("")
    return "\n".join(lines + tables())


def tables() -> list[str]:
    """Markdown: the database's tables as the column spec (``store/columns.py``) makes them."""
    from ..store.columns import TABLES

    lines = [
        "# Database tables",
        "",
        "The SQLite tables the records are stored in, from the column spec (`src/dragoman/store/columns.py`;",
        "the migrations in `store/schema.py` build the same, a test checks it). `holds` is the record",
        "field a column holds (dotted for a nested record), or `written` for a value the writer derives.",
        "",
    ]
    for table in TABLES:
        lines += [f"## `{table.name}`", "", "| column | SQL | holds | note |", "|---|---|---|---|"]
        for column in table.columns:
            holds = f"`{column.path}`" if column.write is None else "written"
            note = column.comment.replace("|", "\\|")  # a pipe inside a table cell
            lines.append(f"| `{column.name}` | {column.sql} | {holds} | {note} |")
        lines.append("")
    return lines


def default_of(field: dataclasses.Field) -> str:
    if field.default is not dataclasses.MISSING:
        return f"`{field.default!r}`"
    if field.default_factory is not dataclasses.MISSING:
        return f"`{field.default_factory()!r}`"
    return "required"


if __name__ == "__main__":
    print(records() if sys.argv[1:] == ["records"] else reference())
