"""Places named in an article: spans found by spaCy (GPE, LOC, FAC) and by a gazetteer matcher, each geocoded
to one gazetteer entry chosen by the article's context, then by importance.

Recognition does not take the small model's labels as a veto: a name the gazetteer holds is weighed by
where it stands (after a locative, in a dateline, heading an agency's name, qualified by "X, Y"), by the
rest of the article (one sense per article: "Gainesville police" where the article names Gainesville as a
place) and by whether it is also an English word ("Union", "Hope").

Context is what the article says about where it is: countries it names or points to by adjective ("Libyan",
"in northern Lebanon"), first-level units it names ("Virginia" for Alexandria), "the <adjective> capital"
next to a city, a unit word after a name ("Aleppo province" is the province, not the city), and the towns
it names unambiguously (a homonym near them is the one meant: "McKenzie and Paris" is Tennessee's). A span the
actor layer resolved as a metonymy ("Moscow said") names an actor, not a place, and is left out.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Mention, Place
from ..nlp import ParsedArticle, ParsedSentence
from .gazetteer import Entry, Gazetteer, distance_km
from .names import fold

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities that are not places even when their words are in the gazetteer ("Jordan Peterson", "Georgian").
NOT_PLACE_LABELS = frozenset(
    "PERSON NORP DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY LANGUAGE WORK_OF_ART LAW EVENT "
    "PRODUCT".split()
)
# Labels a name keeps whatever surrounds it: a date is not a place ("on March 15").
NEVER_PLACE_LABELS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# A word after a name that says the name is a first-level unit ("Aleppo province", "Donetsk oblast").
UNIT_WORDS = frozenset(
    "province provinces governorate governorates oblast oblasts prefecture region regions state district "
    "county countryside".split()
)
# Lower-case words allowed inside a matched name ("Deir ez-Zor", "Ras al Ain", "Bay of Pigs").
NAME_PARTICLES = frozenset(
    "al el ez ad as ash az an ar at ed es en de del la le of the upon on sur - bin bani".split()
)
# Unit words that, capitalised right after a name, are part of the unit's name.
SINGULAR_UNIT_WORDS = frozenset("province governorate oblast prefecture region state district".split())
# Words after a name that point to a first-level unit's institutions ("New York primary", "Ohio Gov.").
UNIT_CUES = frozenset(
    "gov governor governors governorship primary primaries caucus caucuses legislature attorney "
    "senator".split()
)
# Titles of people who represent a unit ("Senator Chuck Schumer of New York").
TITLE_CUES = frozenset("senator sen gov governor rep representative congressman congresswoman".split())
# Words that qualify a name rather than name a place on their own ("Southern California").
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest midwest northern southern eastern western "
    "central upper lower".split()
)
# Words after a name for units the gazetteer does not have: "Jefferson County" is not the town of Jefferson.
SUBUNIT_WORDS = frozenset("county parish borough township".split())
# Words after a name that say it is a facility or a place ("Incirlik air base", "Rafah crossing").
FACILITY_WORDS = frozenset(
    "air airbase base airport crossing camp port border city town village area areas".split()
)
# Prepositions before a name that say it is used as a place ("advanced on Homs", "near Damascus").
LOCATIVES = frozenset(
    "in at near on into from to outside around across toward towards through inside over".split()
)
MAX_WORDS = 6
# A plural unit word after coordinated names, and the unit word of each ("Walton and Oconee counties").
PLURAL_UNIT_WORDS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
# Party letters before a member's home town ("D-Plymouth", "R-Hardy").
PARTY_LETTERS = frozenset({"D", "R", "I"})
# What follows the place of a dateline ("TORRINGTON —", "BEIRUT:").
DATELINE_MARKS = frozenset({"—", "–", "-", "--", ":"})
# Cities this large are places whatever label the small model gives their name (see ``_matcher_allows``).
PROMINENT_POPULATION = 100000
# Towns smaller than this are places only where the article names their province (``_unit_supports``).
SMALL_TOWN = 5000
# A homonym this close to a town the article names unambiguously is likelier the one meant.
NEAR_KM = 100.0
PROMINENT_UNIT_POPULATION = 250000  # and first-level units this large ("Flores", "Man" are smaller)
OBJECT_DEPS = frozenset({"dobj", "pobj", "conj"})
# Before population and context: a country named is the country; curated sites are specific names.
PRIOR = {"country": 3.0, "admin1": 0.0, "admin2": 0.0, "city": 0.0, "site": 1.6}


@dataclass
class Candidate:
    """A span that may name a place, with the entries its words name."""

    sentence: ParsedSentence
    start: int
    end: int
    entries: list[Entry]
    loose: bool = False
    unit: bool = False
    capital_of: str | None = None
    weak: bool = False
    text: str = ""
    curated: bool = False
    holds: list[Entry] = field(default_factory=list)
    tagged_person: bool = False  # spaCy tagged it PERSON or NORP and the gazetteer overruled it
    echo: bool = False  # a place only if the article names it elsewhere as one ("the Torrington police")
    dateline: bool = False  # the dateline opening the article or a paragraph ("TORRINGTON —")
    firm: bool = False  # tagged a place by spaCy or after a locative ("in Torrington"): it may support echoes


@dataclass
class Context:
    """Countries and first-level units the article points to: (sentence index, offset) of each pointer."""

    countries: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    admin1: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    outlet_country: str | None = None
    anchors: list[tuple[float, float, int]] = field(default_factory=list)  # (lat, lon, offset) of sure towns

    def anchor_km(self, entry: Entry, candidate: Candidate) -> float:
        """Distance from the entry to the nearest anchor other than the candidate itself (inf if none)."""
        return min(
            (
                distance_km((entry.lat, entry.lon), (lat, lon))
                for lat, lon, start in self.anchors
                if start != candidate.start
            ),
            default=math.inf,
        )

    def country_weight(self, country: str, candidate: Candidate) -> float:
        return _near(self.countries.get(country, ()), candidate)

    def admin1_weight(self, entry: Entry, candidate: Candidate) -> float:
        if not entry.admin1:
            return 0.0
        return _near(self.admin1.get((entry.country, fold(entry.admin1)), ()), candidate)


def _near(pointers: Sequence[tuple[int, int]], candidate: Candidate) -> float:
    """1 for a pointer in the same sentence, less with distance, 0.4 anywhere in the article; a candidate is
    never its own context ("Maryland" does not make Maryland City likelier)."""
    distances = [abs(s - candidate.sentence.index) for s, start in pointers if start != candidate.start]
    if not distances:
        return 0.0
    distance = min(distances)
    return 1.0 if distance == 0 else 0.7 if distance <= 2 else 0.4


def find_places(parsed: ParsedArticle, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Place]:
    """One ``Place`` for each place named in the article, sorted by offset."""
    metonyms = [(m.start, m.end) for m in mentions if m.how == "metonymy"]
    candidates = []
    for sentence in parsed.sentences():
        for candidate in _candidates(parsed, sentence, gazetteer):
            # a dateline is where the story was filed, never a government speaking ("BEIRUT: …")
            if candidate.dateline or not any(s < candidate.end and candidate.start < e for s, e in metonyms):
                candidates.append(candidate)
    people = _person_words(parsed)
    candidates = [c for c in candidates if not _names_a_person(c, people)]
    context = _context(parsed, [c for c in candidates if not c.echo], gazetteer)
    # Spatial evidence: the towns and counties that name one place only anchor the article's homonyms
    # ("Paris" in an article naming McKenzie is Paris, Tennessee) and its small towns.
    context.anchors = [
        (c.entries[0].lat, c.entries[0].lon, c.start)
        for c in candidates
        if c.firm
        and not c.weak
        and not c.echo
        and (not _small_town(c) or _unit_supports(c, context))
        and len({e.id for e in c.entries}) == 1
        and fold(c.entries[0].name) == fold(c.text)
        and c.entries[0].precision in {"admin2", "city", "site"}
    ]
    # An echo stands with a place the article names as one ("in Carthage" … "Carthage police"), or where
    # the article names its province.
    named = {fold(c.text) for c in candidates if c.firm and not c.weak and _supported(c, context)}
    candidates = [
        c
        for c in candidates
        if (c.echo and fold(c.text) in named)
        or (_supported(c, context) and (not c.echo or _echo_in_named_unit(c, context)))
    ]
    text = parsed.article.text
    places = []
    for candidate in candidates:
        chosen, score = choose(candidate, context)
        places.append(
            Place(
                id=chosen.id,
                name=chosen.name,
                country=chosen.country or None,
                admin1=chosen.admin1,
                lat=chosen.lat,
                lon=chosen.lon,
                precision=chosen.precision,
                article_id=parsed.article.id,
                sentence=candidate.sentence.index,
                start=candidate.start,
                end=candidate.end,
                text=text[candidate.start : candidate.end],
                score=round(score, 3),
            )
        )
    return places


def _supported(candidate: Candidate, context: Context) -> bool:
    """Whether the article supports the candidate as far as it needs: a weak name by its country, a small
    town by its province."""
    return (not candidate.weak or any(e.country in context.countries for e in candidate.entries)) and (
        not _small_town(candidate) or _unit_supports(candidate, context)
    )


def _small_town(candidate: Candidate) -> bool:
    """Whether every entry the name has is a town under ``SMALL_TOWN`` people ("Wagner", "Licking",
    "Congress" are such towns, and words or surnames far more often)."""
    return (
        not candidate.curated
        and not candidate.dateline
        and all(e.precision == "city" and e.population < SMALL_TOWN for e in candidate.entries)
    )


def _unit_supports(candidate: Candidate, context: Context) -> bool:
    """Whether the article names the first-level unit of one of the candidate's entries ("Milaca" in an
    article naming Minnesota), or the candidate is qualified by it ("Milaca, Minn.")."""
    return bool(candidate.holds) or any(
        (e.admin1 and (e.country, fold(e.admin1)) in context.admin1)
        or context.anchor_km(e, candidate) <= NEAR_KM / 2
        for e in candidate.entries
    )


def _echo_in_named_unit(candidate: Candidate, context: Context) -> bool:
    """Whether a town lies in a province the article names ("the Winona council" in an article naming
    Minnesota, "Gainesville police" beside Georgia's Hall County)."""
    return any(
        e.precision == "city" and e.admin1 and (e.country, fold(e.admin1)) in context.admin1
        for e in candidate.entries
    )


def _person_words(parsed: ParsedArticle) -> set[str]:
    """Words of the article's multi-word person names ("Susannah Randolph"): alone later, they are people.

    A name counts when a first name or a title ("Mrs", "Sen.") comes before its last word ("Treasurer Thomas
    Ravenel"), so the small model's "Greer Station", "Lancaster Girls" or "Erie GM" do not make people of
    Greer, Lancaster and Erie.
    """
    from ..statements.gender import first_names, gender_words
    from ..statements.gender import fold as fold_name

    openers = first_names().keys() | gender_words().keys()
    words = set()
    for paragraph in parsed.paragraphs:
        for ent in paragraph.doc.ents:
            if (
                ent.label_ == "PERSON"
                and len(ent) > 1
                and any(fold_name(t.text) in openers for t in ent[:-1])
            ):
                words.update(fold(t.text) for t in ent if t.text[:1].isupper())
    return words


def _names_a_person(candidate: Candidate, people: set[str]) -> bool:
    """A one-word town name that is also a word of a person named in the article ("Randolph", "Cruz");
    countries, provinces and large cities are exempt ("Jordan", "Washington")."""
    if " " in candidate.text or fold(candidate.text) not in people:
        return False
    if candidate.tagged_person:  # spaCy said person and the article names such a person: a person
        return all(e.precision in {"city", "site"} for e in candidate.entries)
    return all(e.precision in {"city", "site"} and e.population < 500000 for e in candidate.entries)


def choose(candidate: Candidate, context: Context) -> tuple[Entry, float]:
    """The best entry for ``candidate`` and a confidence (0..1) from its margin over the runner-up."""
    seats = _seats(candidate)
    key = fold(candidate.text)
    # A unit of a country the article points to ("Georgia" beside Washington and Atlanta), against a
    # country of the same name nothing else points to.
    home_unit = any(
        e.precision == "admin1" and context.country_weight(e.country, candidate) for e in candidate.entries
    )
    largest = max((e.population for e in candidate.entries if e.precision == "city"), default=0)
    # Towns and counties of one name are told apart by the sure towns near them; a state or a country is
    # never overruled so by a town of its name ("California", Maryland).
    local_homonyms = len(candidate.entries) > 1 and all(
        e.precision in {"admin2", "city", "site"} for e in candidate.entries
    )
    scored = []
    for entry in candidate.entries:
        score = PRIOR.get(entry.precision, 0.0) + math.log10(entry.population + 1) / 2.5
        if candidate.unit:
            score += 3.0 if entry.precision == "admin1" else -1.0
        elif entry.precision == "admin1" and (entry.country, fold(entry.name)) in seats:
            score -= 2.0  # a bare "Aleppo" is the city, "Aleppo province" the province
        if any(_contains(entry, inner) for inner in candidate.holds):
            score += (
                3.0  # "Bellevue, Washington" is the state that holds Bellevue; "Tbilisi, Georgia" the country
            )
        if entry.capital_of:
            score += 0.5
        if (
            entry.precision == "country"
            and home_unit
            and not context.country_weight(entry.country, candidate)
        ):
            score -= 3.0
        if fold(entry.name) == key or (candidate.curated and entry.id.startswith("sup:")):
            score += 0.5  # named by its own name (or a curated one), not an alternate one
        score += 1.6 * context.country_weight(entry.country, candidate)
        if entry.precision in {"admin2", "city", "site"}:
            near_unit = context.admin1_weight(entry, candidate)
            score += 1.5 * near_unit
            anchor_km = context.anchor_km(entry, candidate) if local_homonyms else math.inf
            # less than the province named beside it: "Springfield" in an article naming Ohio is Ohio's
            score += 1.2 if anchor_km <= NEAR_KM else 0.6 if anchor_km <= 2 * NEAR_KM else 0.0
            if (
                entry.precision == "city"
                and entry.population * 50 < largest
                and near_unit < 0.7
                and anchor_km > NEAR_KM
            ):
                # a town fifty times smaller than a namesake needs its province nearby ("Paris, Texas"): the
                # country a paper names everywhere is not enough
                score -= 2.0
        if entry.id.startswith("sup:"):
            score += 1.5  # curated because news names it: a curated region before a more populous namesake
        if candidate.capital_of and entry.capital_of == candidate.capital_of:
            score += 5.0
        if context.outlet_country and entry.country == context.outlet_country:
            score += 1.0  # a Lebanese site's "Tripoli" is Lebanon's
        scored.append((score, entry))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    best_score, best = scored[0]
    margin = best_score - scored[1][0] if len(scored) > 1 else 4.0
    confidence = min(1.0, 0.5 + margin / 8) * (0.8 if candidate.loose else 1.0)
    return best, confidence


def _contains(outer: Entry, inner: Entry) -> bool:
    if outer.country != inner.country or outer.id == inner.id:
        return False
    if outer.precision == "country":
        return True
    return outer.precision == "admin1" and bool(inner.admin1) and fold(inner.admin1) == fold(outer.name)


def _outlet_country(parsed: ParsedArticle, gazetteer: Gazetteer) -> str | None:
    """The country of the outlet, from the country-code domain of the article's URL (or of an outlet written
    as a domain, "sana.sy"); None for .com and the like."""
    from urllib.parse import urlsplit

    article = parsed.article
    for value in (article.url, article.outlet):
        if not value:
            continue
        host = urlsplit(value if "//" in value else "//" + value).hostname or ""
        country = gazetteer.country_of_domain(host)
        if country:
            return country
    return None


def _seats(candidate: Candidate) -> set[tuple[str, str]]:
    """(country, folded admin1 name) of the first-level units whose main city the candidate also names: the
    city of the same name ("Aleppo" in Aleppo) or one that holds a fifth of the unit's people ("New York")."""
    admin1 = {(e.country, fold(e.name)): e for e in candidate.entries if e.precision == "admin1"}
    seats = set()
    for city in candidate.entries:
        if city.precision != "city" or not city.admin1:
            continue
        key = (city.country, fold(city.admin1))
        unit = admin1.get(key)
        if unit is not None and (fold(city.name) == key[1] or city.population * 5 >= unit.population):
            seats.add(key)
    return seats


def _context(parsed: ParsedArticle, candidates: list[Candidate], gazetteer: Gazetteer) -> Context:
    """Countries the article names or points to by adjective, and the first-level units it names."""
    context = Context(outlet_country=_outlet_country(parsed, gazetteer))
    for candidate in candidates:
        if candidate.weak:
            continue
        index = candidate.sentence.index
        countries = [e for e in candidate.entries if e.precision == "country"]
        # A name shared with another country's unit ("Georgia") points to neither: other names decide.
        shared = (
            any(e.precision == "admin1" and e.country != countries[0].country for e in candidate.entries)
            if countries
            else False
        )
        if len(countries) == 1 and not candidate.unit and not shared:
            context.countries[countries[0].country].append((index, candidate.start))
            continue
        if len({e.country for e in candidate.entries}) == 1:  # "Atlanta", "Washington": one country's
            context.countries[candidate.entries[0].country].append((index, candidate.start))
        seats = _seats(candidate)
        (only, *others) = candidate.entries
        if not others and only.precision == "admin2" and only.admin1:  # "Laurel County": Kentucky's
            context.admin1[(only.country, fold(only.admin1))].append((index, candidate.start))
        for entry in candidate.entries:
            # A bare "Tripoli" names the city more than its province: no province context from it.
            if entry.precision == "admin1" and (
                candidate.unit or (entry.country, fold(entry.name)) not in seats
            ):
                context.admin1[(entry.country, fold(entry.name))].append((index, candidate.start))
                if len(candidate.entries) == 1 or candidate.unit:
                    context.countries[entry.country].append((index, candidate.start))
    for sentence in parsed.sentences():
        for token in sentence.span:
            country = gazetteer.demonyms.get(fold(token.text)) if token.text[:1].isupper() else None
            if country and not _describes_a_person(token):
                context.countries[country].append((sentence.index, sentence.paragraph.start + token.idx))
    return context


def _describes_a_person(demonym: Token) -> bool:
    """Whether a nationality adjective is a person's ("Chinese President Xi Jinping", "the Russian Foreign
    Minister"): it says who they are, not where the article's places lie ("met … in Bali")."""
    head = demonym.head
    return demonym.dep_ in ("amod", "compound") and (
        head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and head.is_title)
    )


