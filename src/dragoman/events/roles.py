"""Finding a verb's source and target actors in the dependency parse: subjects (or the passive's agent),
objects, prepositional objects, addressees, conjuncts and modifiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Mention
from ..syntax import CLAUSE_DEPS, SUBJECT_DEPS, phrase_end
from .view import SentenceView

if TYPE_CHECKING:
    from spacy.tokens import Token

COUNTRY_CODE_LENGTH = 3  # "RUS": a code with no sector after the country
# Prepositions of place and time: what stands behind them inside an object is where or when, not whom.
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "inside", "within", "during", "across", "around", "throughout"}
)
# Links that join an actor to the subject: by "and"/"," (coordinated), or as a modifier.
SUBJECT_LINKS = ("conj", "nmod", "compound", "appos", "amod", "det", "cc", "punct")
COORDINATING_LINKS = ("conj", "cc", "punct", "det")


def roles(view: SentenceView, verb: Token) -> tuple[tuple[Mention, ...], tuple[Mention, ...], bool]:
    """(sources, targets, passive) of a verb from the parse."""
    subject, passive = subject_of(view, verb)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    # A participle with a "by" agent is passive wherever its subject comes from ("Rebuked by Eriador,
    # Osgiliath …": Eriador rebuked Osgiliath).
    passive = passive or (agent is not None and verb.tag_ == "VBN")
    if subject is not None and relative_head(verb, subject):
        # "the soldiers who attacked …": the noun the clause qualifies, when it names an actor itself
        # ("a meeting of the UN Security Council that attempts …" is no actor).
        subjects = actors_of(view, subject) if subject.i in view.mention_at else ()
    else:
        subjects = subject_actors(view, subject) if subject is not None else ()
    if passive:
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        sources = actors_of(view, by) if by is not None else ()
        return sources, subjects, True
    targets = object_actors(view, verb, exclude=set(subjects))
    return subjects, targets, False


def relative_head(verb: Token, subject: Token) -> bool:
    """Whether ``subject`` is the noun a relative clause above (or at) ``verb`` qualifies."""
    current = verb
    for _ in range(6):
        if current.dep_ == "relcl" and current.head.i == subject.i:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def subject_actors(view: SentenceView, subject: Token) -> tuple[Mention, ...]:
    """The actors of the subject and of the subjects beside it ("Old foes Gondor and Osgiliath"), with those
    joined to it by conjunction, apposition or modification ("Arnor, Calenardhon and the evil Gondor",
    parsed with "Arnor" as a modifier of "Gondor"); not those behind a preposition or in a clause."""
    heads = [subject, *(c for c in subject.head.children if c.dep_ == subject.dep_ and c.i != subject.i)]
    # A subject that is itself an actor comes first ("… frontrunner Hillary Clinton is calling": the parse
    # gives two subjects).
    heads.sort(key=lambda head: head.i not in view.mention_at)
    found: list[Mention] = []
    for head in heads:
        for mention in actors_of(view, head):
            if head.i in view.mention_at:
                found.append(mention)
            else:
                _add_modifier(found, mention)
    for head in heads:
        queue = [(head, True)]
        while queue:
            token, coordinated = queue.pop(0)  # coordinated: joined to the head by "and"/"," only
            mention = view.mention_at.get(token.i)
            if mention is not None and mention not in found:
                if coordinated:
                    found.append(mention)
                else:
                    _add_modifier(found, mention)
            queue.extend(
                (c, coordinated and c.dep_ in COORDINATING_LINKS)
                for c in token.children
                if c.dep_ in SUBJECT_LINKS
            )
    return tuple(found)


def subject_of(view: SentenceView, verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject and whether the verb is passive. A verb without a subject of its own takes the
    subject of the verb it depends on ("X is about to restore", "X condemned … and promised …", "X was seen
    to break into …"), as does one whose subject is a pronoun no actor resolves ("Ethiopia indicated it
    would act"); a relative clause takes the noun it qualifies."""
    current = verb
    for depth in range(6):
        subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.pos_ == "PRON" and subject.i not in view.mention_at:
            if current.dep_ == "relcl" and subject.lower_ in ("who", "which", "that"):
                # "a soldier who was shot by security forces": passive as its clause is
                return current.head, depth == 0 and subject.dep_.endswith("pass")
            subject = None  # an unresolved pronoun: look further up
        if subject is not None:
            return subject, depth == 0 and subject.dep_.endswith("pass")
        if current.dep_ == "relcl":
            return current.head, False
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head.i != current.head.i:
            # "answers questions after meeting with Rajoy": the verb the preposition hangs on
            current = current.head.head
            continue
        if current.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and (
            current.head.i != current.i
        ):
            current = current.head
            continue
        break
    return None, False


