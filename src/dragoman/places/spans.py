"""The spans of a sentence that may name places: spaCy's place entities, the gazetteer matcher's names,
coordinated counties and state abbreviations after a town, each annotated with the words around it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..nlp import ParsedArticle, ParsedSentence
from .candidate import Candidate, has_country
from .gazetteer import Gazetteer
from .matcher import acronym_ok, is_demonym, is_word_name, name_word, read_as_place
from .names import fold, own_name_key
from .words import (
    DIRECTIONS,
    LEADING_ARTICLES,
    PLURAL_UNIT_WORDS,
    SINGULAR_UNIT_WORDS,
    SUBUNIT_WORDS,
    TITLE_CUES,
    UNIT_BEFORE_COMMA,
    UNIT_CUES,
    UNIT_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAX_WORDS = 6


def sentence_candidates(
    parsed: ParsedArticle, sentence: ParsedSentence, gazetteer: Gazetteer
) -> list[Candidate]:
    """Spans of ``sentence`` that name gazetteer entries: spaCy's place entities first, then the matcher."""
    taken: set[int] = set()
    found = _entity_candidates(sentence, gazetteer, taken)
    found += _matched_candidates(sentence, gazetteer, taken)
    text = parsed.article.text
    units = _coordinated_units(sentence, gazetteer)
    found = [
        c
        for c in found
        if not _modifier(c, text)
        and not _names_a_subunit(c, text)
        and fold(c.text) not in gazetteer.too_broad
        and not any(u.start < c.end and c.start < u.end for u in units)
    ]
    found += units
    ends = {c.end: c for c in found}
    found += _qualifiers(sentence, gazetteer, ends)
    for candidate in found:
        _annotate(candidate, gazetteer)
        comma = text.rfind(",", sentence.start, candidate.start)
        if comma < 0 or text[comma + 1 : candidate.start].strip():
            continue
        if comma in ends:
            candidate.holds = ends[comma].entries  # "Bellevue, Washington"
        elif _unit_word_before(text, comma):
            candidate.unit = True  # "Burke County, Georgia"
    return sorted(found, key=lambda c: c.start)


def _entity_candidates(sentence: ParsedSentence, gazetteer: Gazetteer, taken: set[int]) -> list[Candidate]:
    """The names in spaCy's place entities (grown into longer names, split where coordinated); the tokens
    they cover go into ``taken``."""
    doc = sentence.paragraph.doc
    found: list[Candidate] = []
    for ent in sentence.span.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        words = _widen(sentence, _trim(list(ent)), gazetteer)
        if is_demonym(gazetteer, words) and not any(
            e.precision == "country" for e in gazetteer.lookup(ent.text)
        ):
            continue  # "Russian", "Syrians": the actor layer's state names, not places ("US" is both)
        for candidate, (first, last) in _named_parts(gazetteer, sentence, words):
            # "the West", "the Gulf": a lone word after "the" must be supported by the article's countries.
            before = doc[first - 1] if first > 0 else None
            if last - first == 1 and before is not None and before.lower_ == "the":
                candidate.weak = candidate.weak or not has_country(candidate)
            if acronym_ok(candidate, doc[first:last]):
                candidate.firm = True
                found.append(candidate)
                taken.update(range(first, last))
    return found


def _matched_candidates(sentence: ParsedSentence, gazetteer: Gazetteer, taken: set[int]) -> list[Candidate]:
    """The gazetteer's names among the capitalised words outside ``taken``, longest first, that the matcher
    allows."""
    doc = sentence.paragraph.doc
    found: list[Candidate] = []
    tokens = list(sentence.span)
    base = sentence.span.start
    position = 0
    while position < len(tokens):
        match, size = None, 0
        if tokens[position].i not in taken and tokens[position].text[:1].isupper():
            run = 1  # capitalised words and particles from here: the longest name that may start here
            while run < MAX_WORDS and position + run < len(tokens) and name_word(tokens[position + run]):
                run += 1
            for size in range(run, 0, -1):
                words = tokens[position : position + size]
                if not words[-1].text[:1].isupper() or any(w.i in taken for w in words):
                    continue
                match = lookup_candidate(gazetteer, sentence, words, loose=False)
                if match is not None:
                    break
        start = base + position
        place = read_as_place(match, doc[start : start + size], gazetteer) if match is not None else None
        if place is not None:
            found.append(place)
            position += size
        else:
            position += 1
    return found


