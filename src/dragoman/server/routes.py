"""The JSON endpoints under ``/api``: each one calls a ``Store`` query method (the CLI's) and shapes JSON.

Lists answer ``{"ok": true, "items": […], "limit": L, "offset": O, "has_more": bool}``; the store is asked
for one row more than the page to know whether another page follows, so no second counting query runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from .cache import ResultCache
from .params import FILTER_NAMES, MAX_LIMIT, PAGE_NAMES, FilterValues, Page, Paging, only

# The most rows an aggregate may return (a day-by-dyad series over years is large; the dashboard asks less).
MAX_AGGREGATE_ROWS = 20_000
GROUPS = ("dyad", "actor_dyad", "source", "target", "cameo_root", "quad_class", "place")
PERIODS = ("day", "week", "month")
ARTICLE_FIELDS = ("article_title", "article_published", "article_url", "article_outlet")


def page_of(rows: Iterator[dict[str, Any]], page: Page) -> dict[str, Any]:
    items = []
    has_more = False
    for row in rows:
        if len(items) == page.limit:
            has_more = True
            break
        items.append(row)
    return {"ok": True, "items": items, "limit": page.limit, "offset": page.offset, "has_more": has_more}


def with_article(results: Any) -> Iterator[dict[str, Any]]:
    """Records as JSON (the DESIGN.md shape), each with its ``day`` and its article's title, date and url."""
    for row in results.cursor():
        item = results.to_record(row).to_dict()
        item["day"] = row["day"]
        item["article"] = {name.removeprefix("article_"): row[name] for name in ARTICLE_FIELDS}
        yield item


