"""The dashboard in a real headless Chromium (Debian's ``chromium``, driven by Playwright) against
``dragoman serve`` on a free 127.0.0.1 port, over a store made from the samples plus synthetic events.

Screenshots of each view are saved to $DRAGOMAN_SCREENSHOTS (the README's come from
DRAGOMAN_SCREENSHOTS=docs/screenshots), else to a temporary folder, so a test run leaves the tree clean.
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from dragoman.ingest import read_inputs
from dragoman.model import Extraction
from dragoman.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from conftest import SAMPLES, assert_spans_match  # noqa: E402
from serve_corpus import synthetic_actors, synthetic_extractions  # noqa: E402
from test_server import SCRIPT_TEXT, hostile_article  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("DRAGOMAN_SCREENSHOTS") or tempfile.mkdtemp(prefix="dragoman-screenshots-"))
SYNTHETIC_EVENTS = 600
VIEWPORT = {"width": 1400, "height": 1000}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sample_extractions(pipeline) -> list[Extraction]:
    articles = [item for item in read_inputs([str(SAMPLES)]) if not isinstance(item, Exception)]
    extractions = list(pipeline.process_many(articles))
    for extraction in extractions:
        assert_spans_match(extraction)
    return extractions


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sample_extractions: list[Extraction]) -> Iterator[str]:
    path = tmp_path_factory.mktemp("dashboard") / "dashboard.db"
    with Store(path, dedupe_threshold=None) as store:
        store.ingest(sample_extractions)
        store.write_actors(synthetic_actors())
        store.ingest(synthetic_extractions(SYNTHETIC_EVENTS, seed=3))
        # Undated here, so that the timeline of the screenshots spans only the synthetic months.
        hostile = hostile_article()
        # Three events dated only to their year, which the timeline leaves out unless asked.
        store.connection.execute(
            "UPDATE events SET date_precision = 'year' WHERE row_id IN "
            "(SELECT row_id FROM events WHERE day IS NOT NULL ORDER BY row_id LIMIT 3)"
        )
        store.write(
            replace(
                hostile,
                article=replace(hostile.article, published=None, url="javascript:window.__pwned=2"),
                events=tuple(replace(e, date=None) for e in hostile.events),
            )
        )
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "dragoman"), "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                out, err = process.communicate()
                pytest.fail(f"dragoman serve exited {process.returncode}:\n{out.decode()}\n{err.decode()}")
            try:
                httpx.get(f"{base}/api/articles?limit=1", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    pytest.fail("dragoman serve did not answer within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: str) -> Iterator:
    """A fresh page; at the end, fails if the page logged any console error or threw."""
    context = browser.new_context(viewport=VIEWPORT, base_url=server)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.console_errors = problems
    yield tab
    context.close()
    assert problems == [], problems


def settle(tab) -> None:
    """Wait until the page has rendered and no API request is pending."""
    tab.wait_for_selector("body[data-rendered]:not([data-loading])", state="attached", timeout=15_000)


def api(server: str, path: str) -> dict:
    response = httpx.get(server + path, timeout=10)
    response.raise_for_status()
    return response.json()


def shoot(tab, name: str, selector: str | None = None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if selector:
        tab.locator(selector).screenshot(path=str(SCREENSHOTS / name))
    else:
        tab.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def query_of(tab) -> dict[str, list[str]]:
    return parse_qs(urlparse(tab.url).query)


def total_events(server: str, query: str = "", precise: bool = True) -> int:
    """Events on the weekly timeline: by default only those dated to the day or the week."""
    precision = "&date_precision=day,week" if precise else ""
    rows = api(server, f"/api/aggregates?group_by=quad_class&per=week{query}{precision}")["rows"]
    return sum(row["events"] for row in rows)


def test_overview_shows_timeline_network_and_map(page, server: str) -> None:
    page.goto("/")
    settle(page)
    timeline = page.locator("#timeline")
    assert int(timeline.get_attribute("data-total")) == total_events(server)
    assert page.locator("#timeline rect.bar").count() >= 4 * int(timeline.get_attribute("data-periods"))
    dyads = api(server, "/api/aggregates?group_by=actor_dyad&limit=80")["rows"]
    assert page.locator("#network path.link").count() == len(dyads) > 0
    # Nodes are actors, named: France, not FRAGOV.
    names = set(page.locator("#network g.node text").evaluate_all("ts => ts.map(t => t.textContent)"))
    assert "France" in names and "FRAGOV" not in names
    places = api(server, "/api/aggregates?group_by=place&limit=500")["rows"]
    assert page.locator("#map circle.place").count() == len(places) > 0
    assert page.locator("#map path.country").count() > 150
    everything = sum(row["events"] for row in api(server, "/api/aggregates?group_by=quad_class")["rows"])
    assert page.locator("#summary").inner_text() == f"{everything:,} events match"
    left_out = everything - total_events(server)
    note = page.locator("#undated").inner_text()
    assert f"{left_out:,} events without a date or dated only to a month or a year" in note and left_out > 0
    shoot(page, "overview.png")
    shoot(page, "timeline.png", "#timeline-card")
    shoot(page, "network.png", "#network")
    shoot(page, "map.png", "#map")


def test_filter_bar_changes_the_timeline_and_the_table(page, server: str) -> None:
    page.goto("/")
    settle(page)
    before = int(page.locator("#timeline").get_attribute("data-total"))
    page.select_option("select[name=quad]", "4")
    page.fill("input[name=actor]", "FRAGOV")
    page.click("#apply")
    settle(page)
    assert query_of(page)["quad"] == ["4"] and query_of(page)["actor"] == ["FRAGOV"]
    expected = total_events(server, "&quad=4&actor=FRAGOV")
    after = int(page.locator("#timeline").get_attribute("data-total"))
    assert after == expected and 0 < after < before
    for quad in ("1", "2", "3"):
        heights = page.locator(f"#timeline rect.bar[data-quad='{quad}']").evaluate_all(
            "bars => bars.map(b => Number(b.getAttribute('height')))"
        )
        assert not any(heights)
    page.click("#tabs a[data-view=events]")
    settle(page)
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == min(50, expected)
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        assert cells.nth(6).locator(".quad").inner_text().strip() == "4"
        assert "material conflict" in cells.nth(6).inner_text()
        assert "FRAGOV" in cells.nth(1).inner_text() + cells.nth(3).inner_text()
    shoot(page, "events.png")
    page.click("#reset")
    settle(page)
    assert "quad" not in query_of(page) and page.locator("select[name=quad]").input_value() == ""
    assert page.locator("#events-table tbody tr").count() == 50


def test_filters_in_the_url_fill_the_bar(page, server: str) -> None:
    page.goto("/?view=events&source=USAGOV&cameo=1&since=2024-02-01&until=2024-03-31")
    settle(page)
    assert page.locator("input[name=source]").input_value() == "USAGOV"
    assert page.locator("input[name=cameo]").input_value() == "1"
    assert page.locator("input[name=since]").input_value() == "2024-02-01"
    # tables list the newest first
    expected = api(
        server, "/api/events?source=USAGOV&cameo=1&since=2024-02-01&until=2024-03-31&limit=1000&sort=-date"
    )
    ids = page.locator("#events-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert ids == [item["id"] for item in expected["items"]][:50] and ids


def test_statement_click_opens_the_article_with_the_sentence_highlighted(
    page, server: str, sample_extractions: list[Extraction]
) -> None:
    sample = next(x for x in sample_extractions if x.statements)
    statement = sample.statements[0]
    word = max(re.findall(r"[A-Za-z]+", statement.content.text), key=len)
    page.goto(f"/?view=statements&text={word}")
    settle(page)
    assert page.locator("input[name=text]").input_value() == word
    contents = page.locator("#statements-table tbody tr td:nth-child(4)").all_inner_texts()
    assert contents and all(word.casefold() in content.casefold() for content in contents)
    shoot(page, "statements.png")
    row = page.locator(f"#statements-table tbody tr[data-id='{statement.id}']")
    row.click()
    settle(page)
    query = query_of(page)
    assert query["view"] == ["article"] and query["article"] == [sample.article.id]
    focused = page.locator("#article-text .sentence.focus")
    assert focused.count() >= 1
    sentence = next(s for s in sample.sentences if s.start <= statement.content.start < s.end)
    assert focused.first.get_attribute("data-index") == str(sentence.index)
    assert sentence.text[:40] in focused.first.inner_text()
    assert page.locator("#article-text").inner_text().replace("\n", "") == sample.article.text.replace(
        "\n", ""
    )
    assert page.locator("#article-text .hl-cue").count() >= len(sample.statements)
    assert page.locator("#article-text .hl-content").count() >= len(sample.statements)
    assert page.locator("#article-records li").count() == (
        len(sample.statements) + len(sample.events) + len(sample.places)
    )
    shoot(page, "article.png")
    page.go_back()
    settle(page)
    assert query_of(page)["view"] == ["statements"]


def test_event_row_edge_and_place_click_through_to_the_article(page, server: str) -> None:
    page.goto("/")
    settle(page)
    edge = page.locator("#network path.link").first
    source, target = edge.get_attribute("data-source"), edge.get_attribute("data-target")
    edge.dispatch_event("click")
    settle(page)
    assert query_of(page)["source"] == [source] and query_of(page)["target"] == [target]
    first_row = page.locator("#events-table tbody tr").first
    expected = api(server, f"/api/events?source={source}&target={target}&limit=1&sort=-date")["items"][0]
    assert (expected["source"]["actor_id"], expected["target"]["actor_id"]) == (source, target)
    assert first_row.get_attribute("data-id") == expected["id"]
    assert expected["source"]["name"] in first_row.locator("td").nth(1).inner_text()
    assert expected["target"]["name"] in first_row.locator("td").nth(3).inner_text()

    page.goto("/")
    settle(page)
    point = page.locator("#map circle.place").first
    place_id = point.get_attribute("data-place")
    point.dispatch_event("click")
    settle(page)
    assert query_of(page)["place"] == [place_id]
    assert page.locator("#place-filter").is_visible()
    expected = api(server, f"/api/events?place={place_id}&limit=1&sort=-date")["items"][0]
    page.locator("#events-table tbody tr").first.focus()
    page.keyboard.press("Enter")
    settle(page)
    assert query_of(page)["article"] == [expected["article_id"]]
    action = page.locator("#article-text .sentence.focus .hl-event")
    assert expected["action"]["text"] in " ".join(action.all_inner_texts())


def test_network_node_shows_the_actor_card_and_its_partners(page, server: str) -> None:
    page.goto("/")
    settle(page)
    assert page.locator("#actor-card").is_hidden()
    node = page.locator("#network g.node[data-id='synth-fra']")
    assert node.locator("text").text_content() == "France"
    node.dispatch_event("click")
    settle(page)
    assert query_of(page)["actor"] == ["synth-fra"]
    card = page.locator("#actor-card")
    assert card.is_visible() and card.locator("h2").inner_text().startswith("France")
    detail = api(server, "/api/actors/synth-fra?partners=8")["actor"]
    assert f"{detail['events_as_source']:,}" in card.inner_text()
    partners = card.locator(".partners button")
    assert partners.count() == len(detail["partners"]) > 0
    shoot(page, "actor.png")
    partners.first.click()
    settle(page)
    query = query_of(page)
    assert query["source"] == ["synth-fra"] and query["target"] == [detail["partners"][0]["actor_id"]]
    assert "actor" not in query
    assert page.locator("#events-table tbody tr").count() > 0
    shoot(page, "events-dyad.png")


def test_timeline_bar_click_lists_that_period(page, server: str) -> None:
    page.goto("/?per=month")
    settle(page)
    bars = page.locator("#timeline rect.bar[data-quad='3']")
    bar = bars.nth(bars.evaluate_all("bars => bars.findIndex(b => Number(b.getAttribute('height')) > 0)"))
    period = bar.get_attribute("data-period")
    bar.dispatch_event("click")
    settle(page)
    query = query_of(page)
    assert query["since"] == [period] and query["until"] == [period] and query["quad"] == ["3"]
    dates = page.locator("#events-table tbody tr td:first-child").all_inner_texts()
    assert dates and all(d.startswith(period) for d in dates)


def test_article_text_is_escaped(page, server: str) -> None:
    page.goto("/?view=article&article=hostile")
    settle(page)
    text = page.locator("#article-text")
    assert "<script>window.__pwned = 1</script>" in text.inner_text()
    assert text.inner_text().replace("\n", "") == SCRIPT_TEXT.replace("\n", "")
    assert page.locator("#article-text script, #article-text img, #article-meta b").count() == 0
    assert page.locator("#article-meta h2").inner_text() == "<b>Markup</b> headline"
    assert page.locator("#article-text .hl-event").inner_text() == "script"
    # A javascript: URL in the metadata is shown, never a link.
    assert "javascript:window.__pwned=2" in page.locator("#article-meta").inner_text()
    assert page.locator("#article-meta a").count() == 0


def test_bad_filter_shows_the_error_line(page, server: str) -> None:
    page.goto("/?view=events&since=2024-05-01&until=2024-01-01")
    settle(page)
    error = page.locator("#error")
    assert error.is_visible() and error.inner_text().startswith("until")
    # Chromium logs the refused request itself; that one line is expected here, and nothing else.
    assert all("status of 422" in line for line in page.console_errors) and page.console_errors
    page.console_errors.clear()


def test_actor_search_suggests_names_and_says_what_it_matched(page, server: str) -> None:
    page.goto("/")
    settle(page)
    page.fill("input[name=actor]", "fran")
    page.locator("#actor-suggestions option").first.wait_for(state="attached")
    assert "France" in page.locator("#actor-suggestions option").evaluate_all("o => o.map(x => x.value)")
    page.fill("input[name=actor]", "france")  # a name in any case, not only a code
    page.click("#apply")
    settle(page)
    assert "actor matched: France (FRAGOV)" in page.locator("#matched").inner_text()
    expected = sum(
        r["events"] for r in api(server, "/api/aggregates?group_by=quad_class&actor=france")["rows"]
    )
    assert page.locator("#summary").inner_text() == f"{expected:,} events match" and expected > 0


def test_codes_have_their_names_and_said_events_can_be_hidden(page, server: str) -> None:
    names = api(server, "/api/codes")["cameo"]
    page.goto("/?view=events")
    settle(page)
    first = page.locator("#events-table tbody tr").first.locator("td.cameo")
    code = first.locator(".code").inner_text()
    assert first.locator(".sub").inner_text() == names[code].replace(", not specified below", "")
    said = api(server, "/api/events?cameo=010&limit=1&total=true")["total"]
    assert said > 0
    page.check("input[name=hide_said]")
    settle(page)
    assert query_of(page)["exclude_cameo"] == ["010"]
    codes = page.locator("#events-table td.cameo .code").all_inner_texts()
    assert codes and "010" not in codes
    total = api(server, "/api/events?exclude_cameo=010&limit=1&total=true")["total"]
    assert f"of {total:,}" in page.locator(".pager[data-for=events] .range").inner_text()


def test_the_export_link_downloads_the_filtered_rows(page, server: str) -> None:
    page.goto("/?view=events&quad=4")
    settle(page)
    with page.expect_download() as download:
        page.locator(".pager[data-for=events] a.export[data-format=csv]").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    total = api(server, "/api/events?quad=4&limit=1&total=true")["total"]
    assert len(rows) == total > 50  # every matching row, not the page shown
    assert {row["quad_class"] for row in rows} == {"4"}


def test_two_actors_side_by_side_on_the_timeline(page, server: str) -> None:
    page.goto("/?actor=FRAGOV&compare=DEUGOV")
    settle(page)
    lines = page.locator("#timeline path.compare-line")
    assert lines.count() == 2
    assert lines.evaluate_all("ls => ls.map(l => l.dataset.actor)") == ["FRAGOV", "DEUGOV"]
    legend = page.locator("#compare-legend").inner_text()
    germany = sum(
        r["events"]
        for r in api(server, "/api/aggregates?per=week&actor=DEUGOV&date_precision=day,week")["rows"]
    )
    assert f"DEUGOV: {germany:,} events" in legend
    shoot(page, "compare.png", "#timeline-card")


def test_imprecise_dates_are_off_the_timeline_until_asked(page, server: str) -> None:
    page.goto("/")
    settle(page)
    assert int(page.locator("#timeline").get_attribute("data-total")) == total_events(server)
    page.click("#imprecise-toggle")
    settle(page)
    assert query_of(page)["imprecise"] == ["1"]
    assert int(page.locator("#timeline").get_attribute("data-total")) == total_events(server, precise=False)
    assert total_events(server, precise=False) == total_events(server) + 3


def test_the_map_counts_unplaced_events_and_zooms(page, server: str) -> None:
    page.goto("/")
    settle(page)
    placed = sum(r["events"] for r in api(server, "/api/aggregates?group_by=place&limit=500")["rows"])
    everything = sum(r["events"] for r in api(server, "/api/aggregates?group_by=quad_class")["rows"])
    note = page.locator("#map-note").inner_text()
    assert f"{placed:,} of {everything:,} events have a place on the map" in note
    assert f"{everything - placed:,} have none" in note
    box = page.locator("#map svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -600)
    deadline = time.monotonic() + 5
    while float(page.locator("#map").get_attribute("data-zoom") or 1) <= 1 and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert float(page.locator("#map").get_attribute("data-zoom")) > 1
    assert page.locator("#map text.place-label").count() > 0


def test_a_header_click_sorts_the_table_and_a_second_reverses(page, server: str) -> None:
    page.goto("/?view=events")
    settle(page)
    page.click("#events-table th[data-sort=goldstein]")
    settle(page)
    assert query_of(page)["sort"] == ["goldstein"]
    expected = api(server, "/api/events?sort=goldstein&limit=50")["items"]
    ids = page.locator("#events-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert ids == [item["id"] for item in expected]
    scores = [item["goldstein"] for item in expected]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    page.click("#events-table th[data-sort=goldstein]")
    settle(page)
    assert query_of(page)["sort"] == ["-goldstein"]
    assert page.locator("#events-table th[data-sort=goldstein]").get_attribute("data-direction") == "down"
    first = page.locator("#events-table tbody tr").first.get_attribute("data-id")
    assert first == api(server, "/api/events?sort=-goldstein&limit=1")["items"][0]["id"]
