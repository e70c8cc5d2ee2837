"""The generated reference documents are what the code says now."""

from __future__ import annotations

from pathlib import Path

from dragoman.cli.reference import records, reference

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_cli_reference_is_the_commands_help() -> None:
    committed = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert committed == reference() + "\n", (
        "docs/cli.md is stale: run `.venv/bin/python -m dragoman.cli.reference cli > docs/cli.md`"
    )
    for option in ("--exclude-cameo", "--speaker-how", "--max-words", "--sort"):
        assert option in committed


def test_the_record_reference_is_the_model() -> None:
    committed = (DOCS / "records.md").read_text(encoding="utf-8")
    assert committed == records() + "\n", (
        "docs/records.md is stale: run `.venv/bin/python -m dragoman.cli.reference records > docs/records.md`"
    )
    assert "| `how` |" in committed and "## `Event`" in committed
