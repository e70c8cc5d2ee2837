"""What the event coder makes of election news: events by CAMEO root, the share of 010 (make statement)
and of material conflict (18x-20x), with a sample of the material-conflict events to check by hand.

    .venv/bin/python bench/event_mix.py [--articles 300] [--sample 20] [--corpus DIR]

PolNeAR's texts are 2016 US election news, with almost no real violence: nearly every 18x-20x event found
there is a metaphor ("crushed", "beat", "ripping into") coded as war.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from actor_coverage import spread
from corpus import POLNEAR_TRAIN, machine, table
from dragoman.pipeline import Pipeline

MATERIAL_CONFLICT = ("18", "19", "20")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--sample", type=int, default=20, help="material-conflict events printed")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    articles = spread(args.corpus, args.articles)
    roots: Counter[str] = Counter()
    statements = 0
    material = []
    for extraction in Pipeline().process_many(articles):
        text = extraction.article.text
        for event in extraction.events:
            roots[event.cameo_root] += 1
            statements += event.cameo == "010"
            if event.cameo_root in MATERIAL_CONFLICT:
                sentence = next(s for s in extraction.sentences if s.index == event.sentence)
                material.append((event, text[sentence.start : sentence.end]))
    total = sum(roots.values())
    rows = [[root, str(count), f"{count / total:.3f}"] for root, count in sorted(roots.items())]
    print(table(["root", "events", "share"], rows))
    print(
        f"\n{len(articles)} articles, {total} events; 010: {statements} ({statements / max(total, 1):.3f});"
        f" 18x-20x: {len(material)} ({len(material) / max(total, 1):.3f})"
    )
    for event, sentence in random.Random(args.seed).sample(material, min(args.sample, len(material))):
        source = event.source.text if event.source else "-"
        target = event.target.text if event.target else "-"
        print(f"- {event.cameo} {source} -> {target} [{event.action.text}]: {sentence[:160]}")


if __name__ == "__main__":
    main()
