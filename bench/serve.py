"""Requests per second and latency of the HTTP API over a store of 100,000 synthetic events.

    .venv/bin/python bench/serve.py [--events 100000] [--clients 8] [--requests 160] [--db PATH]

Builds a synthetic store (bench/serve_corpus.py; reused when PATH already holds that many events), starts
``dragoman serve`` on a free 127.0.0.1 port, and runs each scenario with ``--clients`` concurrent clients
(threads, each with its own HTTP connection) for ``--requests`` requests in all; nothing leaves this
machine. Then ``POST /api/extract``: a short text alone, and the same while a long text (``--long-words``)
is being extracted beside it, which is what the bounded pool of extraction slots is for. "cold" aggregate
scenarios change the date range on every request, so the server's aggregate cache
never answers and each request scans the events; "warm" ones repeat one URL, as a dashboard does when the
user switches views. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx

from corpus import machine, table
from dragoman.store import Store
from serve_corpus import build_store

START = date(2024, 1, 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def date_range(index: int) -> str:
    """A different since/until pair for each request index (for cache misses)."""
    since = START + timedelta(days=index % 90)
    until = START + timedelta(days=179 - index // 90)
    return f"since={since.isoformat()}&until={until.isoformat()}"


SCENARIOS: list[tuple[str, Callable[[int], str]]] = [
    ("events: first page", lambda i: "/api/events?limit=50"),
    ("events: actor + quad filter", lambda i: "/api/events?actor=FRAGOV&quad=4&limit=50"),
    (
        "events: month, paging",
        lambda i: f"/api/events?since=2024-03&until=2024-03&limit=50&offset={i % 40 * 50}",
    ),
    ("events: page at offset 50,000", lambda i: "/api/events?limit=50&offset=50000"),
    ("aggregates: timeline, warm", lambda i: "/api/aggregates?group_by=quad_class&per=week"),
    ("aggregates: timeline, cold", lambda i: f"/api/aggregates?group_by=quad_class&per=week&{date_range(i)}"),
    ("aggregates: network, cold", lambda i: f"/api/aggregates?group_by=dyad&limit=80&{date_range(i)}"),
    ("aggregates: map, cold", lambda i: f"/api/aggregates?group_by=place&limit=500&{date_range(i)}"),
    (
        "aggregates: actor per day, cold",
        lambda i: f"/api/aggregates?group_by=dyad&per=day&actor=IGO&{date_range(i)}",
    ),
]


def run_scenario(base: str, url_of: Callable[[int], str], requests: int, clients: int) -> dict[str, float]:
    """Send ``requests`` requests from ``clients`` threads; latencies in seconds, wall time, errors."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=120) as http:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                started = time.perf_counter()
                response = http.get(url_of(index))
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors += response.status_code != 200

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, round(0.95 * len(latencies)) - 1)],
        "errors": errors,
    }


SHORT_TEXT = "Russia accused the United States of supporting terrorists in Syria, the ministry said."
SAMPLES = Path(__file__).resolve().parent.parent / "src" / "dragoman" / "data" / "samples"


def long_text(words: int) -> str:
    """About ``words`` words of news: the sample reports repeated, paragraph by paragraph."""
    paragraphs = [p for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text().split("\n\n") if p]
    text, count = [], 0
    while count < words:
        paragraph = paragraphs[len(text) % len(paragraphs)]
        text.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(text)


def post_text(base: str, text: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/api/extract", content=text.encode(), headers={"content-type": "text/plain"}, timeout=600
    )
    return time.perf_counter() - started, response.status_code


def extract_rows(base: str, long_words: int, tries: int = 5) -> list[list[str]]:
    """Latency of a short extraction alone, and while a long one runs beside it."""
    post_text(base, SHORT_TEXT)  # the first call loads the model
    alone = sorted(post_text(base, SHORT_TEXT)[0] for _ in range(tries))
    long_result: list[tuple[float, int]] = []
    runner = threading.Thread(target=lambda: long_result.append(post_text(base, long_text(long_words))))
    runner.start()
    time.sleep(1.0)  # the long one is being read
    beside = []
    while runner.is_alive() and len(beside) < tries:
        beside.append(post_text(base, SHORT_TEXT))
    runner.join()
    long_seconds, long_status = long_result[0]
    rows = [
        [
            "short text alone",
            f"{tries}",
            f"{statistics.median(alone) * 1000:.0f}",
            f"{alone[-1] * 1000:.0f}",
            "0",
        ],
        [
            f"short text beside a {long_words:,}-word one",
            f"{len(beside)}",
            f"{statistics.median(t for t, _ in beside) * 1000:.0f}" if beside else "-",
            f"{max(t for t, _ in beside) * 1000:.0f}" if beside else "-",
            f"{sum(code != 200 for _, code in beside)}",
        ],
        [
            f"the {long_words:,}-word text",
            "1",
            f"{long_seconds * 1000:.0f}",
            "",
            f"{int(long_status != 200)}",
        ],
    ]
    return rows


def ensure_store(path: Path, events: int) -> tuple[float, dict[str, int]]:
    """The store at ``path`` with ``events`` synthetic events, built unless it is already there."""
    if path.exists():
        with Store(path, readonly=True) as store:
            totals = store.totals()
        if totals["events"] == events:
            return 0.0, totals
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    totals = build_store(str(path), events)
    return time.perf_counter() - started, totals


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=160, help="Requests per scenario.")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dragoman-bench-serve.db")
    parser.add_argument("--long-words", type=int, default=15_000, help="Words of the long extraction.")
    parser.add_argument("--only-extract", action="store_true", help="Only the POST /api/extract part.")
    options = parser.parse_args()

    build_seconds, totals = ensure_store(options.db, options.events)
    built = f"built in {build_seconds:.0f} s" if build_seconds else "reused"
    print(
        f"Store {options.db} ({built}): {totals['events']:,} events, {totals['articles']:,} articles, "
        f"{totals['statements']:,} statements"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    dragoman = Path(sys.executable).parent / "dragoman"
    server = subprocess.Popen(
        [str(dragoman), "serve", "--db", str(options.db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"dragoman serve exited: {server.stderr.read().decode()}")
            try:
                httpx.get(f"{base}/api/articles?limit=1", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit("dragoman serve did not answer within 60 s") from None
                time.sleep(0.2)
        rows = []
        extracts = extract_rows(base, options.long_words)
        for name, url_of in [] if options.only_extract else SCENARIOS:
            result = run_scenario(base, url_of, options.requests, options.clients)
            rows.append(
                [
                    name,
                    f"{result['requests']}",
                    f"{options.clients}",
                    f"{result['rps']:.1f}",
                    f"{result['p50'] * 1000:.0f}",
                    f"{result['p95'] * 1000:.0f}",
                    f"{result['errors']}",
                ]
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    print()
    if rows:
        print(table(["scenario", "requests", "clients", "req/s", "p50 ms", "p95 ms", "errors"], rows))
        print()
    print(table(["POST /api/extract", "requests", "median ms", "max ms", "errors"], extracts))
    print()
    print(
        f"One `dragoman serve` process (uvicorn, 1 worker) on 127.0.0.1; {os.cpu_count()} CPUs shared with "
        f"the clients. {machine()}"
    )


if __name__ == "__main__":
    main()
