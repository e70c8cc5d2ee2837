"""Folding negation and the verbs above a coded verb into it: a negated verb gives no event, one under a
cessation verb none unless that is negated, one under a refusal verb becomes a rejection, one under a verb
that asks for or threatens it is that verb's business (see ``coder``'s docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ..syntax import is_negated
from .candidate import STATEMENT_ROOT, Candidate
from .view import SentenceView

if TYPE_CHECKING:
    from spacy.tokens import Token

# Appeal, demand, threaten: the content of their that-clause is asked for or threatened, not done.
REQUEST_ROOTS = frozenset({"02", "10", "13"})
# Dependencies under which a verb is the complement of the verb above it ("refused to negotiate").
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})
DEFAULT_REFUSAL = "120"


def governor_of(token: Token) -> Token | None:
    """The verb whose complement ``token`` is ("refused to negotiate", "demanded that Turkey withdraw",
    "accused X of supporting"), or None."""
    if token.dep_ == "conj" and (token.head.dep_ in COMPLEMENT_DEPS or _for_clause(token.head)):
        token = token.head  # "to stop bombing civilians and launching attacks": both under "stop"
    if token.dep_ not in COMPLEMENT_DEPS and not _for_clause(token):
        return None
    current = token.head
    for _ in range(3):
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "aux":
            return current
        if current.dep_ not in ("prep", "pobj", "pcomp") or current.head.i == current.i:
            return None
        current = current.head
    return None


def requested(view: SentenceView, index: int, candidates: Mapping[int, Candidate]) -> bool:
    """Whether a verb above this one, through complements, carries its event: "called for the United States
    to send forces to combat the Islamic State" — the combat is asked for, not done."""
    token = view.doc[index]
    for _ in range(4):
        governor = governor_of(token)
        if governor is None:
            return False
        above = candidates.get(governor.i)
        if above is not None and above.code and carries_complement(token, above.code):
            return True
        if above is not None and above.code and above.code.startswith(STATEMENT_ROOT):
            return False  # "said that …": what is said stands
        token = governor
    return False


def carries_complement(complement: Token, code: str) -> bool:
    """Whether a verb coded ``code`` carries the event of its complement: any coded verb but a statement its
    infinitive or gerund ("threatened to attack", "accused X of supporting"), an appeal, demand or threat
    its that-clause ("demanded that Turkey withdraw"; "said that X attacked" keeps the attack)."""
    if code.startswith(STATEMENT_ROOT):
        return False
    if complement.dep_ == "ccomp" or _for_clause(complement):
        return code[:2] in REQUEST_ROOTS and complement.i > complement.head.i
    return True


def fold_complements(view: SentenceView, candidates: Mapping[int, Candidate]) -> list[Candidate]:
    """The candidates with negation and the verbs above each applied (see module docstring)."""
    kept: dict[int, Candidate] = {}
    governed: set[int] = set()
    for index, candidate in candidates.items():
        folded = _folded(view, index, candidate, candidates)
        if folded is None:
            continue
        # An uncoded verb stays as a candidate (it gives no event) for the transformations.
        governor = governor_of(view.doc[index])
        while governor is not None and folded.code:
            governed.add(governor.i)
            governor = governor_of(governor)
        kept[index] = folded
    # "stressed that Moscow will not stop supporting …": the statement is coded by what it says.
    return [
        c for i, c in kept.items() if not (i in governed and c.code and c.code.startswith(STATEMENT_ROOT))
    ]


def _folded(
    view: SentenceView, index: int, candidate: Candidate, candidates: Mapping[int, Candidate]
) -> Candidate | None:
    """One candidate with its negation and its governing verb folded in, or None when it is no event."""
    governor = governor_of(view.doc[index])
    effect = view.coder.complements.get(governor.lemma_.lower()) if governor is not None else None
    if effect == "cessation":
        if not is_negated(governor):
            return None  # "stopped supporting": no support
        return replace(candidate, negated=True)  # "will not stop supporting": support
    if effect == "refusal":
        if is_negated(governor) or candidate.code is None:
            return None
        return replace(
            candidate,
            code=view.coder.refusals.get(candidate.code[:2], DEFAULT_REFUSAL),
            reverse_code=None,
            span=(governor.i, governor.i + 1),
            rule=f"{candidate.rule}+refusal:{governor.lemma_.lower()}",
        )
    if requested(view, index, candidates):
        # "threatened to attack", "urged X to respond", "demanded that Turkey withdraw": the governing verb
        # carries the event; what it asks or threatens has not happened.
        return None
    if candidate.negated:
        return None  # "did not attack": no attack
    return candidate


def _for_clause(token: Token) -> bool:
    """An adverbial clause that says what the verb is for: opened by "for" ("called for X to withdraw") or an
    infinitive of purpose ("send forces to combat the Islamic State")."""
    if token.dep_ != "advcl":
        return False
    marks = [c.lower_ for c in token.children if c.dep_ == "mark"]
    return marks == ["for"] or (
        not marks and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )
