"""The command-line examples of the README and the guide, run: each ``$ dragoman …`` line over the samples'
database prints what the page shows under it (a shown line ending in "…" is abridged: the output line
starts with the rest).

The evaluations (``dragoman eval …``) are left out here: their figures are checked by the eval tests."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from dragoman.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PAGES = (ROOT / "README.md", ROOT / "docs" / "guide.md", ROOT / "docs" / "formats.md")
CODE_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
# Commands that read the database take --db; the others read the knowledge base or files.
STORE_COMMANDS = {"events", "statements", "articles", "export"}
RUN_COMMANDS = STORE_COMMANDS | {"actors"}


def examples() -> list[tuple[str, list[str]]]:
    """(command line, the lines the README shows it printing) for each ``$ dragoman`` line."""
    found = []
    blocks = [block for page in PAGES for block in CODE_BLOCK.findall(page.read_text(encoding="utf-8"))]
    for block in blocks:
        current: tuple[str, list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                found.append(current)
            elif current is not None and line.strip():
                current[1].append(line)
    return [(command, shown) for command, shown in found if shlex.split(command)[1] in RUN_COMMANDS]


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("readme") / "dragoman.db")
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def test_the_readme_has_examples_to_run() -> None:
    assert len(examples()) >= 4


@pytest.mark.parametrize("command, shown", examples(), ids=[command for command, _ in examples()])
def test_a_readme_example_prints_what_the_readme_shows(
    samples_db: str, command: str, shown: list[str]
) -> None:
    args = shlex.split(command)[1:]
    if args[0] in STORE_COMMANDS:
        # The examples name the samples' database samples.db; here it is the fixture's.
        assert args[args.index("--db") + 1] == "samples.db", command
        args[args.index("--db") + 1] = samples_db
    result = CliRunner().invoke(cli, args)
    failed = bool(shown) and shown[0].startswith("Error: ")
    assert result.exit_code == (2 if failed else 0), result.output
    printed = (result.stderr if failed else result.stdout).splitlines()
    assert len(printed) >= len(shown), printed
    for expected, actual in zip(shown, printed, strict=False):
        if expected.endswith("…"):
            assert actual.startswith(expected[:-1].rstrip()), (expected, actual)
        else:
            assert actual == expected
