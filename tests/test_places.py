"""Places: the gazetteer index, recognition and disambiguation, and event locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLES, assert_spans_match
from dragoman.errors import DictionaryError
from dragoman.ingest.readers import ReadOptions, make_article
from dragoman.model import ActorRef, Event, Mention, Span
from dragoman.nlp import parse_article, parse_articles
from dragoman.places import Gazetteer, find_places, locate_events
from dragoman.places.gazetteer import SUPPLEMENT_COLUMNS, read_supplement
from dragoman.places.names import fold, loose
from dragoman.places.rows import Row, apply_supplement, centre


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def parse(pipeline, text: str, published: str | None = None):
    article = make_article(text, "<test>", ReadOptions(published=published))
    return next(parse_articles(pipeline.nlp, [article], components=(pipeline.ruler,)))


def places_in(pipeline, text: str, mentions=()) -> dict[str, tuple[str, str | None, str]]:
    parsed = parse(pipeline, text)
    return {
        p.text: (p.id, p.country, p.precision) for p in find_places(parsed, list(mentions), Gazetteer.load())
    }


# --- names and the index --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Khān Shaykhūn", "khan shaykhun"),
        ("Ma‘arrat an Nu‘mān", "maarrat an numan"),
        ("Deir ez-Zor", "deir ez zor"),
        ("Dar'ā", "dara"),
        ("São Paulo", "sao paulo"),
        ("Łódź", "lodz"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Deir ez-Zor", "Deir al-Zour", True),
        ("Hodeidah", "Hudaydah", True),
        ("Kharkiv", "Kharkov", True),
        ("Homs", "Hims", True),
        ("Homs", "Hama", False),
        ("Aleppo", "Idlib", False),
    ],
)
def test_loose_key_joins_transliterations_only(a: str, b: str, same: bool) -> None:
    assert (loose(a) == loose(b)) is same


@pytest.mark.parametrize(
    ("name", "expected_id", "country", "precision"),
    [
        ("Deir al-Zour", "170794", "SYR", "city"),  # supplement spelling
        ("Deir ez-Zor", "170794", "SYR", "city"),  # GeoNames name
        ("Hodeidah", "79415", "YEM", "city"),
        ("Hudaydah", "79415", "YEM", "city"),
        ("Kharkov", "706483", "UKR", "city"),
        ("Kharkiv", "706483", "UKR", "city"),
        ("Khan Shaykhun", "168325", "SYR", "city"),  # folded from "Khān Shaykhūn"
        ("Khan Sheikhoun", "168325", "SYR", "city"),
        ("Hmeimim", "sup:hmeimim-air-base", "SYR", "site"),
        ("Al-Tanf", "sup:al-tanf", "SYR", "site"),
        ("eastern Ghouta", "sup:eastern-ghouta", "SYR", "city"),
        ("USA", "6252001", "USA", "country"),
        ("Britain", "2635167", "GBR", "country"),
        ("Idlib", "SY-ID", "SYR", "admin1"),  # the province is an entry beside the city
        ("Idlib", "169389", "SYR", "city"),
    ],
)
def test_lookup(gazetteer: Gazetteer, name: str, expected_id: str, country: str, precision: str) -> None:
    entries = {e.id: e for e in gazetteer.lookup(name)}
    assert expected_id in entries
    assert (entries[expected_id].country, entries[expected_id].precision) == (country, precision)


def test_lookup_misses(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Atlantis of the Sands") == []
    assert gazetteer.lookup_loose("Xq") == []


def test_capitals_and_coordinates(gazetteer: Gazetteer) -> None:
    assert gazetteer.capitals["LBY"].id == "2210247"  # Tripoli, Libya
    assert gazetteer.capitals["SYR"].name == "Damascus"
    syria = gazetteer.countries["SYR"]
    assert 32 < syria.lat < 37.5 and 35.5 < syria.lon < 42.5  # the derived centre lies in Syria
    for entry in gazetteer.lookup("Al-Tanf") + gazetteer.lookup("Hmeimim"):
        assert 32 < entry.lat < 37.5 and 35.5 < entry.lon < 42.5


def test_centre_handles_the_antimeridian() -> None:
    lat, lon = centre([(-17.0, 179.5, 1.0), (-17.0, -179.5, 1.0)])
    assert lat == pytest.approx(-17.0, abs=0.01) and abs(lon) == pytest.approx(180.0, abs=0.01)
    assert centre([]) is None


def test_supplement_rows_are_checked(tmp_path: Path) -> None:
    header = "\t".join(SUPPLEMENT_COLUMNS)
    good = "sup:x\tX base\tX\tsite\tSYR\t\t35.0\t36.0\t\tsomewhere"
    path = tmp_path / "s.tsv"
    path.write_text(f"{header}\n{good}\n", encoding="utf-8")
    assert read_supplement(path)[0]["name"] == "X base"
    bad_rows = {
        "sup:x\tX\tX\tsite\tSYR\t\t95.0\t36.0\t\tsomewhere": "coordinates out of range",
        "sup:x\tX\tX\tvillage\tSYR\t\t35.0\t36.0\t\tsomewhere": "precision 'village'",
        "sup:x\tX\tX\tsite\tSYR\t\t35.0\t36.0\t\t": "no source",
        "sup:x\tX\tsite": "expected 10 tab-separated columns, got 3",
    }
    for row, message in bad_rows.items():
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        with pytest.raises(DictionaryError, match=message) as caught:
            read_supplement(path)
        assert f"{path}:2" in str(caught.value)


def test_supplement_names_must_point_at_an_entry() -> None:
    rows = [Row("170794", "Deir ez-Zor", "city", "SYR")]
    extra = {"id": "170794", "name": "", "aliases": "Deir al-Zour|DEZ", "source": "wires"}
    apply_supplement(rows, [extra])
    assert {"Deir al-Zour", "DEZ"} <= rows[0].names  # supplement codes are kept, GeoNames' are not
    with pytest.raises(DictionaryError, match="999: no such GeoNames entry"):
        apply_supplement(rows, [{**extra, "id": "999"}])
    # a point given with a source replaces the derived one
    apply_supplement(rows, [{**extra, "lat": "35.33", "lon": "40.14"}])
    assert (rows[0].lat, rows[0].lon) == (35.33, 40.14)


def test_a_supplement_point_that_is_not_a_coordinate_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "supplement.tsv"
    header = "id\tname\taliases\tprecision\tcountry\tadmin1\tlat\tlon\tpopulation\tsource\n"
    path.write_text(header + "170794\t\tDeir al-Zour\t\t\t\tnorth\t40.1\t\twires\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"supplement.tsv:2: 170794: lat/lon are not numbers"):
        read_supplement(path)


def test_a_unit_is_put_at_the_middle_of_its_span_not_of_its_people() -> None:
    from dragoman.places.rows import span_middle

    # a crowded corner (a big city's suburbs) does not pull the point; nor does one stray island
    points = [(30.0, -95.0)] * 30 + [(26.0, -105.0), (34.0, -95.0), (36.0, -100.0), (10.0, -150.0)]
    assert span_middle(points) == (30.0, -100.0)
    # across the antimeridian (Chukotka, Fiji): measured on 0..360
    assert span_middle([(65.0, 178.0), (65.0, -178.0)]) in {(65.0, 180.0), (65.0, -180.0)}


def test_load_is_cached_and_a_broken_index_is_named(tmp_path: Path) -> None:
    assert Gazetteer.load() is Gazetteer.load()
    broken = tmp_path / "gazetteer.tsv.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(DictionaryError, match="cannot read the gazetteer index"):
        Gazetteer.load(broken)


# --- recognition and disambiguation (spaCy model) ---------------------------------------------------------

HOMONYMS = [
    # (text, mention, expected GeoNames id, country): public facts about which place is meant
    ("Fighting in Tripoli continued overnight.", "Tripoli", "2210247", "LBY"),  # the larger, a capital
    ("Clashes erupted in Tripoli in northern Lebanon on Friday.", "Tripoli", "266826", "LBN"),
    ("Lebanese troops deployed in Tripoli after the clashes.", "Tripoli", "266826", "LBN"),
    ("Militias shelled the airport of the Libyan capital, Tripoli, on Monday.", "Tripoli", "2210247", "LBY"),
    ("Protesters gathered in Alexandria on Friday.", "Alexandria", "361058", "EGY"),
    ("A shooting in Alexandria, Virginia, left two people dead.", "Alexandria", "4744091", "USA"),
    ("Government forces advanced on Homs.", "Homs", "169577", "SYR"),
    ("Fighters from Misrata reached Homs, east of Tripoli, in Libya.", "Homs", "2219905", "LBY"),
    ("Shelling hit Kharkov overnight.", "Kharkov", "706483", "UKR"),
    ("Aid convoys reached Deir al-Zour and Hodeidah.", "Deir al-Zour", "170794", "SYR"),
    ("Aid convoys reached Deir al-Zour and Hodeidah.", "Hodeidah", "79415", "YEM"),
    ("Troops entered Khan Sheikhoun at dawn.", "Khan Sheikhoun", "168325", "SYR"),
    # the country a US paper names everywhere does not pull a world city to a small US town of its name
    (
        "U.S. officials met. Before the Paris terror attacks, U.S. voters were calm.",
        "Paris",
        "2988507",
        "FRA",
    ),
    ("A fire broke out in Paris, Texas, on Monday.", "Paris", "4717560", "USA"),
    ("The festival in London, Ontario drew crowds.", "London", "6058560", "CAN"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "mention", "expected_id", "country"), HOMONYMS)
def test_homonyms_and_spellings(pipeline, text: str, mention: str, expected_id: str, country: str) -> None:
    found = places_in(pipeline, text)
    assert found[mention][:2] == (expected_id, country)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "mention", "precision"),
    [
        ("Jets struck Idlib province overnight.", "Idlib", "admin1"),
        ("Jets struck the province of Idlib overnight.", "Idlib", "admin1"),
        ("Jets struck Idlib overnight.", "Idlib", "city"),
        ("Troops left Syria.", "Syria", "country"),
        ("Drones attacked the Hmeimim air base.", "Hmeimim", "site"),
        ("Voters lined up for the New York primary.", "New York", "admin1"),
        ("An inquiry by the New York attorney general began.", "New York", "admin1"),
        ("She served as a New York senator for eight years.", "New York", "admin1"),
        ("Senator Chuck Schumer of New York disagreed.", "New York", "admin1"),
        ("Workers in New York went on strike.", "New York", "city"),
        ("She lives in Burke County, Georgia, with her family.", "Georgia", "admin1"),
        ("Talks in Tbilisi, Georgia, resumed.", "Georgia", "country"),
        ("The Bellevue, Washington-based firm sells data.", "Washington", "admin1"),
    ],
)
def test_precision(pipeline, text: str, mention: str, precision: str) -> None:
    assert places_in(pipeline, text)[mention][2] == precision


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("The UN envoy arrived on Monday.", "UN"),
        ("The West is politicising aid.", "West"),
        ("Cases rose during the Corona pandemic in the US.", "Corona"),
        ("The Headquarters for the Liberation of Al-Sham is a terrorist group.", "Liberation"),
        # an alternate name (Damascus's) ending an organisation's name
        ("The Headquarters for the Liberation of Al-Sham is a terrorist group.", "Al-Sham"),
        ("Let us know.", "us"),
        ("She is a Harvard-trained lawyer.", "Harvard"),
        ("Iran-backed militias fired rockets.", "Iran"),
        ("Polls close on March 15 in Florida.", "March"),
        ("Voters in Jefferson County in Colorado are split.", "Jefferson"),
        ("It was a rally in Southern California.", "Southern"),
        ("Peace in the Middle East is far off.", "Middle East"),
        # a province's name used as an adjective ("Western Province", Sri Lanka)
        ("It was the failure of Western plans against Syria.", "Western"),
    ],
)
def test_not_places(pipeline, text: str, not_a_place: str) -> None:
    assert not_a_place not in places_in(pipeline, text)


@pytest.mark.slow
def test_a_capital_standing_for_its_government_is_a_place_that_says_so(pipeline) -> None:
    text = "Moscow said the talks would resume in Geneva."
    parsed = parse(pipeline, text)
    metonymy = Mention(parsed.article.id, 0, 0, 6, "Moscow", "russia", "metonymy", 0.9)
    alias = Mention(parsed.article.id, 0, 0, 6, "Moscow", "russia", "alias", 0.9)
    gazetteer = Gazetteer.load()
    found = {p.text: (p.country, p.how) for p in find_places(parsed, [metonymy], gazetteer)}
    assert found == {"Moscow": ("RUS", "metonymy"), "Geneva": ("CHE", "population")}
    assert find_places(parsed, [alias], gazetteer)[0].how != "metonymy"


@pytest.mark.slow
def test_a_building_standing_for_its_occupants_is_no_place(pipeline) -> None:
    parsed = parse(pipeline, "The White House said the talks would resume.")
    metonymy = Mention(parsed.article.id, 0, 4, 15, "White House", "usa", "metonymy", 0.9)
    assert [p.text for p in find_places(parsed, [metonymy], Gazetteer.load())] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian officials and Syrians met.", {"Russian": "RUS", "Syrians": "SYR"}),
        ("Georgian troops and Sri Lankan workers left.", {"Georgian": "GEO", "Sri Lankan": "LKA"}),
        ("A Russian-American crew flew.", {"Russian": "RUS", "American": "USA"}),
        # a surname, an ethnic compound and a language name no country
        ("Monica French said the Native American visitors spoke only French.", {}),
        ("The African-American Affairs Commission met.", {}),
    ],
)
def test_nationality_adjectives_are_their_countries(pipeline, text: str, expected: dict[str, str]) -> None:
    places = find_places(parse(pipeline, text), [], Gazetteer.load())
    assert {p.text: p.country for p in places} == expected
    assert all(p.how == "demonym" and p.precision == "country" for p in places)


@pytest.mark.slow
def test_a_nationality_adjective_never_locates_an_event(pipeline) -> None:
    parsed = parse(pipeline, "Georgian troops shelled the villages overnight.")
    places = find_places(parsed, [], Gazetteer.load())
    assert [p.how for p in places] == ["demonym"]
    (event,) = locate_events([make_event(parsed, "shelled")], places, parsed)
    assert event.place_id is None


SAMPLE_PLACES = {
    # (sample, mention as written): (gazetteer id, country, precision) read off the two sample reports
    ("000", "Idlib"): ("169389", "SYR", "city"),
    ("000", "Al-Tanf"): ("sup:al-tanf", "SYR", "site"),
    ("000", "Al-Jazirah"): ("sup:al-jazira-syria", "SYR", "admin1"),
    ("000", "Syria"): ("163843", "SYR", "country"),
    ("000", "Russia"): ("2017370", "RUS", "country"),
    ("000", "US"): ("6252001", "USA", "country"),
    ("003", "Hmeimim"): ("sup:hmeimim-air-base", "SYR", "site"),
    ("003", "Damascus"): ("170654", "SYR", "city"),
    ("003", "Turkey"): ("298795", "TUR", "country"),
}


@pytest.mark.slow
def test_sample_reports(pipeline) -> None:
    gazetteer = Gazetteer.load()
    found: dict[tuple[str, str], set[tuple[str, str | None, str]]] = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        article = make_article(path.read_text(encoding="utf-8"), path.name, ReadOptions())
        parsed = next(parse_articles(pipeline.nlp, [article], components=(pipeline.ruler,)))
        for place in find_places(parsed, [], gazetteer):
            assert article.text[place.start : place.end] == place.text
            found.setdefault((path.name[:3], place.text), set()).add(
                (place.id, place.country, place.precision)
            )
    for key, expected in SAMPLE_PLACES.items():
        assert found.get(key) == {expected}, key
    # "Idlib Governorate" is the province, and its mention spans the unit word.
    assert found[("003", "Idlib Governorate")] == {("SY-ID", "SYR", "admin1")}
    # a nationality adjective is its country
    assert found[("003", "Syrian")] == {("163843", "SYR", "country")}
    assert found[("000", "Russian")] == {("2017370", "RUS", "country")}


@pytest.mark.slow
def test_extract_emits_place_records(pipeline) -> None:
    from dragoman.pipeline import extract_text

    extraction = extract_text(
        "Russian jets struck targets near Damascus on Friday.", published="2021-01-02", pipeline=pipeline
    )
    assert_spans_match(extraction)
    (damascus,) = [p for p in extraction.places if p.text == "Damascus"]
    assert (damascus.id, damascus.precision, damascus.sentence) == ("170654", "city", 0)
    assert damascus.to_dict()["lat"] == pytest.approx(33.51, abs=0.01)


# --- event location ----------------------------------------------------------------------------------------


def make_event(parsed, action: str, source: str | None = None, target: str | None = None) -> Event:
    text = parsed.article.text

    def ref(word: str | None) -> ActorRef | None:
        if word is None:
            return None
        start = text.index(word)
        return ActorRef(word, start, start + len(word))

    start = text.index(action)
    sentence = parsed.sentence_index_at(start)
    return Event(
        "e-" + action,
        parsed.article.id,
        sentence,
        ref(source),
        ref(target),
        Span(action, start, start + len(action)),
        "190",
        "19",
        None,
        None,
        4,
        -10.0,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "action", "source", "target", "expected"),
    [
        ("Russian jets struck targets near Damascus on Friday.", "struck", None, None, "Damascus"),
        ("Israel attacked Iranian positions in Syria last week.", "attacked", "Israel", None, "Syria"),
        ("The attacks in Idlib killed five people.", "attacks", None, None, "Idlib"),
        # the place in another clause is the topic, not the event's location
        ("The ministry said that the measures against Syria had failed.", "said", None, None, None),
        ("We heard a statement from the American envoy to Syria yesterday.", "heard", None, None, None),
        # a place that is the event's actor is not where it happened
        ("Russia condemned Turkey.", "condemned", "Russia", "Turkey", None),
        (
            "Turkish troops shelled Afrin, while Russia condemned the attack in a statement from Moscow.",
            "condemned",
            "Russia",
            None,
            "Moscow",
        ),
        (
            "Turkish troops shelled Afrin, while Russia condemned the attack in a statement from Moscow.",
            "shelled",
            None,
            None,
            "Afrin",
        ),
    ],
)
def test_locate_events(pipeline, text: str, action: str, source, target, expected: str | None) -> None:
    parsed = parse(pipeline, text)
    places = find_places(parsed, [], Gazetteer.load())
    (event,) = locate_events([make_event(parsed, action, source, target)], places, parsed)
    by_id = {p.id: p.text for p in places}
    if expected is None:
        assert (event.place_id, event.place_how) == (None, None)
    else:
        assert (by_id.get(event.place_id), event.place_how) == (expected, "clause")


@pytest.mark.slow
def test_locate_events_without_places_keeps_events(pipeline) -> None:
    parsed = parse_article(pipeline.nlp, make_article("Officials met and talked.", "x", ReadOptions()))
    event = make_event(parsed, "met")
    assert locate_events([event], [], parsed) == [event]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("url", "outlet", "country"),
    [
        ("https://www.example.com.lb/news/1", None, "LBN"),  # a Lebanese outlet's Tripoli
        (None, "sana.sy", "LBY"),  # a Syrian outlet says nothing about which Tripoli
        ("https://www.example.com/news/1", None, "LBY"),  # no country in .com
        (None, "Example News", "LBY"),
    ],
)
def test_outlet_country(pipeline, url: str | None, outlet: str | None, country: str) -> None:
    article = make_article(
        "Fighting in Tripoli continued overnight.", "x", ReadOptions(), url=url, outlet=outlet
    )
    parsed = next(parse_articles(pipeline.nlp, [article], components=(pipeline.ruler,)))
    (tripoli,) = find_places(parsed, [], Gazetteer.load())
    assert tripoli.country == country


def test_country_of_domain(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_of_domain("www.bbc.co.uk") == "GBR"
    assert gazetteer.country_of_domain("sana.sy") == "SYR"
    assert gazetteer.country_of_domain("www.example.com") is None
    assert gazetteer.country_of_domain("localhost") is None
    assert gazetteer.country_of_domain("bit.ly") is None  # sold for its letters, not Libyan


@pytest.mark.parametrize(
    "text, name, country, precision",
    [
        # a unit of a country the article points to, before a country nothing else points to
        (
            "Storms hit Atlanta and Savannah on Monday, the worst in Georgia for a decade.",
            "Georgia",
            "USA",
            "admin1",
        ),
        ("Russian troops entered Georgia, and fighting spread near Tbilisi.", "Georgia", "GEO", "country"),
    ],
)
def test_a_name_shared_by_a_country_and_a_unit_follows_the_articles_countries(
    pipeline, text, name, country, precision
) -> None:
    from dragoman.pipeline import extract_text

    places = [p for p in extract_text(text, pipeline=pipeline).places if p.text == name]
    assert [(p.country, p.precision) for p in places] == [(country, precision)]


def test_countries_stand_at_their_own_point_not_at_the_centre_of_their_cities() -> None:
    from dragoman.evaluate.geo import distance_km

    gazetteer = Gazetteer.load()
    (russia,) = [e for e in gazetteer.lookup("Russia") if e.precision == "country"]
    (usa,) = [e for e in gazetteer.lookup("United States") if e.precision == "country"]
    # the Factbook's point for Russia (GeoNames' too), the centre of the contiguous US for the US (supplement)
    assert (russia.lat, russia.lon) == (60.0, 100.0)
    assert distance_km((usa.lat, usa.lon), (39.83, -98.58)) < 1
    (texas,) = [e for e in gazetteer.lookup("Texas") if e.precision == "admin1"]
    assert distance_km((texas.lat, texas.lon), (31.0, -99.0)) < 161  # the middle of the state, not Houston


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Voters in New Mexico went to the polls.", "New Mexico", "USA"),
        ("Police in Mexico City arrested him.", "Mexico City", "MEX"),
        ("He flew from Mexico to Canada.", "Mexico", "MEX"),
    ],
)
def test_a_place_inside_a_longer_name_is_that_whole_name(pipeline, text, name, country) -> None:
    from dragoman.pipeline import extract_text

    places = extract_text(text, pipeline=pipeline).places
    assert (places[0].text, places[0].name, places[0].country) == (name, name, country)


@pytest.mark.parametrize(
    "text, expected",
    [
        # the small model tags these LANGUAGE, PERSON, PERSON, ORG: a prominent place's name overrules it
        ("Shelling hit Aleppo overnight.", ["Aleppo"]),
        ("Convoys left Homs for the north.", ["Homs"]),
        ("Residents of Aleppo fled the city.", ["Aleppo"]),
        # towns tagged PERSON and ORG, named by their news spellings (Kobane is Ayn al-Arab)
        ("Kurdish units held Tal Abyad and Kobane.", ["Tal Abyad", "Kobane"]),
        ("Aid reached Deraa and Sweida.", ["Deraa", "Sweida"]),
        # coordinated places are two places, not one longer name
        ("Protesters gathered in Paris and Lyon.", ["Paris", "Lyon"]),
        ("Troops moved toward Kharkiv and Kherson.", ["Kharkiv", "Kherson"]),
        # against a person's tag a name must stand where places stand, not as a subject
        ("Jackson met Clinton.", []),
        # an organisation coordinated with a place-named one is no place; the place ending the name is
        ("The Bank of England and Barclays said so.", ["England"]),
    ],
)
def test_the_models_labels_are_evidence_not_a_veto(pipeline, text, expected) -> None:
    from dragoman.pipeline import extract_text

    assert [p.text for p in extract_text(text, pipeline=pipeline).places] == expected


def test_a_nationality_that_describes_a_person_is_not_evidence_about_places(pipeline) -> None:
    from dragoman.pipeline import extract_text

    text = "US President Joe Biden met Chinese President Xi Jinping in Bali."
    (bali,) = [p for p in extract_text(text, pipeline=pipeline).places if p.text == "Bali"]
    assert bali.country == "IDN"


def test_a_county_is_a_place_of_its_own_and_points_to_its_state(pipeline) -> None:
    from dragoman.pipeline import extract_text

    text = "Deputies in Laurel County arrested two men near London on Friday."
    places = {p.text: p for p in extract_text(text, pipeline=pipeline).places}
    county = places["Laurel County"]
    assert (county.precision, county.country, county.admin1) == ("admin2", "USA", "Kentucky")
    # the county says which London: Kentucky's, not England's
    assert (places["London"].country, places["London"].admin1) == ("USA", "Kentucky")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police in Milaca, Minn., said the road was closed.", ["Milaca", "Minn."]),
        # an abbreviation that is also a word names a state only after a town
        ("Fire crews in Evansville, Ind., were called out.", ["Evansville", "Ind."]),
        ("Ind. voters were angry about the mass mailing.", []),
        # or a town that names one place, 40 km away
        ("Buses from Isanti and Milaca were late.", ["Isanti", "Milaca"]),
        # a town of 3,000 whose province the article does not name is more likely a word or a name
        ("The school board in Milaca met on Monday.", []),
        ("Wagner said the plan failed.", []),
    ],
)
def test_a_small_town_needs_its_province_in_the_article(pipeline, text, expected) -> None:
    from dragoman.pipeline import extract_text

    assert [p.text for p in extract_text(text, pipeline=pipeline).places] == expected


@pytest.mark.parametrize(
    "text, mention, name, precision",
    [
        # a continent is a region at GeoNames' point, not a town that shares its name
        ("Obama announced a pivot to Asia.", "Asia", "Asia", "region"),
        ("Fires spread across NSW.", "NSW", "New South Wales", "admin1"),
        ("Floods hit B.C. this week.", "B.C.", "British Columbia", "admin1"),
        ("Traffic in L.A. was slow on Monday.", "L.A.", "Los Angeles", "city"),
        ("He flew to D.C. on Monday.", "D.C.", "Washington", "city"),
    ],
)
def test_continents_and_abbreviations_are_places(pipeline, text, mention, name, precision) -> None:
    from dragoman.pipeline import extract_text

    (place,) = [p for p in extract_text(text, pipeline=pipeline).places if p.text == mention]
    assert (place.name, place.precision) == (name, precision)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a state, a county or a country heads the names of its agencies and offices
        ("The Texas Forest Service warned of fires.", [("Texas", "admin1")]),
        ("The Ohio Department of Health said cases rose.", [("Ohio", "admin1")]),
        ("Deputies of the Laurel County Sheriff's Office arrived.", [("Laurel County", "admin2")]),
        # a town's name heading another counts where the article names the town as a place
        (
            "Firefighters rushed to Torrington on Monday. The Torrington Fire Department put the fire out.",
            [("Torrington", "city"), ("Torrington", "city")],
        ),
        ("The Torrington Fire Department said the blaze was out.", []),
        # a person's name, a name the place word does not open, a large foreign city with no pointer to it
        ("Paris Hilton arrived late.", []),
        ("Shares of Toyota Motor rose.", []),
    ],
)
def test_a_place_heading_a_longer_name_is_named(pipeline, text, expected) -> None:
    from dragoman.pipeline import extract_text

    assert [(p.text, p.precision) for p in extract_text(text, pipeline=pipeline).places] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # one sense per article: tagged a person or an organisation here, named as a place there
        (
            "Gainesville police arrested a man in Gainesville, Florida.",
            ["Gainesville", "Gainesville", "Florida"],
        ),
        ("The Winona council met. Winona voters approved the levy. Floods hit Winona.", ["Winona"] * 3),
        # a name that stands nowhere as a place stays what the model said
        ("Robertson said the levy failed. Robertson voted no.", []),
    ],
)
def test_a_name_the_article_gives_a_place_is_that_place_everywhere(pipeline, text, expected) -> None:
    from dragoman.pipeline import extract_text

    assert [p.text for p in extract_text(text, pipeline=pipeline).places] == expected


@pytest.mark.parametrize(
    "text, mention, country",
    [
        ("WINONA — The city council met on Monday.", "WINONA", "USA"),
        ("SALINA, Kan. — Strong winds toppled trucks.", "SALINA", "USA"),
        # the actor layer may read a capital as its government; a dateline is where the story was filed
        ("BEIRUT: Unknown men fired at a car.", "BEIRUT", "LBN"),
    ],
)
def test_a_dateline_names_a_place(pipeline, text, mention, country) -> None:
    from dragoman.pipeline import extract_text

    places = {p.text: p for p in extract_text(text, pipeline=pipeline).places}
    assert places[mention].country == country
    assert "HEADLINE" not in {p.text for p in extract_text("HEADLINE WORDS - more", pipeline=pipeline).places}


def test_word_names_are_towns_named_by_common_words() -> None:
    from dragoman.places.build import word_names

    rows = [
        Row("1", "Hope", "city", "USA", names={"Hope Village"}),
        Row("2", "Paris", "city", "FRA"),
        Row("3", "Union", "city", "USA"),
        Row("4", "Chad", "country", "TCD"),
        Row("5", "Chad", "city", "USA"),
        Row("6", "Tanf", "site", "SYR"),
    ]
    words = {"hope", "union", "chad", "tanf", "village"}
    # a country's name is never a mere word, nor a name the supplement curates
    assert word_names(rows, words, curated={"tanf"}) == ["hope", "union"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a town named by a word is a place where a locative or the small model says so
        ("Flooding closed roads in Hope on Monday.", ["Hope"]),
        ("Union officials said the strike would end.", []),
        # a word ending a longer name is no part of it ("Street" is a town in Somerset)
        ("Traffic was diverted from West Broad Street.", []),
    ],
)
def test_a_name_that_is_a_word_needs_a_place_cue(pipeline, text, expected) -> None:
    from dragoman.pipeline import extract_text

    assert [p.text for p in extract_text(text, pipeline=pipeline).places] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # places joined by a hyphen, a member's home town after the party letter
        ("Students at the University of Wisconsin-Milwaukee protested.", ["Wisconsin", "Milwaukee"]),
        ("Rep. Jane Doe, D-Plymouth, filed the bill.", ["Plymouth"]),
        # a title after a town's name does not make it a person's name
        (
            "A fire broke out in Carthage. Carthage Police Officer Justin Garner said nobody was hurt.",
            ["Carthage", "Carthage"],
        ),
        # coordinated names before a plural unit word are each a county
        ("Fires burned in Eastland and Callahan counties.", ["Eastland County", "Callahan County"]),
    ],
)
def test_joined_and_coordinated_names(pipeline, text, expected) -> None:
    from dragoman.pipeline import extract_text

    places = extract_text(text, pipeline=pipeline).places
    assert [p.name if p.precision == "admin2" else p.text for p in places] == expected


@pytest.mark.parametrize(
    "text, admin1",
    [
        # McKenzie names one town, 30 km from Paris, Tennessee: that Paris, not France's
        ("Crews from McKenzie and Paris fought the fire.", "Tennessee"),
        ("Crews from Paris fought the fire.", "Ile-de-France"),
        ("Crews from Lyon and Paris fought the fire.", "Ile-de-France"),
    ],
)
def test_a_homonym_near_a_town_the_article_names_is_that_one(pipeline, text, admin1) -> None:
    from dragoman.pipeline import extract_text

    (paris,) = [p for p in extract_text(text, pipeline=pipeline).places if p.text == "Paris"]
    assert paris.admin1 == admin1


def test_distance_km() -> None:
    from dragoman.places.gazetteer import distance_km

    assert distance_km((36.302, -88.3267), (36.302, -88.3267)) == 0.0
    assert distance_km((48.8534, 2.3488), (51.5085, -0.1257)) == pytest.approx(344, abs=2)  # Paris–London


def test_a_bad_qualifier_line_names_its_line(tmp_path: Path) -> None:
    from dragoman.places.gazetteer import read_qualifiers

    path = tmp_path / "qualifiers.tsv"
    path.write_text("abbreviation\tname\tid\tsource\nInd.\tIndiana\tUS-IN\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"qualifiers.tsv:2: expected 4 non-empty"):
        read_qualifiers(path)


def test_person_words_come_from_names_with_a_first_name_or_a_title(pipeline) -> None:
    from dragoman.places.support import person_words

    parsed = parse(pipeline, "Treasurer Thomas Ravenel met Susannah Randolph. Greer Station hosted the fair.")
    words = person_words(parsed)
    assert {"ravenel", "randolph", "susannah"} <= words
    assert "greer" not in words  # the small model's PERSON "Greer Station" names no one


def test_word_lists_are_read_by_name_and_a_bad_line_names_its_line(tmp_path: Path) -> None:
    from dragoman.places.words import read_word_lists, word_list, word_pairs

    assert "near" in word_list("locative") and "march" in word_list("calendar")
    assert word_pairs("plural_unit")["counties"] == "County"
    path = tmp_path / "words.tsv"
    path.write_text("list\twords\nlocative\tin at\nlocative\tnear\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"words.tsv:3: expected a new list name"):
        read_word_lists(path)
    path.write_text("list\twords\nlonely\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"words.tsv:2:"):
        read_word_lists(path)


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        ("The Bellevue, Washington-based firm sells data.", "Washington", "qualifier"),
        ("Fighting resumed in Aleppo province on Monday.", "Aleppo", "unit"),
        ("Voters in Ohio chose a mayor in Springfield.", "Springfield", "province"),
        ("Crews from McKenzie and Paris put out the fire.", "Paris", "nearby"),
        ("Troops entered Damascus, the Syrian capital, at dawn.", "Damascus", "capital"),
        ("Protesters marched through Paris on Sunday.", "Paris", "population"),
        ("Rain fell on Mosul and Tikrit.", "Tikrit", "gazetteer"),
    ],
)
def test_each_place_says_why_its_entry_was_chosen(pipeline, text: str, name: str, how: str | None) -> None:
    parsed = parse(pipeline, text)
    found = {p.text: p.how for p in find_places(parsed, [], Gazetteer.load())}
    if how is None:
        assert name not in found
    else:
        assert found[name] == how


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        # the small model tags the town a person or an organisation; the noun after it says place
        (
            "About fifty Gainesville residents marched on Friday to the county courthouse in Georgia.",
            "Gainesville",
            "Georgia",
        ),
        ("A Danbury man was arraigned on Monday in Connecticut.", "Danbury", "Connecticut"),
        # a lower-case word before a state does not make it part of a longer name
        ("She attended law school at Texas Southern University in Houston.", "Texas", "Texas"),
        # a direction before a state qualifies the state, inside a longer name or not
        ("He attended Northeast Texas Community College.", "Texas", "Texas"),
        ("He leads the Spina Bifida Association of Western Pennsylvania.", "Pennsylvania", "Pennsylvania"),
        # a small town where a person named before it lives, though the article names no province
        ("She is survived by a sister, Betty Kneasel of Myerstown.", "Myerstown", "Pennsylvania"),
    ],
)
def test_the_words_around_a_name_make_it_a_place(pipeline, text: str, name: str, admin1: str) -> None:
    found = {p.text: p.admin1 for p in find_places(parse(pipeline, text), [], Gazetteer.load())}
    assert found[name] == admin1


def test_own_name_key_writes_abbreviations_out() -> None:
    from dragoman.places.names import own_name_key

    assert own_name_key("St. Cloud") == own_name_key("Saint Cloud") == "saint cloud"
    assert own_name_key("Mt. Vernon") == "mount vernon" and own_name_key("Stone") == "stone"
