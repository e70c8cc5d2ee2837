"""Whether the article supports a candidate as a place: a weak name by its country, a small town by its
province or a town near it, an echo by a place of its name; and the people the article names."""

from __future__ import annotations

from ..nlp import ParsedArticle
from .candidate import Candidate
from .context import NEAR_KM, Context
from .names import fold

# Towns smaller than this are places only where the article names their province (``unit_supports``).
SMALL_TOWN = 5000


def supported(candidate: Candidate, context: Context) -> bool:
    """Whether the article supports the candidate as far as it needs: a weak name by its country, a small
    town by its province."""
    return (not candidate.weak or any(e.country in context.countries for e in candidate.entries)) and (
        not small_town(candidate) or unit_supports(candidate, context)
    )


def small_town(candidate: Candidate) -> bool:
    """Whether every entry the name has is a town under ``SMALL_TOWN`` people ("Wagner", "Licking",
    "Congress" are such towns, and words or surnames far more often)."""
    return (
        not candidate.curated
        and not candidate.dateline
        and not candidate.residence
        and all(e.precision == "city" and e.population < SMALL_TOWN for e in candidate.entries)
    )


def unit_supports(candidate: Candidate, context: Context) -> bool:
    """Whether the article names the first-level unit of one of the candidate's entries ("Milaca" in an
    article naming Minnesota), or the candidate is qualified by it ("Milaca, Minn.")."""
    return bool(candidate.holds) or any(
        (e.admin1 and (e.country, fold(e.admin1)) in context.admin1)
        or context.anchor_km(e, candidate) <= NEAR_KM / 2
        for e in candidate.entries
    )


def echo_in_named_unit(candidate: Candidate, context: Context) -> bool:
    """Whether a town lies in a province the article names ("the Winona council" in an article naming
    Minnesota, "Gainesville police" beside Georgia's Hall County)."""
    return any(
        e.precision == "city" and e.admin1 and (e.country, fold(e.admin1)) in context.admin1
        for e in candidate.entries
    )


def person_words(parsed: ParsedArticle) -> set[str]:
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


def names_a_person(candidate: Candidate, people: set[str]) -> bool:
    """A one-word town name that is also a word of a person named in the article ("Randolph", "Cruz");
    countries, provinces and large cities are exempt ("Jordan", "Washington")."""
    if " " in candidate.text or fold(candidate.text) not in people:
        return False
    if candidate.tagged_person:  # spaCy said person and the article names such a person: a person
        return all(e.precision in {"city", "site"} for e in candidate.entries)
    return all(e.precision in {"city", "site"} and e.population < 500000 for e in candidate.entries)
