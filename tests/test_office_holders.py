"""Office holders from Wikidata as dated actor roles: the build, the position table and the bundled file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.actors import load_kb
from dragoman.actors.files import DATA_DIR
from dragoman.actors.office_holders import build, iso_day, out_of_office, position_code, read_positions
from dragoman.cli import cli

HOLDERS = """country_repo,position,person,wikidata,start,end
france-cabinet,Minister of Foreign Affairs,Anne Exemple,Q9000001,2017-05-17,2019-03
france-cabinet,Prime Minister,Anne Exemple,Q9000001,2020,
france-cabinet,Speaker of the National Assembly,Paul Sample,Q9000002,2012-06-26,2017-06-20
france-cabinet,Keeper of the Royal Swans,Paul Sample,Q9000002,2018,
france-cabinet,Minister of Culture,Odd Date,Q9000003,2014s,
scotland-cabinet,First Minister,Kept Out,Q9000004,2014,
world,Secretary-General of the United Nations,Una Sample,Q9000005,2017-01-01,
"""
PEOPLE = """wikidata,person,gender,dob,dod,enwiki
Q9000001,Anne Exemple,female,1960-01-01,,Anne Exemple (politician)
Q9000002,Paul Sample,male,,,
"""
REPOS = """country_repo,url,head_commit,head_date,holders21_commit,holders21_date,rows
france-cabinet,u,c,2022-07-29T10:00:00+02:00,c,2022-07-01,5
scotland-cabinet,u,c,2022-07-28T10:00:00+01:00,c,2022-07-01,1
world,u,c,2023-01-10T10:00:00+00:00,c,2023-01-01,1
"""


@pytest.fixture
def built(tmp_path: Path):
    source = tmp_path / "ep"
    source.mkdir()
    (source / "holders.csv").write_text(HOLDERS, encoding="utf-8")
    (source / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (source / "repos.csv").write_text(REPOS, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "curated.jsonl").write_text("", encoding="utf-8")
    report = build(source, out)
    entries = [json.loads(line) for line in (out / "everypolitician.actors.jsonl").read_text().splitlines()]
    return report, {e["name"]: e for e in entries}


def test_terms_become_dated_roles_with_their_source_row(built):
    report, people = built
    anne = people["Anne Exemple"]
    assert anne["wikidata"] == "Q9000001" and anne["gender"] == "f" and anne["country"] == "FRA"
    minister, premier, former = anne["roles"]
    assert (minister["code"], minister["from"], minister["to"]) == ("FRAGOV", "2017-05-17", "2019-03-31")
    assert minister["source"] == "holders.csv:2 Minister of Foreign Affairs"
    # an open term ends on the snapshot's date; out of office, a former minister is an elite of her country
    assert (premier["from"], premier["to"]) == ("2020-01-01", "2022-07-29")
    assert (former["code"], former["from"], former["to"]) == ("FRAELI", None, None)
    assert "Anne Exemple" in anne["aliases"]


def test_unmapped_labels_bad_dates_and_skipped_governments_are_reported(built):
    report, people = built
    assert report.unmapped["Keeper of the Royal Swans"] == 1
    assert [line.split(":")[:2] for line in report.bad_rows] == [["holders.csv", "6"]]
    assert report.skipped_country == 1 and "Kept Out" not in people
    paul = people["Paul Sample"]
    assert [r["code"] for r in paul["roles"]] == ["FRALEG", "FRALEG"]  # a former legislator stays one


def test_world_offices_carry_whole_codes(built):
    _, people = built
    assert people["Una Sample"]["roles"][0]["code"] == "IGOUNO"
    assert "country" not in people["Una Sample"]


@pytest.mark.parametrize(
    "label, country, code",
    [
        ("Minister of Foreign Affairs", "RUS", "RUSGOV"),
        ("Deputy Prime Minister", "TUR", "TURGOV"),
        ("President", "FRA", "FRAGOV"),
        ("President of the Senate", "ITA", "ITALEG"),
        ("Speaker of the National Assembly", "KOR", "KORLEG"),
        ("Justice of the Supreme Court", "USA", "USAJUD"),
        ("Chief of the General Staff", "ISR", "ISRMIL"),
        ("Governor of the Central Bank", "EGY", "EGYGOV"),
        ("ambassador to France", "JPN", "JPNGOV"),
        ("Leader of the Opposition", "GBR", "GBROPP"),
        ("First Lady", "USA", "USAELI"),
        ("Judge of the International Court of Justice", "IGO", "IGOUNOJUDICJ"),
    ],
)
def test_position_table(label, country, code):
    assert position_code(label, country, read_positions()) == code


def test_partial_dates_cover_their_period():
    assert iso_day("2019", last=False) == "2019-01-01" and iso_day("2019", last=True) == "2019-12-31"
    assert iso_day("2020-02", last=True) == "2020-02-29"
    assert iso_day("2020-13", last=True) is None and iso_day("2014s", last=False) is None


# Heads of government and foreign ministers on a date, from the bundled knowledge base (the office-holder
# data, with the curated layer on top): (name as written, date, code).
OFFICE_ON_DATE = [
    ("Giuseppe Conte", "2020-05-01", "ITAGOV"),
    ("Mario Draghi", "2021-05-01", "ITAGOV"),
    ("Scott Morrison", "2021-05-01", "AUSGOV"),
    ("Jacinda Ardern", "2020-05-01", "NZLGOV"),
    ("Pedro Sanchez", "2022-05-01", "ESPGOV"),
    ("Yoshihide Suga", "2021-05-01", "JPNGOV"),
    ("Justin Trudeau", "2019-05-01", "CANGOV"),
    ("Narendra Modi", "2018-05-01", "INDGOV"),
    ("Sergey Lavrov", "2019-05-01", "RUSGOV"),
    ("Dmytro Kuleba", "2021-05-01", "UKRGOV"),
    ("Mevlut Cavusoglu", "2018-05-01", "TURGOV"),
    ("Sameh Shoukry", "2019-05-01", "EGYGOV"),
    # Germany, missing from the office-holder data, from the curated layer
    ("Angela Merkel", "2016-05-01", "DEUGOV"),
    ("Angela Merkel", "2023-05-01", "DEUELI"),
    ("Olaf Scholz", "2023-05-01", "DEUGOV"),
    ("Friedrich Merz", "2023-05-01", "DEUOPP"),
    ("Friedrich Merz", "2025-09-01", "DEUGOV"),
    ("Annalena Baerbock", "2022-05-01", "DEUGOV"),
    ("Heiko Maas", "2019-05-01", "DEUGOV"),
    ("Frank-Walter Steinmeier", "2015-05-01", "DEUGOV"),
    ("Guido Westerwelle", "2011-05-01", "DEUGOV"),
    # out of office a leader keeps the country
    ("Boris Johnson", "2024-05-01", "GBRELI"),
    ("Shinzo Abe", "2021-05-01", "JPNELI"),
]


@pytest.mark.parametrize("name, date, code", OFFICE_ON_DATE)
def test_office_holders_on_a_date(name, date, code):
    kb = load_kb()
    actor = kb.lookup(name)
    assert actor is not None, name
    assert kb.code_on(actor, date) == code


def test_office_holders_are_read_with_gender_and_the_curated_layer_wins():
    kb = load_kb()
    assert kb.lookup("Jacinda Ardern").gender == "f"
    curated_qids = {
        json.loads(line).get("wikidata")
        for line in (DATA_DIR / "curated.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    } - {None}
    for line in (DATA_DIR / "everypolitician.actors.jsonl").read_text(encoding="utf-8").splitlines()[:5000]:
        assert json.loads(line)["wikidata"] not in curated_qids


def test_actors_command_shows_each_role_with_its_source_and_qid():
    result = CliRunner().invoke(cli, ["actors", "Jacinda Ardern", "--at", "2020-05-01"])
    assert result.exit_code == 0, result.output
    block = result.output.split("\n\n")[0]
    assert "[NZLGOV on 2020-05-01]" in block and " Q" in block.splitlines()[0]
    assert any(line.strip().startswith("* NZLGOV") and "holders.csv:" in line for line in block.splitlines())


def test_curated_people_keep_their_country_out_of_office():
    kb = load_kb()
    assert kb.code_on(kb.lookup("Brett McGurk"), "2019-06-01") == "USAELI"  # between two terms
    for line in (DATA_DIR / "curated.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line) if line.strip() else {}
        if data.get("kind") == "person" and out_of_office(data.get("roles") or []) is not None:
            last = data["roles"][-1]
            assert (last["from"], last["to"]) == (None, None), data["id"]


def test_an_undated_article_is_dated_by_the_offices_it_names(pipeline):
    from dragoman.model import Article

    text = (
        "Talks resumed in Geneva.\n\n"
        "The American envoy to Syria, James Jeffrey, said the talks would go on.\n\n"
        "Hayat Tahrir al-Sham rejected the plan."
    )
    extraction = pipeline.process(Article(id="t", source="t", text=text))
    assert extraction.article.published is None
    assert extraction.article.published_from == "roles"
    start, end = extraction.article.published_range.split("..")
    assert start <= end
    codes = {m.name: m.code for m in extraction.mentions if m.actor_id}
    assert codes["Hayat Tahrir al-Sham"] == "SYRREBMUS"  # as in that window, not its code of today
    plain = pipeline.process(Article(id="u", source="u", text="Talks resumed in Geneva."))
    assert plain.article.published_range is None and plain.article.published_from is None