def object_actors(view: SentenceView, verb: Token, exclude: set[Mention]) -> tuple[Mention, ...]:
    """Targets: the direct object's actors, else those of the prepositional objects and clausal
    complement's subject, in text order."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            found = tuple(m for m in actors_of(view, child, deep=True) if m not in exclude)
            if found:
                return found
    for child in verb.children:
        if child.dep_ in ("prep", "agent") or (child.dep_ == "dative" and child.pos_ == "ADP"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found = tuple(m for m in actors_of(view, grand, deep=True) if m not in exclude)
                    if found:
                        return found
        if child.dep_ == "ccomp" and child.i > verb.i:
            # "Arnor believes Dagolath can cope": the target is the subject of what follows; a clause before
            # the verb ("X will do Y, an official said") is what was said, not a target.
            for grand in child.children:
                if grand.dep_ in SUBJECT_DEPS:
                    found = tuple(m for m in actors_of(view, grand) if m not in exclude)
                    if found:
                        return found
    return first_actor_after(view, verb, exclude)


def first_actor_after(view: SentenceView, verb: Token, exclude: set[Mention]) -> tuple[Mention, ...]:
    """The first actor after the verb in its phrase, outside other clauses: the target when the parse hangs
    it somewhere unexpected ("contribute a million florin to Gondor" with "to" under "florin")."""
    skipped: set[int] = set()
    for child in verb.rights:
        if child.dep_ in ("advcl", "parataxis", "conj", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
            marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
            if child.dep_ == "advcl" and (marks == ["for"] or not marks):
                # "called for Turkey to withdraw": the for-clause's subject is the target; "signed an accord
                # to supply Gondor": a purpose clause names whom the act is for.
                continue
            skipped.update(t.i for t in child.subtree)
    end = phrase_end(verb)
    for token in view.doc[verb.i + 1 : end]:
        if token.dep_ == "relcl":  # "a ban on Muslims who are not American citizens": not the target
            skipped.update(t.i for t in token.subtree)
    for index in range(verb.i + 1, end):
        mention = view.mention_at.get(index)
        if mention is not None and index not in skipped and mention not in exclude:
            return (mention,)
    return ()


def actors_of(view: SentenceView, head: Token, deep: bool = False) -> tuple[Mention, ...]:
    """The actors a noun phrase names: the mention on its head or, failing that, the first one inside it
    (``deep``: also behind any preposition), with the actors of its conjuncts."""
    found: list[Mention] = []
    mention = view.mention_at.get(head.i)
    if mention is not None:
        found.append(mention)
    else:
        found.extend(_first_inside(view, head, deep))
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ not in ("VERB", "AUX"):
            found.extend(actors_of(view, child, deep))
    return tuple(dict.fromkeys(found))


def _first_inside(view: SentenceView, head: Token, deep: bool) -> list[Mention]:
    """The first actor inside a phrase in text order ("an attack by Osgiliath soldiers in south Ithilen":
    Osgiliath), with its conjuncts ("the ambassadors of Arnor, Osgiliath and Gondor"), not looking into
    clauses; without ``deep`` only behind "of", "from" and "in"; with it, not behind a preposition of place
    ("discuss the situation in Syria": Syria is where, not whom)."""
    hidden: set[int] = set()
    for token in head.subtree:
        if token.i == head.i or token.i in hidden:
            continue
        if (
            token.dep_ in CLAUSE_DEPS
            and token.dep_ != "conj"
            or (token.dep_ == "prep" and not deep and token.lower_ not in ("of", "from", "in"))
            or (token.dep_ == "prep" and deep and token.lower_ in PLACE_PREPOSITIONS)
        ):
            hidden.update(t.i for t in token.subtree)
            continue
        if token.i in view.mention_at:
            return list(actors_of(view, mention_root(view, token), deep))
    return []


def mention_root(view: SentenceView, token: Token) -> Token:
    """The token of the mention covering ``token`` whose head lies outside it ("Tirith" in "Minas Tirith"):
    conjuncts hang from it."""
    mention = view.mention_at[token.i]
    inside = [t for t in view.tokens if view.mention_at.get(t.i) is mention]
    return next((t for t in inside if view.mention_at.get(t.head.i) is not mention or t.head.i == t.i), token)


def addressees(view: SentenceView, verb: Token, exclude: set[Mention]) -> tuple[Mention, ...]:
    """Whom a statement is addressed to: its object ("told Turkey") or the actor behind "to"."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "dative") and child.pos_ != "ADP":
            found = tuple(m for m in actors_of(view, child) if m not in exclude)
            if found:
                return found
        if child.lower_ == "to" and child.dep_ in ("prep", "dative"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            found = tuple(m for m in actors_of(view, pobj) if m not in exclude) if pobj is not None else ()
            if found:
                return found
    return ()


def _add_modifier(found: list[Mention], mention: Mention) -> None:
    """Add an actor found in a modifier of the subject. Another country is a coordination the parse hung as
    a modifier ("Arnor, Calenardhon and the evil Gondor"): added. The same country is a title or an
    affiliation of the same actor: it replaces the actor only when that actor's code is a bare country
    ("Bree Prime Minister Romendacil": BREGOV over BRE; "Former Secretary of State and Democratic
    presidential frontrunner Hillary Clinton" stays Clinton, USAELI)."""
    same = [m for m in found if same_country(mention.code, m.code)]
    if not same:
        found.append(mention)
    elif all(len(m.code or "") <= COUNTRY_CODE_LENGTH < len(mention.code or "") for m in same):
        found[found.index(same[0])] = mention
        for extra in same[1:]:
            found.remove(extra)


def same_country(code: str | None, other: str | None) -> bool:
    return bool(code and other and code[:3] == other[:3])