def without_text(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        row.pop("text", None)
        yield row


def with_matches(page: dict[str, Any], store: Any, filters: dict[str, Any]) -> dict[str, Any]:
    """The page with ``matched``: for each actor filter given, the stored actors its value matched."""
    matched = {
        name: store.matched_actors(str(filters[name]).strip())
        for name in ("actor", "source", "target")
        if filters.get(name)
    }
    return {**page, "matched": matched} if matched else page


def api_router(stores: Any, cache: ResultCache) -> APIRouter:
    """The routes, reading through ``stores.get()`` (one read-only ``Store`` per server thread)."""
    router = APIRouter(prefix="/api")
    add_record_routes(router, stores, cache)
    add_actor_routes(router, stores)
    add_analysis_routes(router, stores, cache)
    return router


def add_record_routes(router: APIRouter, stores: Any, cache: ResultCache) -> None:
    """Events, statements and articles by filter, and one article with its evidence."""
    listing = only(*FILTER_NAMES, *PAGE_NAMES, "total")
    total_query = Query(False, description="true: also count every matching record (``total``).")

    def counted(page: dict[str, Any], store: Any, kind: str, filters: dict[str, Any], total: bool) -> dict:
        """The page with ``total``, the count of all matching records, when asked (a second query)."""
        if total:
            key = ("count", kind, tuple(sorted(filters.items())))
            page["total"], _ = cache.get(key, lambda: store.count(kind, **filters))
        return with_matches(page, store, filters)

    @router.get("/events", dependencies=[Depends(listing)], summary="Events matching the filters, by date")
    def events(filters: FilterValues, paging: Paging, total: bool = total_query) -> dict[str, Any]:
        store = stores.get()
        results = store.events(**filters, limit=paging.limit + 1, offset=paging.offset, sort=paging.sort)
        return counted(page_of(with_article(results), paging), store, "events", filters, total)

    @router.get("/statements", dependencies=[Depends(listing)], summary="Statements matching the filters")
    def statements(filters: FilterValues, paging: Paging, total: bool = total_query) -> dict[str, Any]:
        """``actor``/``source`` match the speaker and ``text`` the content; event-only filters are refused."""
        store = stores.get()
        results = store.statements(**filters, limit=paging.limit + 1, offset=paging.offset, sort=paging.sort)
        return counted(page_of(with_article(results), paging), store, "statements", filters, total)

    @router.get("/articles", dependencies=[Depends(listing)], summary="Articles matching the filters")
    def articles(filters: FilterValues, paging: Paging, total: bool = total_query) -> dict[str, Any]:
        """Article metadata with ``text_length`` and counts of statements and events (not the text)."""
        store = stores.get()
        results = store.articles(**filters, limit=paging.limit + 1, offset=paging.offset, sort=paging.sort)
        return counted(page_of(without_text(results.rows()), paging), store, "articles", filters, total)

    @router.get(
        "/articles/{article_id:path}", dependencies=[Depends(only())], summary="One article with its evidence"
    )
    def article(article_id: str = Path(description="The article id.")) -> dict[str, Any]:
        """The cleaned text with every sentence, mention, statement, event and place (offsets into text)."""
        extraction = stores.get().article(article_id)
        if extraction is None:
            raise HTTPException(404, f"article {article_id}: not found")
        return {"ok": True, **extraction.to_dict()}


def add_actor_routes(router: APIRouter, stores: Any) -> None:
    """Actors (most active, suggestions, one with its roles and partners) and the names of codes."""

    @router.get("/codes", dependencies=[Depends(only())], summary="Names of CAMEO codes, QuadClasses, PLOVER")
    def codes() -> dict[str, Any]:
        """``cameo``: code → name ("112": "Accuse, not specified below"); ``quad``: 1..4 → name; ``plover``:
        type → the CAMEO codes it covers."""
        from ..events.tables import code_names

        return {"ok": True, **code_names()}

    @router.get(
        "/actors", dependencies=[Depends(only("actor", "limit", "offset"))], summary="Actors, most active"
    )
    def actors(
        paging: Paging,
        actor: str | None = Query(None, description="Actor id, name or code (a prefix in capitals)."),
    ) -> dict[str, Any]:
        rows = stores.get().actors(actor=actor, limit=paging.limit + 1, offset=paging.offset)
        return page_of(iter(rows), paging)

    @router.get("/suggest", dependencies=[Depends(only("q", "limit"))], summary="Actors whose names start so")
    def suggest(
        q: str = Query(description="The start of a word of an actor's name or alias.", max_length=100),
        limit: int = Query(8, ge=1, le=50, description="Most actors."),
    ) -> dict[str, Any]:
        """Stored actors with a name or alias word starting with ``q``, most active first: what the filter
        bar suggests as the user types."""
        return {"ok": True, "items": stores.get().suggest_actors(q, limit)}

    @router.get("/actors/{actor_id:path}", dependencies=[Depends(only("partners"))], summary="One actor")
    def actor(
        actor_id: str = Path(description="The actor id."),
        partners: int = Query(10, ge=1, le=100, description="How many top partners to list."),
    ) -> dict[str, Any]:
        """Knowledge-base fields, aliases, dated roles, counts (statements, events as source and as target,
        mentions) and the actors it meets most in events."""
        found = stores.get().actor(actor_id, partners=partners)
        if found is None:
            raise HTTPException(404, f"actor {actor_id}: not found")
        return {"ok": True, "actor": found}


def add_analysis_routes(router: APIRouter, stores: Any, cache: ResultCache) -> None:
    """Aggregates (the dyad × time series, cached) and full-text search."""

    @router.get(
        "/aggregates",
        dependencies=[Depends(only("group_by", "per", "limit", *FILTER_NAMES))],
        summary="Event counts, mean Goldstein and QuadClass shares by group and period",
    )
    def aggregates(
        response: Response,
        filters: FilterValues,
        group_by: str | None = Query(None, description=f"One of {', '.join(GROUPS)}."),
        per: str | None = Query(None, description=f"One of {', '.join(PERIODS)} (weeks start on Monday)."),
        limit: int = Query(
            MAX_AGGREGATE_ROWS, ge=1, le=MAX_AGGREGATE_ROWS, description="Most rows (largest groups first)."
        ),
    ) -> dict[str, Any]:
        """The dyad × time series: one row per group and period with ``events``, ``goldstein_mean`` and
        ``quad1_share``…``quad4_share``. ``truncated`` says rows were left out by ``limit``. Answers are
        cached until the database changes (header ``X-Cache: hit`` or ``miss``)."""
        key = ("aggregate", group_by, per, limit, tuple(sorted(filters.items())))
        rows, hit = cache.get(key, lambda: stores.get().aggregate(group_by, per, **filters, limit=limit + 1))
        response.headers["X-Cache"] = "hit" if hit else "miss"
        return {
            "ok": True,
            "group_by": group_by,
            "per": per,
            "rows": rows[:limit],
            "truncated": len(rows) > limit,
        }

    @router.get(
        "/search",
        dependencies=[Depends(only("q", "limit", "include_duplicates"))],
        summary="Full-text search",
    )
    def search(
        q: str = Query(description="Words (all must occur) or an FTS5 query.", min_length=1, max_length=500),
        limit: int = Query(50, ge=1, le=MAX_LIMIT, description=f"Most sentences (at most {MAX_LIMIT})."),
        include_duplicates: bool = Query(False, description="Keep near-duplicate articles."),
    ) -> dict[str, Any]:
        """Sentences matching ``q``, best first, with their article and a snippet (matches in [brackets])."""
        if not q.strip():
            raise HTTPException(422, "q: is empty")
        rows = stores.get().search(q, limit=limit, include_duplicates=include_duplicates)
        return {"ok": True, "q": q, "items": rows}
