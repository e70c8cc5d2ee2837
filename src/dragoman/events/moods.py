"""Modality as the CAMEO manual codes it: what is promised, asked, demanded or threatened is not done.

``data/events/modality.tsv`` lists the markers: auxiliaries ("will", "must", "may"), governing verbs
("agreed to", "urged X to", "threatened to") and adjectives ("is ready to"), each with its mood: ``intent``
(03x), ``appeal`` (02x), ``demand`` (10x), ``threat`` (13x) or ``possible`` (no act). ``moods.tsv`` gives,
for the root of the act, the code of each mood: "agreed to undertake joint exercises" (06, material
cooperation) is 031, "urged Turkey to negotiate" (04) 026, "threatened to attack" (19) 138. A root without a
code for the mood keeps its own (a statement, an accusation).

- Under a governing marker the event moves to the governor: its subject is the source; the target is whom
  the act is for (intent) or whom it is asked of (appeal, demand, threat: the governor's object, else the
  act's subject).
- Under an auxiliary the act is recoded in place; a demand ("China must drop barriers") is the speaker's
  on the act's subject when a statement says it, and no event otherwise.
- An act in a condition ("if it is attacked"), in a question, or only possible ("may attack") is no event;
  what would follow a condition stays coded, as the manual codes a conditional offer ("would meet … if").
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from ..model import Mention
from ..syntax import is_negated
from .candidate import STATEMENT_ROOT, Candidate
from .folding import governor_of
from .matching import verb_entries
from .nominal import NOMINAL, support_verb
from .roles import roles
from .tables import data_path
from .view import SentenceView, is_cue, speaker_mention

if TYPE_CHECKING:
    from spacy.tokens import Token


CONDITION_MARKS = frozenset({"if", "unless"})
INTENT_ROOT = "03"
# A purpose infinitive under another verb ("send material to help"); two steps at most, as deeper chains are
# parsed unreliably.
PURPOSE_DEPS = frozenset({"advcl", "xcomp"})
PURPOSE_DEPTH = 2
Markers = dict[tuple[str, str], str]  # (word, pos) → mood
MoodCodes = dict[str, dict[str, str]]  # act root → mood → code


@cache
def mood_tables() -> tuple[Markers, MoodCodes]:
    with open(data_path("modality.tsv"), encoding="utf-8", newline="") as handle:
        markers = {(r["word"], r["pos"]): r["mood"] for r in csv.DictReader(handle, delimiter="\t")}
    with open(data_path("moods.tsv"), encoding="utf-8", newline="") as handle:
        codes = {
            r["root"]: {m: r[m] for m in ("intent", "appeal", "demand", "threat") if r[m] not in ("", "-")}
            for r in csv.DictReader(handle, delimiter="\t")
        }
    return markers, codes


def mood_code(code: str, mood: str) -> str | None:
    """The code of ``code``'s act in ``mood``, or None when the act keeps its own code."""
    return mood_tables()[1].get(code[:2], {}).get(mood)


def coded_in_mood(code: str, mood: str) -> str | None:
    """``mood_code``, except that an intent in the mood of intent keeps its own, more specific code: "will
    meet with X for talks" (036) is the intent to meet, not the generic 030."""
    if mood == "intent" and code[:2] == INTENT_ROOT:
        return code
    return mood_code(code, mood)


def apply_moods(view: SentenceView, kept: list[Candidate], raw: dict[int, Candidate]) -> list[Candidate]:
    """``kept`` with the moods of the module docstring applied; ``raw`` are the sentence's candidates
    before folding (an act folded into its governor is found there)."""
    markers, _ = mood_tables()
    by_index = {c.verb_index: c for c in kept}
    moved: dict[int, Candidate] = {}
    dropped: set[int] = set()
    question = view.span.text.rstrip().endswith("?")
    acts = {**raw, **{c.verb_index: c for c in kept if c.rule.startswith(NOMINAL)}}
    for index, act in acts.items():
        if not act.code or act.code.startswith(STATEMENT_ROOT):
            continue
        token = _anchor(view, act)
        if _in_condition(token) or (question and not is_cue(view, index)):
            dropped.add(index)
            continue
        governor, mood = _governing_marker(view, token, markers)
        if governor is None:
            continue
        dropped.add(index)
        code = coded_in_mood(act.code, mood)
        if code is None or is_negated(governor):
            continue
        if governor.i not in moved:  # the act nearest the marker: "agreed to send troops to help"
            moved[governor.i] = _moved(view, act, governor, code, mood, raw.get(governor.i))
    result = []
    for candidate in [*(c for i, c in by_index.items() if i not in moved), *moved.values()]:
        if candidate.verb_index in dropped and candidate.verb_index not in moved:
            continue
        recoded = (
            _with_auxiliary(view, candidate, markers) if candidate.verb_index not in moved else candidate
        )
        if recoded is not None:
            result.append(recoded)
    return result


def _anchor(view: SentenceView, candidate: Candidate) -> Token:
    """The verb a candidate's mood is read on: its own, or for a nominal event the verb that carries the
    noun ("threatened to launch a new offensive")."""
    token = view.doc[candidate.verb_index]
    if candidate.rule.startswith(NOMINAL):
        return support_verb(token) or token
    return token


