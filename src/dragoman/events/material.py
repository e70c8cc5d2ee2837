"""Material conflict needs a material reading: "Sanders crushed Clinton" is no assault.

A candidate coded 17x-20x (coerce, assault, fight, mass violence) stands when its source is armed or
coercive (a code with a military, police, rebel, insurgent, armed-group or intelligence sector), when a
state acts on a state ("Israel attacked Syria": both bare country codes, the wire-news reading) or the
sentence holds a word of force (``material`` in ``data/events/material_context.tsv``: troops, shelling,
killed, ...), and in the last two cases no word of an election, a game or a market (``figurative``)
says otherwise; a verb that is never figurative (``literal``: arrest, detain, deport) stands whatever
the context ("Besigye, runner-up in the election, was arrested"). Otherwise a verb of attack
(``verbal``: "attacked", "slammed", "fired back at") is criticism (111) and anything else ("crushed",
"beat", "defeated") is no event.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import cache

from .candidate import Candidate
from .tables import data_path

MATERIAL_ROOTS = frozenset({"17", "18", "19", "20"})
ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "INS", "UAF", "SPY"})
CRITICIZE = "111"


@cache
def context_words() -> dict[str, frozenset[str]]:
    """Lemmas by kind: ``material``, ``figurative``, ``verbal``."""
    kinds: dict[str, set[str]] = {}
    with open(data_path("material_context.tsv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            kinds.setdefault(row["kind"], set()).add(row["lemma"])
    return {kind: frozenset(words) for kind, words in kinds.items()}


def armed(code: str | None) -> bool:
    """Whether a CAMEO actor code carries an armed or coercive sector (SYRMIL, COP, IRQREBINS)."""
    code = code or ""
    return any(code[i : i + 3] in ARMED_SECTORS for i in range(0, len(code) - 2))


def state(code: str | None) -> bool:
    """Whether a CAMEO actor code is a bare country (ISR, SYR): a state, whose attacks are its forces'."""
    return bool(code) and len(code) == 3 and code.isalpha() and code.isupper()


def material_reading(candidate: Candidate, lemmas: frozenset[str], verb_lemma: str) -> Candidate | None:
    """The candidate as it stands, recoded as criticism, or None (see the module docstring)."""
    if not candidate.code or candidate.code[:2] not in MATERIAL_ROOTS:
        return candidate
    words = context_words()
    if any(armed(m.code) for m in candidate.sources) or verb_lemma in words.get("literal", frozenset()):
        return candidate  # an armed source, or a verb never figurative ("arrested", whatever the news)
    figurative = bool(lemmas & words["figurative"])
    between_states = any(state(m.code) for m in candidate.sources) and any(
        state(m.code) for m in candidate.targets
    )
    if (between_states or lemmas & words["material"]) and not figurative:
        return candidate
    if verb_lemma in words["verbal"] and candidate.targets:
        return replace(candidate, code=CRITICIZE, reverse_code=None, rule=f"{candidate.rule}+figurative")
    return None
