"""PLOVER gold standard records: the CAMEO manual's example sentences, each with its PLOVER event type.

``PLOVER_GSR_CAMEO.dev.json`` is a JSON array of records (``id``, ``text``, ``event``, ``source`` as a list
of ``{"actorText", "code"}`` or ``""``); the ``DOCUMENT`` record is the file's header. The records were
coded in PLOVER 0.5; four of its types were renamed in 0.8, the version of our crosswalk (``RENAMED``).

Per record (each text coded as an article of its own):

- ``type``: an event of the record has the gold type;
- ``type+source``: such an event's source code starts with one of the gold source codes (bare countries
  such as ``HUN``, or ``IGO``);
- ``wrong type``: of the events coded with a PLOVER type, the share whose type is not the record's.
  Events with no PLOVER type (CAMEO 01x, make statement) are counted apart.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Article, Event
from .gold import find_gold_file

if TYPE_CHECKING:
    from ..pipeline import Pipeline

FOLDER, FILENAME = "plover-gsr-dev", "PLOVER_GSR_CAMEO.dev.json"
# PLOVER 0.5 type → PLOVER 0.8 type (the gold set's SOURCE.md).
RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    plover: str  # PLOVER 0.8
    sources: tuple[str, ...]


@dataclass(slots=True)
class Tally:
    records: int = 0
    type: int = 0
    type_source: int = 0
    typed_events: int = 0
    wrong_type: int = 0
    untyped_events: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class Report:
    types: dict[str, Tally] = field(default_factory=dict)
    results: list[tuple[GoldRecord, Sequence[Event], Tally]] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.types.values():
            total.add(tally)
        return total


def read_records(path: str | Path | None = None) -> list[GoldRecord]:
    """The event records of a PLOVER gold standard file (the DOCUMENT header left out)."""
    path = find_gold_file(FOLDER, FILENAME, path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = []
        for item in data:
            if item["event"] == "DOCUMENT":
                continue
            sources = item.get("source") or []
            records.append(
                GoldRecord(
                    item["id"],
                    " ".join(item["text"].split()),
                    RENAMED.get(item["event"], item["event"]),
                    tuple(s["code"] for s in sources if s.get("code")),
                )
            )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a PLOVER gold standard file ({error})") from error
    return records


def score_record(record: GoldRecord, events: Sequence[Event]) -> Tally:
    typed = [e for e in events if e.plover]
    right = [e for e in typed if e.plover == record.plover]
    return Tally(
        records=1,
        type=int(bool(right)),
        type_source=int(
            any(e.source and e.source.code and e.source.code.startswith(record.sources) for e in right)
        ),
        typed_events=len(typed),
        wrong_type=len(typed) - len(right),
        untyped_events=len(events) - len(typed),
    )


def run(path: str | Path | None = None, pipeline: Pipeline | None = None, limit: int | None = None) -> Report:
    """Code every record's text through ``Pipeline.process_many`` and score it."""
    from ..pipeline import Pipeline

    records = read_records(path)
    records = records[:limit] if limit else records
    pipeline = pipeline or Pipeline()
    articles = (Article(id=r.id, source=r.id, text=r.text) for r in records)
    return score(records, (x.events for x in pipeline.process_many(articles)))


def score(records: Sequence[GoldRecord], events: Iterable[Sequence[Event]]) -> Report:
    report = Report()
    types: dict[str, Tally] = defaultdict(Tally)
    for record, record_events in zip(records, events, strict=True):
        tally = score_record(record, record_events)
        types[record.plover].add(tally)
        report.results.append((record, record_events, tally))
    report.types = dict(sorted(types.items()))
    return report


def measures(report: Report) -> dict[str, float]:
    """``type``, ``type+source`` (shares of records) and ``wrong type`` (share of typed events)."""
    t = report.total
    return {
        "type": t.type / t.records if t.records else 0.0,
        "type+source": t.type_source / t.records if t.records else 0.0,
        "wrong type": t.wrong_type / t.typed_events if t.typed_events else 0.0,
    }


def format_report(report: Report, failures: bool = False) -> str:
    lines = [
        f"{'type':<10} {'records':>7} {'type':>6} {'+source':>7} {'typed':>6} {'wrong':>6} {'untyped':>7}"
    ]
    for name, t in [*report.types.items(), ("all", report.total)]:
        n = t.records or 1
        lines.append(
            f"{name:<10} {t.records:>7} {t.type / n:>6.3f} {t.type_source / n:>7.3f} {t.typed_events:>6}"
            f" {t.wrong_type:>6} {t.untyped_events:>7}"
        )
    m = measures(report)
    lines.append(
        f"type {m['type']:.3f}  type+source {m['type+source']:.3f}  wrong type {m['wrong type']:.3f}"
    )
    if failures:
        lines.append("")
        for record, events, tally in report.results:
            if tally.type_source and not tally.wrong_type:
                continue
            got = ", ".join(
                f"{e.source.code if e.source else '-'} {e.cameo}/{e.plover or '-'}"
                f" {e.target.code if e.target else '-'}"
                for e in events
            )
            lines.append(f"{record.id} {record.plover} {'/'.join(record.sources)}: {record.text}")
            lines.append(f"    coded: {got or 'nothing'}")
    return "\n".join(lines)
