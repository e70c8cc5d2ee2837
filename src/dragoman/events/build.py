"""Rebuild the bundled event data files from the field's sources.

    python -m dragoman.events.build ../shared/dictionaries

writes ``data/events/cameo.tsv`` (PLOVER crosswalk + GDELT Goldstein + CAMEO roots), ``verbs.jsonl``
(Phoenix CAMEO.2.0 verb dictionary, then dragoman's additions in ``data/events/dragoman.verbs.txt``) and
``discards.jsonl`` (Phoenix discards), and prints the dictionary lines it skipped, with file and line.
Run it only when a source changes; the runtime reads the outputs.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from .patterns import write_jsonl
from .petrarch_format import read_discard_file, read_verb_file
from .tables import CAMEO_COLUMNS, build_cameo_rows, data_path


def build(shared_dictionaries: Path) -> list[str]:
    """Write the three data files; returns the report lines (skipped dictionary lines, counts)."""
    rows = build_cameo_rows(
        shared_dictionaries / "plover" / "CAMEO2PLOVER-2021.txt",
        shared_dictionaries / "gdelt" / "CAMEO.goldsteinscale.txt",
        data_path("roots.tsv"),
        data_path("names_01_02.tsv"),
    )
    with open(data_path("cameo.tsv"), "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CAMEO_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    known = {row["code"] for row in rows}
    report = [f"cameo.tsv: {len(rows)} codes"]
    records, problems = read_verb_file(shared_dictionaries / "phoenix" / "CAMEO.2.0.txt", known.__contains__)
    # dragoman's own additions (data/events/dragoman.verbs.txt, same format) go in after the Phoenix file.
    additions, addition_problems = read_verb_file(data_path("dragoman.verbs.txt"), known.__contains__)
    records += additions
    problems += addition_problems
    report.append(f"verbs.jsonl: {write_jsonl(data_path('verbs.jsonl'), records)} records")
    discards, discard_problems = read_discard_file(shared_dictionaries / "phoenix" / "Phoenix.discards.txt")
    report.append(f"discards.jsonl: {write_jsonl(data_path('discards.jsonl'), discards)} records")
    report += [f"skipped {problem}" for problem in (*problems, *discard_problems)]
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m dragoman.events.build SHARED_DICTIONARIES_DIR\n")
        return 2
    for line in build(Path(args[0])):
        sys.stdout.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