def _qualifiers(
    sentence: ParsedSentence, gazetteer: Gazetteer, ends: dict[int, Candidate]
) -> list[Candidate]:
    """The state abbreviations that qualify a town found just before ("Evansville, Ind.", "Lowell, Mass."):
    alone they are words ("mass") or titles ("Miss.")."""
    found = []
    tokens = list(sentence.span)
    offset = sentence.paragraph.start
    for before, comma, token in zip(tokens, tokens[1:], tokens[2:], strict=False):
        entry = gazetteer.qualifier(token.text)
        if entry is None or comma.text != "," or offset + before.idx + len(before.text) not in ends:
            continue
        start = offset + token.idx
        candidate = Candidate(
            sentence, start, start + len(token.text), [entry], text=token.text, curated=True
        )
        candidate.firm = True
        found.append(candidate)
    return found


def _coordinated_units(sentence: ParsedSentence, gazetteer: Gazetteer) -> list[Candidate]:
    """The counties of "Walton and Oconee counties", "Eastland, Callahan and Brown counties": each name
    with the unit word the plural gives it, where the gazetteer has that unit ("Walton County")."""
    found = []
    tokens = list(sentence.span)
    for index, token in enumerate(tokens):
        word = PLURAL_UNIT_WORDS.get(token.lower_)
        if word is None:
            continue
        position = index - 1
        while position >= 0 and (
            tokens[position].text[:1].isupper() or tokens[position].lower_ in {"and", ","}
        ):
            name = tokens[position]
            if name.text[:1].isupper():
                match = lookup_candidate(gazetteer, sentence, [name], loose=False, suffix=word)
                if match is None:
                    break
                match.entries = [e for e in match.entries if e.precision == "admin2"]
                if match.entries:
                    match.firm = True
                    found.append(match)
            position -= 1
    return found


def _names_a_subunit(candidate: Candidate, text: str) -> bool:
    """ "Jefferson County", "Scott County": a county the gazetteer lacks, not a town of that name."""
    following = text[candidate.end : candidate.end + 12].split()
    return (
        bool(following)
        and following[0].lower() in SUBUNIT_WORDS
        and all(e.precision == "city" for e in candidate.entries)
    )


def _unit_word_before(text: str, comma: int) -> bool:
    """Whether the word before ``comma`` names a unit ("Burke County, Georgia")."""
    words = text[:comma].split()
    return bool(words) and words[-1].lower() in UNIT_BEFORE_COMMA


def _modifier(candidate: Candidate, text: str) -> bool:
    """ "Harvard-trained", "Iran-backed", "Saudi-led": a name in a compound modifier is not a place named
    ("Aleppo-based" still is)."""
    rest = text[candidate.end : candidate.end + 20]
    match = re.match(r"-([a-z]+)", rest)
    return bool(match) and match.group(1).endswith("ed") and match.group(1) not in {"based", "headquartered"}


def _widen(sentence: ParsedSentence, words: list[Token], gazetteer: Gazetteer) -> list[Token]:
    """An entity grown by the capitalised words beside it while the longer phrase is a gazetteer name: the
    small model's "Mexico" in "New Mexico" or "Mexico City" is the longer place, never Mexico."""
    if not words:
        return words
    doc, span = sentence.paragraph.doc, sentence.span
    while words[0].i > span.start and doc[words[0].i - 1].text[:1].isupper():
        longer = [doc[words[0].i - 1], *words]
        if not gazetteer.lookup(" ".join(t.text for t in longer)):
            break
        words = longer
    while words[-1].i + 1 < span.end and doc[words[-1].i + 1].text[:1].isupper():
        longer = [*words, doc[words[-1].i + 1]]
        if not gazetteer.lookup(" ".join(t.text for t in longer)):
            break
        words = longer
    return words


def _trim(words: list[Token]) -> list[Token]:
    while words and words[0].lower_ in LEADING_ARTICLES:
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].lower_ in {"'s", "’s"}):
        words = words[:-1]
    return words


def _named_parts(
    gazetteer: Gazetteer, sentence: ParsedSentence, words: list[Token]
) -> list[tuple[Candidate, tuple[int, int]]]:
    """The entity as a whole, else its named parts, longest first from the left ("Gaza and Rafah")."""
    if not words:
        return []
    whole = lookup_candidate(gazetteer, sentence, words, loose=True)
    if whole is not None:
        return [(whole, (words[0].i, words[-1].i + 1))]
    parts = []
    position = 0
    while position < len(words):
        for size in range(len(words) - position - 1 if position == 0 else len(words) - position, 0, -1):
            part = words[position : position + size]
            # a lone word part is a place's name, not a word ending another name ("West Broad Street")
            if (
                part[0].text[:1].isupper()
                and part[-1].text[:1].isupper()
                and part[0].lower_ not in DIRECTIONS
                and not (size == 1 and is_word_name(gazetteer, part[0].text))
            ):
                candidate = lookup_candidate(gazetteer, sentence, part, loose=False)
                if candidate is not None:
                    parts.append((candidate, (part[0].i, part[-1].i + 1)))
                    position += size
                    break
        else:
            position += 1
    return parts


