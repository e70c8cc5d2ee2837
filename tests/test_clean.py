"""Cleaning: boilerplate lines out, whitespace folded, quotes kept, the headline found and kept first."""

from __future__ import annotations

import pytest

from dragoman.ingest.clean import clean_text, is_boilerplate, looks_like_headline


@pytest.mark.parametrize(
    "line, boilerplate",
    [
        ("Main menu", True),
        ("  MAIN MENU  ", True),
        ("Skip to content", True),
        ("Share", True),
        ("Share this:", True),
        ("Share on Facebook", True),
        ("Click to share on Twitter (Opens in new window)", True),
        ("Follow us on Telegram", True),
        ("Home | World | Middle East", True),
        ("Home » News » Politics", True),
        ("WhatsApp", True),
        ("Advertisement", True),
        # news sentences that start or end like furniture are kept
        ("Share prices fell sharply on Monday.", False),
        ("Home is where the ministry said the talks would be held.", False),
        ("The menu of options includes sanctions, the envoy said.", False),
        ("Print media were banned in the region, the report said.", False),
        ("Search teams found no survivors.", False),
        ("The vote was 13 | 2 in favour, diplomats said, with two abstentions after a long debate.", False),
    ],
)
def test_boilerplate_lines(line: str, boilerplate: bool) -> None:
    assert is_boilerplate(line) is boilerplate


def test_boilerplate_lines_are_removed_from_text() -> None:
    raw = (
        "Main menu\nHome | World | Politics\n\nTalks Fail Again\n\n"
        "Share on Facebook\nThe envoy spoke.\n\nShare\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "Talks Fail Again\n\nThe envoy spoke."
    assert cleaned.headline == "Talks Fail Again"
    assert cleaned.body_start == len("Talks Fail Again") + 2


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("The  envoy\t said   it.", "The envoy said it."),
        ("Line one\nline two of the same paragraph.", "Line one line two of the same paragraph."),
        ("First.\n\n\n\n   \nSecond.", "First.\n\nSecond."),
        ("Windows\r\nline ends.\r\n\r\nNext.", "Windows line ends.\n\nNext."),
        ("Old Mac\rline ends.", "Old Mac line ends."),
        ("Non\u00a0breaking\u2009spaces\u3000here.", "Non breaking spaces here."),
        ("Zero\u200bwidth and soft\u00adhyphen.", "Zerowidth and softhyphen."),
        ("Page one.\fPage two.", "Page one.\n\nPage two."),
        ("Bell\x07 and NUL\x00 gone.", "Bell and NUL gone."),
        ("  leading and trailing  \n\n", "leading and trailing"),
        ("Cafe\u0301 composed.", "Café composed."),  # NFC: one code point, so offsets count characters
    ],
)
def test_whitespace_and_control_characters(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


@pytest.mark.parametrize(
    "raw",
    [
        "He said “we will not leave” and ‘never’ would.",
        "He said \"we will not leave\" and 'never' would.",
        "«Nous restons», a-t-il dit; „so“ und ‚so‘.",
        "It’s the ministry’s view.",
    ],
)
def test_quotes_are_kept(raw: str) -> None:
    assert clean_text(raw).text == raw


@pytest.mark.parametrize(
    "paragraph, headline",
    [
        ("Talks on the Ceasefire Will Not Succeed", True),
        ("Envoy: “We Will Not Leave”", True),
        ('Minister: "We will not leave"', True),
        ("Will the ceasefire hold?", True),
        ("UN council meets on aid corridor", True),
        ("Envoy Says Talks on the Ceasefire Will Fail.", True),  # title case: a headline despite the stop
        ("Wash Post Fact-Check: If the Minister Says It, It’s True.", True),
        # sentences, a lower-case start, one word or a long paragraph are body text
        ("The envoy told the council on Friday that the talks would fail.", False),
        ('He said: "We will not leave."', False),
        ("The envoy said the following:", False),
        ("The Envoy spoke in Geneva on Friday.", False),  # 3 of 4 long words capitalised: a sentence
        ("Council rejects the aid corridor.", False),  # sentence case with a stop stays body text
        ("reported by the agency", False),
        ("Breaking", False),
        (" ".join(["word"] * 31), False),
    ],
)
def test_headline_detection(paragraph: str, headline: bool) -> None:
    assert looks_like_headline(paragraph) is headline


def test_headline_needs_a_body_after_it() -> None:
    cleaned = clean_text("Talks on the Ceasefire Will Not Succeed")
    assert (cleaned.headline, cleaned.body_start) == (None, 0)


def test_title_becomes_the_headline_when_text_lacks_it() -> None:
    cleaned = clean_text("The envoy spoke on Friday.", title="Envoy  Speaks")
    assert cleaned.text == "Envoy Speaks\n\nThe envoy spoke on Friday."
    assert cleaned.headline == "Envoy Speaks"
    assert cleaned.text[cleaned.body_start :] == "The envoy spoke on Friday."


@pytest.mark.parametrize("first", ["Envoy Speaks", "ENVOY SPEAKS", "Envoy speaks.", "  Envoy   Speaks "])
def test_title_already_first_is_not_repeated(first: str) -> None:
    cleaned = clean_text(f"{first}\n\nThe envoy spoke on Friday.", title="Envoy Speaks")
    assert cleaned.text.lower().count("envoy") == 2  # the headline once, the body once
    assert cleaned.text.endswith("\n\nThe envoy spoke on Friday.")
    assert cleaned.body_start == cleaned.text.index("The envoy")


def test_only_boilerplate_leaves_nothing_even_with_a_title() -> None:
    cleaned = clean_text("Main menu\n\nShare on Facebook\n", title="A Title")
    assert (cleaned.text, cleaned.body_start, cleaned.headline) == ("", 0, None)


def test_cleaning_is_idempotent() -> None:
    raw = "Main menu\n\nTalks  Fail\n\nThe envoy\nspoke “today”.\r\n\r\nShare\n\nMore text."
    once = clean_text(raw)
    twice = clean_text(once.text)
    assert (twice.text, twice.body_start) == (once.text, once.body_start)
