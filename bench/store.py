"""Store benchmark: write rate, filtered queries on a large store, and exports in constant memory.

    .venv/bin/python bench/store.py                  # 1,000,000 events (takes minutes)
    .venv/bin/python bench/store.py --events 100000  # a quicker look

Records are synthetic (no spaCy): articles of 20 events between 60 actors, dates over two years. Prints
one table; the machine is named in its last lines.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from dragoman.model import ActorRef, Article, Event, Extraction, Sentence, Span, stable_id
from dragoman.store import Store

EVENTS_PER_ARTICLE = 20
COUNTRIES = ["RUS", "USA", "SYR", "TUR", "IRN", "ISR", "FRA", "GBR", "CHN", "UKR"]
SECTORS = ["GOV", "MIL", "REB", "OPP", "MED", "CVL"]
ACTORS = [(f"{c.lower()}-{s.lower()}", f"{c} {s}", c + s) for c in COUNTRIES for s in SECTORS]
CAMEO = [
    ("010", 1, 0.0),
    ("036", 1, 4.0),
    ("051", 1, 3.4),
    ("070", 2, 7.0),
    ("112", 3, -2.0),
    ("130", 3, -4.4),
    ("173", 4, -5.0),
    ("190", 4, -10.0),
    ("0874", 2, 9.0),
    ("1712", 4, -9.2),
]
WORDS = (
    "talks ceasefire border convoy sanctions minister statement troops aid council envoy strike "
    "agreement summit negotiations protest refugees pipeline election embassy"
).split()


def synthetic(count: int, seed: int = 7) -> Iterator[Extraction]:
    """``count`` articles of ``EVENTS_PER_ARTICLE`` events each, one sentence an event."""
    rng = random.Random(seed)
    for number in range(count):
        day = f"{2023 + number % 2}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        article_id = stable_id("bench", number)
        sentences, events, offset = [], [], 0
        for index in range(EVENTS_PER_ARTICLE):
            source, target = rng.sample(ACTORS, 2)
            cameo, quad, goldstein = rng.choice(CAMEO)
            text = f"{source[1]} met {target[1]} about {rng.choice(WORDS)} and {rng.choice(WORDS)} {number}."
            start = offset
            sentences.append(Sentence(article_id, index, start, start + len(text), text))
            src = ActorRef(source[1], start, start + len(source[1]), source[0], source[1], source[2])
            at = start + len(source[1]) + 1
            tgt_start = at + 4
            tgt = ActorRef(target[1], tgt_start, tgt_start + len(target[1]), target[0], target[1], target[2])
            events.append(
                Event(
                    id=stable_id(article_id, at),
                    article_id=article_id,
                    sentence=index,
                    source=src,
                    target=tgt,
                    action=Span("met", at, at + 3),
                    cameo=cameo,
                    cameo_root=cameo[:2],
                    plover=None,
                    plover_mode=None,
                    quad_class=quad,
                    goldstein=goldstein,
                    date=day,
                    date_precision="day",
                )
            )
            offset += len(text) + 1
        text = " ".join(s.text for s in sentences)
        article = Article(id=article_id, source=f"bench/{number}.txt", text=text, published=day)
        yield Extraction(article, tuple(sentences), (), (), tuple(events))


def timed(function, *args, **kwargs) -> tuple[float, float, object]:
    """Wall seconds, CPU seconds of this process (SQLite runs in it) and the result. On a shared machine
    the CPU figure says what the code costs, the wall figure what a user waited."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, time.process_time() - cpu, result


def write_rate(
    directory: Path, articles: int, dedupe: bool, runs: int = 5
) -> tuple[list[float], list[float]]:
    """Events per wall second and per CPU second of ``runs`` runs, each writing records built beforehand
    into a new store (one run on a shared machine can be off by a third either way)."""
    records = list(synthetic(articles, seed=1))
    walls, cpus = [], []
    for run in range(runs):
        path = directory / f"write-{dedupe}-{run}.db"
        path.unlink(missing_ok=True)
        with Store(path, dedupe_threshold=0.6 if dedupe else None) as store:
            wall, cpu, summary = timed(store.ingest, records)
        walls.append(summary.events / wall)
        cpus.append(summary.events / cpu)
    return walls, cpus


