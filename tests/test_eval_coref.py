"""``dragoman eval coref``: reading coreference gold, scoring speaker antecedents and the naive rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from dragoman.cli import cli
from dragoman.errors import InputError
from dragoman.evaluate import coref
from dragoman.model import Article, Cue, Extraction, Mention, Span, Speaker, Statement

GUM = SHARED / "eval" / "gum-dev"
TEXT = "Anna Berg met Tom Ray . She said it was late .\nHe said no ."
#       0         1         2         3         4         5
#       0123456789012345678901234567890123456789012345678901234567


def gold(text: str, start: int, chain: int) -> dict:
    return {"start": start, "end": start + len(text), "text": text, "entity_type": "person", "chain": chain}


DOCUMENT = {
    "id": "d1",
    "genre": "bio",
    "text": TEXT,
    "mentions": [gold("Anna Berg", 0, 1), gold("Tom Ray", 14, 2), gold("She", 24, 1), gold("He", 47, 2)],
}


def statement(speaker: str, start: int, antecedent: tuple[str, int] | None) -> Statement:
    span = Span(antecedent[0], antecedent[1], antecedent[1] + len(antecedent[0])) if antecedent else None
    return Statement(
        f"s{start}",
        "d1",
        0,
        Speaker(speaker, start, start + len(speaker), antecedent=span),
        Cue("said", start + len(speaker) + 1, start + len(speaker) + 5, "say"),
        Span("x", start + len(speaker) + 6, start + len(speaker) + 7),
        "indirect",
    )


def mention(text: str, start: int) -> Mention:
    return Mention("d1", 0, start, start + len(text), text, None, "unresolved", 0.5)


def extraction(*statements: Statement) -> Extraction:
    mentions = (mention("Anna Berg", 0), mention("Tom Ray", 14))
    return Extraction(Article("d1", "d1", TEXT), mentions=mentions, statements=statements)


def test_right_wrong_and_gender_clash_beside_the_naive_rule():
    document = coref._document(DOCUMENT)
    found = extraction(statement("She", 24, ("Anna Berg", 0)), statement("He", 47, ("Anna Berg", 0)))
    report = coref.score([document], [found])
    pronouns = report.dragoman["pronoun"].outcomes
    assert (pronouns["right"], pronouns["wrong"]) == (1, 1)
    assert report.gender_clashes == 1  # "He" put in the chain the gold calls "She"
    naive = report.naive["pronoun"].outcomes  # nearest name before both: Tom Ray
    assert (naive["right"], naive["wrong"]) == (1, 1)
    assert coref.measures(report)["pronoun right"] == 0.5


def test_unresolved_pronoun_is_right_only_as_a_first_mention():
    document = coref._document(DOCUMENT)
    report = coref.score([document], [extraction(statement("She", 24, None))])
    assert report.dragoman["pronoun"].outcomes["unresolved"] == 1
    alone = coref._document({**DOCUMENT, "mentions": [gold("She", 24, 7)]})
    report = coref.score([alone], [extraction(statement("She", 24, None))])
    assert report.dragoman["pronoun"].outcomes["rightly unresolved"] == 1


@pytest.mark.parametrize(
    "text, kind",
    [
        ("he", "pronoun"),
        ("They", "pronoun"),
        ("We", "other"),
        ("who", "other"),
        ("the minister", "description"),
        ("Officials", "name"),
        ("His mother", "description"),
        ("The Guardian of London", "name"),
        ("Hermann Weyl", "name"),
        ("the directors of the Dutch libraries", "description"),
    ],
)
def test_speaker_kind(text, kind):
    assert coref.speaker_kind(text) == kind


def test_bad_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(DOCUMENT) + '\n{"id": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2: not a coreference gold document"):
        coref.read_documents(path)


@pytest.mark.skipif(not GUM.is_dir(), reason="needs ../shared/eval/gum-dev")
def test_command_on_the_development_set_beats_the_naive_rule():
    result = CliRunner().invoke(cli, ["eval", "coref", "--limit", "12"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line.split()}
    share, naive = float(rows["pronoun"][-2]), float(rows["pronoun"][-1])
    assert share > naive
    assert "gender clashes: 0" in result.output
