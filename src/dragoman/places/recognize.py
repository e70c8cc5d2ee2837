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

from collections.abc import Sequence

from ..model import Mention, Place
from ..nlp import ParsedArticle
from .candidate import Candidate
from .choose import choose
from .context import article_context
from .demonyms import demonym_candidates
from .gazetteer import Entry, Gazetteer
from .names import fold
from .spans import sentence_candidates
from .support import echo_in_named_unit, names_a_person, person_words, small_town, supported, unit_supports


def find_places(parsed: ParsedArticle, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Place]:
    """One ``Place`` for each place named in the article, sorted by offset."""
    metonyms = [(m.start, m.end) for m in mentions if m.how == "metonymy"]
    candidates, governments = [], []
    for sentence in parsed.sentences():
        for candidate in sentence_candidates(parsed, sentence, gazetteer):
            # a dateline is where the story was filed, never a government speaking ("BEIRUT: …")
            if candidate.dateline or not any(s < candidate.end and candidate.start < e for s, e in metonyms):
                candidates.append(candidate)
            else:
                candidate.metonym = True  # "Moscow said": the place named, standing for its government
                governments.append(candidate)
    people = person_words(parsed)
    candidates = [c for c in candidates if not names_a_person(c, people)]
    # a nationality adjective says who people are: no context for the article's other names
    context = article_context(parsed, [c for c in candidates if not c.echo], gazetteer)
    # Spatial evidence: the towns and counties that name one place only anchor the article's homonyms
    # ("Paris" in an article naming McKenzie is Paris, Tennessee) and its small towns.
    context.anchors = [
        (c.entries[0].lat, c.entries[0].lon, c.start)
        for c in candidates
        if c.firm
        and not c.weak
        and not c.echo
        and (not small_town(c) or unit_supports(c, context))
        and len({e.id for e in c.entries}) == 1
        and fold(c.entries[0].name) == fold(c.text)
        and c.entries[0].precision in {"admin2", "city", "site"}
    ]
    # An echo stands with a place the article names as one ("in Carthage" … "Carthage police"), or where
    # the article names its province.
    named = {fold(c.text) for c in candidates if c.firm and not c.weak and supported(c, context)}
    candidates = [
        c
        for c in candidates
        if (c.echo and fold(c.text) in named)
        or (supported(c, context) and (not c.echo or echo_in_named_unit(c, context)))
    ]
    candidates += _actor_names(parsed, candidates, governments, gazetteer)
    places = []
    for candidate in sorted(candidates, key=lambda c: c.start):
        chosen, score, how = choose(candidate, context)
        how = "demonym" if candidate.demonym else "metonymy" if candidate.metonym else how
        places.append(_place(parsed, candidate, chosen, round(score, 3), how))
    return places


def _actor_names(
    parsed: ParsedArticle,
    candidates: list[Candidate],
    governments: list[Candidate],
    gazetteer: Gazetteer,
) -> list[Candidate]:
    """The places named as actors: capitals and countries standing for their governments ("Moscow said"),
    never a building ("the White House said"), and the countries of nationality adjectives outside the
    article's other place names ("Georgian troops").

    They say who acted, not where: no context for other names, no event's location, no bare agent's
    country (``model.ACTOR_PLACE_HOWS``).
    """
    found = [c for c in governments if all(e.precision in {"country", "admin1", "city"} for e in c.entries)]
    return found + [
        d
        for sentence in parsed.sentences()
        for d in demonym_candidates(sentence, gazetteer)
        if not any(c.start < d.end and d.start < c.end for c in candidates + governments)
    ]


def _place(parsed: ParsedArticle, candidate: Candidate, chosen: Entry, score: float, how: str) -> Place:
    return Place(
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
        text=parsed.article.text[candidate.start : candidate.end],
        score=score,
        how=how,
    )
