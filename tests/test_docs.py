"""The generated reference documents are what the code says now."""

from __future__ import annotations

from pathlib import Path

from dragoman.cli.reference import reference

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_cli_reference_is_the_commands_help() -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert committed == reference() + "\n", (
        "docs/cli.md is stale: run `.venv/bin/python -m dragoman.cli.reference > docs/cli.md`"
    )
    for option in ("--exclude-cameo", "--speaker-how", "--max-words", "--sort"):
        assert option in committed
