"""From one process to a Dask cluster: throughput, memory and start-up on the same texts, in one run.

    .venv/bin/python bench/scale.py [--articles N] [--corpus DIR] [--workers 1,2]

Runs, over the same articles (the PolNeAR train texts, cycled to N articles; default 2,520, three times the
840 texts): raw spaCy ``nlp.pipe`` (the stock model, whole texts) and extraction (``Pipeline.process_many``,
what ``dragoman extract`` runs) in this process, alternating every 20 articles; then ``ingest --workers W``
for each W (``dragoman.distributed.run`` with this process writing every partition to a fresh SQLite
store, as the command does). Prints articles/s and words/s, the speed-up over one worker (target 1.7x for
two on two cores), the peak memory of each worker (target < 1 GB), the cluster start-up time (target
< 5 s), the share of each stage (read and clean, NLP, actors, statements, events, places/dates, store; from
a separate sampled pass) and the cluster size one million articles a day needs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from alternate import raw_and_pipeline, sampled_stages, stock_model
from corpus import POLNEAR_TRAIN, load_articles, machine, repeat_to, table, word_count
from dragoman import distributed
from dragoman.distributed import peak_memory_mb
from dragoman.model import Extraction
from dragoman.pipeline import Pipeline
from dragoman.store import Store

ARTICLES_PER_DAY = 1_000_000
SECONDS_PER_DAY = 86_400
# Articles per alternation of raw spaCy and extraction, and per raw nlp.pipe batch (whole articles: spaCy's
# default batch of 1000 of them needs GBs).
CHUNK = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN, help="directory of .txt articles")
    parser.add_argument("--articles", type=int, default=2520, help="articles in the run (the corpus cycled)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts for ingest")
    parser.add_argument("--partition-size", type=int, default=distributed.DEFAULT_PARTITION_SIZE)
    parser.add_argument(
        "--stage-articles", type=int, default=100, help="articles in the sampled pass for stage shares"
    )
    parser.add_argument(
        "--no-shards", action="store_true", help="skip the --out DIR run with the most workers"
    )
    args = parser.parse_args()
    worker_counts = [int(n) for n in args.workers.split(",")]

    print(f"machine: {machine()}")
    texts, read_seconds = load_articles(args.corpus)
    articles = repeat_to(texts, args.articles)
    words = word_count(articles)
    read_per_article = read_seconds / len(texts)
    print(
        f"corpus: {len(articles):,} articles ({len(texts):,} texts of {args.corpus} cycled), {words:,} words"
    )

    rows: list[list[str]] = []

    def row(name: str, seconds: float, note: str = "") -> None:
        rows.append(
            [name, f"{seconds:.1f}", f"{len(articles) / seconds:.2f}", f"{words / seconds:,.0f}", note]
        )

    pipeline = Pipeline()
    nlp = stock_model(pipeline, articles)
    extractions: list[Extraction] = []
    raw, extract = raw_and_pipeline(nlp, pipeline, articles, CHUNK, extractions.append)
    raw_seconds, extract_seconds = raw.wall, extract.wall
    row("raw spaCy `nlp.pipe`, one process", raw_seconds)
    row("extract, one process", extract_seconds, f"{raw_seconds / extract_seconds:.2f} of raw spaCy")
    sampled = articles[: args.stage_articles]
    sampler = sampled_stages(pipeline, sampled, CHUNK)

    with tempfile.TemporaryDirectory() as scratch:
        with Store(Path(scratch) / "serial.db") as store:
            started = time.perf_counter()
            store.ingest(extractions)
            store_seconds = time.perf_counter() - started
        del extractions

        runs: dict[int, distributed.RunSummary] = {}
        # CPU the driver (this process: scheduling, unpickling, writing) takes from the workers' cores.
        driver_cpu: dict[int | str, float] = {}
        for count in worker_counts:
            with Store(Path(scratch) / f"workers-{count}.db") as store:
                cpu_started = time.process_time()
                runs[count] = distributed.run(
                    articles,
                    pipeline.settings,
                    workers=count,
                    partition_size=args.partition_size,
                    on_result=lambda result, store=store: store.ingest(result.extractions),
                )
                driver_cpu[count] = time.process_time() - cpu_started
        if not args.no_shards:
            most = max(worker_counts)
            cpu_started = time.process_time()
            shards = distributed.run(
                articles,
                pipeline.settings,
                workers=most,
                partition_size=args.partition_size,
                out_dir=Path(scratch) / "shards",
            )
            driver_cpu["shards"] = time.process_time() - cpu_started
        for count, run in [*runs.items(), *([] if args.no_shards else [("shards", shards)])]:
            if run.failures:
                print(f"{len(run.failures)} failure(s) in the {count} run, first: {run.failures[0].line()}")

    base = runs.get(1)
    for count, run in runs.items():
        note = f"{base.seconds / run.seconds:.2f}x one worker" if base and count != 1 else ""
        note = ", ".join(filter(None, [note, f"driver CPU {driver_cpu[count]:.0f} s"]))
        row(f"ingest --workers {count} (store written by this process)", run.seconds, note)
    if not args.no_shards:
        note = f"{base.seconds / shards.seconds:.2f}x one worker" if base else ""
        note = ", ".join(filter(None, [note, f"driver CPU {driver_cpu['shards']:.0f} s"]))
        row(f"ingest --workers {most} --out DIR (workers write Parquet shards)", shards.seconds, note)

    print()
    print(table(["run", "seconds", "articles/s", "words/s", "note"], rows))
    print()
    print(
        table(
            ["workers", "cluster up (s)", "pipelines loaded (s)", "peak memory per worker (MB)"],
            [
                [
                    str(count),
                    f"{run.cluster_seconds:.1f}",
                    f"{run.startup_seconds:.1f}",
                    ", ".join(f"{mb:.0f}" for mb in sorted(run.worker_peak_mb.values())),
                ]
                for count, run in runs.items()
            ],
        )
    )

    stage_seconds = dict(sampler.seconds)
    stage_seconds["ingest (read and clean)"] = read_per_article * len(sampled)
    stage_seconds["store (SQLite, one writer)"] = store_seconds * len(sampled) / len(articles)
    total = sum(stage_seconds.values())
    print()
    print(
        table(
            [f"stage (one process, {len(sampled)} articles: read, extract, store)", "seconds", "share"],
            [
                [stage, f"{seconds:.1f}", f"{seconds / total:.1%}"]
                for stage, seconds in sorted(stage_seconds.items(), key=lambda item: -item[1])
            ],
        )
    )

    print()
    print(estimate(runs, store_seconds, len(articles), words))
    print(f"peak memory of this (driver) process: {peak_memory_mb():.0f} MB")


def estimate(runs: dict[int, distributed.RunSummary], store_seconds: float, articles: int, words: int) -> str:
    """How many worker processes (one core each) a million articles a day needs, from the best run here."""
    needed = ARTICLES_PER_DAY / SECONDS_PER_DAY
    count, run = max(runs.items(), key=lambda item: item[1].processed / item[1].seconds / item[0])
    per_worker = run.processed / run.seconds / count
    workers = needed / per_worker
    writer = articles / store_seconds
    return (
        f"1M articles/day = {needed:.1f} articles/s (at {words / articles:,.0f} words each). Measured "
        f"{per_worker:.2f} articles/s per worker core ({count} worker(s)) → about {workers:.0f} worker cores "
        f"at 100% use, {workers / 0.7:.0f} at a safer 70%. One SQLite writer stores {writer:.0f} articles/s "
        f"({'enough' if writer > needed else 'not enough: use --out DIR shards'}) for that rate."
    )


if __name__ == "__main__":
    main()
