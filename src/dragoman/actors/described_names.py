"""A person the knowledge base does not know, described where the article names them: "Jane Roe, a Republican
strategist", "Jane Roe, the former mayor of Dayton", "Jane Roe, who is a pollster", "campaign manager Jane
Roe", "Jane Roe, 67, of Exeter" (an age and a hometown: an ordinary citizen). The description's agent stands
for them as a bare agent (ELI, MED, CVL, LEG …) and the article's context gives its country
(:mod:`dragoman.actors.context`), as a title does (:mod:`dragoman.actors.titled_names`).

The description's noun is looked up in the knowledge base's agents, then in
``data/actors/person_descriptions.tsv`` (political professionals, hosts, executives, supporters …). A name
read so once is the same person when its surname comes back alone later in the article ("Roe said"):
:class:`LocalPeople` keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..model import Actor
from .context_words import words
from .finder import MentionFinder, ParagraphView
from .found import Found
from .names import phrase_key

if TYPE_CHECKING:
    from spacy.tokens import Token

DESCRIBED_SCORE = 0.55  # as a bare agent read from a description: a little less sure than a title
CITIZEN = "CVL"  # "Jane Roe, 67, of Exeter": someone the article knows by age and town
FORMER = words("former")
# the words of a compound description tried as one phrase first ("campaign manager", "council member")
MAX_DESCRIPTION_WORDS = 3
# "president of …", "director at …": a government title heading a named body is that body's officer
OFFICE_LINKS = frozenset({"of", "at", "for"})
STATE_LABELS = frozenset({"GPE", "NORP"})


@cache
def person_descriptions() -> dict[str, str]:
    """Description (lookup key) → agent code, from ``person_descriptions.tsv``."""
    path = resources.files("dragoman") / "data" / "actors" / "person_descriptions.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return {phrase_key(row[0]): row[1] for row in rows if len(row) > 1 and not row[0].startswith("#")}


def described_name(paragraph: ParagraphView, start: int, end: int, finder: MentionFinder) -> Found | None:
    """The bare agent a description gives the unknown person's name at tokens ``start..end``, or None."""
    doc = paragraph.doc
    if end - start < 2 or any(doc[i].pos_ != "PROPN" for i in range(start, end)):
        return None  # a full name introduces someone; a surname alone repeats one (see LocalPeople)
    head = doc[start:end].root
    for noun in _description_nouns(head, start, end):
        code = CITIZEN if noun.pos_ == "NUM" else _agent_code(noun, finder)
        if code is None or (code.startswith("GOV") and _heads_an_organisation(noun)):
            continue
        before = {t.lower_ for t in noun.children if t.i < noun.i} | {doc[i].lower_ for i in _left(noun)}
        if FORMER & before:
            code = "ELI"  # "the former mayor": out of that office, an elite
        actor = Actor(id=f"~{code}", name=code, code=code, sector=code[:3], source="described")
        return Found(start, end, actor, "agent", DESCRIBED_SCORE, actor)
    return None


def _heads_an_organisation(noun: Token) -> bool:
    """ "president of Rock the Vote", "director at Acme": an office of a named body, not of a state."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in OFFICE_LINKS:
            if any(
                c.dep_ == "pobj" and c.pos_ == "PROPN" and c.ent_type_ not in STATE_LABELS
                for c in prep.children
            ):
                return True
    return False


def _left(noun: Token) -> range:
    return range(max(0, noun.i - 2), noun.i)


def _description_nouns(head: Token, start: int, end: int) -> Iterator[Token]:
    """The nouns that describe a name: an apposition after it ("Roe, a strategist"; an age: "Roe, 67,"),
    the noun it is the apposition of ("the strategist, Jane Roe"), a relative clause's predicate ("Roe, who
    is a pollster") and the noun right before it ("campaign manager Jane Roe")."""
    for child in head.children:
        if child.dep_ == "appos" and child.i >= end and child.pos_ in {"NOUN", "NUM"}:
            if child.pos_ == "NOUN" or (child.like_num and child.i == end + 1):
                yield child
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < start:
        yield head.head
    for child in head.children:
        if child.dep_ == "relcl" and child.lemma_ == "be" and child.i >= end:
            yield from (c for c in child.children if c.dep_ == "attr" and c.pos_ == "NOUN")
    if start > 0 and head.doc[start - 1].pos_ == "NOUN" and head.doc[start - 1].head.i in range(start, end):
        yield head.doc[start - 1]


def _agent_code(noun: Token, finder: MentionFinder) -> str | None:
    """The agent code of a description's noun, with the nouns compounded before it first ("campaign
    manager" before "manager")."""
    doc = noun.doc
    first = noun.i
    while first > 0 and noun.i - first < MAX_DESCRIPTION_WORDS - 1 and doc[first - 1].dep_ == "compound":
        if doc[first - 1].pos_ != "NOUN":
            break
        first -= 1
    for begin in range(first, noun.i + 1):
        key = phrase_key(" ".join(t.text for t in doc[begin : noun.i + 1]))
        code = person_descriptions().get(key)
        agent = finder.agents.get(key)
        if agent is not None and not agent.prefix:
            return agent.code
        if code is not None:
            return code
    return None


class LocalPeople:
    """The people of one article that a title or a description coded, by surname: a later mention of the
    surname alone ("Roe", "Ms. Roe") is the same person, unless two of them share it."""

    def __init__(self) -> None:
        self._by_surname: dict[str, Found | None] = {}
        self._by_name: dict[str, Found] = {}  # the full names, for a full repeat ("Jane Roe" again)
        self._named_at: dict[str, tuple[int, int]] = {}  # surname → (paragraph doc id, token) first named

    def add(self, paragraph: ParagraphView, found: Found) -> None:
        surname = paragraph.keys[found.end - 1]
        if not surname:
            return
        earlier = self._by_surname.get(surname, found)
        same = earlier is not None and earlier.actor.id == found.actor.id
        self._by_surname[surname] = found if same else None
        self._by_name.setdefault(" ".join(paragraph.keys[found.start : found.end]), found)
        self._named_at.setdefault(surname, (id(paragraph.doc), found.start))

    def unknown(self, paragraph: ParagraphView, start: int, end: int) -> None:
        """A full name no actor and no description codes: its surname alone is that person, no one else."""
        surname = paragraph.keys[end - 1]
        if surname and end - start > 1 and surname not in self._by_surname:
            self._by_surname[surname] = None
            self._named_at[surname] = (id(paragraph.doc), start)

    def contradicts(self, paragraph: ParagraphView, found: Found) -> bool:
        """Whether a surname alone the aliases give someone is the surname of another person the article
        named in full before ("Oliver" after "John Oliver" is not Joe Oliver)."""
        if found.end - found.start != 1 or found.actor.kind != "person":
            return False
        surname = paragraph.keys[found.start]
        doc, start = self._named_at.get(surname, (None, 0))
        if doc is None or (doc == id(paragraph.doc) and found.start < start):
            return False
        earlier = self._by_surname[surname]
        return earlier is None or earlier.actor.id != found.actor.id

    def repeat(self, paragraph: ParagraphView, start: int, end: int) -> Found | None:
        """The person a surname alone or a full name again at ``start..end`` repeats, or None."""
        if end - start > 1:
            earlier: Found | None = self._by_name.get(" ".join(paragraph.keys[start:end]))
        elif paragraph.pos[start] == "PROPN":
            earlier = self._by_surname.get(paragraph.keys[start])
        else:
            return None
        if earlier is None:
            return None
        return Found(start, end, earlier.actor, earlier.how, earlier.score, earlier.dated, earlier.agent)
