"""The gazetteer's cost: load time and memory, lookup speed, and what geocoding and dating add per article.

    .venv/bin/python bench/gazetteer.py [--articles N] [--corpus DIR]

Prints markdown tables. Load time and memory are measured in a fresh child process (the gazetteer is
cached per process, so a second load in this one would cost nothing): wall time of ``Gazetteer.load()``, the
Python heap it holds (tracemalloc) and the growth of the process's resident memory. The per-article part
times ``find_places``, ``locate_events`` and ``date_events`` against the spaCy parse of the same articles
(PolNeAR train texts by default). ``measure_load()`` is what ``bench/throughput.py`` can call for a row.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from corpus import POLNEAR_TRAIN, load_articles, machine, table

CHILD = """
import json, os, sys, time, tracemalloc
def rss():  # current resident memory in MB
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
from dragoman.places import Gazetteer
before = rss()
traced = sys.argv[1] == "heap"
if traced:
    tracemalloc.start()  # slows the load several times over: timed in a separate run
started = time.perf_counter()
gazetteer = Gazetteer.load()
result = {"seconds": time.perf_counter() - started, "rss_mb": rss() - before, "entries": len(gazetteer),
          "names": len(gazetteer.names)}
if traced:
    result["heap_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
else:
    names = ["Tripoli", "Deir al-Zour", "Kharkov", "Alexandria", "Hmeimim", "Springfield", "Nowhere"] * 2000
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    result["lookups_per_s"] = len(names) / (time.perf_counter() - started)
print(json.dumps(result))
"""


def measure_load() -> dict[str, float]:
    """Load time (s), heap (MB), resident growth (MB), entries, names and lookups/s, in a fresh process."""
    runs = {}
    for mode in ("time", "heap"):
        done = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True)
        runs[mode] = json.loads(done.stdout)
    return {**runs["time"], "heap_mb": runs["heap"]["heap_mb"]}


def measure_articles(corpus: Path, count: int) -> dict[str, float]:
    """Seconds spent parsing ``count`` articles and in each places/dates stage on them."""
    from dragoman.dates import date_events
    from dragoman.pipeline import Pipeline
    from dragoman.places import Gazetteer, find_places, locate_events

    articles, _ = load_articles(corpus, count)
    pipeline = Pipeline()
    gazetteer = Gazetteer.load()
    from dragoman.nlp import parse_articles

    timings = {
        "parse": 0.0,
        "rest of extract": 0.0,
        "find_places": 0.0,
        "locate_events": 0.0,
        "date_events": 0.0,
    }
    places = 0
    started = time.perf_counter()
    parsed_all = list(parse_articles(pipeline.nlp, articles, components=(pipeline.ruler,)))
    timings["parse"] = time.perf_counter() - started
    for parsed in parsed_all:
        started = time.perf_counter()
        extraction = pipeline.extract(parsed)  # includes places and dates; timed separately below
        timings["rest of extract"] += time.perf_counter() - started
        mentions = list(extraction.mentions)
        started = time.perf_counter()
        found = find_places(parsed, mentions, gazetteer)
        timings["find_places"] += time.perf_counter() - started
        started = time.perf_counter()
        events = locate_events(list(extraction.events), found, parsed)
        timings["locate_events"] += time.perf_counter() - started
        started = time.perf_counter()
        date_events(events, parsed)
        timings["date_events"] += time.perf_counter() - started
        places += len(found)
    staged = timings["find_places"] + timings["locate_events"] + timings["date_events"]
    timings["rest of extract"] -= staged  # extract ran the three stages once more
    timings["articles"] = len(parsed_all)
    timings["places"] = places
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN, help="directory of .txt articles")
    parser.add_argument("--articles", type=int, default=100, help="articles for the per-article part")
    args = parser.parse_args()
    print(f"machine: {machine()}\n")

    load = measure_load()
    print(
        table(
            ["gazetteer", "value"],
            [
                ["entries", f"{load['entries']:,}"],
                ["folded names", f"{load['names']:,}"],
                ["load time (fresh process)", f"{load['seconds']:.2f} s"],
                ["Python heap held", f"{load['heap_mb']:.0f} MB"],
                ["resident memory growth", f"{load['rss_mb']:.0f} MB"],
                ["lookups", f"{load['lookups_per_s']:,.0f} /s"],
            ],
        )
    )
    timings = measure_articles(args.corpus, args.articles)
    articles = timings.pop("articles")
    places = timings.pop("places")
    total = sum(timings.values())
    print(f"\n{articles:.0f} articles, {places:.0f} places ({args.corpus})\n")
    print(
        table(
            ["stage", "seconds", "ms/article", "share"],
            [
                [stage, f"{seconds:.2f}", f"{1000 * seconds / articles:.1f}", f"{seconds / total:.1%}"]
                for stage, seconds in timings.items()
            ],
        )
    )


if __name__ == "__main__":
    main()
