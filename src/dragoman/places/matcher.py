"""Whether a gazetteer name that spaCy did not tag as a place is one anyway: the words around it, the
labels on it and the longer names it stands in."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .candidate import PROMINENT_POPULATION, Candidate, has_country, prominent
from .gazetteer import Gazetteer
from .names import fold, own_name_key
from .words import (
    CALENDAR_WORDS,
    CONNECTORS,
    DIRECTIONS,
    FACILITY_WORDS,
    INHABITANT_WORDS,
    LOCATIVES,
    NAME_PARTICLES,
    PARTY_LETTERS,
    UNIT_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Entities that are not places even when their words are in the gazetteer ("Jordan Peterson", "Georgian").
NOT_PLACE_LABELS = frozenset(
    "PERSON NORP DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY LANGUAGE WORK_OF_ART LAW EVENT "
    "PRODUCT".split()
)
# Labels a name keeps whatever surrounds it: a date is not a place ("on March 15").
NEVER_PLACE_LABELS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())
OBJECT_DEPS = frozenset({"dobj", "pobj", "conj"})
# What follows the place of a dateline ("TORRINGTON —", "BEIRUT:").
DATELINE_MARKS = frozenset({"—", "–", "-", "--", ":"})


def read_as_place(candidate: Candidate, words: Span, gazetteer: Gazetteer) -> Candidate | None:
    """A gazetteer match that spaCy did not tag as a place, as the place it is anyway (a copy marked
    ``firm``, ``echo``, ``weak``, ``dateline`` or ``tagged_person`` by what decided it), or None.

    Curated (supplement) names, and names followed by a unit or facility word ("Incirlik air base", "Rukban
    camp"), are kept whatever spaCy tagged them but a date or number. After a locative preposition ("in
    Homs") a name may override an ORG tag, never a person ("pointed to Obama"). Other matches must be proper
    nouns, not month or weekday names, not inside another entity or a longer capitalised name ("Liberation
    of Al-Sham", "New Jersey Gov."), not "the West"; a lone word naming only a town is kept when the
    article's countries support it (``weak``, checked once the context is known).

    A dateline ("TORRINGTON —") is a place. A state, county or country heading or ending a longer name
    ("Texas Forest Service", "University of Kentucky") is one; a town doing so, or tagged a person or an
    organisation, is an ``echo``: a place where the article names it as one elsewhere or names its
    province. A name that is also an English word ("Union", "Hope") needs spaCy's label or a locative.
    """
    if not acronym_ok(candidate, words) or (
        is_demonym(gazetteer, list(words)) and not has_country(candidate)
    ):
        return None
    if any(w.ent_type_ in NEVER_PLACE_LABELS for w in words) or fold(words.text) in CALENDAR_WORDS:
        return None
    if _dateline(words):
        return replace(candidate, firm=True, dateline=True)
    doc = words.doc
    before = doc[words.start - 1] if words.start > 0 else None
    after = doc[words.end] if words.end < len(doc) else None
    person = any(w.ent_type_ in {"PERSON", "NORP"} for w in words)
    if gazetteer.is_curated(words.text) or (
        after is not None and after.lower_ in UNIT_WORDS | FACILITY_WORDS
    ):
        return candidate
    if (
        after is not None
        and after.lower_ in INHABITANT_WORDS
        and after.pos_ == "NOUN"
        and words[-1].dep_ == "compound"
    ):
        return replace(candidate, firm=True)  # "a Gainesville resident", "the Danbury man": where people live
    if _inside_longer_name(words, gazetteer):
        return _allowed_in_longer_name(candidate, words, gazetteer)
    if not person and before is not None and before.lower_ in LOCATIVES:
        return replace(candidate, firm=True)
    if is_word_name(gazetteer, words.text):
        return None  # "Union officials", "Hope said": a word, unless spaCy or a locative says place
    if before is not None and before.lower_ == "the" and not has_country(candidate):
        # "the West" is no place; "the Winona council" is Winona's where the article names Winona
        echo = words[-1].dep_ == "compound" and words[-1].head.pos_ == "NOUN"
        return replace(candidate, echo=True) if echo else None
    return _allowed_by_labels(candidate, words, person=person, after=after)


def _allowed_in_longer_name(candidate: Candidate, words: Span, gazetteer: Gazetteer) -> Candidate | None:
    """A name heading or ending a longer name: a state, county or country is named ("Texas Forest
    Service"); a town is an echo, and a weak one unless it is a large city."""
    if not (_heads_a_name(words) or _ends_a_name(words, gazetteer)) or words.text.lower() in DIRECTIONS:
        return None
    if is_word_name(gazetteer, words.text):
        return None  # "Police Department", "Union Station"
    # A state or a country heads or ends its agencies' names ("Texas Forest Service", "University of
    # Kentucky"); a town's name in another ("Lincoln Memorial", "Star Tribune", "Diocese of Mansfield")
    # counts where the article names the town elsewhere.
    key = own_name_key(words.text)
    if not any(own_name_key(e.name) == key for e in candidate.entries):
        return None  # an alternate name: "Liberation of Al-Sham" (Damascus's) names a group
    if any(
        e.precision in {"country", "admin1", "admin2"} and own_name_key(e.name) == key
        for e in candidate.entries
    ):
        return candidate
    echo = not any(e.precision == "city" and e.population >= PROMINENT_POPULATION for e in candidate.entries)
    # and a city's country must be one the article points to: "Toyota Motor", "Metro Transit" are not
    # Japan's and Indonesia's cities
    return replace(candidate, echo=echo, weak=True)


def _allowed_by_labels(
    candidate: Candidate, words: Span, *, person: bool, after: Token | None
) -> Candidate | None:
    """A name standing alone, neither after a locative nor after "the": spaCy's labels and the parts of
    speech decide, with a prominent place overriding them as an object."""
    # A proper noun, or a capitalised noun the tagger missed ("left Homs"), never an adjective ("Western
    # plans": Sri Lanka's Western Province).
    if prominent(candidate) and all(
        w.pos_ == "PROPN" or (w.pos_ == "NOUN" and w.is_title and not w.is_sent_start) for w in words
    ):
        # The small model's label is one signal, not a veto: it tags Aleppo LANGUAGE, Homs and Lyon PERSON,
        # "Kharkiv and Kherson" ORG. Against a person's tag the name must stand where places do, as an
        # object ("left Homs", "in Paris and Lyon"), not as a subject ("Jackson met Clinton"); a name the
        # article also gives a person ("Lloyd Austin") is dropped later.
        if not person or words[-1].dep_ in OBJECT_DEPS:
            return replace(candidate, tagged_person=person)
    if len(words) == 1 and _lone_org(words[0]) and not (after is not None and after.pos_ == "NOUN"):
        return replace(candidate, weak=True)  # the small model often tags a lone town ORG: "reached Homs"
    if any(w.ent_type_ in NOT_PLACE_LABELS or w.ent_type_ == "ORG" for w in words):
        # One sense per article: a name the small model tags a person or an organisation here is still
        # the place the article names elsewhere ("in Gainesville" ... "Gainesville officials").
        echo = all(w.pos_ == "PROPN" or w.is_title for w in words)
        return replace(candidate, echo=True) if echo else None
    if len(words) == 1:
        if words[0].pos_ != "PROPN":
            return None
        if words[0].is_upper and not any(
            e.precision != "city" or e.population >= 100000 for e in candidate.entries
        ):
            return None  # a word of a headline in capitals ("BUT ECONOMY FAVORS") is not a town
        small = not has_country(candidate) and max(e.population for e in candidate.entries) < 100000
        return replace(candidate, weak=candidate.weak or small)
    return candidate


def _dateline(words: Span) -> bool:
    """Whether the words are a dateline: a name in capitals opening a sentence, then a dash, a colon or a
    comma and a state ("TORRINGTON — The council…", "BEIRUT: …", "SALINA, Kan. …")."""
    doc = words.doc
    if not words[0].is_sent_start or not all(w.is_upper or not w.is_alpha for w in words):
        return False
    if not any(w.is_alpha and len(w) > 1 for w in words) or words.end >= len(doc):
        return False
    after = doc[words.end]
    if after.text in DATELINE_MARKS:
        return True
    return after.text == "," and words.end + 1 < len(doc) and doc[words.end + 1].text[:1].isupper()


def _ends_a_name(words: Span, gazetteer: Gazetteer) -> bool:
    """Whether a place name ends a longer name after "of": "University of Kentucky", "City of Vancouver",
    not "Liberation of Al-Sham Committee" (the name goes on) nor "Bay of Pigs" (no place)."""
    doc = words.doc
    start = _qualified_start(words)  # "Association of Western Pennsylvania"
    if start < 2 or doc[start - 1].lower_ != "of" or not _capitalised_name(doc[start - 2]):
        return False
    if words.end >= len(doc) or not name_word(doc[words.end]):
        return True
    # "University of Wisconsin-Milwaukee": a campus's town after a hyphen
    return (
        doc[words.end].text == "-"
        and words.end + 1 < len(doc)
        and bool(gazetteer.lookup(doc[words.end + 1].text))
    )


def _heads_a_name(words: Span) -> bool:
    """Whether a place name opens a longer name it qualifies: "the Torrington Fire Department", "Texas
    Forest Service", "Gainesville Public Utilities" name Torrington, Texas and Gainesville. Not a person's
    name ("Paris Hilton") nor a name the place word ends or follows ("United Russia", "Bank of America")."""
    doc = words.doc
    if _name_before(words):
        return False
    rest = []
    position = words.end
    while position < len(doc) and name_word(doc[position]):
        rest.append(doc[position])
        position += 1
    if not rest or rest[0].lower_ in NAME_PARTICLES:
        return False
    # "Paris Hilton" is a person; "Carthage Police Officer Justin Garner" names Carthage's police
    return not any(t.ent_type_ == "PERSON" for t in [*words, rest[0]])


def _name_before(words: Span) -> bool:
    """Whether the word before the place belongs to a longer name the place goes on ("United Russia", "Bank
    of America"): a capitalised word other than a date ("Sunday Alexandria Police went") or the sentence's
    first, or a particle after one; not "the", nor a lower-case word ("at Texas Southern University")."""
    doc = words.doc
    start = _qualified_start(words)  # "Northeast Texas Community College" names Texas
    if start == 0:
        return False
    before = doc[start - 1]
    if before.is_sent_start or before.lower_ == "the":
        return False
    if before.text[:1].isupper():
        return before.ent_type_ not in NEVER_PLACE_LABELS
    return before.lower_ in NAME_PARTICLES and start > 1 and doc[start - 2].text[:1].isupper()


def _qualified_start(words: Span) -> int:
    """Where the place's name starts with a direction word qualifying it ("East Texas", "Western
    Pennsylvania"): the direction is part of the place, not of a longer name."""
    start = words.start
    return start - 1 if start > 0 and words.doc[start - 1].lower_ in DIRECTIONS else start


def _lone_org(token: Token) -> bool:
    """A one-word ORG entity in title case."""
    doc = token.doc
    alone = token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I"
    return token.ent_type_ == "ORG" and token.ent_iob_ == "B" and alone and token.is_title


def _inside_longer_name(words: Span, gazetteer: Gazetteer | None = None) -> bool:
    """Whether capitalised words continue the span on either side (through "of", "for", "the", "and"); a
    place coordinated with another place ("Paris and Lyon", "Kharkiv and Kherson") is not inside a name."""
    doc = words.doc
    for step, edge in ((-1, words.start - 1), (1, words.end)):
        position = edge
        while 0 <= position < len(doc) and doc[position].lower_ in CONNECTORS:
            position += step
        if 0 <= position < len(doc) and position != edge and _capitalised_name(doc[position]):
            between = {doc[i].lower_ for i in range(min(edge, position), max(edge, position) + 1)} - {
                doc[position].lower_
            }
            neighbour = doc[position].text
            # "Paris and Lyon", "Logan-Rogersville", "University of Wisconsin-Milwaukee" join two places;
            # "Rep. Jane Doe, D-Plymouth" gives a member's party and home town
            joined = (
                between in ({"and"}, {"-"}) and gazetteer is not None and bool(gazetteer.lookup(neighbour))
            )
            if not (joined or (between == {"-"} and step == -1 and neighbour in PARTY_LETTERS)):
                return True
        if 0 <= edge < len(doc) and doc[edge].text[:1].isupper() and doc[edge].pos_ == "PROPN":
            return True
    return False


def _capitalised_name(token: Token) -> bool:
    """A capitalised word that may belong to a name: not a common noun capitalised only because it opens
    the sentence ("Residents of Aleppo")."""
    opening = token.is_sent_start and token.pos_ not in {"PROPN", "X"} and not token.ent_type_
    return token.text[:1].isupper() and not opening


def is_word_name(gazetteer: Gazetteer, name: str) -> bool:
    """Whether a one-word name is also an English word ("Union", "Hope", "Police"): a place only where the
    small model or a locative says so."""
    return fold(name) in gazetteer.word_names


def acronym_ok(candidate: Candidate, words: Span) -> bool:
    """ "UN" is not Un (India): a short all-capital name stands only for a country, region or site, or for
    the place the supplement gives it to ("D.C.")."""
    text = words.text
    if text.replace(".", "").isupper() and len(text.replace(".", "")) <= 4 and not candidate.curated:
        candidate.entries = [e for e in candidate.entries if e.precision != "city"]
    return bool(candidate.entries)


def is_demonym(gazetteer: Gazetteer, words: list[Token]) -> bool:
    key = fold(" ".join(w.text for w in words))
    return key in gazetteer.demonyms or (key.endswith("s") and key[:-1] in gazetteer.demonyms)


def name_word(token: Token) -> bool:
    """A word that may stand inside a place name: capitalised, or a particle ("ez", "of")."""
    return token.text[:1].isupper() or token.lower_ in NAME_PARTICLES