def lookup_candidate(
    gazetteer: Gazetteer, sentence: ParsedSentence, words: list[Token], *, loose: bool, suffix: str = ""
) -> Candidate | None:
    """The candidate the words name, if the gazetteer has them (with ``suffix`` added: "Walton County")."""
    doc = sentence.paragraph.doc
    offset = sentence.paragraph.start
    start, end = offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)
    name = doc[words[0].i : words[-1].i + 1].text + (f" {suffix}" if suffix else "")
    entries = gazetteer.lookup(name)
    used_loose = False
    if not entries and loose and len(name) >= 4:
        entries = [e for e in gazetteer.lookup_loose(name) if e.precision != "city" or e.population >= 50000]
        used_loose = bool(entries)
    if not entries:
        return None
    weak = used_loose
    key = own_name_key(name)
    if (
        len(words) == 1
        and not gazetteer.is_curated(name)
        and not any(own_name_key(e.name) == key for e in entries)
    ):
        # Only an alternate name ("Grayson" is one of Grozny's): a large place, and the context must agree.
        entries = [e for e in entries if e.population >= 100000 or e.precision != "city"]
        weak = True
    if not entries:
        return None
    curated = gazetteer.is_curated(name)
    return Candidate(sentence, start, end, entries, loose=used_loose, weak=weak, text=name, curated=curated)


def _residence(span: Span) -> bool:
    """Whether the name says where a person named just before lives: "Betty Kneasel of Myerstown", "Ian
    Jett, 30, of Platte City"."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    owner = doc[span.start - 2]
    if owner.ent_type_ == "PERSON":
        return True
    return (
        owner.text == ","
        and span.start >= 5
        and doc[span.start - 3].like_num
        and doc[span.start - 4].text == ","
    )


def _annotate(candidate: Candidate, gazetteer: Gazetteer) -> None:
    """Unit word after the name; "the <adjective> capital" or "capital of <country>" around it."""
    doc = candidate.sentence.paragraph.doc
    span = doc.char_span(
        candidate.start - candidate.sentence.paragraph.start,
        candidate.end - candidate.sentence.paragraph.start,
        alignment_mode="expand",
    )
    if span is None:
        return
    candidate.residence = _residence(span)
    after = doc[span.end : span.end + 3]
    following = [t for t in after if not (t.is_punct and t.text != ",") and t.lower_ not in {"and"}]
    if following and (following[0].lower_ in UNIT_WORDS or following[0].lower_.rstrip(".") in UNIT_CUES):
        candidate.unit = True  # "Aleppo province", "the New York primary", "Florida Gov. Rick Scott"
        word = doc[span.end] if span.end < len(doc) else None
        if word is not None and word.lower_ in SINGULAR_UNIT_WORDS and word.text[:1].isupper():
            # "Aleppo Governorate", "Donetsk Oblast": the unit's own name, so the mention spans it
            candidate.end = candidate.sentence.paragraph.start + word.idx + len(word.text)
    before = doc[max(span.start - 6, 0) : span.start]
    if len(before) >= 2 and before[-1].lower_ == "of":
        if before[-2].lower_ in UNIT_WORDS or any(t.lower_.rstrip(".") in TITLE_CUES for t in before[:-1]):
            candidate.unit = True  # "the province of Aleppo", "Senator Chuck Schumer of New York"
    window = doc[max(span.start - 6, 0) : min(span.end + 6, len(doc))]
    words = [t for t in window if not (span.start <= t.i < span.end)]
    for i, token in enumerate(words):
        if token.lower_ != "capital":
            continue
        neighbours = words[max(i - 3, 0) : i] + words[i + 1 : i + 4]
        for word in neighbours:
            country = gazetteer.demonyms.get(fold(word.text))
            if country is None:
                entries = [e for e in gazetteer.lookup(word.text) if e.precision == "country"]
                country = entries[0].country if entries else None
            if country:
                candidate.capital_of = country
                return
