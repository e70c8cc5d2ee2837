"""Titles resolved through the role held on the date: the person in the office then, or the role alone."""

from __future__ import annotations

import pytest

from dragoman.actors.titles import office_label, office_of, title_in
from dragoman.model import Article


def _actors(pipeline, text: str, date: str | None) -> list[tuple[str, str | None, str | None]]:
    extraction = pipeline.process(Article(id="t", source="t", text=text, published=date))
    return [(m.text, m.actor_id, m.code) for m in extraction.mentions if m.actor_id]


@pytest.mark.parametrize(
    "text, date, person, code",
    [
        ("The German chancellor said the budget would pass.", "2019-04-02", "angela-merkel", "DEUGOV"),
        ("The German chancellor said the budget would pass.", "2023-04-02", "olaf-scholz", "DEUGOV"),
        ("The Syrian foreign minister said the border was closed.", "2022-04-02", "faisal-mekdad", "SYRGOV"),
        (
            "The Syrian foreign minister said the border was closed.",
            "2025-04-02",
            "asaad-al-shaibani",
            "SYRGOV",
        ),
        ("Russia's foreign minister said the border was closed.", "2019-04-02", "sergey-lavrov", "RUSGOV"),
        ("The French president said the border was closed.", "2016-04-02", "francois-hollande", "FRAGOV"),
        ("The French president said the border was closed.", "2018-04-02", "emmanuel-macron", "FRAGOV"),
        ("The foreign minister of Turkey said the border was closed.", "2024-04-02", "hakan-fidan", "TURGOV"),
        ("The Italian prime minister said the border was closed.", "2021-04-02", "mario-draghi", "ITAGOV"),
        ("The Iranian president said the border was closed.", "2025-04-02", "masoud-pezeshkian", "IRNGOV"),
    ],
)
def test_a_title_is_the_person_in_office_on_the_date(pipeline, text, date, person, code):
    found = _actors(pipeline, text, date)
    assert (found[0][1], found[0][2]) == (person, code)


def test_without_a_date_a_title_is_the_role_only(pipeline):
    assert _actors(pipeline, "The French president said the border was closed.", None) == [
        ("French president", "france~GOV", "FRAGOV")
    ]


def test_deputies_ministries_and_former_holders_are_not_the_holder(pipeline):
    for text in (
        "The deputy Russian foreign minister said the border was closed.",
        "Russia's deputy foreign minister said the border was closed.",
        "The Russian foreign ministry said the border was closed.",
        "The former French president said the border was closed.",
    ):
        assert all(
            actor_id.startswith(("russian-federation", "france"))
            for _, actor_id, _ in _actors(pipeline, text, "2023-04-02")
        ), text


def test_the_chancellor_alone_is_germanys_when_the_article_names_germany(pipeline):
    named = _actors(
        pipeline, "Germany will send aid. The chancellor said the budget allowed it.", "2024-03-01"
    )
    assert ("chancellor", "olaf-scholz", "DEUGOV") in named
    british = _actors(
        pipeline, "The British budget is due. The chancellor said taxes would rise.", "2024-03-01"
    )
    assert all(actor_id != "olaf-scholz" for _, actor_id, _ in british)
    assert not any(
        m[1] == "olaf-scholz"
        for m in _actors(pipeline, "Germany will send aid. The chancellor agreed.", None)
    )


def test_offices_are_read_from_role_sources():
    assert office_label("holders.csv:16696 Prime Minister (open in the snapshot)") == "Prime Minister"
    assert office_label("curated: Monarch of the United Kingdom 8 September 2022 to present") == "Monarch"
    assert office_of("Minister of Foreign Affairs and Cooperation", "MLI") == "foreign_minister"
    assert office_of("Deputy Prime Minister", "ETH") is None
    assert office_of("Chancellor of the Exchequer", "GBR") is None
    assert office_of("Secretary of State", "USA") == "foreign_minister"
    assert office_of("Secretary of State", "FRA") is None


def test_title_words_in_a_mention():
    assert title_in(["german", "chancellor"])[0].office == "head_of_government"
    assert title_in(["foreign", "minister", "of", "turkey"])[0].office == "foreign_minister"
    assert title_in(["russia", "s", "deputy", "foreign", "minister"]) is None


def test_an_unknown_person_with_a_title_is_coded_as_the_office(pipeline):
    text = "Sen. Marla Quint of Ohio said the budget was too large. The American senate agreed."
    extraction = pipeline.process(Article(id="t", source="t", text=text, published="2016-05-01"))
    titled = next(m for m in extraction.mentions if m.text.startswith("Sen."))
    assert (titled.text, titled.how, titled.code[-3:]) == ("Sen. Marla Quint", "agent", "LEG")
    assert extraction.statements[0].speaker.code == titled.code
    plain = pipeline.process(Article(id="u", source="u", text="Marla Quint said the budget was too large."))
    assert all(m.actor_id is None for m in plain.mentions)


def test_a_former_title_is_an_elite_and_a_longer_title_gives_no_agent(pipeline):
    text = "Former Governor Marla Quint of Ohio said the budget was too large in the United States."
    extraction = pipeline.process(Article(id="t", source="t", text=text, published="2016-05-01"))
    assert next(m.code for m in extraction.mentions if "Quint" in m.text).endswith("ELI")
    longer = pipeline.process(
        Article(id="u", source="u", text="Senate President Marla Quint said no.", published="2016-05-01")
    )
    assert all(m.how != "agent" for m in longer.mentions if "Quint" in m.text)


def test_a_state_inside_a_longer_place_name_is_the_place(pipeline):
    text = "The storm moved across the Gulf of Mexico on Tuesday."
    extraction = pipeline.process(Article(id="t", source="t", text=text, published="2019-05-01"))
    assert all(m.actor_id != "mexico" for m in extraction.mentions)


def test_a_title_as_a_role_is_not_the_holder_on_the_date(pipeline):
    text = "Jean Roe, who served as President of France for twelve years, died. A French minister said so."
    found = _actors(pipeline, text, "2019-09-26")
    assert all(actor_id != "emmanuel-macron" for _, actor_id, _ in found)


def test_an_adjective_is_not_the_agent_its_stem_names(pipeline):
    found = _actors(pipeline, "The senator ended her US presidential campaign on Tuesday.", "2019-09-26")
    assert all(code != "USAGOV" for _, _, code in found)
