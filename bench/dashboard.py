"""How fast the dashboard answers in a real browser: first paint of the overview and each filter change,
over a database (the demo database by default), with Debian's chromium; optionally saves screenshots.

    .venv/bin/python bench/dashboard.py --db dragoman.db [--runs 3] [--screenshots docs/screenshots]

Starts `dragoman serve` on a free 127.0.0.1 port and times, in the page, from navigation to the moment
every chart and table has rendered and no API request is pending (the page sets ``data-rendered`` and
clears ``data-loading``). "filter change" applies a filter through the page's own form and waits the same
way. Prints a markdown table of the median and the slowest of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from corpus import machine, table

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SETTLED = "body[data-rendered]:not([data-loading])"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(page, action: Callable[[], None]) -> float:
    """Seconds from ``action`` to the page settled again (a new render finished)."""
    probe = "() => [document.body.dataset.rendered || '0', document.body.dataset.loading || '']"
    before = page.evaluate(probe)[0] if page.url.startswith("http") else "0"
    started = time.perf_counter()
    action()
    # Polled from here: the page's Content-Security-Policy forbids the eval wait_for_function needs.
    while True:
        rendered, loading = page.evaluate(probe)
        if rendered not in ("0", before) and not loading:
            return time.perf_counter() - started
        if time.perf_counter() - started > 60:
            raise SystemExit("the page did not settle within 60 s")
        page.wait_for_timeout(5)


def scenarios(page, actor: str) -> list[tuple[str, Callable[[], None]]]:
    def apply(name: str, value: str) -> Callable[[], None]:
        def run() -> None:
            page.fill(f"input[name={name}]", value)
            page.click("#apply")

        return run

    return [
        ("overview: first paint", lambda: page.goto("/")),
        ("filter: actor", apply("actor", actor)),
        ("filter: hide said", lambda: page.check("input[name=hide_said]")),
        ("filter: QuadClass 4", lambda: (page.select_option("select[name=quad]", "4"), page.click("#apply"))),
        ("filter: reset", lambda: page.click("#reset")),
        ("view: events table", lambda: page.click("#tabs a[data-view=events]")),
        ("view: statements table", lambda: page.click("#tabs a[data-view=statements]")),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="dragoman.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--actor", default="Trump", help="The actor filter typed in the scenario.")
    parser.add_argument("--screenshots", type=Path, default=None, help="Save the views' screenshots here.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    dragoman = Path(sys.executable).parent / "dragoman"
    server = subprocess.Popen(
        [str(dragoman), "serve", "--db", args.db, "--port", str(port)], stderr=subprocess.PIPE
    )
    times: dict[str, list[float]] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/codes", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("dragoman serve did not answer") from None
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.runs):
                page = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=base).new_page()
                for name, action in scenarios(page, args.actor):
                    times.setdefault(name, []).append(timed(page, action))
                page.context.close()
            if args.screenshots:
                save_screenshots(browser, base, args.screenshots, args.actor)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    rows = [[name, f"{statistics.median(t) * 1000:.0f}", f"{max(t) * 1000:.0f}"] for name, t in times.items()]
    print(machine())
    print(f"{args.db}, {args.runs} runs\n")
    print(table(["step", "median ms", "slowest ms"], rows))


def save_screenshots(browser, base: str, directory: Path, actor: str) -> None:
    """The README's screenshots: the overview, a comparison, the tables and an article."""
    directory.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=base).new_page()
    views = [
        ("overview.png", "/?exclude_cameo=010", None),
        ("compare.png", f"/?actor={actor}&compare=Biden&per=month", "#timeline-card"),
        ("events.png", "/?view=events&exclude_cameo=010", None),
        ("statements.png", f"/?view=statements&actor={actor}", None),
    ]
    for name, url, selector in views:
        page.goto(url)
        page.wait_for_selector(SETTLED, state="attached", timeout=60_000)
        target = page.locator(selector) if selector else page
        target.screenshot(path=str(directory / name))
    page.goto("/?view=events&exclude_cameo=010&quad=4")
    page.wait_for_selector(SETTLED, state="attached", timeout=60_000)
    page.locator("#events-table tbody tr").first.click()
    page.wait_for_selector(SETTLED, state="attached", timeout=60_000)
    page.screenshot(path=str(directory / "article.png"))
    page.context.close()


if __name__ == "__main__":
    main()
