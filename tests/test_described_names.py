"""People no knowledge base holds, coded by the description the article introduces them with, and their
later mentions by surname and pronoun."""

from __future__ import annotations

import pytest

from dragoman.model import Article


def _extract(pipeline, text: str):
    return pipeline.process(Article(id="t", source="t", text=text, published="2016-05-01"))


def _code_of(extraction, name: str) -> str | None:
    return next(m.code for m in extraction.mentions if m.text == name)


@pytest.mark.parametrize(
    "text, name, agent",
    [
        (
            "The plan will fail in Ohio, said Dana Kestrel, a Republican strategist in Ohio.",
            "Dana Kestrel",
            "ELI",
        ),
        ("Dana Kestrel, 58, of Dayton, Ohio, said the plant would close.", "Dana Kestrel", "CVL"),
        ("Dana Kestrel, who is a pollster in Ohio, said the race was close.", "Dana Kestrel", "ELI"),
        ("Campaign manager Dana Kestrel said the office in Dayton, Ohio, would open.", "Dana Kestrel", "ELI"),
        (
            "Dana Kestrel, the former mayor of Dayton, Ohio, said the plant would close.",
            "Dana Kestrel",
            "ELI",
        ),
        ("Dana Kestrel, a columnist in Ohio, said the plant would close.", "Dana Kestrel", "MED"),
    ],
)
def test_a_described_unknown_person_is_coded_by_the_description(pipeline, text, name, agent):
    extraction = _extract(pipeline, text)
    code = _code_of(extraction, name)
    assert code == "USA" + agent
    assert extraction.statements[0].speaker.code == code


def test_an_undescribed_unknown_person_gets_no_actor(pipeline):
    extraction = _extract(pipeline, "Dana Kestrel said the plant in Dayton, Ohio, would close.")
    assert _code_of(extraction, "Dana Kestrel") is None
    assert extraction.statements[0].speaker.actor_id is None


def test_a_described_persons_surname_and_pronoun_reach_the_same_actor(pipeline):
    text = (
        "Dana Kestrel, a Republican strategist in Ohio, said the plan would fail. "
        "Kestrel added that voters were tired. She said the party had to change."
    )
    extraction = _extract(pipeline, text)
    first = next(m for m in extraction.mentions if m.text == "Dana Kestrel")
    assert _code_of(extraction, "Kestrel") == first.code == "USAELI"
    speakers = [s.speaker for s in extraction.statements]
    assert [s.text for s in speakers] == ["Dana Kestrel, a Republican strategist in Ohio", "Kestrel", "She"]
    assert {s.actor_id for s in speakers} == {first.actor_id}


def test_a_surname_two_local_people_share_is_no_one(pipeline):
    text = (
        "Dana Kestrel, a columnist in Ohio, said the plan would fail. Rob Kestrel, a pollster in Ohio, "
        "disagreed. Kestrel said voters were tired."
    )
    extraction = _extract(pipeline, text)
    assert _code_of(extraction, "Kestrel") is None


def test_an_unknown_person_is_not_the_actor_named_in_their_description(pipeline):
    text = "Dana Kestrel, a friend of Donald Trump for decades, said the plan would fail."
    extraction = _extract(pipeline, text)
    speaker = extraction.statements[0].speaker
    assert speaker.text.startswith("Dana Kestrel")
    assert speaker.actor_id is None  # not Trump, whose name is inside the apposition


def test_a_known_name_with_a_middle_initial_and_its_surname_alone(pipeline):
    text = "Harry M. Reid said the bill would pass in the spring. Reid added that the vote was close."
    extraction = _extract(pipeline, text)
    ids = {m.text: m.actor_id for m in extraction.mentions}
    assert ids["Harry M. Reid"] == ids["Reid"] == "harry-reid"


def test_a_government_title_of_a_named_body_is_not_a_government(pipeline):
    text = "Dana Kestrel, president of Vote Forward Ohio, said turnout would rise in Ohio."
    extraction = _extract(pipeline, text)
    assert all(not (m.code or "").endswith("GOV") for m in extraction.mentions if "Kestrel" in m.text)


def test_a_misspelling_is_one_word_not_two(pipeline):
    misspelt = _extract(pipeline, "Antonio Guteres said the talks would resume.")
    assert any(m.how == "fuzzy" and m.actor_id == "antonio-guterres" for m in misspelt.mentions)
    other = _extract(pipeline, "Antonia Guteres said the talks would resume.")
    assert not any(m.how == "fuzzy" for m in other.mentions)


def test_a_surname_alone_is_the_person_the_article_named_in_full(pipeline):
    known = _extract(pipeline, "Obama said the talks would resume.")
    assert next(m.actor_id for m in known.mentions if m.text == "Obama") == "barack-obama"
    text = "Malia Obama, 17, said the talks would resume. Obama added that she was hopeful."
    extraction = _extract(pipeline, text)
    assert all(m.actor_id != "barack-obama" for m in extraction.mentions if m.text == "Obama")


def test_a_spokesperson_speaks_for_their_principal(pipeline):
    text = (
        "Hillary Clinton spoke in Iowa. It was a good night, said Brian Kestrel, "
        "a spokesman for Mrs. Clinton. "
        "Dana Kestrel, a spokeswoman for the Bush super PAC, said it was over."
    )
    speakers = [s.speaker for s in _extract(pipeline, text).statements]
    assert [(s.text.split(",")[0], s.actor_id) for s in speakers] == [
        ("Brian Kestrel", "hillary-clinton"),
        ("Dana Kestrel", None),  # the super PAC, not Jeb Bush
    ]


def test_a_persons_apposition_is_no_second_actor_and_a_full_repeat_is_the_same(pipeline):
    text = "Dana Kestrel, a student in Nairobi, Kenya, said the vote was fair. Bob Roe met Dana Kestrel."
    extraction = _extract(pipeline, text)
    assert not any(m.text == "student" for m in extraction.mentions)
    assert [m.code for m in extraction.mentions if m.text == "Dana Kestrel"] == ["KENEDU", "KENEDU"]
