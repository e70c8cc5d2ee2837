"""Query parameters: the CLI's filters under the same names, pagination with a cap, unknown names refused.

Values are passed to the store's ``Filters.build()`` as given, so a bad one gets the store's own message
(``quad 7: QuadClass is 1, 2, 3 or 4``) and the HTTP answer agrees with the CLI's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from ..store.filters import FILTER_SPECS, MAX_ROWS, PARAMETERS

PAGE_NAMES = tuple(spec.name for spec in FILTER_SPECS if spec.paging)
# The filters the list endpoints take: the store's own, less pagination.
FILTER_NAMES = tuple(name for name in PARAMETERS if name not in PAGE_NAMES)
DEFAULT_LIMIT = 50
# The most rows one page of a list may ask for; larger sets go through /api/export, which streams.
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: ``limit`` rows from ``offset``, in the ``sort`` order (None: by date)."""

    limit: int
    offset: int
    sort: str | None = None


def query_filters() -> Callable[..., dict[str, Any]]:
    """A FastAPI dependency taking every filter of the store's table (``FILTER_SPECS``, less the page
    parameters) as an optional query string parameter, and returning those given, not yet validated."""
    specs = [spec for spec in FILTER_SPECS if not spec.paging]

    def filter_values(**values: str | None) -> dict[str, Any]:
        return {name: value for name, value in values.items() if value is not None}

    filter_values.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                spec.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=Query(None, description=spec.help),
                annotation=str | None,
            )
            for spec in specs
        ],
        return_annotation=dict[str, Any],
    )
    return filter_values


filter_values = query_filters()


def page(
    limit: int = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT})."
    ),
    offset: int = Query(0, ge=0, le=MAX_ROWS, description="Rows to skip."),
    sort: str | None = Query(
        None,
        description="Order: date, goldstein, quad, cameo, source, target, article (events); date, "
        "speaker, kind, article (statements); date, title, outlet (articles); -key reverses it.",
    ),
) -> Page:
    return Page(limit, offset, sort)


FilterValues = Annotated[dict[str, Any], Depends(filter_values)]
Paging = Annotated[Page, Depends(page)]


def only(*names: str) -> Callable[[Request], None]:
    """A dependency refusing (422) any query parameter not in ``names``: a misspelt filter must not be
    silently ignored, or a user would read unfiltered figures as filtered ones."""
    allowed = set(names)

    def check(request: Request) -> None:
        for name in request.query_params:
            if name not in allowed:
                raise HTTPException(
                    422, f"{name}: unknown parameter; expected one of {', '.join(sorted(allowed))}"
                )

    return check
