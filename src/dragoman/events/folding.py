"""Folding negation and the verbs above a coded verb into it: a negated verb gives no event, one under a
cessation verb none unless that is negated, one under a refusal verb becomes a rejection, one under a verb
that asks for or threatens it is that verb's business (see ``coder``'s docstring)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..syntax import is_negated
from .candidate import STATEMENT_ROOT, Candidate
from .context import SentenceContext

if TYPE_CHECKING:
    from spacy.tokens import Token

# Appeal, demand, threaten: the content of their that-clause is asked for or threatened, not done.
REQUEST_ROOTS = frozenset({"02", "10", "13"})
# Dependencies under which a verb is the complement of the verb above it ("refused to negotiate").
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})


class ComplementFolding(SentenceContext):
    """Negation and complement verbs of one sentence."""

    def is_negated(self, verb: Token) -> bool:
        return is_negated(verb)

    def governor_of(self, token: Token) -> Token | None:
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

    def requested(self, index: int, candidates: dict[int, Candidate]) -> bool:
        """Whether a verb above this one, through complements, carries its event: "called for the United
        States to send forces to combat the Islamic State" — the combat is asked for, not done."""
        token = self.doc[index]
        for _ in range(4):
            governor = self.governor_of(token)
            if governor is None:
                return False
            above = candidates.get(governor.i)
            if above is not None and above.code and self.carries_complement(token, above.code):
                return True
            if above is not None and above.code and above.code.startswith(STATEMENT_ROOT):
                return False  # "said that …": what is said stands
            token = governor
        return False

    def carries_complement(self, complement: Token, code: str) -> bool:
        """Whether a verb coded ``code`` carries the event of its complement: any coded verb but a statement
        its infinitive or gerund ("threatened to attack", "accused X of supporting"), an appeal, demand or
        threat its that-clause ("demanded that Turkey withdraw"; "said that X attacked" keeps the attack)."""
        if code.startswith(STATEMENT_ROOT):
            return False
        if complement.dep_ == "ccomp" or _for_clause(complement):
            return code[:2] in REQUEST_ROOTS and complement.i > complement.head.i
        return True

    def fold_complements(self, candidates: dict[int, Candidate]) -> list[Candidate]:
        """Apply negation and the verbs above each candidate (see module docstring)."""
        kept: dict[int, Candidate] = {}
        governed: set[int] = set()
        for index, candidate in candidates.items():
            governor = self.governor_of(self.doc[index])
            effect = self.coder.complements.get(governor.lemma_.lower()) if governor is not None else None
            if effect == "cessation":
                if not self.is_negated(governor):
                    continue  # "stopped supporting": no support
                candidate = replace(candidate, negated=True)  # "will not stop supporting": support
            elif effect == "refusal":
                if self.is_negated(governor) or candidate.code is None:
                    continue
                code = self.coder.refusals.get(candidate.code[:2], "120")
                candidate = replace(
                    candidate,
                    code=code,
                    reverse_code=None,
                    span=(governor.i, governor.i + 1),
                    rule=f"{candidate.rule}+refusal:{governor.lemma_.lower()}",
                )
            elif self.requested(index, candidates):
                # "threatened to attack", "urged X to respond", "demanded that Turkey withdraw": the
                # governing verb carries the event; what it asks or threatens has not happened.
                continue
            elif candidate.negated:
                continue  # "did not attack": no attack
            # An uncoded verb stays as a candidate (it gives no event) for the transformations.
            while governor is not None and candidate.code:
                governed.add(governor.i)
                governor = self.governor_of(governor)
            kept[index] = candidate
        # "stressed that Moscow will not stop supporting …": the statement is coded by what it says.
        return [
            c for i, c in kept.items() if not (i in governed and c.code and c.code.startswith(STATEMENT_ROOT))
        ]


def _for_clause(token: Token) -> bool:
    """An adverbial clause that says what the verb is for: opened by "for" ("called for X to withdraw") or an
    infinitive of purpose ("send forces to combat the Islamic State")."""
    if token.dep_ != "advcl":
        return False
    marks = [c.lower_ for c in token.children if c.dep_ == "mark"]
    return marks == ["for"] or (
        not marks and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )
