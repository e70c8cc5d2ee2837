"""The command-line reference (docs/cli.md), written from the commands' own help so that it cannot drift:

    .venv/bin/python -m dragoman.cli.reference > docs/cli.md

``tests/test_docs.py`` checks that the committed file is what this prints.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from . import cli

# Help is rendered at this width whatever the terminal, so the file is the same on every machine.
WIDTH = 100


def reference() -> str:
    """Markdown: every command and subcommand with its usage, description and options, in name order."""
    lines = [
        "# Command-line reference",
        "",
        "Written by `python -m dragoman.cli.reference` from each command's `--help`; do not edit by hand.",
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
    context = click.Context(command, info_name=" ".join(path), terminal_width=WIDTH, max_content_width=WIDTH)
    return command.get_help(context).rstrip()


if __name__ == "__main__":
    print(reference())
