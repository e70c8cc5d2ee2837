"""The UCDP armed-group layer: the converter's rules and the bundled file in the knowledge base."""

from __future__ import annotations

import json

from dragoman.actors import load_kb
from dragoman.actors.kb import DATA_DIR
from dragoman.actors.names import phrase_key
from dragoman.actors.ucdp import OUT_FILE, Report, alias_problem, convert, iso3

ROW = {
    "ActorId": "9001",
    "NameData": "NLFM",
    "NameOrig": "NLFM",
    "NameOrigFull": "n/a",
    "NameOrigFullEng": "National Liberation Front of Midland",
    "NameChange": "1",
    "NewName": "MPA, IS",
    "NewNameFullEng": "Government, Midland Patriotic Army",
    "Org": "1",
    "Location": "Russia (Soviet Union), Georgia",
}


def test_a_rebel_group_keeps_its_names_and_renamings_with_its_country() -> None:
    report = Report()
    [entry] = convert([ROW], set(), report)
    assert entry["id"] == "ucdp-9001" and entry["code"] == "RUSREB" and entry["kind"] == "armed_group"
    assert entry["name"] == "Midland Patriotic Army"  # the latest English name
    assert {"National Liberation Front of Midland", "NLFM"} <= set(entry["aliases"])
    assert "MPA" not in entry["aliases"]  # three capitals are also the news' abbreviations (a super PAC)
    assert "UCDP Actor Dataset 22.1, ActorId 9001" in entry["source"] and "first of 2" in entry["source"]


def test_common_words_and_two_letter_acronyms_are_dropped() -> None:
    report = Report()
    [entry] = convert([ROW], set(), report)
    names = {phrase_key(n) for n in [entry["name"], *entry["aliases"]]}
    assert "government" not in names and "is" not in names
    assert {"Government\tonly generic words", "IS\tfewer than 3 letters or digits"} <= set(report.dropped)
    for word in ("Opposition", "Militia", "AQ", "National Liberation Army", "Royalists"):
        assert alias_problem(word, set()), word
    assert alias_problem("M23", set()) is None
    assert alias_problem("PAC", set()) == "three capital letters"


def test_governments_communities_and_duplicates_are_skipped() -> None:
    report = Report()
    government = dict(ROW, ActorId="1", Org="4")
    community = dict(ROW, ActorId="2", Org="3", NameData="Dinka", NameOrigFullEng="Dinka", NewName="")
    community["NewNameFullEng"] = ""
    held = dict(ROW, ActorId="3")
    assert convert([government, community], set(), report) == []
    assert convert([held], {phrase_key("National Liberation Front of Midland")}, report) == []
    assert (report.governments, report.communities, len(report.duplicates)) == (1, 1, 1)
    assert iso3("DR Congo (Zaire)") == "COD" and iso3("Myanmar (Burma)") == "MMR"


def test_bundled_ucdp_groups_are_found_by_english_name_and_renaming() -> None:
    kb = load_kb()
    for name in ("Popular Front for the Liberation of Oman", "PFLOAG"):  # English name, renaming
        actor = kb.lookup(name)
        assert actor.id == "ucdp-284" and actor.code == "OMNREB", name


def test_curated_groups_still_win_and_no_ucdp_alias_is_a_common_word() -> None:
    kb = load_kb()
    for name in ("Hayat Tahrir al-Sham", "Jabhat Fateh al-Sham", "HTS"):
        assert kb.lookup(name).id == "hayat-tahrir-al-sham", name
    keys = kb.alias_keys()
    for word in ("government", "opposition", "militia", "is", "aq", "army", "rebels"):
        assert not any(i.startswith("ucdp-") for i in keys.get(word, [])), word
    for line in (DATA_DIR / OUT_FILE).read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        assert entry["source"].startswith("UCDP Actor Dataset 22.1, ActorId "), entry["id"]


def test_groups_that_became_governments_are_left_to_the_curated_layer() -> None:
    kb = load_kb()
    for name in ("African National Congress", "Frelimo", "Farabundo Marti Front for National Liberation"):
        actor = kb.lookup(name)
        assert actor is None or not actor.id.startswith("ucdp-"), name
    assert alias_problem("MPLA", set()) and alias_problem("RPF", set())
    assert alias_problem("The Family", set()) and alias_problem("Muslim Brotherhood", set())
