"""Grammatical gender of people as a reader infers it: titles ("Mr.", "Queen"), gendered nouns ("the
actress"), first names ("Maria"), and a name the article has already called "he" or "she".

The data are two files in ``data/people`` (format in its FORMAT.md): ``gender_words.tsv``, written by hand,
and ``first_names.tsv``, built by

    python -m dragoman.statements.gender PEOPLE_CSV CENSUS_DIR

from the Wikidata office holders' ``people.csv`` (``../shared/dictionaries/everypolitician``, CC0) and the
1990 US Census first-name lists ``dist.male.first`` and ``dist.female.first`` (public domain; as shipped in
the PyPI package ``names`` 0.3.0). A name is kept when nine in ten of its bearers share a gender, and
dropped where the two sources disagree.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

from ..errors import DictionaryError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "people"
GENDERS = ("m", "f")
# A name is one gender's when this share of its bearers (Wikidata) or of its frequency (Census) has it.
MAJORITY = 0.9
# Wikidata bearers enough to overrule the Census (US names) on a name used otherwise elsewhere.
MIN_DISSENT = 3
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}


def fold(word: str) -> str:
    """Lower case without accents ("José" → "jose"), the key of both tables."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".")


def _read_table(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] not in GENDERS:
            raise DictionaryError(f"{path}:{number}: expected 'word<TAB>m|f', got {line!r}")
        table[fold(parts[0])] = parts[1]
    return table


@cache
def gender_words() -> dict[str, str]:
    """Titles and nouns that carry a gender ("mrs" → f, "king" → m)."""
    return _read_table(DATA_DIR / "gender_words.tsv")


@cache
def first_names() -> dict[str, str]:
    return _read_table(DATA_DIR / "first_names.tsv")


def gender_of_words(words: tuple[str, ...]) -> str | None:
    """The gender a name or a description shows: a gendered title or noun anywhere in it, else the first
    name: the first capitalised word, when a surname follows it (a name of one word is a surname as often
    as not: "Reyes" is a man's first name and a woman's surname)."""
    titles = gender_words()
    for word in words:
        found = titles.get(fold(word))
        if found:
            return found
    names = first_names()
    for word in words[:-1]:
        key = fold(word)
        if key and key[0].isalpha() and word[:1].isupper():
            return names.get(key)
    return None


def build(people_csv: Path, census_dir: Path) -> dict[str, str]:
    """First name → gender from both sources; the Census decides the names it lists."""
    census: dict[str, dict[str, float]] = defaultdict(dict)
    for gender, filename in (("m", "dist.male.first"), ("f", "dist.female.first")):
        for number, line in enumerate((census_dir / filename).read_text(encoding="ascii").splitlines(), 1):
            parts = line.split()
            if len(parts) != 4:
                raise DictionaryError(f"{census_dir / filename}:{number}: expected 4 columns")
            census[fold(parts[0])][gender] = float(parts[1])
    table: dict[str, str] = {}
    for name, shares in census.items():
        gender, share = max(shares.items(), key=lambda kv: kv[1])
        if share >= MAJORITY * sum(shares.values()):
            table[name] = gender
    bearers: dict[str, Counter[str]] = defaultdict(Counter)
    with open(people_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            gender = {"male": "m", "female": "f"}.get(row.get("gender", ""))
            words = row.get("person", "").split()
            if gender and words:
                bearers[fold(words[0])][gender] += 1
    for name, counts in bearers.items():
        if not name.isalpha() or len(name) < 2:
            continue
        gender, n = counts.most_common(1)[0]
        if n < MAJORITY * sum(counts.values()):
            table.pop(name, None)
        elif name not in census:
            table[name] = gender
        elif table.get(name) != gender and n >= MIN_DISSENT:
            table.pop(name, None)  # "Jean": female in the US Census, male among French ministers
    return table


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m dragoman.statements.gender PEOPLE_CSV CENSUS_DIR", file=sys.stderr)
        return 2
    table = build(Path(argv[0]), Path(argv[1]))
    out = DATA_DIR / "first_names.tsv"
    lines = ["# dragoman first names: see FORMAT.md. name\tgender (m|f)"]
    lines += [f"{name}\t{gender}" for name, gender in sorted(table.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = Counter(table.values())
    print(f"{out}: {len(table)} names ({counts['m']} m, {counts['f']} f)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