def _candidates(parsed: ParsedArticle, sentence: ParsedSentence, gazetteer: Gazetteer) -> list[Candidate]:
    """Spans of ``sentence`` that name gazetteer entries: spaCy's place entities first, then the matcher."""
    doc = sentence.paragraph.doc
    taken: set[int] = set()
    found: list[Candidate] = []
    for ent in sentence.span.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        words = _widen(sentence, _trim(list(ent)), gazetteer)
        if _is_demonym(gazetteer, words) and not any(
            e.precision == "country" for e in gazetteer.lookup(ent.text)
        ):
            continue  # "Russian", "Syrians": the actor layer's state names, not places ("US" is both)
        for candidate, (first, last) in _named_parts(gazetteer, sentence, words):
            # "the West", "the Gulf": a lone word after "the" must be supported by the article's countries.
            before = doc[first - 1] if first > 0 else None
            if last - first == 1 and before is not None and before.lower_ == "the":
                candidate.weak = candidate.weak or not _has_country(candidate)
            if _acronym_ok(candidate, doc[first:last]):
                candidate.firm = True
                found.append(candidate)
                taken.update(range(first, last))
    tokens = list(sentence.span)
    base = sentence.span.start
    position = 0
    while position < len(tokens):
        match, size = None, 0
        if tokens[position].i not in taken and tokens[position].text[:1].isupper():
            run = 1  # capitalised words and particles from here: the longest name that may start here
            while run < MAX_WORDS and position + run < len(tokens) and _name_word(tokens[position + run]):
                run += 1
            for size in range(run, 0, -1):
                words = tokens[position : position + size]
                if not words[-1].text[:1].isupper() or any(w.i in taken for w in words):
                    continue
                match = _lookup(gazetteer, sentence, words, loose=False)
                if match is not None:
                    break
        start = base + position
        if match is not None and _matcher_allows(match, doc[start : start + size], gazetteer):
            found.append(match)
            position += size
        else:
            position += 1
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
                match = _lookup(gazetteer, sentence, [name], loose=False, suffix=word)
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
    return bool(words) and words[-1].lower() in {"county", "parish", "district", "province", "borough"}


