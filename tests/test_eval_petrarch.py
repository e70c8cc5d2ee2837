"""``dragoman eval petrarch-unittest``: reading the records, scoring, the report and the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from dragoman.cli import cli
from dragoman.errors import InputError
from dragoman.evaluate.petrarch import (
    UnitRecord,
    format_report,
    read_records,
    score,
    score_record,
)
from dragoman.model import ActorRef, Event, Span

UNITTEST = SHARED / "eval" / "petrarch-unittest"
needs_gold = pytest.mark.skipif(not (UNITTEST / "PETR.UnitTest.records.xml").exists(), reason="no gold data")

RECORDS = """<Validation>
<Environment>
    <Verbfile>v.txt</Verbfile> <Actorfile>a.txt</Actorfile> <Agentfile>g.txt</Agentfile>
    <Discardfile>d.txt</Discardfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="064"></EventCoding>
<Text>
Arnor and Gondor restored
ties.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date = "20080801" id ="T-02" category="ERROR">
<EventCoding noevents = "True"></EventCoding>
<Text>Baseball.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def event(source: str | None, target: str | None, code: str) -> Event:
    ref = lambda c: ActorRef(c, 0, 1, None, None, c) if c else None  # noqa: E731
    return Event("e", "a", 0, ref(source), ref(target), Span("x", 0, 1), code, code[:2], None, None, 1, 0.0)


def test_records_are_read_with_their_environment(tmp_path: Path):
    (tmp_path / "PETR.UnitTest.records.xml").write_text(RECORDS, encoding="utf-8")
    env, records = read_records(tmp_path)
    assert env.verbs == tmp_path / "v.txt" and env.discards == tmp_path / "d.txt"
    first, second = records
    assert (first.id, first.category, first.date, first.text) == (
        "T-01",
        "DEMO",
        "1995-01-01",
        "Arnor and Gondor restored ties.",
    )
    assert first.codings == (("ARN", "GON", "064"), ("GON", "ARN", "064")) and not first.expects_none
    assert (second.date, second.codings, second.expects_none, second.total) == ("2008-08-01", (), True, 1)


def test_a_file_that_is_not_petrarch_records_is_an_input_error(tmp_path: Path):
    path = tmp_path / "x.xml"
    path.write_text("<Other/>", encoding="utf-8")
    with pytest.raises(InputError, match="not a PETRARCH records file"):
        read_records(path)
    path.write_text("<Validation", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read PETRARCH records"):
        read_records(path)


RECORD = UnitRecord(0, "T", "DEMO", None, "t", (("ARN", "GON", "064"), ("GON", "ARN", "064")), False)
NONE = UnitRecord(1, "N", "ERROR", None, "t", (), True)


@pytest.mark.parametrize(
    "record, events, found, matched, exact",
    [
        (RECORD, [event("ARN", "GON", "064"), event("GON", "ARN", "064")], 2, 2, 1),
        (RECORD, [event("ARN", "GON", "064")], 1, 1, 0),
        (RECORD, [event("ARN", "GON", "064"), event("ARN", "GON", "064")], 1, 1, 0),  # duplicates count once
        (RECORD, [event("ARN", "GON", "064"), event("ARN", "GONGOV", "064")], 1, 1, 0),
        (RECORD, [event("ARN", "GON", "190")], 0, 0, 0),
        (NONE, [], 1, 0, 1),
        (NONE, [event("ARN", None, "010")], 0, 0, 0),
    ],
)
def test_scoring_matches_source_target_and_code(record, events, found, matched, exact):
    tally = score_record(record, events).tally
    assert (tally.found, tally.matched, tally.exact) == (found, matched, exact)


def test_report_totals_and_categories():
    report = score([RECORD, NONE], [[event("ARN", "GON", "064"), event("ARN", None, "010")], []])
    total = report.total
    assert (total.codings, total.found, total.events, total.matched, total.exact) == (3, 2, 2, 1, 1)
    assert (total.prf.precision, round(total.prf.recall, 3)) == (0.5, 0.667)
    assert set(report.categories) == {"DEMO", "ERROR"}
    text = format_report(report, failures=True)
    assert text.splitlines()[0].startswith("codings found: 2 of 3  events: 2  precision 0.500")
    assert (
        "T [DEMO] t" in text
        and "expected: ARN/GON/064, GON/ARN/064" in text
        and "got:      ARN/GON/064, ARN/---/010" in text
    )


@needs_gold
def test_the_published_file_holds_284_records_and_385_codings():
    env, records = read_records(UNITTEST)
    assert len(records) == 284 and sum(r.total for r in records) == 385
    assert env.verbs.name == "PETR.Validate.verbs.txt" and env.verbs.exists()


@needs_gold
def test_command_scores_the_first_records_with_their_own_dictionaries():
    result = CliRunner().invoke(
        cli, ["eval", "petrarch-unittest", str(UNITTEST), "--limit", "3", "--failures"]
    )
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("codings found: ") and " of 4 " in first  # DEMO-00..02 hold 1 + 1 + 2 codings
    # DEMO-00: "Arnor is about to restore full diplomatic ties with Gondor …" → ARN GON 064
    assert "DEMO-00" not in result.output.split("\n\n", 2)[-1]


def test_command_rejects_a_path_without_records(tmp_path: Path):
    result = CliRunner().invoke(cli, ["eval", "petrarch-unittest", str(tmp_path)])
    assert result.exit_code == 2 and "Error: " in result.output


@needs_gold
def test_agents_compose_with_the_records_own_actors():
    # The records' countries (CAL, OSG, …) are no ISO states; PETRARCH composes agents with them all.
    from dragoman.evaluate.petrarch import settings_for
    from dragoman.model import Article
    from dragoman.pipeline import Pipeline

    env, _ = read_records(UNITTEST)
    coder = Pipeline(settings_for(env))
    text = "The Calenardhon government condemned an attack by Osgiliath soldiers in south Ithilen on Thursday"
    events = coder.process(Article(id="a", source="t", text=text, published="1995-01-01")).events
    assert [(e.source.code, e.target.code, e.cameo) for e in events] == [("CALGOV", "OSGMIL", "122")]


@needs_gold
@pytest.mark.slow
def test_unit_test_scores_stay_above_their_floors():
    # The floors (F1, precision) are the gate's, in dragoman/evaluate/floors.json; issue 5 asked for at
    # least 0.80 / 0.85 over the 385 codings.
    from dragoman.evaluate.gate import failures, petrarch_measures, read_floors
    from dragoman.evaluate.petrarch import run

    report = run(UNITTEST)
    assert report.total.codings == 385
    floors = {"petrarch-unittest": read_floors()["petrarch-unittest"]}
    assert failures(floors, {"petrarch-unittest": petrarch_measures(report)}) == []
