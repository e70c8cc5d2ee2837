"""What the speaker pass keeps about an article (``Entity``, ``Resolution``), its weights, and the tests of
agreement between a name, a pronoun or a description and an entity met before (see ``speakers``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Span
from ..syntax import NOMINAL_SUBJECT_DEPS
from .gender import fold, gender_of_words
from .lexicon import function_words

if TYPE_CHECKING:
    from spacy.tokens import Token

# pronoun → the classes it may stand for
WORDS = function_words()  # data/cues/function_words.tsv
PERSON_PRONOUNS = WORDS["person_pronoun"]
GROUP_PRONOUNS = WORDS["group_pronoun"]
THING_PRONOUNS = WORDS["thing_pronoun"]
DEFINITE = WORDS["definite"]
# Where a noun heads a phrase that mentions something (not a modifier or an apposition).
ARGUMENT_DEPS = NOMINAL_SUBJECT_DEPS | {"dobj", "pobj", "conj", "attr", "ROOT", "dative", "obj", "npadvmod"}
POSSESSIVES = WORDS["possessive"]
ISSUED_DOCUMENTS = WORDS["issued_document"]
PERSON_LABELS = {"PERSON"}
ORGANISATION_LABELS = {"ORG"}
GROUP_LABELS = {"NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_ENTITY_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"}
NAME_LABELS = PERSON_LABELS | ORGANISATION_LABELS | GROUP_LABELS | PLACE_LABELS
# Salience: an earlier mention is worth 1, more as a subject, more again as a statement's speaker, and
# halves with each sentence back; an entity of unknown class counts half for a pronoun.
SUBJECT_WEIGHT = 1.0
SPEAKER_WEIGHT = 2.0
DECAY = 0.5
UNKNOWN_CLASS_FACTOR = 0.5
UNKNOWN_GENDER_FACTOR = 0.6
# A pronoun prefers the subject of its own sentence ("Rubio is trailing, and he hopes …") to a speaker of the
# sentence before.
SAME_SENTENCE_SUBJECT_FACTOR = 2.0
BODY_AS_THEY_FACTOR = 0.5
THING_FACTOR = 0.3
# Below this salience a pronoun has nothing to refer to (a mention some ten sentences back).
MIN_SALIENCE = 0.002
# A description falls back on the previous speaker of its class only within this many sentences.
DESCRIPTION_REACH = 3
# Two spellings of a surname are one name from this rapidfuzz ratio ("Gonzales" ~ "Gonzalez": 87.5).
FUZZY_NAME_RATIO = 80.0
MIN_FUZZY_LENGTH = 5
NAME_HOWS = {"name", "alias", "fuzzy"}
# How sure each way of resolving is, before a pronoun's margin over the runner-up is weighed in.
CONFIDENCE = {
    "name": 1.0,
    "alias": 0.95,
    "fuzzy": 0.8,
    "role": 0.85,
    "description": 0.75,
    "pronoun": 0.9,
    "unresolved": 0.0,
}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a speaker phrase turned out to be.

    ``antecedent``: the mention it was resolved through (None when it names itself or nothing was found);
    ``referent``: the name it stands for, where the actor is looked up; ``how``: ``name`` (the phrase names
    the speaker itself), ``alias`` (a repeat of an earlier name), ``fuzzy`` (a misspelling of one),
    ``pronoun``, ``description``, ``role`` (a description matching a role the article gave someone) or
    ``unresolved``; ``score`` 0..1.
    """

    antecedent: Span | None
    referent: Span | None
    how: str
    score: float


@dataclass(slots=True, eq=False)  # one entity is one object: compared and hashed by identity
class Entity:
    """Someone or something the article has introduced."""

    span: Span  # what an antecedent reports: the fullest name, or the phrase it first spoke as
    klass: str  # person | organisation | group | document | place | thing | unknown
    words: tuple[str, ...] = ()  # the fullest name's words; empty for a description
    heads: set[str] = field(default_factory=set)  # role words and head nouns ("minister", "researcher")
    gender: str | None = None
    plural: bool = False
    spoke: bool = False
    # salience as of ``last`` (the sentence of the latest mention); mentions come in text order, so it is
    # kept as one decaying sum rather than recomputed from every mention
    heat: float = 0.0
    last: int = -1
    subject_in: int = -1  # the latest sentence it was a subject or a speaker in

    def mention(self, sentence: int, weight: float) -> None:
        self.heat = self.salience(sentence) + weight
        self.last = sentence
        if weight > 1.0:
            self.subject_in = sentence

    def salience(self, sentence: int) -> float:
        return self.heat * DECAY ** max(0, sentence - self.last) if self.last >= 0 else 0.0