def _modifier(candidate: Candidate, text: str) -> bool:
    """ "Harvard-trained", "Iran-backed", "Saudi-led": a name in a compound modifier is not a place named
    ("Aleppo-based" still is)."""
    rest = text[candidate.end : candidate.end + 20]
    match = re.match(r"-([a-z]+)", rest)
    return bool(match) and match.group(1).endswith("ed") and match.group(1) not in {"based", "headquartered"}


def _is_demonym(gazetteer: Gazetteer, words: list[Token]) -> bool:
    key = fold(" ".join(w.text for w in words))
    return key in gazetteer.demonyms or (key.endswith("s") and key[:-1] in gazetteer.demonyms)


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
    while words and words[0].lower_ in {"the", "a", "an"}:
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
    whole = _lookup(gazetteer, sentence, words, loose=True)
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
                and not (size == 1 and _is_word_name(gazetteer, part[0].text))
            ):
                candidate = _lookup(gazetteer, sentence, part, loose=False)
                if candidate is not None:
                    parts.append((candidate, (part[0].i, part[-1].i + 1)))
                    position += size
                    break
        else:
            position += 1
    return parts


def _is_word_name(gazetteer: Gazetteer, name: str) -> bool:
    """Whether a one-word name is also an English word ("Union", "Hope", "Police"): a place only where the
    small model or a locative says so."""
    return fold(name) in gazetteer.word_names


