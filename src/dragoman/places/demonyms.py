"""Countries named by a nationality adjective or its plural ("Georgian troops", "Palestinians"): places of
precision ``country`` whose ``how`` is ``demonym``.

Geoparsing gold counts them as toponyms, and a reader mapping an article wants to know which countries it
is about; but they say who people are, not where something happened, so they never locate an event
(``locate.py``) and never count as the article's context for other names (``context.py`` reads demonyms on
its own terms). A surname ("Monica French said"), an ethnic compound ("Native American",
"African-American") or a language spoken ("spoke only French") names no country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..nlp import ParsedSentence
from .candidate import Candidate
from .gazetteer import Entry, Gazetteer
from .names import fold
from .words import DEMONYM_BLOCKERS, LANGUAGE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token


def demonym_candidates(sentence: ParsedSentence, gazetteer: Gazetteer) -> list[Candidate]:
    """The nationality adjectives of ``sentence`` that name a country, one candidate each."""
    found = []
    tokens = list(sentence.span)
    offset = sentence.paragraph.start
    position = 0
    while position < len(tokens):
        size, country = _demonym_at(tokens, position, gazetteer)
        if country is None or not _names_a_country(tokens[position : position + size], gazetteer):
            position += 1
            continue
        first, last = tokens[position], tokens[position + size - 1]
        start, end = offset + first.idx, offset + last.idx + len(last.text)
        text = sentence.paragraph.doc[first.i : last.i + 1].text
        found.append(Candidate(sentence, start, end, [country], text=text, demonym=True))
        position += size
    return found


def _demonym_at(tokens: list[Token], position: int, gazetteer: Gazetteer) -> tuple[int, Entry | None]:
    """(words, country entry) of the demonym starting at ``position`` ("Sri Lankan" is two words)."""
    for size in (2, 1):
        words = tokens[position : position + size]
        if len(words) < size or not all(w.text[:1].isupper() for w in words):
            continue
        key = fold(" ".join(w.text for w in words))
        code = gazetteer.demonyms.get(key) or (key.endswith("s") and gazetteer.demonyms.get(key[:-1]))
        country = gazetteer.countries.get(code) if code else None
        if country is not None:
            return size, country
    return 1, None


def _names_a_country(words: list[Token], gazetteer: Gazetteer) -> bool:
    """Whether the demonym speaks of the country's people or things: not a person's surname, not an ethnic
    compound after "Native" or a hyphen, not a language after a verb of speaking."""
    first, last = words[0], words[-1]
    if any(w.ent_type_ == "PERSON" for w in words) or first.text.isupper():
        return False  # "Monica French", and capitals: "US" and "U.S." are the country's own names
    doc = first.doc
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.lower_ in DEMONYM_BLOCKERS:
        return False  # "Native American"
    if before is not None and before.text == "-" and first.i > 1:
        # "Russian-American", not "African-American"
        return fold(doc[first.i - 2].text) in gazetteer.demonyms
    return not (last.pos_ in {"NOUN", "PROPN"} and last.head.lemma_ in LANGUAGE_VERBS and last.dep_ == "dobj")
