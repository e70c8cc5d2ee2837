"""PETRARCH unit tests: code the 284 stylised sentences with their own dictionaries and score the events.

The records file (``PETR.UnitTest.records.xml``, openeventdata/petrarch2) names its verb, actor, agent and
discard dictionaries in ``<Environment>``; each ``<Sentence>`` has a date, a category, the ``<Text>`` and
one ``<EventCoding>`` per expected event (``sourcecode``, ``targetcode``, ``eventcode``), or a single coding
that expects no event (``noevents="True"`` or an ``error=…`` such as a discarded sentence). The text is parsed
by our pipeline; the records' constituency parses are not used.

Scoring (385 codings in the published file): an event coding is found when an event of that sentence has the
same source code, target code (``---`` for none) and event code, each event matching at most one coding; a
no-event coding is found when the sentence gives no event. Precision is over the events produced (matched
events / events), recall over the codings (found / codings), F1 their harmonic mean. A record is exact when
its events are exactly its codings (none for a no-event record).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Article, Event
from .scores import PRF

if TYPE_CHECKING:
    from ..pipeline import Pipeline

RECORDS_FILE = "PETR.UnitTest.records.xml"
NO_TARGET = "---"

Coding = tuple[str | None, str, str]  # (source code, target code or "---", event code)


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """One unit-test sentence: the ``codings`` it expects, or ``expects_none`` (``noevents``, ``error``)."""

    index: int
    id: str
    category: str
    date: str | None
    text: str
    codings: tuple[Coding, ...]
    expects_none: bool

    @property
    def total(self) -> int:
        """How many of the file's codings this record holds (a no-event coding counts one)."""
        return len(self.codings) or (1 if self.expects_none else 0)


@dataclass(frozen=True, slots=True)
class Environment:
    """The dictionaries the records name, as paths beside the records file."""

    verbs: Path
    actors: Path
    agents: Path
    discards: Path