def _name_word(token: Token) -> bool:
    """A word that may stand inside a place name: capitalised, or a particle ("ez", "of")."""
    return token.text[:1].isupper() or token.lower_ in NAME_PARTICLES


def _acronym_ok(candidate: Candidate, words: Span) -> bool:
    """ "UN" is not Un (India): a short all-capital name stands only for a country, region or site, or for
    the place the supplement gives it to ("D.C.")."""
    text = words.text
    if text.replace(".", "").isupper() and len(text.replace(".", "")) <= 4 and not candidate.curated:
        candidate.entries = [e for e in candidate.entries if e.precision != "city"]
    return bool(candidate.entries)


def _matcher_allows(candidate: Candidate, words: Span, gazetteer: Gazetteer) -> bool:
    """Whether a gazetteer match that spaCy did not tag as a place is one anyway.

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
    if not _acronym_ok(candidate, words) or (
        _is_demonym(gazetteer, list(words)) and not _has_country(candidate)
    ):
        return False
    if any(w.ent_type_ in NEVER_PLACE_LABELS for w in words) or fold(words.text) in CALENDAR_WORDS:
        return False
    if _dateline(words):
        candidate.firm = candidate.dateline = True
        return True
    doc = words.doc
    before = doc[words.start - 1] if words.start > 0 else None
    after = doc[words.end] if words.end < len(doc) else None
    person = any(w.ent_type_ in {"PERSON", "NORP"} for w in words)
    if gazetteer.is_curated(words.text) or (
        after is not None and after.lower_ in UNIT_WORDS | FACILITY_WORDS
    ):
        return True
    if _inside_longer_name(words, gazetteer):
        if not (_heads_a_name(words) or _ends_a_name(words, gazetteer)) or words.text.lower() in DIRECTIONS:
            return False
        if _is_word_name(gazetteer, words.text):
            return False  # "Police Department", "Union Station"
        # A state or a country heads or ends its agencies' names ("Texas Forest Service", "University of
        # Kentucky"); a town's name in another ("Lincoln Memorial", "Star Tribune", "Diocese of Mansfield")
        # counts where the article names the town elsewhere.
        key = fold(words.text)
        if not any(fold(e.name) == key for e in candidate.entries):
            return False  # an alternate name: "Liberation of Al-Sham" (Damascus's) names a group
        if any(
            e.precision in {"country", "admin1", "admin2"} and fold(e.name) == key for e in candidate.entries
        ):
            return True
        candidate.echo = not any(
            e.precision == "city" and e.population >= PROMINENT_POPULATION for e in candidate.entries
        )
        # and a city's country must be one the article points to: "Toyota Motor", "Metro Transit" are not
        # Japan's and Indonesia's cities
        candidate.weak = True
        return True
    if not person and before is not None and before.lower_ in LOCATIVES:
        candidate.firm = True
        return True
    if _is_word_name(gazetteer, words.text):
        return False  # "Union officials", "Hope said": a word, unless spaCy or a locative says place
    if before is not None and before.lower_ == "the" and not _has_country(candidate):
        # "the West" is no place; "the Winona council" is Winona's where the article names Winona
        candidate.echo = words[-1].dep_ == "compound" and words[-1].head.pos_ == "NOUN"
        return candidate.echo
    # A proper noun, or a capitalised noun the tagger missed ("left Homs"), never an adjective ("Western
    # plans": Sri Lanka's Western Province).
    if _prominent(candidate) and all(
        w.pos_ == "PROPN" or (w.pos_ == "NOUN" and w.is_title and not w.is_sent_start) for w in words
    ):
        # The small model's label is one signal, not a veto: it tags Aleppo LANGUAGE, Homs and Lyon PERSON,
        # "Kharkiv and Kherson" ORG. Against a person's tag the name must stand where places do, as an
        # object ("left Homs", "in Paris and Lyon"), not as a subject ("Jackson met Clinton"); a name the
        # article also gives a person ("Lloyd Austin") is dropped later.
        if not person or words[-1].dep_ in OBJECT_DEPS:
            candidate.tagged_person = person
            return True
    if len(words) == 1 and _lone_org(words[0]) and not (after is not None and after.pos_ == "NOUN"):
        candidate.weak = True  # spaCy's small model often tags a lone town name ORG: "reached Homs"
        return True
    if any(w.ent_type_ in NOT_PLACE_LABELS or w.ent_type_ == "ORG" for w in words):
        # One sense per article: a name the small model tags a person or an organisation here is still
        # the place the article names elsewhere ("in Gainesville" ... "Gainesville officials").
        candidate.echo = all(w.pos_ == "PROPN" or w.is_title for w in words)
        return candidate.echo
    if len(words) == 1:
        if words[0].pos_ != "PROPN":
            return False
        if words[0].is_upper and not any(
            e.precision != "city" or e.population >= 100000 for e in candidate.entries
        ):
            return False  # a word of a headline in capitals ("BUT ECONOMY FAVORS") is not a town
        candidate.weak = candidate.weak or (
            not _has_country(candidate) and max(e.population for e in candidate.entries) < 100000
        )
    return True


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
    if words.start < 2 or doc[words.start - 1].lower_ != "of" or not _capitalised_name(doc[words.start - 2]):
        return False
    if words.end >= len(doc) or not _name_word(doc[words.end]):
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
    before = doc[words.start - 1] if words.start > 0 else None
    if before is not None and (_name_word(before) and before.lower_ != "the") and not before.is_sent_start:
        return False
    rest = []
    position = words.end
    while position < len(doc) and _name_word(doc[position]):
        rest.append(doc[position])
        position += 1
    if not rest or rest[0].lower_ in NAME_PARTICLES:
        return False
    # "Paris Hilton" is a person; "Carthage Police Officer Justin Garner" names Carthage's police
    return not any(t.ent_type_ == "PERSON" for t in [*words, rest[0]])


def _prominent(candidate: Candidate) -> bool:
    """Whether the name is one of a country, a first-level unit of ``PROMINENT_UNIT_POPULATION`` or a city of
    ``PROMINENT_POPULATION``."""
    return any(
        e.precision == "country"
        or (e.precision == "admin1" and e.population >= PROMINENT_UNIT_POPULATION)
        or (e.precision == "city" and e.population >= PROMINENT_POPULATION)
        for e in candidate.entries
    )


def _lone_org(token: Token) -> bool:
    """A one-word ORG entity in title case."""
    doc = token.doc
    alone = token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I"
    return token.ent_type_ == "ORG" and token.ent_iob_ == "B" and alone and token.is_title


def _has_country(candidate: Candidate) -> bool:
    return any(e.precision == "country" for e in candidate.entries)


def _inside_longer_name(words: Span, gazetteer: Gazetteer | None = None) -> bool:
    """Whether capitalised words continue the span on either side (through "of", "for", "the", "and"); a
    place coordinated with another place ("Paris and Lyon", "Kharkiv and Kherson") is not inside a name."""
    doc = words.doc
    connectors = {"of", "for", "the", "and", "-"}
    for step, edge in ((-1, words.start - 1), (1, words.end)):
        position = edge
        while 0 <= position < len(doc) and doc[position].lower_ in connectors:
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


def _lookup(
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
    key = fold(name)
    if len(words) == 1 and not gazetteer.is_curated(name) and not any(fold(e.name) == key for e in entries):
        # Only an alternate name ("Grayson" is one of Grozny's): a large place, and the context must agree.
        entries = [e for e in entries if e.population >= 100000 or e.precision != "city"]
        weak = True
    if not entries:
        return None
    curated = gazetteer.is_curated(name)
    return Candidate(sentence, start, end, entries, loose=used_loose, weak=weak, text=name, curated=curated)


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
