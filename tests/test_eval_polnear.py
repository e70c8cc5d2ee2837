"""PolNeAR scorer: brat reading, one-to-one matching, source and content rules, two annotators."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.errors import InputError
from dragoman.evaluate.polnear import (
    GoldRelation,
    Predicted,
    evaluate,
    load_split,
    read_annotations,
    score_document,
    token_f1,
)
from dragoman.model import Cue, Span, Speaker, Statement

TEXT = "The mayor said the bridge will reopen. Critics say it is unsafe."
#       0   4     10   15                  38 39      47  51

ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 37\tthe bridge will reopen\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tCue 47 50\tsay\n"
    "T6\tContent 51 63;63 64\tit is unsafe.\n"
    "T7\tAttribution 47 50\tsay\n"
    "E2\tAttribution:T7 Cue:T5 Content:T6\n"
    "#1\tAnnotatorNotes T1\ta note that is not an annotation\n"
)


def write_corpus(root: Path, annotators: tuple[str, ...] = ("aaaa",)) -> Path:
    for split in ("train", "dev"):
        (root / split / "text").mkdir(parents=True)
        (root / split / "attributions").mkdir(parents=True)
    (root / "dev" / "text" / "doc_one.txt").write_text(TEXT, encoding="utf-8")
    for annotator in annotators:
        (root / "dev" / "attributions" / f"doc_one_{annotator}.ann").write_text(ANN, encoding="utf-8")
    return root


def statement(cue: tuple[int, int], content: tuple[int, int], speaker: tuple[int, int] | None) -> Statement:
    return Statement(
        id=f"{cue}",
        article_id="doc_one",
        sentence=0,
        speaker=Speaker(TEXT[speaker[0] : speaker[1]], *speaker) if speaker else None,
        cue=Cue(TEXT[cue[0] : cue[1]], cue[0], cue[1], "say"),
        content=Span(TEXT[content[0] : content[1]], *content),
        kind="indirect",
    )


def test_read_annotations_relations_and_discontinuous_spans(tmp_path):
    corpus = write_corpus(tmp_path)
    document = read_annotations(corpus / "dev" / "attributions" / "doc_one_aaaa.ann", Path("x.txt"))
    assert (document.name, document.annotator) == ("doc_one", "aaaa")
    assert document.relations == (
        GoldRelation(((10, 14),), ((0, 9),), ((15, 37),)),
        GoldRelation(((47, 50),), (), ((51, 63), (63, 64))),
    )


def test_token_f1():
    assert token_f1(TEXT, (15, 37), ((15, 37),)) == 1.0
    assert token_f1(TEXT, (15, 25), ((15, 37),)) == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert token_f1(TEXT, (0, 9), ((15, 37),)) == 0.0


@pytest.mark.parametrize(
    "prediction, expected",
    [
        # right cue, speaker and content: every measure
        (Predicted((10, 14), ((0, 9),), (15, 37)), {"cue": 1, "cue+source": 1, "cue+content": 1, "all": 1}),
        # the antecedent (second speaker range) may carry the match
        (
            Predicted((10, 14), ((50, 51), (4, 9)), (15, 37)),
            {"cue": 1, "cue+source": 1, "cue+content": 1, "all": 1},
        ),
        # wrong speaker, content too short
        (Predicted((10, 14), ((39, 46),), (15, 18)), {"cue": 1, "cue+source": 0, "cue+content": 0, "all": 0}),
        # gold without source wants no speaker
        (Predicted((47, 50), (), (51, 63)), {"cue": 1, "cue+source": 1, "cue+content": 1, "all": 1}),
        (Predicted((47, 50), ((39, 46),), (51, 63)), {"cue": 1, "cue+source": 0, "cue+content": 1, "all": 0}),
        # a cue that overlaps nothing
        (Predicted((20, 26), ((0, 9),), (15, 37)), {"cue": 0, "cue+source": 0, "cue+content": 0, "all": 0}),
    ],
)
def test_score_document_measures(tmp_path, prediction, expected):
    gold = read_annotations(write_corpus(tmp_path) / "dev" / "attributions" / "doc_one_aaaa.ann", Path("x"))
    scores = score_document(TEXT, gold.relations, [prediction])
    assert {m: c.matched for m, c in scores.counts.items()} == expected
    assert all(c.gold == 2 and c.predicted == 1 for c in scores.counts.values())


def test_each_prediction_matches_one_gold_at_most():
    gold = [GoldRelation(((10, 14),)), GoldRelation(((12, 16),))]
    scores = score_document(TEXT, gold, [Predicted((10, 16), (), (15, 37))])
    assert scores.counts["cue"].matched == 1
    assert scores.counts["cue"].prf.recall == 0.5


def test_two_annotators_are_each_scored_and_nested_statements_skipped(tmp_path):
    corpus = write_corpus(tmp_path, ("aaaa", "bbbb"))
    documents = load_split(corpus, "dev")
    assert [d.annotator for d in documents] == ["aaaa", "bbbb"]
    calls = []

    def extract(texts):
        calls.append(texts)
        outer = statement((10, 14), (15, 37), (0, 9))
        nested = Statement(
            **{
                **outer.to_dict(),
                "id": "n",
                "parent_id": outer.id,
                "speaker": None,
                "cue": Cue("say", 47, 50, "say"),
                "content": Span("it", 51, 53),
            }
        )
        yield [outer, nested]

    scores = evaluate(documents, extract)
    assert len(calls) == 1  # one text, extracted once
    cue = scores.counts["cue"]
    assert (cue.matched, cue.predicted, cue.gold) == (2, 2, 4)
    assert scores.counts["all"].matched == 2
    assert scores.documents == 2


def test_unknown_split_and_missing_corpus(tmp_path):
    with pytest.raises(InputError, match="--split test"):
        load_split(write_corpus(tmp_path), "test")
    result = CliRunner().invoke(cli, ["eval", "polnear", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a directory" in result.output


def test_cli_prints_the_four_measures(tmp_path):
    corpus = write_corpus(tmp_path)
    result = CliRunner().invoke(cli, ["eval", "polnear", "--split", "dev", str(corpus)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[1:5]] == ["cue", "cue+source", "cue+content", "all"]
    cue_row = lines[1].split()
    # the rule-based extractor finds both cues of the snippet: recall 1.0, gold 2
    assert cue_row[2] == "1.000" and cue_row[5] == "2"
