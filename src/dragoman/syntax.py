"""Syntax shared by every stage: the dependency sets, a verb's subjects, negation, and which clause a word
belongs to (the verb that governs it, what hangs from an event's action word).

Statements, events, places and dates read the same parse through these; a change of model or of label set
is made here once. Places and dates use the same test to tie a phrase to an event: it belongs to the
event's clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .nlp import ParsedSentence

if TYPE_CHECKING:
    from spacy.tokens import Token

VERBS = frozenset({"VERB", "AUX"})
# The subjects of a verb: nominal (the actors who speak or act) and clausal ones.
NOMINAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SUBJECT_DEPS = frozenset({*NOMINAL_SUBJECT_DEPS, "csubj", "csubjpass"})
PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass"})
# Dependencies that start another clause: actors inside them are not this verb's source or target.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "parataxis", "ccomp", "xcomp", "conj", "appos", "punct", "cc"})
NEGATION_WORDS = frozenset({"never"})
# Links through which a phrase hangs from an action noun ("attacks in Aleppo", "the strike on Friday").
LOCATIVE_DEPS = frozenset(
    {
        "prep",
        "pobj",
        "npadvmod",
        "advmod",
        "compound",
        "amod",
        "nmod",
        "appos",
        "conj",
        "cc",
        "pcomp",
        "agent",
        "dobj",
        "nsubj",
        "nsubjpass",
        "poss",
        "attr",
    }
)


def subjects(verb: Token, deps: frozenset[str] = SUBJECT_DEPS) -> list[Token]:
    """The subjects hanging from ``verb`` (``deps``: which subject links count)."""
    return [child for child in verb.children if child.dep_ in deps]


def has_subject(verb: Token, deps: frozenset[str] = SUBJECT_DEPS) -> bool:
    return any(child.dep_ in deps for child in verb.children)


def is_passive(verb: Token) -> bool:
    """Whether ``verb`` is passive ("was indicted by"): a passive auxiliary or subject hangs from it."""
    return any(child.dep_ in PASSIVE_DEPS for child in verb.children)


def is_negated(verb: Token) -> bool:
    """Whether ``verb`` is negated ("did not attack", "never met")."""
    return any(child.dep_ == "neg" or child.lower_ in NEGATION_WORDS for child in verb.children)


def token_at(sentence: ParsedSentence, offset: int) -> Token | None:
    """The token of ``sentence`` at article offset ``offset``."""
    local = offset - sentence.paragraph.start
    for token in sentence.span:
        if token.idx <= local < token.idx + max(len(token.text), 1):
            return token
    return None


def clause_of(token: Token) -> Token:
    """The verb that governs ``token`` (itself when it is a verb), else the sentence root."""
    current = token
    while current.pos_ not in VERBS and current.head.i != current.i:
        current = current.head
    return current


def governs(action: Token, token: Token) -> bool:
    """Whether ``token`` hangs from the action word itself through locative links (a noun action: "attacks
    in Aleppo"), without passing another verb."""
    current = token
    while current.head.i != current.i and current.dep_ in LOCATIVE_DEPS:
        current = current.head
        if current.i == action.i:
            return True
        if current.pos_ in VERBS:
            return False
    return False


def span_root(sentence: ParsedSentence, start: int, end: int) -> Token | None:
    """The token of the article span ``start:end`` whose head lies outside it (its syntactic head)."""
    token = token_at(sentence, start)
    if token is None:
        return None
    local_start, local_end = start - sentence.paragraph.start, end - sentence.paragraph.start
    while local_start <= token.head.idx < local_end and token.head.i != token.i:
        token = token.head
    return token


def in_clause(action: Token, token: Token) -> bool:
    """Whether ``token`` belongs to the clause of the event word ``action``: same governing verb, or hanging
    from the action word itself."""
    return clause_of(token).i == clause_of(action).i or governs(action, token)


# Links from a name to the phrase it belongs to ("Aleppo and Hama", "Aleppo countryside").
NAME_LINKS = frozenset({"conj", "compound", "amod", "nmod", "poss", "cc"})
# Arguments of a verb through which a prepositional phrase still places the event ("struck targets near X").
ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "npadvmod", "pobj", "oprd"})


def hangs_from(action: Token, token: Token, hops: int = 2) -> bool:
    """Whether ``token`` places the event word ``action``: it depends on the action itself ("shelled Afrin"),
    or reaches it through at most ``hops`` prepositional phrases and the action's own arguments ("struck
    targets near Damascus", "condemned it in a statement from Moscow"), never through an apposition or a
    clause of its own ("the envoy to Syria", "said that the measures against Syria failed")."""
    current = token
    while current.dep_ in NAME_LINKS and current.head.i != current.i:
        current = current.head
    for _ in range(hops + 1):
        if current.head.i == action.i:
            return True
        if current.dep_ != "pobj" or current.head.dep_ not in {"prep", "agent"}:
            return False
        preposition = current.head
        if preposition.head.i == action.i:
            return True
        current = preposition.head
        if current.dep_ not in ARGUMENT_DEPS:
            return False
    return False


def phrase_end(verb: Token) -> int:
    """Index after the last token of the verb's phrase: its subtree, cut before a clause that is not its own
    (a conjoined verb: "condemned the attack and promised aid")."""
    end = verb.right_edge.i + 1
    for child in verb.rights:
        if child.dep_ in ("conj", "parataxis") and child.pos_ in VERBS:
            end = min(end, child.left_edge.i)
    return max(end, verb.i + 1)
