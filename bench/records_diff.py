"""Whether a change kept every record: extract corpora to JSONL, then compare with an earlier dump.

    .venv/bin/python bench/records_diff.py dump OUT_DIR [--polnear 300] [--wikinews 295]
    .venv/bin/python bench/records_diff.py compare BEFORE_DIR AFTER_DIR

``dump`` writes one JSONL file per corpus (the samples, the first ``--polnear`` PolNeAR train texts, the
first ``--wikinews`` Wikinews articles): one line per article, every record it gave. ``compare`` prints a
table of articles and records per kind, and how many differ, with the first differences in full; it exits
1 when anything differs, so a refactor that should change nothing can be checked in one line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from corpus import POLNEAR_TRAIN, ROOT, load_articles, machine, table
from dragoman.ingest import ReadOptions, read_inputs
from dragoman.model import Article
from dragoman.pipeline import Pipeline
from dragoman.settings import Settings

SAMPLES = ROOT / "src" / "dragoman" / "data" / "samples"
WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews" / "wikinews-2019-2021.jsonl"
KINDS = ("sentences", "mentions", "statements", "events", "places", "warnings")


def corpora(polnear: int, wikinews: int) -> dict[str, list[Article]]:
    samples, _ = load_articles(SAMPLES)
    news, _ = load_articles(POLNEAR_TRAIN, polnear)
    wiki = [item for item in read_inputs([str(WIKINEWS)], ReadOptions()) if isinstance(item, Article)]
    return {"samples": samples, "polnear": news, "wikinews": wiki[:wikinews]}


def dump(out: Path, polnear: int, wikinews: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pipeline = Pipeline(Settings(on_error="raise"))
    print(f"machine: {machine()}")
    for name, articles in corpora(polnear, wikinews).items():
        started = time.perf_counter()
        with (out / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for extraction in pipeline.process_many(articles):
                handle.write(json.dumps(extraction.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
        print(f"{name}: {len(articles)} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def read(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {record["article"]["id"]: record for record in map(json.loads, handle)}


def compare(before: Path, after: Path) -> int:
    rows, shown, differing = [], 0, 0
    for old_path in sorted(before.glob("*.jsonl")):
        old, new = read(old_path), read(after / old_path.name)
        counts = {kind: [0, 0] for kind in ("articles", *KINDS)}
        for article_id in sorted(old.keys() | new.keys()):
            a, b = old.get(article_id, {}), new.get(article_id, {})
            counts["articles"][0] += 1
            counts["articles"][1] += a.get("article") != b.get("article")
            for kind in KINDS:
                left, right = a.get(kind, []), b.get(kind, [])
                counts[kind][0] += len(right)
                changed = sum(x != y for x, y in zip(left, right, strict=False)) + abs(len(left) - len(right))
                counts[kind][1] += changed
                if changed and shown < 5:
                    shown += 1
                    print(f"{old_path.stem} {article_id} {kind}:\n  before {left}\n  after  {right}")
        differing += sum(d for _, d in counts.values())
        rows.append([old_path.stem, *(f"{n} ({d} differ)" for n, d in counts.values())])
    print(table(["corpus", "articles", *KINDS], rows))
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--polnear", type=int, default=300)
    dumping.add_argument("--wikinews", type=int, default=295)
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.polnear, args.wikinews)
    else:
        raise SystemExit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
