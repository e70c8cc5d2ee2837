"""The ``dragoman`` command line: thin over the library; errors become one line on stderr."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import DragomanError


class UsageFailure(click.ClickException):
    """A DragomanError reported to the user: bad input or bad usage, exit status 2."""

    exit_code = 2


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Library errors and click's usage errors (which print Usage, Try and a blank line before the error)
    become the contract's single ``Error: <what>: <problem>`` line with exit 2."""
    try:
        yield
    except (UsageFailure, click.exceptions.NoArgsIsHelpError):
        raise
    except click.UsageError as error:
        raise UsageFailure(" ".join(error.format_message().split())) from error
    except DragomanError as error:
        raise UsageFailure(str(error)) from error


class DragomanGroup(click.Group):
    """Reports errors in one line with exit 2 (see ``one_line_errors``); anything else is a bug (exit 1)."""

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        with one_line_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        with one_line_errors():
            return super().invoke(ctx)


@click.group(cls=DragomanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.version_option(package_name="dragoman")
def cli(verbose: int) -> None:
    """dragoman reads news and tells, with evidence, who said and did what to whom, where and when.

    Example: dragoman extract article.txt --format table
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    # trafilatura warns "discarding data: None" for a page it rejects; dragoman's own error line names the
    # file and the problem, so its chatter is shown only with -vv.
    logging.getLogger("trafilatura").setLevel(level if verbose >= 2 else logging.ERROR)


def main() -> None:
    cli(prog_name="dragoman")


# Each command lives in a module named for it; importing registers it on ``cli``.
from . import actors as _actors  # noqa: E402,F401
from . import evaluate as _evaluate  # noqa: E402,F401
from . import export as _export  # noqa: E402,F401
from . import extract as _extract  # noqa: E402,F401
from . import ingest as _ingest  # noqa: E402,F401
from . import query as _query  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
