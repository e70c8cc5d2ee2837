"""The word lists of ``data/places/words.tsv`` (see FORMAT.md): read once, when the package is imported."""

from __future__ import annotations

from pathlib import Path

from ..errors import DictionaryError

WORDS_PATH = Path(__file__).resolve().parent.parent / "data" / "places" / "words.tsv"


def read_word_lists(path: Path = WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """List name → its words, in file order; a line without a name and words raises ``DictionaryError``."""
    lists: dict[str, tuple[str, ...]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line == "list\twords":
            continue
        name, _, words = line.partition("\t")
        if not name or not words.split() or name in lists:
            raise DictionaryError(f"{path}:{number}: expected a new list name, a tab and its words")
        lists[name] = tuple(words.split())
    return lists


_LISTS = read_word_lists()


def word_list(name: str) -> frozenset[str]:
    """The words of one list ("locative", "unit")."""
    return frozenset(_LISTS[name])


def word_pairs(name: str) -> dict[str, str]:
    """A list of ``key:value`` words as a mapping ("counties:County")."""
    return dict(word.split(":", 1) for word in _LISTS[name])


# The lists by name; each list's comment in words.tsv says what it is for.
CALENDAR_WORDS = word_list("calendar")
UNIT_WORDS = word_list("unit")
SINGULAR_UNIT_WORDS = word_list("singular_unit")
UNIT_CUES = word_list("unit_cue")
TITLE_CUES = word_list("title_cue")
NAME_PARTICLES = word_list("name_particle")
DIRECTIONS = word_list("direction")
SUBUNIT_WORDS = word_list("subunit")
UNIT_BEFORE_COMMA = word_list("unit_before_comma")
FACILITY_WORDS = word_list("facility")
LOCATIVES = word_list("locative")
PLURAL_UNIT_WORDS = word_pairs("plural_unit")
CONNECTORS = word_list("connector")
LEADING_ARTICLES = word_list("article")
ADMIN2_WORDS = word_list("admin2_word")
TYPE_WORDS = word_list("type_word")
ARABIC_ARTICLES = word_list("arabic_article")
VANITY_TLDS = word_list("vanity_tld")
DEMONYM_BLOCKERS = word_list("demonym_blocker")
LANGUAGE_VERBS = word_list("language_verb")
INHABITANT_WORDS = word_list("inhabitant")
NAME_ABBREVIATIONS = word_pairs("name_abbreviation")
PARTY_LETTERS = word_list("party_letter")
