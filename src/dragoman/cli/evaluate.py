"""``dragoman eval``: score extraction against the public gold sets in ../shared/eval."""

from __future__ import annotations

from . import cli


@cli.group(name="eval")
def evaluate() -> None:
    """Score dragoman against a gold set and print precision, recall and F1.

    Example: dragoman eval polnear --split dev
    """
