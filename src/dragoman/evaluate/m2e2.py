"""M2E2 text events: Voice of America news with gold ACE-style events, scored by PLOVER type.

Each line of ``m2e2_dev.jsonl`` is an article (``id``, ``published``, ``text``, ``sentences`` as
``[start, end]``, ``events`` with ``type``, ``sent``, ``trigger`` ``[text, start, end]`` and ``args``
``[role, text, start, end]``). M2E2's types map to PLOVER 0.8 as its SOURCE.md says (``TYPE_TO_PLOVER``);
Transport and Die have no PLOVER type and are not scored.

Per PLOVER type:

- ``recall``: a gold event is found when an event of its type has its action in the same gold sentence;
- ``trigger``: and the action span overlaps the gold trigger;
- ``attacker``: of the gold events with an ``Attacker`` argument, the share found with the event's source
  span overlapping that argument;
- ``precision proxy``: of the events coded with a scored type, the share standing in a gold sentence that
  holds a gold event of that type. M2E2 does not annotate every CAMEO event, so the rest are not all errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Event
from .gold import extractions, find_gold_file, read_jsonl

if TYPE_CHECKING:
    from ..pipeline import Pipeline

FOLDER, FILENAME = "m2e2-dev", "m2e2_dev.jsonl"
TYPE_TO_PLOVER = {
    "Conflict:Attack": "ASSAULT",
    "Conflict:Demonstrate": "PROTEST",
    "Contact:Meet": "CONSULT",
    "Contact:Phone-Write": "CONSULT",
    "Justice:Arrest-Jail": "COERCE",
    "Transaction:Transfer-Money": "AID",
}
SCORED_TYPES = tuple(dict.fromkeys(TYPE_TO_PLOVER.values()))


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event of a scored type: its PLOVER type, gold sentence, trigger and attacker spans."""

    plover: str
    sentence: int
    trigger: tuple[int, int]
    trigger_text: str
    attackers: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    published: str | None
    text: str
    sentences: tuple[tuple[int, int], ...]
    events: tuple[GoldEvent, ...]

    def sentence_of(self, offset: int) -> int | None:
        """The gold sentence holding character ``offset`` (M2E2 annotated only some sentences)."""
        for index, (start, end) in enumerate(self.sentences):
            if start <= offset < end:
                return index
        return None


@dataclass(slots=True)
class TypeTally:
    gold: int = 0
    found: int = 0
    trigger: int = 0
    with_attacker: int = 0
    attacker: int = 0
    predicted: int = 0
    predicted_in_gold: int = 0

    def add(self, other: TypeTally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class Report:
    types: dict[str, TypeTally] = field(default_factory=lambda: {t: TypeTally() for t in SCORED_TYPES})
    gold_sentences: int = 0
    silent_sentences: int = 0  # gold sentences with a scored event where nothing at all was coded
    misses: list[tuple[GoldArticle, GoldEvent, list[Event]]] = field(default_factory=list)

    @property
    def total(self) -> TypeTally:
        total = TypeTally()
        for tally in self.types.values():
            total.add(tally)
        return total


def read_articles(path: str | Path | None = None) -> list[GoldArticle]:
    """The articles of an M2E2 JSONL file (default: ``../shared/eval/m2e2-dev/m2e2_dev.jsonl``)."""
    return read_jsonl(find_gold_file(FOLDER, FILENAME, path), _article, "an M2E2 article")


def _article(data: dict) -> GoldArticle:
    events = []
    for event in data["events"]:
        plover = TYPE_TO_PLOVER.get(event["type"])
        if plover is None:
            continue
        text, start, end = event["trigger"]
        attackers = tuple((a[2], a[3]) for a in event["args"] if a[0] == "Attacker")
        events.append(GoldEvent(plover, int(event["sent"]), (int(start), int(end)), text, attackers))
    return GoldArticle(
        data["id"],
        data.get("published"),
        data["text"],
        tuple((int(s), int(e)) for s, e in data["sentences"]),
        tuple(events),
    )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_article(article: GoldArticle, events: Sequence[Event], report: Report) -> None:
    by_sentence: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        index = article.sentence_of(event.action.start)
        if index is not None:
            by_sentence[index].append(event)
    gold_types = defaultdict(set)
    for gold in article.events:
        gold_types[gold.sentence].add(gold.plover)
    report.gold_sentences += len(gold_types)
    report.silent_sentences += sum(1 for s in gold_types if not by_sentence.get(s))
    for gold in article.events:
        tally = report.types[gold.plover]
        tally.gold += 1
        same = [e for e in by_sentence.get(gold.sentence, ()) if e.plover == gold.plover]
        if same:
            tally.found += 1
        else:
            report.misses.append((article, gold, by_sentence.get(gold.sentence, [])))
        if any(_overlaps((e.action.start, e.action.end), gold.trigger) for e in same):
            tally.trigger += 1
        if gold.attackers:
            tally.with_attacker += 1
            if any(
                e.source and _overlaps((e.source.start, e.source.end), span)
                for e in same
                for span in gold.attackers
            ):
                tally.attacker += 1
    for index, sentence_events in by_sentence.items():
        for event in sentence_events:
            if event.plover in report.types:
                report.types[event.plover].predicted += 1
                report.types[event.plover].predicted_in_gold += event.plover in gold_types.get(index, ())
    # Events outside the annotated sentences cannot be judged: they are not counted.


def run(path: str | Path | None = None, pipeline: Pipeline | None = None, limit: int | None = None) -> Report:
    """Code every article through ``Pipeline.process_many`` and score its events."""
    articles = read_articles(path)[:limit] if limit else read_articles(path)
    return score(articles, (x.events for x in extractions(articles, pipeline)))


def score(articles: Sequence[GoldArticle], events: Iterable[Sequence[Event]]) -> Report:
    report = Report()
    for article, article_events in zip(articles, events, strict=True):
        score_article(article, article_events, report)
    return report


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def measures(report: Report) -> dict[str, float]:
    """``recall``, ``trigger recall``, ``precision proxy`` and ``attacker`` over all scored types."""
    t = report.total
    return {
        "recall": t.found / t.gold if t.gold else 0.0,
        "trigger recall": t.trigger / t.gold if t.gold else 0.0,
        "precision proxy": t.predicted_in_gold / t.predicted if t.predicted else 0.0,
        "attacker": t.attacker / t.with_attacker if t.with_attacker else 0.0,
    }


def format_report(report: Report, failures: bool = False) -> str:
    header = (
        f"{'type':<10} {'gold':>5} {'recall':>7} {'trigger':>7} {'attacker':>8} {'coded':>6} {'proxy P':>7}"
    )
    lines = [header]
    for name, t in [*report.types.items(), ("all", report.total)]:
        lines.append(
            f"{name:<10} {t.gold:>5} {_ratio(t.found, t.gold):>7} {_ratio(t.trigger, t.gold):>7}"
            f" {_ratio(t.attacker, t.with_attacker):>8} {t.predicted:>6}"
            f" {_ratio(t.predicted_in_gold, t.predicted):>7}"
        )
    lines.append(f"gold sentences with nothing coded: {report.silent_sentences} of {report.gold_sentences}")
    if failures:
        lines.append("")
        for article, gold, coded in report.misses:
            start, end = article.sentences[gold.sentence]
            got = ", ".join(f"{e.cameo}:{e.action.text}" for e in coded) or "nothing"
            lines.append(f"{article.id} {gold.plover} [{gold.trigger_text}] {article.text[start:end]}")
            lines.append(f"    coded: {got}")
    return "\n".join(lines)