@dataclass(slots=True)
class Tally:
    """Counts for one category (or all): codings, found codings, events produced, matched events, exact."""

    codings: int = 0
    found: int = 0
    events: int = 0
    matched: int = 0
    records: int = 0
    exact: int = 0

    def add(self, other: Tally) -> None:
        for name in ("codings", "found", "events", "matched", "records", "exact"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def prf(self) -> PRF:
        return PRF.from_counts(self.matched, self.events, self.found, self.codings, empty=1.0)


@dataclass(frozen=True, slots=True)
class RecordResult:
    record: UnitRecord
    produced: tuple[Coding, ...]
    rules: tuple[str, ...]
    tally: Tally


@dataclass(slots=True)
class Report:
    total: Tally = field(default_factory=Tally)
    categories: dict[str, Tally] = field(default_factory=dict)
    results: list[RecordResult] = field(default_factory=list)


def default_path() -> Path:
    """``../shared/eval/petrarch-unittest`` from the working directory or from the installed package."""
    candidates = [Path.cwd() / ".." / "shared" / "eval" / "petrarch-unittest"]
    candidates += [p / "shared" / "eval" / "petrarch-unittest" for p in Path(__file__).resolve().parents]
    for candidate in candidates:
        if (candidate / RECORDS_FILE).is_file():
            return candidate.resolve()
    raise InputError(f"{RECORDS_FILE}: not found under ../shared/eval/petrarch-unittest; give its directory")


def read_records(path: str | Path) -> tuple[Environment, list[UnitRecord]]:
    """The environment and the records of a PETRARCH unit-test file (or of the directory holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / RECORDS_FILE
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise InputError(f"{path}: cannot read PETRARCH records ({error})") from error
    environment = root.find("Environment")
    sentences = root.find("Sentences")
    if environment is None or sentences is None:
        raise InputError(f"{path}: no <Environment> or <Sentences>; not a PETRARCH records file")

    def named(tag: str) -> Path:
        element = environment.find(tag)
        if element is None or not (element.text or "").strip():
            raise InputError(f"{path}: <Environment> names no <{tag}>")
        return path.parent / element.text.strip()

    env = Environment(named("Verbfile"), named("Actorfile"), named("Agentfile"), named("Discardfile"))
    records = []
    for index, sentence in enumerate(sentences.findall("Sentence")):
        codings: list[Coding] = []
        expects_none = False
        for coding in sentence.findall("EventCoding"):
            if "eventcode" in coding.attrib:
                codings.append(
                    (
                        coding.get("sourcecode"),
                        coding.get("targetcode") or NO_TARGET,
                        coding.get("eventcode", ""),
                    )
                )
            else:
                expects_none = True
        date = sentence.get("date")
        records.append(
            UnitRecord(
                index=index,
                id=sentence.get("id") or f"record-{index}",
                category=sentence.get("category") or "-",
                date=f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date and len(date) == 8 else None,
                text=" ".join((sentence.findtext("Text") or "").split()),
                codings=tuple(codings),
                expects_none=expects_none and not codings,
            )
        )
    return env, records


def score_record(record: UnitRecord, events: Sequence[Event]) -> RecordResult:
    """Compare the events produced for a record with its codings (see the module docstring)."""
    produced = tuple(
        dict.fromkeys(
            (e.source.code if e.source else None, (e.target.code if e.target else None) or NO_TARGET, e.cameo)
            for e in events
        )
    )
    gold, got = Counter(record.codings), Counter(produced)
    matched = sum((gold & got).values())
    tally = Tally(codings=record.total, events=len(produced), matched=matched, records=1)
    if record.codings:
        tally.found = matched
        tally.exact = int(gold == got)
    elif record.expects_none:
        tally.found = tally.exact = int(not produced)
    return RecordResult(record, produced, tuple(e.rule or "" for e in events), tally)


def settings_for(env: Environment):  # noqa: ANN201 - Settings, imported lazily with the pipeline
    from ..settings import Settings

    return Settings(
        actors=str(env.actors),
        agents=str(env.agents),
        verbs=str(env.verbs),
        discards=str(env.discards),
        require_dyad=True,
        cameo_manual=False,
    )


def run(path: str | Path | None = None, pipeline: Pipeline | None = None, limit: int | None = None) -> Report:
    """Code every record with its own dictionaries through ``Pipeline.process_many`` and score it."""
    from ..pipeline import Pipeline

    env, records = read_records(path or default_path())
    records = records[:limit] if limit else records
    pipeline = pipeline or Pipeline(settings_for(env))
    articles = (
        Article(
            id=f"petrarch-{r.index}", source=r.id, text=r.text, published=r.date, published_from="metadata"
        )
        for r in records
    )
    return score(records, (extraction.events for extraction in pipeline.process_many(articles)))


def score(records: Sequence[UnitRecord], events: Iterable[Sequence[Event]]) -> Report:
    report = Report()
    categories: dict[str, Tally] = defaultdict(Tally)
    for record, record_events in zip(records, events, strict=True):
        result = score_record(record, record_events)
        report.results.append(result)
        report.total.add(result.tally)
        categories[record.category].add(result.tally)
    report.categories = dict(sorted(categories.items()))
    return report


def format_report(report: Report, failures: bool = False) -> str:
    """The summary line, the per-category table and, with ``failures``, each record that is not exact."""
    t, prf = report.total, report.total.prf
    lines = [
        f"codings found: {t.found} of {t.codings}  events: {t.events}  precision {prf.precision:.3f}  "
        f"recall {prf.recall:.3f}  F1 {prf.f1:.3f}  exact records: {t.exact} of {t.records}",
        "",
        f"{'category':<10} {'records':>7} {'codings':>7} {'found':>5} {'events':>6} {'P':>6} {'R':>6}"
        f" {'F1':>6} {'exact':>5}",
    ]
    for name, c in report.categories.items():
        prf = c.prf
        lines.append(
            f"{name:<10} {c.records:>7} {c.codings:>7} {c.found:>5} {c.events:>6} {prf.precision:>6.3f}"
            f" {prf.recall:>6.3f} {prf.f1:>6.3f} {c.exact:>5}"
        )
    if failures:
        lines.append("")
        for result in report.results:
            if result.tally.exact:
                continue
            record = result.record
            lines.append(f"{record.id} [{record.category}] {record.text}")
            expected = ", ".join("/".join(str(x) for x in c) for c in record.codings) or "no event"
            lines.append(f"    expected: {expected}")
            got = ", ".join("/".join(str(x) for x in c) for c in result.produced) or "no event"
            lines.append(f"    got:      {got}   rules: {', '.join(result.rules)}")
    return "\n".join(lines)
