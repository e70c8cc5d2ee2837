"""Discard phrases (sports, history, …): a sentence or story holding one is not coded.

Matching follows the PETRARCH discard list: case does not matter, a phrase starts at a word start, its words
follow each other, and its last word is a stem unless the phrase asks for a whole word ("BASEBALL" matches
"baseballs"; "CRICKET_" does not match "crickets"). Phrases are indexed by first word (stems by prefix) so a
text is read once, word by word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from .patterns import Discard

WORD = re.compile(r"\w+")
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
RECENT_YEARS = 1  # years up to this many before the article's own date current news, not history


class DiscardMatcher:
    """The discard phrases of one scope, indexed for ``matches(text)``."""

    def __init__(self, discards: Sequence[Discard]) -> None:
        # first word → (following words, whole_word) for phrases of two words or more
        self.by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = defaultdict(list)
        self.whole_words: set[str] = set()
        self.stems: set[str] = set()
        for discard in discards:
            words = tuple(WORD.findall(discard.phrase.upper()))
            if not words:
                continue
            if len(words) == 1:
                (self.whole_words if discard.whole_word else self.stems).add(words[0])
            else:
                self.by_first[words[0]].append((words[1:], discard.whole_word))
        self.stem_lengths = sorted({len(stem) for stem in self.stems})
        # Words repeat across sentences: remember, for a bounded number of them, whether one alone matches.
        self.single_word_matches = lru_cache(maxsize=65536)(self._single_word_matches)

    def _single_word_matches(self, word: str) -> bool:
        if word in self.whole_words:
            return True
        return any(word[:length] in self.stems for length in self.stem_lengths if length <= len(word))

    def matches(self, text: str) -> bool:
        words = WORD.findall(text.upper())
        for index, word in enumerate(words):
            if self.single_word_matches(word):
                return True
            for rest, whole_word in self.by_first.get(word, ()):
                following = words[index + 1 : index + 1 + len(rest)]
                if len(following) < len(rest) or following[:-1] != list(rest[:-1]):
                    continue
                last, wanted = following[-1], rest[-1]
                if last == wanted or (not whole_word and last.startswith(wanted)):
                    return True
        return False


def without_recent_years(text: str, published: str | None) -> str:
    """``text`` with the years of the article's own time blanked out, for the sentence discards: Phoenix
    discards a sentence naming a year (1914-2013) as a retrospective, but in a report of 2014 "since the 2013
    coup" or a caption dated "Dec. 10, 2013" is current news. An undated article keeps every year."""
    year = int(published[:4]) if published and published[:4].isdigit() else None
    if year is None:
        return text
    return YEAR.sub(lambda m: "" if year - RECENT_YEARS <= int(m.group()) <= year else m.group(), text)