def similar(a: str, b: str) -> bool:
    if a.lower() == b.lower():
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LENGTH or a[:1].lower() != b[:1].lower():
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a.lower(), b.lower()) >= FUZZY_NAME_RATIO


def name_head(tokens: Sequence[Token]) -> Token:
    """The token of a name chain whose syntactic head lies outside it."""
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head is t), tokens[-1])


def in_name(token: Token) -> bool:
    """A token of a proper-name chain: a proper noun (not a number or a line break the model calls one), or
    a capitalised noun inside the sentence that the model labels a name ("Asked about it, Reyes said")."""
    if token.is_space or token.like_num:
        return False
    if token.pos_ == "PROPN":
        return True
    return (
        token.pos_ == "NOUN" and token.ent_type_ in NAME_LABELS and token.is_title and not token.is_sent_start
    )


def classes_agree(a: str, b: str) -> bool:
    return a == b or "unknown" in {a, b}


def same_person(earlier: tuple[str, ...], words: tuple[str, ...], klass: str, titles: frozenset[str]) -> bool:
    """Whether ``words`` repeat the name ``earlier``, titles aside ("President Obama", "Mr. Lopez", "Sen.
    Reyes"): its last words ("Lopez", "Foreign Ministry"), a person's first name alone ("Daniel" for Daniel
    Bernoulli), or the full name of someone first named by title and surname ("Barack Obama" after
    "President Obama"); never a different first name with the same surname ("Bill Clinton" after "Hillary
    Clinton") or a name of the other gender ("Mrs. Clinton")."""
    first, second = untitled(earlier, titles), untitled(words, titles)
    gender_a, gender_b = gender_of_words(earlier), gender_of_words(words)
    if gender_a and gender_b and gender_a != gender_b:
        return False
    if len(second) < len(first) and first[-len(second) :] == second:
        return True
    if len(second) == 1 and klass in {"person", "unknown"} and len(first) > 1 and first[0] == second[0]:
        return True
    if second == first and (len(earlier) != len(words) or earlier != words):
        return True
    titled = len(first) < len(earlier)
    return titled and len(first) < len(second) and second[-len(first) :] == first


def untitled(words: tuple[str, ...], titles: frozenset[str]) -> tuple[str, ...]:
    """A name without the titles before it ("Foreign Minister Anna Berg" → "Anna Berg"); never empty."""
    i = 0
    while i < len(words) - 1 and fold(words[i]) in titles:
        i += 1
    return words[i:]


def agrees(entity: Entity, pronoun: str, gender: str | None) -> bool:
    if pronoun in PERSON_PRONOUNS:
        if entity.klass not in {"person", "unknown"} or entity.plural:
            return False
        return gender is None or entity.gender in {None, gender}
    if pronoun in GROUP_PRONOUNS:
        return entity.plural or (entity.klass in {"organisation", "group"} and bool(entity.words))
    return entity.klass in {"organisation", "document", "place", "thing"} and not entity.plural


def fit(entity: Entity, pronoun: str) -> float:
    """How well an agreeing entity fits a pronoun: fully, or less for what the pronoun names only rarely
    (a body as "they", a thing as "it" or "they", a name of unknown class)."""
    if entity.klass == "unknown":
        return UNKNOWN_CLASS_FACTOR
    if pronoun in GROUP_PRONOUNS and entity.klass == "organisation":
        return BODY_AS_THEY_FACTOR
    if entity.klass == "thing":
        return THING_FACTOR
    return 1.0


def bare(head: Token) -> bool:
    """A description of nothing but its noun and determiner ("The statement", not "the famous letter")."""
    return all(c.dep_ in {"det", "poss", "punct", "case"} for c in head.children)


def title_gender(first: Token) -> str | None:
    """The gender of a title just before a name ("Mr. Smith" when "Mr." is not part of the chain)."""
    if first.i == 0:
        return None
    return gender_of_words((first.doc[first.i - 1].text,))


def introduced_roles(tokens: Sequence[Token], head: Token, nouns: dict[str, str]) -> set[str]:
    """The role words a name is introduced with: its own ("Foreign Minister …"), nouns before it
    ("envoy Jane Doe"), an apposition either way ("Berg, the minister"; "the minister, Berg") and
    a predicate ("Doe is a diplomat")."""
    roles = {t.lemma_.lower() for t in tokens if t.lemma_.lower() in nouns}
    for child in head.children:
        if child.dep_ in {"compound", "appos", "amod"} and child.pos_ == "NOUN":
            roles.add(child.lemma_.lower())
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        roles.add(head.head.lemma_.lower())
    if head.dep_ in NOMINAL_SUBJECT_DEPS and head.head.lemma_ == "be":
        roles |= {c.lemma_.lower() for c in head.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"}
    return roles
