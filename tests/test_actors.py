"""The actor layer: TABARI/PETRARCH import, the knowledge base, resolution of mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED
from dragoman.actors import ActorKB, load_tabari_actors, load_tabari_agents
from dragoman.actors.tabari import parse_restriction, parse_tabari_date
from dragoman.errors import DictionaryError
from dragoman.model import Role

VALIDATE = SHARED / "eval" / "petrarch-unittest"

ACTORS_TXT = """\
# a comment line
<!-- an XML comment
spanning lines -->
JORDAN  [JOR]
+JORDANIAN_  # synonym with a comment
SAM_GAMGEE [HOB]  # default code
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 080120-121109]
\t[HOBELI >20130119]
LEONID_BREZHNEV_  # CountryInfo.txt
SECRETARY_BREZHNEV
\t[RUSGOV 641014-821110]
BAD_DATE [ABC 2004017-20061201]
\t[ABC]
NO_CODE_HERE

STRAY [XYZ] trailing words
LORIEN  [ELR/GAL]
"""


@pytest.fixture()
def actors_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.actors.txt"
    path.write_text(ACTORS_TXT, encoding="utf-8")
    return path


def test_tabari_actors_keep_synonyms_dated_roles_and_provenance(actors_file: Path) -> None:
    actors = {a.id: a for a in load_tabari_actors(actors_file, [])}
    assert actors["jordan"].aliases == ("JORDAN", "JORDANIAN")
    assert (
        actors["jordan"].code == "JOR" and actors["jordan"].kind == "state" and actors["jordan"].roles == ()
    )
    sam = actors["sam-gamgee"]
    assert sam.roles == (
        Role("HOBCIV", None, "2008-01-20"),
        Role("ORCHOB", "2010-01-09", "2010-01-12"),
        Role("HOBMIL", "2008-01-20", "2012-11-09"),
        Role("HOBELI", "2013-01-19", None),
        Role("HOB"),
    )
    assert sam.code == "HOBELI"  # the latest role, used when no date is known
    assert sam.source.startswith("test.actors.txt:6") and "default code" in sam.source
    # consecutive code-less primary lines share the code block that follows them
    assert actors["leonid-brezhnev"].aliases == ("LEONID BREZHNEV", "SECRETARY BREZHNEV")
    assert actors["lorien"].code == "ELR/GAL"


@pytest.mark.parametrize(
    "date, expected",
    [
        ("2007-05-01", "HOBCIV"),
        ("2010-01-10", "ORCHOB"),  # the first restriction in file order wins
        ("2009-06-01", "HOBMIL"),
        ("2014-01-01", "HOBELI"),
        ("2013-01-10", "HOB"),  # default when none holds
        (None, "HOBELI"),
    ],
)
def test_code_on_follows_tabari_date_restrictions(actors_file: Path, date: str | None, expected: str) -> None:
    kb = ActorKB(load_tabari_actors(actors_file, []))
    assert kb.code_on(kb.lookup("Sam Gamgee"), date) == expected


def test_malformed_actor_lines_are_reported_with_file_and_line(actors_file: Path) -> None:
    problems: list[DictionaryError] = []
    actors = {a.id for a in load_tabari_actors(actors_file, problems)}
    messages = [str(p) for p in problems]
    assert messages == [
        "test.actors.txt:14: date '2004017' is not YYMMDD or YYYYMMDD; code skipped",
        "test.actors.txt:18: text after the codes in '[XYZ] trailing words' (a comment needs #);"
        " line skipped",
        "test.actors.txt:16: NO CODE HERE: no code; record skipped",  # reported when its record ends
    ]
    assert "bad-date" in actors and "no-code-here" not in actors and "stray" not in actors  # the rest loads


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RUSGOV 000507-080507", Role("RUSGOV", "2000-05-07", "2008-05-07")),
        ("SYRGOV >20001231", Role("SYRGOV", "2000-12-31", None)),
        ("HOB < 950601", Role("HOB", None, "1995-06-01")),
        ("HOBGOV 19950601 - 19990815", Role("HOBGOV", "1995-06-01", "1999-08-15")),
        ("pse", Role("PSE")),
    ],
)
def test_parse_restriction(text: str, expected: Role) -> None:
    assert parse_restriction(text) == expected


@pytest.mark.parametrize("text", ["950601-990815", "ABC 990815-950601", "ABC 20121204", "ABC >2012"])
def test_parse_restriction_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_restriction(text)


def test_two_digit_years() -> None:
    assert parse_tabari_date("320101") == "1932-01-01" and parse_tabari_date("070723") == "2007-07-23"


def test_tabari_agents_plurals_substitutions_and_prefix_codes(tmp_path: Path) -> None:
    path = tmp_path / "test.agents.txt"
    path.write_text(
        "!PERSON! = MAN, WOMAN\n"
        "TROOP {} [~MIL]\n"
        "AUTHORITY [~GOV]\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "HUMAN_RIGHTS_BODY  [NGO~] # BNL\n"
        "ISLAMIC_EXTREMIST\n"
        "SPY!AGENT! [~SPY]\n",
        encoding="utf-8",
    )
    problems: list[DictionaryError] = []
    agents = {a.phrase: a for a in load_tabari_agents(path, problems)}
    assert agents["troop"].forms == ("troop",)
    assert agents["authority"].forms == ("authority", "authorities")
    assert agents["attorney general"].forms == ("attorney general", "attorneys general")
    assert agents["congressman"].forms == ("congressman", "congresswoman")
    assert agents["human rights body"].compose("PSE") == "NGOPSE"
    assert agents["troop"].compose("ISR") == "ISRMIL"
    assert [str(p) for p in problems] == [
        "test.agents.txt:7: no [~CODE] or [CODE~] at the end; line skipped",
        "test.agents.txt:8: substitution !AGENT! is not defined above; line skipped",
    ]


def test_petrarch_validation_dictionaries_load_cleanly() -> None:
    kb = ActorKB.from_files([VALIDATE / "PETR.Validate.actors.txt"], [VALIDATE / "PETR.Validate.agents.txt"])
    assert kb.problems == []
    assert kb.lookup("Israeli troops").code == "ISRMIL"
    assert kb.code_on(kb.lookup("Gollum"), "1997-01-01") == "HOBGOV"
    assert kb.code_on(kb.lookup("Onodoher"), "1995-01-01") is None  # no restriction holds, no default
    assert kb.code_on(kb.lookup("Boromir"), "2000-01-01") is None  # TABARI's null code
    assert kb.agent("congresswomen").code == "LEG"
