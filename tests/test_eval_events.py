"""``dragoman eval m2e2`` and ``dragoman eval plover-gsr``: reading the gold, scoring, the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from dragoman.cli import cli
from dragoman.errors import InputError
from dragoman.evaluate import m2e2, plover_gsr
from dragoman.model import ActorRef, Event, Span

M2E2_GOLD = SHARED / "eval" / "m2e2-dev"
PLOVER_GOLD = SHARED / "eval" / "plover-gsr-dev"


def event(plover: str | None, action: tuple[int, int], source: tuple[int, int] | None = None, code="190"):
    ref = ActorRef("x", *source, None, None, "ISR") if source else None
    return Event("e", "a", 0, ref, None, Span("x", *action), code, code[:2], plover, None, 4, -10.0)


# Two gold sentences: an attack with an attacker (trigger "shelled" at 7-14) and a meeting.
TEXT = "Troops shelled the town. The leaders met in Doha."
ARTICLE = {
    "id": "a1",
    "published": "2016-01-01",
    "text": TEXT,
    "sentences": [[0, 24], [25, 49]],
    "events": [
        {
            "type": "Conflict:Attack",
            "sent": 0,
            "trigger": ["shelled", 7, 14],
            "args": [["Attacker", "Troops", 0, 6]],
        },
        {"type": "Contact:Meet", "sent": 1, "trigger": ["met", 37, 40], "args": []},
        {"type": "Movement:Transport", "sent": 1, "trigger": ["met", 37, 40], "args": []},  # not scored
    ],
}


def m2e2_file(tmp_path: Path, *articles: dict) -> Path:
    path = tmp_path / "m2e2.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def test_m2e2_scores_recall_trigger_attacker_and_the_precision_proxy(tmp_path: Path):
    (article,) = m2e2.read_articles(m2e2_file(tmp_path, ARTICLE))
    assert [g.plover for g in article.events] == ["ASSAULT", "CONSULT"]
    coded = [
        event("ASSAULT", (7, 14), source=(0, 6)),  # the attack, its trigger and its attacker
        event("ASSAULT", (37, 40)),  # an attack where the gold has a meeting: outside the proxy
        event(None, (41, 43), code="010"),  # no PLOVER type: not counted
    ]
    report = m2e2.score([article], [coded])
    measures = m2e2.measures(report)
    assert measures == {"recall": 0.5, "trigger recall": 0.5, "precision proxy": 0.5, "attacker": 1.0}
    assert [(gold.plover, [e.plover for e in found]) for _, gold, found in report.misses] == [
        ("CONSULT", ["ASSAULT", None])
    ]
    assert report.gold_sentences == 2 and report.silent_sentences == 0
    assert "CONSULT [met]" in m2e2.format_report(report, failures=True)


def test_m2e2_attacker_needs_the_source_on_the_gold_argument(tmp_path: Path):
    (article,) = m2e2.read_articles(m2e2_file(tmp_path, ARTICLE))
    report = m2e2.score([article], [[event("ASSAULT", (7, 14), source=(15, 18))]])
    assert m2e2.measures(report)["attacker"] == 0.0
    assert m2e2.score([article], [[]]).silent_sentences == 2


def test_m2e2_bad_line_names_the_file_and_line(tmp_path: Path):
    path = m2e2_file(tmp_path, ARTICLE)
    path.write_text(path.read_text() + '{"id": "broken"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"m2e2.jsonl:2: not an M2E2 article"):
        m2e2.read_articles(path)


RECORDS = [
    {"id": "DOCUMENT", "event": "DOCUMENT", "text": "header"},
    {
        "id": "r1",
        "event": "DISAPPROVE",
        "text": "Hungary  criticized\nRomania.",
        "source": [{"actorText": "Hungary", "code": "HUN"}],
    },
    {"id": "r2", "event": "AID", "text": "Japan sent aid.", "source": ""},
]


def test_plover_gsr_renames_old_types_and_scores_type_and_source(tmp_path: Path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    first, second = plover_gsr.read_records(path)
    assert (first.plover, first.text, first.sources) == ("ACCUSE", "Hungary criticized Romania.", ("HUN",))
    assert (second.plover, second.sources) == ("AID", ())
    hungary = ActorRef("Hungary", 0, 7, None, None, "HUNGOV")
    right = Event("e", "r1", 0, hungary, None, Span("x", 8, 18), "111", "11", "ACCUSE", None, 3, -2.0)
    wrong = Event("e", "r2", 0, None, None, Span("x", 6, 10), "190", "19", "ASSAULT", None, 4, -10.0)
    said = Event("e", "r2", 0, None, None, Span("x", 6, 10), "010", "01", None, None, 1, 0.0)
    report = plover_gsr.score([first, second], [[right], [wrong, said]])
    assert plover_gsr.measures(report) == {"type": 0.5, "type+source": 0.5, "wrong type": 0.5}
    assert report.total.untyped_events == 1


def test_plover_gsr_rejects_a_file_that_is_not_records(tmp_path: Path):
    path = tmp_path / "gsr.json"
    path.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a PLOVER gold standard file"):
        plover_gsr.read_records(path)


@pytest.mark.slow
@pytest.mark.skipif(not PLOVER_GOLD.is_dir(), reason="no PLOVER gold")
def test_plover_gsr_command_prints_types_and_failures():
    result = CliRunner().invoke(cli, ["eval", "plover-gsr", "--limit", "20", "--failures"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["type", "records"]
    assert any(line.startswith("type ") and "wrong type" in line for line in lines)
    assert any(line.startswith("    coded: ") for line in lines)  # the failures, with what was coded


@pytest.mark.slow
@pytest.mark.skipif(not M2E2_GOLD.is_dir(), reason="no M2E2 gold")
def test_m2e2_command_prints_a_row_per_type():
    result = CliRunner().invoke(cli, ["eval", "m2e2", "--limit", "5"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert {"ASSAULT", "PROTEST", "CONSULT", "COERCE", "AID", "all"} <= rows
