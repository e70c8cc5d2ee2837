"""Query parameters: the CLI's filters under the same names, pagination with a cap, unknown names refused.

Values are passed to the store's ``Filters.build()`` as given, so a bad one gets the store's own message
(``quad 7: QuadClass is 1, 2, 3 or 4``) and the HTTP answer agrees with the CLI's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from ..store.filters import MAX_ROWS, PARAMETERS

PAGE_NAMES = ("limit", "offset", "sort")
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


def filter_values(
    actor: str | None = Query(
        None, description="Actor id, name (any case) or code (prefix in capitals: RUS)."
    ),
    source: str | None = Query(None, description="Source actor of events (id, name or code)."),
    target: str | None = Query(None, description="Target actor of events (id, name or code)."),
    cameo: str | None = Query(None, description="CAMEO code prefix: 11 matches 110…119."),
    exclude_cameo: str | None = Query(None, description="CAMEO code prefixes to leave out: 010 or 010,02."),
    quad: str | None = Query(None, description="QuadClass 1..4."),
    date_precision: str | None = Query(
        None, description="Events dated to these precisions: day, week, month, year (comma-separated)."
    ),
    since: str | None = Query(None, description="First date, YYYY-MM-DD (or YYYY-MM, YYYY), inclusive."),
    until: str | None = Query(None, description="Last date, YYYY-MM-DD (or YYYY-MM, YYYY), inclusive."),
    text: str | None = Query(None, description="Words to find (full-text search)."),
    article: str | None = Query(None, description="One article id."),
    place: str | None = Query(None, description="One place id (events located there)."),
    speaker_how: str | None = Query(
        None,
        description="Statements whose speaker was resolved so (name, alias, pronoun, …; comma-separated).",
    ),
    min_speaker_score: str | None = Query(
        None, description="Statements whose speaker resolution scores at least this (0..1)."
    ),
    include_duplicates: str | None = Query(None, description="true: keep near-duplicate articles."),
) -> dict[str, Any]:
    """The filters given in the query string (unset ones left out), not yet validated."""
    values = {
        "actor": actor,
        "source": source,
        "target": target,
        "cameo": cameo,
        "exclude_cameo": exclude_cameo,
        "quad": quad,
        "date_precision": date_precision,
        "since": since,
        "until": until,
        "text": text,
        "article": article,
        "place": place,
        "speaker_how": speaker_how,
        "min_speaker_score": min_speaker_score,
        "include_duplicates": include_duplicates,
    }
    return {name: value for name, value in values.items() if value is not None}


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
