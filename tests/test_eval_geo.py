"""``dragoman eval geo``: reading geoparsing gold, scoring recall, precision and distance, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from dragoman.cli import cli
from dragoman.errors import InputError
from dragoman.evaluate import geo
from dragoman.model import Place

LGL = SHARED / "eval" / "lgl-dev"
TEXT = "Fire in Alexandria and Rapides Parish; the mayor of Gotham spoke."
ARTICLE = {
    "id": "g1",
    "published": "2009-03-20",
    "text": TEXT,
    "toponyms": [
        {"text": "Alexandria", "start": 8, "end": 18, "lat": 31.31, "lon": -92.45},
        {"text": "Rapides Parish", "start": 23, "end": 37, "lat": 31.17, "lon": -92.48},
        {"text": "Gotham", "start": 52, "end": 58},  # not resolved by the gold: found or not, no distance
    ],
}


def place(start: int, end: int, lat: float | None, lon: float | None) -> Place:
    return Place("p", TEXT[start:end], "USA", None, lat, lon, "city", "g1", 0, start, end, TEXT[start:end])


def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    return path


def test_distance_is_great_circle():
    assert geo.distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.19, abs=0.01)
    assert geo.distance_km((31.31, -92.45), (31.31, -92.45)) == 0.0


def test_geo_scores_recall_precision_and_accuracy_within_161_km(tmp_path: Path):
    (article,) = geo.read_articles(gold_file(tmp_path))
    found = [
        place(8, 18, 31.31, -92.45),  # right
        place(23, 30, 38.0, -97.0),  # overlaps "Rapides Parish", but 900 km off
        place(0, 4, 40.0, -75.0),  # "Fire": not a toponym
    ]
    report = geo.score([article], [found])
    measures = geo.measures(report)
    assert measures["recall"] == pytest.approx(2 / 3)
    assert measures["precision"] == pytest.approx(2 / 3)
    assert measures["accuracy@161km"] == 0.5
    assert measures["median error km"] == pytest.approx(report.errors_km[1] / 2)
    text = geo.format_report(report, failures=True)
    assert "g1 missed [Gotham]" in text and "g1 not a toponym [Fire]" in text and "CamCoder" in text


def test_a_found_place_without_a_point_counts_as_wrong(tmp_path: Path):
    (article,) = geo.read_articles(gold_file(tmp_path))
    report = geo.score([article], [[place(8, 18, None, None)]])
    assert geo.measures(report)["accuracy@161km"] == 0.0


def test_a_bad_gold_line_names_file_and_line(tmp_path: Path):
    path = gold_file(tmp_path)
    path.write_text(path.read_text() + '{"id": "x", "toponyms": [{"text": "a"}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2: not a geoparsing gold article"):
        geo.read_articles(path)


@pytest.mark.slow
@pytest.mark.skipif(not LGL.is_dir(), reason="no LGL gold")
def test_geo_command_prints_the_measures_beside_published_figures():
    result = CliRunner().invoke(cli, ["eval", "geo", "--limit", "10"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("toponyms: ") and "accuracy@161km" in first and "median error" in first
    assert "Edinburgh Geoparser    0.76" in result.output


def test_nationality_adjectives_are_counted_apart() -> None:
    text = "American troops left Gotham."
    article = geo.GoldArticle(
        "a1",
        None,
        text,
        (geo.Toponym("American", 0, 8, (39.8, -98.6)), geo.Toponym("Gotham", 21, 27, None)),
    )
    gotham = Place("p", "Gotham", "USA", None, 40.0, -74.0, "city", "a1", 0, 21, 27, "Gotham")
    report = geo.score([article], [[gotham]], demonyms={"american"})
    assert (report.adjectives, report.adjectives_found) == (1, 0)
    measures = geo.measures(report)
    assert measures["recall"] == 0.5 and measures["recall without adjectives"] == 1.0
    assert "nationality adjectives among the toponyms: 1" in geo.format_report(report)