def _in_condition(token: Token) -> bool:
    """Whether the token stands in an if- or unless-clause ("help defend Saudi Arabia if it is attacked")."""
    current = token
    for _ in range(8):
        if current.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in current.children
        ):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _governing_marker(
    view: SentenceView, token: Token, markers: Markers, depth: int = 0
) -> tuple[Token | None, str]:
    """The verb or adjective above the act that gives it a mood ("agreed to", "is ready to"), and the mood;
    through the verb an act is the purpose of ("is willing to send material to help")."""
    if token.dep_ == "xcomp" and token.head.pos_ == "ADJ":
        mood = markers.get((token.head.lower_, "adj"))
        head = token.head.head if token.head.dep_ == "acomp" else None
        if mood and head is not None:
            return head, mood
    governor = governor_of(token)
    if governor is None:
        return None, ""
    mood = markers.get((governor.lemma_.lower(), "verb"))
    if mood is None and token.dep_ in PURPOSE_DEPS and depth < PURPOSE_DEPTH:
        # the purpose of a marked act shares its mood: "is willing to send material to help defend Saudi
        # Arabia" — the help is offered, not given
        return _governing_marker(view, governor, markers, depth + 1)
    if mood is None or mood == "possible":
        return None, ""
    return governor, mood


def _moved(
    view: SentenceView, act: Candidate, governor: Token, code: str, mood: str, above: Candidate | None
) -> Candidate:
    sources, objects, _passive = roles(view, governor)
    sources = (above.sources if above is not None and above.sources else sources) or act.sources
    if mood == "intent":
        targets = act.targets
    else:
        # whom it is asked of: "urged Turkey to withdraw" (the object), else the act's own subject
        targets = objects or tuple(m for m in act.sources if m not in sources) or act.targets
    return Candidate(
        governor.i,
        (governor.i, governor.i + 1),
        code,
        None,
        f"{act.rule}+{mood}:{governor.lemma_.lower()}",
        tuple(sources),
        tuple(m for m in targets if m not in sources),
        False,
        False,
        act.block,
    )


def _with_auxiliary(view: SentenceView, candidate: Candidate, markers: Markers) -> Candidate | None:
    """The candidate recoded by its own auxiliary ("will provide" → intent); None when it is no act."""
    token = _anchor(view, candidate)
    if token.lemma_.lower() == "go" and any(c.dep_ == "xcomp" for c in token.children):
        return None  # "are going to win": a future, not a journey
    if not candidate.code or candidate.code.startswith(STATEMENT_ROOT):
        return candidate
    if markers.get((token.lemma_.lower(), "verb")) == "intent" and token.i == candidate.verb_index:
        # "Jordan and Britain have agreed": the marker coded as cooperation is the intent itself (03x)
        code = coded_in_mood(candidate.code, "intent")
        return (
            replace(candidate, code=code, reverse_code=None, rule=f"{candidate.rule}+intent")
            if code
            else candidate
        )
    mood = next(
        (
            markers[(c.lower_, "aux")]
            for c in token.children
            if c.dep_ == "aux" and (c.lower_, "aux") in markers
        ),
        None,
    )
    if token.head.lemma_.lower() == "go" and token.dep_ == "xcomp":
        mood = mood or "intent"  # "is going to attack"
    if mood is None:
        return _done_act(view, candidate, token)
    if mood == "possible":
        return None
    code = coded_in_mood(candidate.code, mood)
    if code is None:
        return candidate
    rule = f"{candidate.rule}+{mood}"
    if mood != "demand":
        return replace(candidate, code=code, reverse_code=None, rule=rule)
    speaker = _speaker_of(view, token)
    if speaker is None or not candidate.sources:
        return None  # "X must do Y" said by no one is no act
    return replace(
        candidate, code=code, reverse_code=None, rule=rule, sources=(speaker,), targets=candidate.sources
    )


def _done_act(view: SentenceView, candidate: Candidate, token: Token) -> Candidate:
    """A pattern that codes the intent of its verb's own act ("MEET * (WITH LEADERS)" [036], intent to
    meet) on a verb no marker of intent governs is the act done, when the verb's own code is its root's
    general act: "met with opposition leaders" is a meeting (MEET, 040), as the manual codes an intent only
    when one is expressed ("will meet", "agreed to meet", handled above); "called for talks" (CALL, 041) stays
    the intent. An infinitive ("to meet with") keeps the pattern's reading."""
    if candidate.rule not in view.pattern_ids or any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    ):
        return candidate
    entries = verb_entries(view, token)
    own = entries[0][0].code if entries else None
    if not own or own != own[:2] + "0" or not candidate.code or mood_code(own, "intent") != candidate.code:
        return (
            candidate  # only a verb that names its act in general (MEET, 040); "called for talks" is no call
        )
    reverse = own if candidate.reverse_code else None  # a meeting met both ways stays both ways
    return replace(candidate, code=own, reverse_code=reverse, rule=f"{candidate.rule}+done")


def _speaker_of(view: SentenceView, token: Token) -> Mention | None:
    start = view.offset(token)
    for statement in view.statements:
        if (
            statement.content.start <= start < statement.content.end
            and statement.speaker
            and statement.speaker.code
        ):
            return speaker_mention(view, statement)
    return None
