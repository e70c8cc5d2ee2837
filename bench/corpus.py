"""What the benches share: the corpus (PolNeAR train texts, read through dragoman's ingest), the machine
description printed above every table, and markdown tables (peak memory is
``dragoman.distributed.peak_memory_mb``)."""

from __future__ import annotations

import dataclasses
import os
import platform
import time
from pathlib import Path

from dragoman.ingest import ReadOptions, read_inputs
from dragoman.model import Article

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_TRAIN = ROOT.parent / "shared" / "eval" / "polnear" / "train" / "text"


def load_articles(directory: Path, limit: int | None = None) -> tuple[list[Article], float]:
    """The cleaned articles of ``directory`` (sorted by name, at most ``limit``) and the seconds it took."""
    if not directory.is_dir():
        raise SystemExit(f"{directory}: corpus not found (pass --corpus DIR with .txt files)")
    paths = sorted(str(p) for p in directory.glob("*.txt"))[:limit]
    started = time.perf_counter()
    articles = [item for item in read_inputs(paths, ReadOptions()) if isinstance(item, Article)]
    return articles, time.perf_counter() - started


def repeat_to(articles: list[Article], count: int) -> list[Article]:
    """``count`` articles cycling through ``articles``; each repetition gets its own id and source, so the
    store writes every copy (its near-duplicate detector marks the copies, as it would real reposts)."""
    out = []
    for number in range(count):
        original = articles[number % len(articles)]
        copy = number // len(articles)
        if copy:
            original = dataclasses.replace(
                original, id=f"{original.id}-{copy}", source=f"{original.source}#{copy}"
            )
        out.append(original)
    return out


def word_count(articles: list[Article]) -> int:
    return sum(len(article.text.split()) for article in articles)


def machine() -> str:
    """One line: cores, memory, CPU model, load average, Python and spaCy versions."""
    import spacy

    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as info:
        total_kb = int(info.readline().split()[1])
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{len(os.sched_getaffinity(0))} cores ({model}), {total_kb / 1024**2:.0f} GB RAM, "
        f"load average {load}; "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table, numbers right-aligned."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
