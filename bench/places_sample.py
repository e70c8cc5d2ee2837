"""Print place mentions from PolNeAR train texts with the place chosen for each, to check by hand.

    .venv/bin/python bench/places_sample.py [--seed 11] [--mentions 100] [--skip-seeds 6 2026 7]

The texts are shuffled with ``--seed``; articles among the first ``--skip-window`` of the shuffles with the
``--skip-seeds`` are left out (samples already read while developing), so a new seed gives a sample nobody
has tuned on. Each line: number, file, mention, chosen entry (country, admin1, precision, id) and context.
Nothing is scored automatically: PolNeAR has no place annotation; the judgement is a reader's.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from corpus import POLNEAR_TRAIN


def shuffled(corpus: Path, seed: int) -> list[Path]:
    files = sorted(corpus.glob("*.txt"))
    random.Random(seed).shuffle(files)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--mentions", type=int, default=100)
    parser.add_argument("--per-article", type=int, default=4)
    parser.add_argument("--skip-seeds", type=int, nargs="*", default=[6, 2026, 7])
    parser.add_argument("--skip-window", type=int, default=40)
    args = parser.parse_args()

    from dragoman.ingest.readers import ReadOptions, make_article
    from dragoman.pipeline import Pipeline

    skipped = {f.name for seed in args.skip_seeds for f in shuffled(args.corpus, seed)[: args.skip_window]}
    pipeline = Pipeline()
    count = 0
    for path in shuffled(args.corpus, args.seed):
        if path.name in skipped:
            continue
        article = make_article(path.read_text(encoding="utf-8"), path.name, ReadOptions())
        places = pipeline.process(article).places[: args.per_article]
        for place in places:
            count += 1
            context = article.text[max(0, place.start - 60) : place.end + 40].replace("\n", " ")
            print(
                f"{count:3d} | {path.name[:40]} | {place.text!r} -> {place.name} ({place.country}, "
                f"{place.admin1}, {place.precision}, {place.id}) | ...{context}..."
            )
            if count >= args.mentions:
                return


if __name__ == "__main__":
    main()
