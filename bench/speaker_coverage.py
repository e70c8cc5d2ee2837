"""How many statement speakers the pipeline resolves to an actor, and a sample to check by hand.

    .venv/bin/python bench/speaker_coverage.py [--articles 150] [--sample 50] [--seed 4] [--corpus PATH]

Reads the same spread of articles as ``actor_coverage.py`` (PolNeAR train texts dated by their file names by
default, or a JSONL file of dated articles such as the Wikinews corpus), runs the whole pipeline and prints
the share of statements with a speaker whose speaker has an actor, by how the speaker was resolved; the most
frequent speakers left without one; then ``--sample`` resolved speakers drawn at random with their sentence,
for a person to mark right or wrong.

A second figure leaves out the speakers that are not referring expressions, by form, whatever they resolved
to: generic "you" and "one", demonstratives and quantifiers standing alone ("that", "some", "many of them").
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from actor_coverage import print_sample, spread
from corpus import POLNEAR_TRAIN, machine, table
from dragoman.pipeline import Pipeline

# Speaker forms that refer to no one in particular (see the module doc), in lower case.
NON_REFERRING = frozenset(
    "you one this these those some many most others all both few several each either neither "
    "nobody everyone anyone someone somebody everybody".split()
) | {"many of them", "some of them", "most of them", "all of them"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--articles", type=int, default=150, help="articles read, spread over the corpus")
    parser.add_argument("--sample", type=int, default=50, help="resolved speakers printed for checking")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--missed", type=int, default=30, help="unresolved speaker texts listed")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    articles = spread(args.corpus, args.articles)
    speakers: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    pool = []
    generic = [0, 0]  # speakers of a non-referring form, those of them with an actor
    for extraction in Pipeline().process_many(articles):
        text = extraction.article.text
        for statement in extraction.statements:
            speaker = statement.speaker
            if speaker is None:
                continue
            how = speaker.how or "-"
            if speaker.text.lower() in NON_REFERRING:
                generic[0] += 1
                generic[1] += bool(speaker.actor_id)
            speakers[how] += 1
            if speaker.actor_id:
                resolved[how] += 1
                left = text.rfind("\n", 0, speaker.start) + 1
                context = text[max(left, speaker.start - 60) : speaker.end + 60].replace("\n", " ")
                pool.append((extraction.article.source.rsplit("/", 1)[-1], speaker, context))
            else:
                missed[speaker.text] += 1
    print(f"corpus: {len(articles)} articles from {args.corpus}")
    rows = [
        [how, f"{n:,}", f"{resolved[how]:,}", f"{resolved[how] / n:.1%}"] for how, n in speakers.most_common()
    ]
    total, hit = sum(speakers.values()), sum(resolved.values())
    rows.append(["all", f"{total:,}", f"{hit:,}", f"{hit / max(1, total):.1%}"])
    print(table(["speaker how", "speakers", "with an actor", "share"], rows))
    referring, referring_hit = total - generic[0], hit - generic[1]
    print(
        f"referring speakers (without {generic[0]:,} of a non-referring form): {referring_hit:,} of "
        f"{referring:,} with an actor ({referring_hit / max(1, referring):.1%})"
    )
    print(table(["unresolved speaker", "times"], [[t, str(n)] for t, n in missed.most_common(args.missed)]))
    print_sample(pool, args.sample, args.seed, "speakers", lambda s: s.how or "-")


if __name__ == "__main__":
    main()
