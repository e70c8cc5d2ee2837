"""Progress of a long command: a live bar on a terminal, a line every few seconds in a pipe or a log."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

# Seconds between two progress lines when stderr is not a terminal.
LINE_INTERVAL = 10.0


class LineProgress:
    """The counting part of a tqdm bar for output that is not a terminal: every ``interval`` seconds one
    line with the count, the total when known, the rate and the time left."""

    # No live bar: a notice (waiting for a writer) is a line of its own.
    disable = True

    def __init__(
        self, total: int | None, unit: str, stream: IO[str], interval: float = LINE_INTERVAL
    ) -> None:
        self.total, self.unit, self.stream, self.interval = total, unit, stream, interval
        self.started = self.last = time.monotonic()
        self.done = 0

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        count = f"{self.done:,} of {self.total:,}" if self.total else f"{self.done:,}"
        left = ""
        if self.total and rate > 0 and self.done < self.total:
            left = f", about {(self.total - self.done) / rate:.0f} s left"
        return f"progress: {count} {self.unit} ({rate:.1f}/s{left})"

    def write(self, message: str, file: IO[str] | None = None) -> None:
        (file or self.stream).write(message + "\n")

    def set_postfix_str(self, _text: str, refresh: bool = True) -> None:
        """A bar's side note; a line of output has none."""


@contextmanager
def progress(total: int | None, unit: str = "articles") -> Iterator[Any]:
    """A tqdm bar with ``total`` (rate and time left) on a terminal, else a ``LineProgress`` on stderr."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        with tqdm(total=total, unit=f" {unit}", leave=False, dynamic_ncols=True) as bar:
            yield bar
    else:
        yield LineProgress(total, unit, sys.stderr)
