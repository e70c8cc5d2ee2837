"""How much of a corpus the actor layer resolves, and a sample to check by hand for precision.

    .venv/bin/python bench/actor_coverage.py [--articles 120] [--sample 50] [--seed 4] [--corpus PATH]

Reads every k-th article of the corpus (PolNeAR train texts by default, dated by their file names; or a JSONL
file of dated articles such as the Wikinews corpus),
parses it with the model alone (no entity ruler, so the model's own entities are what is counted), resolves
its mentions and prints: the share of the model's PERSON, ORG, GPE and NORP entities that overlap a resolved
mention, by label; the mentions by ``how``; the seconds spent parsing and resolving; then ``--sample``
resolved mentions drawn at random with their sentence, for a person to mark right or wrong.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from corpus import POLNEAR_TRAIN, machine, table
from dragoman.actors import load_kb, resolve_mentions
from dragoman.ingest import ReadOptions, read_inputs
from dragoman.model import Article
from dragoman.nlp import load_model, parse_articles

LABELS = ("PERSON", "ORG", "GPE", "NORP")
DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def spread(directory: Path, count: int) -> list[Article]:
    """``count`` articles taken evenly across the sorted corpus (a directory of ``.txt`` files, each dated
    from its file name, or a JSONL file of dated articles such as the Wikinews corpus)."""
    if directory.is_file():
        records = [i for i in read_inputs([str(directory)], ReadOptions()) if isinstance(i, Article)]
        return records[:: max(1, len(records) // count)][:count]
    paths = sorted(directory.glob("*.txt"))
    step = max(1, len(paths) // count)
    chosen = [str(p) for p in paths[::step][:count]]
    articles = []
    for item in read_inputs(chosen, ReadOptions()):
        if isinstance(item, Article):
            match = DATE_IN_NAME.search(item.source)
            articles.append(replace(item, published=match[1]) if match else item)
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--articles", type=int, default=120, help="articles read, spread over the corpus")
    parser.add_argument("--sample", type=int, default=50, help="resolved mentions printed for checking")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    print(f"machine: {machine()}")
    kb = load_kb()
    nlp = load_model()
    articles = spread(args.corpus, args.articles)
    entities: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    hows: Counter[str] = Counter()
    pool = []
    parse_seconds = resolve_seconds = 0.0
    started = time.perf_counter()
    for parsed in parse_articles(nlp, articles):
        parse_seconds += time.perf_counter() - started
        started = time.perf_counter()
        mentions = resolve_mentions(parsed, kb)
        resolve_seconds += time.perf_counter() - started
        hows.update(m.how for m in mentions)
        spans = [(m.start, m.end) for m in mentions if m.actor_id]
        for paragraph in parsed.paragraphs:
            for ent in paragraph.doc.ents:
                if ent.label_ not in LABELS:
                    continue
                start, end = paragraph.span_offsets(ent)
                entities[ent.label_] += 1
                if any(s < end and start < e for s, e in spans):
                    resolved[ent.label_] += 1
        text = parsed.article.text
        for mention in mentions:
            if mention.actor_id:
                left = text.rfind("\n", 0, mention.start) + 1
                right = text.find("\n", mention.end)
                context = text[
                    max(left, mention.start - 70) : min(right if right >= 0 else len(text), mention.end + 50)
                ]
                pool.append((parsed.article.source.rsplit("/", 1)[-1], mention, context.replace("\n", " ")))
        started = time.perf_counter()

    print(f"corpus: {len(articles)} articles from {args.corpus}; knowledge base: {len(kb):,} actors")
    rows = [
        [
            label,
            f"{entities[label]:,}",
            f"{resolved[label]:,}",
            f"{resolved[label] / max(1, entities[label]):.1%}",
        ]
        for label in LABELS
    ]
    total, hit = sum(entities.values()), sum(resolved.values())
    rows.append(["all four", f"{total:,}", f"{hit:,}", f"{hit / max(1, total):.1%}"])
    print(table(["model entity label", "entities", "resolved", "share"], rows))
    print(table(["how", "mentions"], [[how, f"{n:,}"] for how, n in hows.most_common()]))
    print(
        f"parse {parse_seconds:.1f} s, resolve {resolve_seconds:.1f} s "
        f"({resolve_seconds / max(parse_seconds, 1e-9):.1%} of parsing)"
    )
    print_sample(pool, args.sample, args.seed, "mentions", lambda m: f"{m.how}, {m.score}")


def print_sample(pool: list, count: int, seed: int, what: str, how: Callable[[Any], str]) -> None:
    """``count`` (file, resolved span, context) drawn at random from ``pool``, one numbered line each."""
    print(f"\n{count} resolved {what} drawn at random (seed {seed}):")
    for number, (name, span, context) in enumerate(
        random.Random(seed).sample(pool, min(count, len(pool))), 1
    ):
        resolved = f"{span.name} [{span.code or '-'}] ({how(span)})"
        print(f"{number:>2}. {span.text!r} -> {resolved} | {name} | …{context}…")


if __name__ == "__main__":
    main()
