"""Extraction speed against raw spaCy, in one process, on the same texts in the same run.

    .venv/bin/python bench/throughput.py [--articles N] [--corpus DIR]

Prints markdown tables: words/s and articles/s of raw ``nlp.pipe`` over the cleaned article texts and of
``Pipeline.process_many`` (what ``dragoman extract`` runs), their ratio (target >= 0.8), the share of each
stage (in a third, sampled pass: see ``stages.py``) and the peak memory of this process (target < 1 GB).
The two runs alternate over chunks of ``--chunk`` articles so that both see the same load on a shared
machine; CPU seconds of this process are printed beside wall seconds for the same reason.
The corpus defaults to the PolNeAR train texts in ../shared/eval/polnear/train/text.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from alternate import raw_and_pipeline, sampled_stages, stock_model
from corpus import POLNEAR_TRAIN, load_articles, machine, table, word_count
from dragoman.distributed import peak_memory_mb
from dragoman.model import Extraction
from dragoman.pipeline import Pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN, help="directory of .txt articles")
    parser.add_argument("--articles", type=int, default=None, help="use the first N articles only")
    parser.add_argument("--chunk", type=int, default=20, help="articles per alternation of the two runs")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    articles, read_seconds = load_articles(args.corpus, args.articles)
    words = word_count(articles)
    print(
        f"corpus: {len(articles):,} articles, {words:,} words ({args.corpus}); "
        f"read and cleaned in {read_seconds:.1f} s"
    )

    started = time.perf_counter()
    pipeline = Pipeline()
    load_seconds = time.perf_counter() - started
    after_load_mb = peak_memory_mb()
    nlp = stock_model(pipeline, articles)

    records = {"statements": 0, "events": 0, "mentions": 0, "places": 0}

    def count(extraction: Extraction) -> None:
        for kind in records:
            records[kind] += len(getattr(extraction, kind))

    raw, extract = raw_and_pipeline(nlp, pipeline, articles, args.chunk, count)
    raw_seconds, raw_cpu, pipeline_seconds, pipeline_cpu = raw.wall, raw.cpu, extract.wall, extract.cpu
    sampler = sampled_stages(pipeline, articles, args.chunk)

    # Wall time is what a user waits; CPU time of this process is the fairer figure on a shared machine.
    rows = []
    for name, seconds, cpu in (
        ("raw spaCy `nlp.pipe` (whole texts)", raw_seconds, raw_cpu),
        ("dragoman `Pipeline.process_many`", pipeline_seconds, pipeline_cpu),
    ):
        rows.append(
            [
                name,
                f"{seconds:.1f}",
                f"{len(articles) / seconds:.2f}",
                f"{words / seconds:,.0f}",
                f"{raw_seconds / seconds:.2f}",
                f"{cpu:.1f}",
                f"{words / cpu:,.0f}",
                f"{raw_cpu / cpu:.2f}",
            ]
        )
    print()
    print(
        table(["run", "wall s", "articles/s", "words/s", "ratio", "CPU s", "words/CPU s", "CPU ratio"], rows)
    )
    print()
    print(
        table(
            ["stage (separate sampled pass)", "seconds", "share"],
            [[stage, f"{seconds:.1f}", f"{share:.1%}"] for stage, seconds, share in sampler.shares()],
        )
    )
    print()
    print("records: " + ", ".join(f"{count:,} {kind}" for kind, count in records.items()))
    print(
        f"model and dictionaries loaded in {load_seconds:.1f} s ({after_load_mb:.0f} MB); "
        f"peak memory of this process (both runs, {args.chunk} whole texts per raw batch): "
        f"{peak_memory_mb():.0f} MB (target < 1024)"
    )


if __name__ == "__main__":
    main()
