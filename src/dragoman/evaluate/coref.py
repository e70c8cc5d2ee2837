"""Speaker coreference against gold coreference chains (GUM by default).

Each line of ``gum_dev.jsonl`` is a document (``id``, ``genre``, ``text``, ``mentions`` with ``start``,
``end``, ``text``, ``entity_type`` and ``chain``: the document-local identity chain). Every statement the
pipeline finds is scored by its speaker, when the speaker span starts a gold mention:

- ``pronoun`` (he, she, they, it …), ``description`` ("the minister", "the authors") and ``name`` speakers
  are scored apart; first-person, relative and demonstrative speakers are counted, not scored;
- ``right``: the antecedent the speaker was resolved through overlaps an earlier mention of the speaker's
  gold chain, or a name has none (it names itself); ``rightly unresolved``: a pronoun or a description
  left unresolved where its chain has no earlier mention;
- ``wrong``: the antecedent is another chain's; ``unresolved``: no antecedent, though the chain has one;
- a ``gender clash``: "he" resolved to a chain the gold calls "she" (or the reverse).

The naive rule, scored the same way on the same speakers: a pronoun or a description stands for the nearest
actor mention before it, a name for the nearest earlier mention ending in the same word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Extraction, Span, Statement
from .gold import extractions, find_gold_file, read_jsonl

if TYPE_CHECKING:
    from ..pipeline import Pipeline

FOLDER, FILENAME = "gum-dev", "gum_dev.jsonl"
KINDS = ("pronoun", "description", "name")
OUTCOMES = ("right", "rightly unresolved", "wrong", "unresolved")
THIRD_PERSON = {"he", "she", "they", "it", "him", "her", "them"}
MALE, FEMALE = {"he", "him", "his", "himself"}, {"she", "her", "hers", "herself"}
OTHER_PRONOUNS = {"i", "we", "you", "who", "which", "that", "this", "these", "those", "one"}
DETERMINERS = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our"}


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    text: str
    chain: int
    entity_type: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    genre: str
    text: str
    mentions: tuple[GoldMention, ...]
    published: str | None = None


@dataclass(slots=True)
class Tally:
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def scored(self) -> int:
        return sum(self.outcomes.values())

    @property
    def right(self) -> float:
        """The share right or rightly unresolved."""
        good = self.outcomes["right"] + self.outcomes["rightly unresolved"]
        return good / self.scored if self.scored else 0.0


@dataclass(slots=True)
class Report:
    documents: int = 0
    statements: int = 0
    unscored: Counter[str] = field(
        default_factory=Counter
    )  # "other" kinds, speakers starting no gold mention
    dragoman: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    naive: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    gender_clashes: int = 0
    naive_gender_clashes: int = 0
    failures: list[str] = field(default_factory=list)


def read_documents(path: str | Path | None = None) -> list[GoldDocument]:
    """The documents of a coreference gold JSONL file (default: ``../shared/eval/gum-dev/gum_dev.jsonl``)."""
    return read_jsonl(find_gold_file(FOLDER, FILENAME, path), _document, "a coreference gold document")


def _document(data: dict) -> GoldDocument:
    mentions = tuple(
        GoldMention(int(m["start"]), int(m["end"]), m["text"], int(m["chain"]), m.get("entity_type", ""))
        for m in data["mentions"]
    )
    return GoldDocument(data["id"], data.get("genre", ""), data["text"], mentions, data.get("published"))


def speaker_kind(text: str) -> str:
    """``pronoun``, ``description``, ``name`` or ``other``, from the words of a speaker span: a description
    opens with a determiner and a lower-case word ("the directors of …") or has no capital after its first
    word ("Officials", "His mother"); a name is anything else ("The Guardian", "Hermann Weyl")."""
    words = text.split()
    if not words:
        return "other"
    first = words[0].lower()
    if len(words) == 1 and first in THIRD_PERSON:
        return "pronoun"
    if len(words) == 1 and (first in OTHER_PRONOUNS or not words[0][:1].isupper()):
        return "other"  # we, I, who, this
    if first in DETERMINERS and len(words) > 1 and words[1][:1].islower():
        return "description"
    if not any(w[:1].isupper() for w in words[1:]) and first not in OTHER_PRONOUNS:
        return "description" if len(words) > 1 or first in DETERMINERS else "name"
    return "name"


def _gold_mention(document: GoldDocument, start: int, end: int) -> GoldMention | None:
    """The gold mention the speaker span is: one starting where it starts, the nearest in length."""
    starting = [m for m in document.mentions if m.start == start]
    return min(starting, key=lambda m: (abs(m.end - end), m.end)) if starting else None


def _chain_gender(document: GoldDocument, chain: int) -> str | None:
    words = {m.text.lower() for m in document.mentions if m.chain == chain}
    if words & MALE and not words & FEMALE:
        return "m"
    if words & FEMALE and not words & MALE:
        return "f"
    return None


def _outcome(
    document: GoldDocument, mention: GoldMention, antecedent: Span | None, kind: str
) -> tuple[str, int | None]:
    """The outcome for a speaker that is ``mention``, resolved through ``antecedent``; and the chain the
    antecedent belongs to. A name with no antecedent names itself, which is right."""
    earlier = [m for m in document.mentions if m.chain == mention.chain and m.end <= mention.start]
    if antecedent is None:
        if kind == "name":
            return "right", None
        return ("unresolved" if earlier else "rightly unresolved"), None
    overlapping = [
        m
        for m in document.mentions
        if m.start < antecedent.end and antecedent.start < m.end and m.end <= mention.start
    ]
    if any(m.chain == mention.chain for m in overlapping):
        return "right", mention.chain
    chain = min(overlapping, key=lambda m: m.end - m.start).chain if overlapping else None
    return "wrong", chain


def _naive_antecedent(extraction: Extraction, statement: Statement, kind: str) -> Span | None:
    speaker = statement.speaker
    assert speaker is not None
    before = [
        m for m in extraction.mentions if m.how != "coref" and m.end <= speaker.start and m.text.split()
    ]
    if kind == "name":
        last = speaker.text.split()[-1].lower()
        before = [m for m in before if m.text.split()[-1].lower() == last]
    if not before:
        return None
    nearest = max(before, key=lambda m: (m.end, m.start))
    return Span(nearest.text, nearest.start, nearest.end)


def _clash(document: GoldDocument, speaker_text: str, chain: int | None) -> bool:
    word = speaker_text.lower()
    if chain is None or word not in MALE | FEMALE:
        return False
    gender = _chain_gender(document, chain)
    return gender is not None and gender != ("m" if word in MALE else "f")


def score_document(document: GoldDocument, extraction: Extraction, report: Report) -> None:
    report.documents += 1
    for statement in extraction.statements:
        speaker = statement.speaker
        if speaker is None:
            continue
        report.statements += 1
        kind = speaker_kind(speaker.text)
        if kind == "other":
            report.unscored["other speaker"] += 1
            continue
        mention = _gold_mention(document, speaker.start, speaker.end)
        if mention is None:
            report.unscored["no gold mention"] += 1
            continue
        outcome, chain = _outcome(document, mention, speaker.antecedent, kind)
        report.dragoman[kind].outcomes[outcome] += 1
        if _clash(document, speaker.text, chain):
            report.gender_clashes += 1
            outcome += ", gender clash"
        naive_outcome, naive_chain = _outcome(
            document, mention, _naive_antecedent(extraction, statement, kind), kind
        )
        report.naive[kind].outcomes[naive_outcome] += 1
        report.naive_gender_clashes += _clash(document, speaker.text, naive_chain)
        if outcome not in {"right", "rightly unresolved"}:
            earlier = [
                m.text for m in document.mentions if m.chain == mention.chain and m.end <= mention.start
            ]
            got = speaker.antecedent.text if speaker.antecedent else None
            report.failures.append(
                f"{document.id} {kind} [{speaker.text}] at {speaker.start}: {outcome}; got {got!r}, "
                f"gold {earlier[-1] if earlier else None!r}"
            )


def run(path: str | Path | None = None, pipeline: Pipeline | None = None, limit: int | None = None) -> Report:
    """Run every document through ``Pipeline.process_many`` and score its speakers."""
    documents = read_documents(path)
    documents = documents[:limit] if limit else documents
    return score(documents, extractions(documents, pipeline))


def score(documents: Sequence[GoldDocument], found: Iterable[Extraction]) -> Report:
    report = Report()
    for document, extraction in zip(documents, found, strict=True):
        score_document(document, extraction, report)
    return report


def measures(report: Report) -> dict[str, float]:
    """The share right (or rightly unresolved) per speaker kind, and the gender clashes."""
    result = {f"{kind} right": report.dragoman[kind].right for kind in KINDS}
    result["gender clashes"] = float(report.gender_clashes)  # reported, not floored: lower is better
    return result


def format_report(report: Report, failures: bool = False) -> str:
    lines = [
        f"documents: {report.documents}  statements with a speaker: {report.statements}  "
        + "  ".join(f"{why}: {n}" for why, n in sorted(report.unscored.items())),
        "",
        f"{'speaker':<12} {'scored':>6} {'right':>6} {'rightly unres.':>14} {'wrong':>6} {'unres.':>6} "
        f"{'share':>6} {'naive':>6}",
    ]
    for kind in KINDS:
        tally, naive = report.dragoman[kind], report.naive[kind]
        o = tally.outcomes
        lines.append(
            f"{kind:<12} {tally.scored:>6} {o['right']:>6} {o['rightly unresolved']:>14} {o['wrong']:>6} "
            f"{o['unresolved']:>6} {tally.right:>6.3f} {naive.right:>6.3f}"
        )
    lines.append(f"gender clashes: {report.gender_clashes}  (naive rule: {report.naive_gender_clashes})")
    if failures:
        lines += ["", *report.failures]
    return "\n".join(lines)