QUERIES = [
    ("events actor=RUS (prefix), limit 100", lambda s: list(s.events(actor="RUS", limit=100))),
    ("events source=SYRREB target=TURMIL, all", lambda s: list(s.events(source="SYRREB", target="TURMIL"))),
    (
        "events cameo=19 quad=4 since/until 1 month, all",
        lambda s: list(s.events(cameo="19", quad=4, since="2024-04", until="2024-04")),
    ),
    (
        "events text='ceasefire convoy', limit 100",
        lambda s: list(s.events(text="ceasefire convoy", limit=100)),
    ),
    ("count events actor=IRNGOV quad=3", lambda s: s.count("events", actor="IRNGOV", quad=3)),
    ("aggregate dyad per month, actor=USA", lambda s: s.aggregate("dyad", "month", actor="USA")),
    ("aggregate quad_class per month, all events", lambda s: s.aggregate("quad_class", "month")),
    ("aggregate per month (the dashboard's timeline), all events", lambda s: s.aggregate(None, "month")),
    ("articles since 2024-06 with counts, limit 100", lambda s: list(s.articles(since="2024-06", limit=100))),
]


def export_peak(db: Path, output_format: str, limit: int, out: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of exporting ``limit`` events in a fresh process."""
    code = (
        "import time\n"
        "from dragoman.store import Store\nfrom dragoman.export import export\n"
        "start = time.perf_counter()\n"
        f"export(Store({str(db)!r}, readonly=True), {output_format!r}, {str(out)!r}, limit={limit})\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(time.perf_counter() - start, int(peak) / 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, peak = map(float, result.stdout.split())
    return seconds, peak


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="size of the query/export store")
    parser.add_argument("--dir", help="where to build the databases (default: a temporary directory)")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["writes", "queries", "exports"],
        help="leave out a part (repeatable); the large store is built only when missing",
    )
    args = parser.parse_args()
    directory = Path(args.dir or tempfile.mkdtemp(prefix="dragoman-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str]] = []

    for dedupe in (False, True) if "writes" not in args.skip else ():
        walls, cpus = write_rate(directory, 2_000, dedupe)
        label = f"write 40,000 events{' (with near-duplicate check)' if dedupe else ''}, 5 runs"
        # The best run is what the code can do (timeit's rule: slower runs are the machine's other work);
        # the median is what to expect on a busy machine.
        rows.append(
            (
                label,
                f"best {max(cpus):,.0f} events per CPU-second ({max(walls):,.0f}/s wall); "
                f"median {statistics.median(cpus):,.0f} ({statistics.median(walls):,.0f}/s wall)",
            )
        )

    db = directory / "large.db"
    if not db.exists():
        with Store(db, dedupe_threshold=None) as store:
            wall, cpu, summary = timed(store.ingest, synthetic(args.events // EVENTS_PER_ARTICLE))
        rate = f"{summary.events / wall:,.0f}/s wall, {summary.events / cpu:,.0f} per CPU-second"
        rows.append((f"build store of {summary.events:,} events (records made on the fly)", rate))
    Store(db, dedupe_threshold=None).close()  # brings a store built by an older version to this schema
    with Store(db, readonly=True) as store:
        total = store.count("events")
        for name, query in QUERIES if "queries" not in args.skip else ():
            wall, cpu, result = timed(query, store)
            size = result if isinstance(result, int) else len(result)
            value = f"{wall * 1000:,.0f} ms wall, {cpu * 1000:,.0f} ms CPU ({size:,} rows)"
            rows.append((f"query on {total:,}: {name}", value))

    for output_format, suffix in (
        (("gdelt", "tsv"), ("parquet", "parquet")) if "exports" not in args.skip else ()
    ):
        for limit in (total // 10, total):
            seconds, peak = export_peak(db, output_format, limit, directory / f"export-{limit}.{suffix}")
            rows.append(
                (
                    f"export {limit:,} events as {output_format}",
                    f"{seconds:.1f} s wall, peak RSS {peak:,.0f} MB",
                )
            )

    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"databases in {directory} (store file {db.stat().st_size / 1e6:,.0f} MB)")
    print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
