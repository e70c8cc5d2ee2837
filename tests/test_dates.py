"""Dates: expressions resolved against the publication date, event dates with provenance, publication dates
from metadata, the user and datelines."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from dragoman.cli import cli
from dragoman.dates import date_events, find_dates, resolve
from dragoman.ingest.dates import dateline_date
from dragoman.ingest.readers import ReadOptions, make_article
from dragoman.model import Event, Span
from dragoman.nlp import parse_articles

SATURDAY_2_JAN_2021 = date(2021, 1, 2)
SUNDAY_1_MAR_2020 = date(2020, 3, 1)  # 2020 is a leap year


@pytest.mark.parametrize(
    ("expression", "published", "expected", "precision"),
    [
        # weekdays: the most recent such day not after publication
        ("on Friday", SATURDAY_2_JAN_2021, date(2021, 1, 1), "day"),
        ("on Saturday", SATURDAY_2_JAN_2021, date(2021, 1, 2), "day"),
        ("last Saturday", SATURDAY_2_JAN_2021, date(2020, 12, 26), "day"),
        ("on Thursday", SATURDAY_2_JAN_2021, date(2020, 12, 31), "day"),  # across the year boundary
        ("on Sunday", SATURDAY_2_JAN_2021, date(2020, 12, 27), "day"),
        ("yesterday", SUNDAY_1_MAR_2020, date(2020, 2, 29), "day"),  # across a leap February
        ("the day before yesterday", SATURDAY_2_JAN_2021, date(2020, 12, 31), "day"),
        ("today", SATURDAY_2_JAN_2021, date(2021, 1, 2), "day"),
        # days without a year: the latest not after publication
        ("on 30 December", SATURDAY_2_JAN_2021, date(2020, 12, 30), "day"),
        ("on 2 January", SATURDAY_2_JAN_2021, date(2021, 1, 2), "day"),
        ("on 12 March", SATURDAY_2_JAN_2021, date(2020, 3, 12), "day"),
        ("March 12", SATURDAY_2_JAN_2021, date(2020, 3, 12), "day"),
        ("on the 12th of March", SATURDAY_2_JAN_2021, date(2020, 3, 12), "day"),
        ("on 29 February", SUNDAY_1_MAR_2020, date(2020, 2, 29), "day"),
        # with a year
        ("on 12 March 2019", SATURDAY_2_JAN_2021, date(2019, 3, 12), "day"),
        ("December 31, 2020", SATURDAY_2_JAN_2021, date(2020, 12, 31), "day"),
        ("2020-12-24", SATURDAY_2_JAN_2021, date(2020, 12, 24), "day"),
        # weeks, months, years
        ("last week", SATURDAY_2_JAN_2021, date(2020, 12, 21), "week"),
        ("this week", SATURDAY_2_JAN_2021, date(2020, 12, 28), "week"),
        ("earlier this week", SATURDAY_2_JAN_2021, date(2020, 12, 28), "week"),
        ("three weeks ago", SATURDAY_2_JAN_2021, date(2020, 12, 7), "week"),
        ("last month", SATURDAY_2_JAN_2021, date(2020, 12, 1), "month"),
        ("last month", SUNDAY_1_MAR_2020, date(2020, 2, 1), "month"),
        ("in December", SATURDAY_2_JAN_2021, date(2020, 12, 1), "month"),
        ("in January", SATURDAY_2_JAN_2021, date(2021, 1, 1), "month"),
        ("March 2019", SATURDAY_2_JAN_2021, date(2019, 3, 1), "month"),
        ("two months ago", SATURDAY_2_JAN_2021, date(2020, 11, 1), "month"),
        ("last year", SATURDAY_2_JAN_2021, date(2020, 1, 1), "year"),
        ("in 2019", SATURDAY_2_JAN_2021, date(2019, 1, 1), "year"),
        ("two days ago", SUNDAY_1_MAR_2020, date(2020, 2, 28), "day"),
    ],
)
def test_resolve(expression: str, published: date, expected: date, precision: str) -> None:
    assert resolve(expression, published) == (expected, precision)


@pytest.mark.parametrize(
    ("expression", "published"),
    [
        ("next week", SATURDAY_2_JAN_2021),  # planned: never a date after the article
        ("next Friday", SATURDAY_2_JAN_2021),
        ("on 5 May 2031", SATURDAY_2_JAN_2021),
        ("in 2030", SATURDAY_2_JAN_2021),
        ("on 29 February", date(2022, 3, 1)),  # no 29 February in 2021 or 2022
        ("on 31 April", SATURDAY_2_JAN_2021),
        ("on Friday", None),  # relative dates need a publication date
        ("last week", None),
        ("a march through the city", SATURDAY_2_JAN_2021),  # not a month
        ("they may agree", SATURDAY_2_JAN_2021),
        ("Resolution 2254 was adopted", SATURDAY_2_JAN_2021),
    ],
)
def test_unresolved(expression: str, published: date | None) -> None:
    assert resolve(expression, published) is None


def test_absolute_dates_need_no_publication_date() -> None:
    assert resolve("on 12 March 2020", None) == (date(2020, 3, 12), "day")


def test_find_dates_offsets() -> None:
    text = "Talks began on Friday and resumed yesterday."
    found = find_dates(text, SATURDAY_2_JAN_2021, offset=100)
    assert [(d.text, d.start - 100, d.value) for d in found] == [
        ("Friday", 15, date(2021, 1, 1)),
        ("yesterday", 34, date(2021, 1, 1)),
    ]
    assert all(text[d.start - 100 : d.end - 100] == d.text for d in found)


def parse(pipeline, text: str, published: str | None):
    article = make_article(text, "<test>", ReadOptions(published=published))
    return next(parse_articles(pipeline.nlp, [article], components=(pipeline.ruler,)))


def event_at(parsed, action: str, within: str | None = None) -> Event:
    """An event whose action is the word ``action`` (inside the phrase ``within`` when given)."""
    text = parsed.article.text
    start = text.index(action, text.index(within) if within else 0)
    return Event(
        "e",
        parsed.article.id,
        parsed.sentence_index_at(start),
        None,
        None,
        Span(action, start, start + len(action)),
        "010",
        "01",
        None,
        None,
        1,
        0.0,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "action", "published", "expected"),
    [
        ("Syrian forces shelled the town on Friday.", "shelled", "2021-01-02", ("2021-01-01", "day", "text")),
        ("Syrian forces shelled the town.", "shelled", "2021-01-02", ("2021-01-02", "day", "article")),
        (
            "Syrian forces shelled the town last week.",
            "shelled",
            "2021-01-02",
            ("2020-12-21", "week", "text"),
        ),
        ("Syrian forces shelled the town on Friday.", "shelled", None, (None, None, None)),
        # the other clause's date is not this event's
        (
            "Troops shelled the town yesterday, while Russia condemned the attack.",
            "condemned",
            "2021-01-02",
            ("2021-01-02", "day", "article"),
        ),
        (
            "Troops shelled the town yesterday, while Russia condemned the attack.",
            "shelled",
            "2021-01-02",
            ("2021-01-01", "day", "text"),
        ),
        # planned events are not dated in the future
        ("Ministers will meet next week.", "meet", "2021-01-02", ("2021-01-02", "day", "article")),
    ],
)
def test_date_events(pipeline, text: str, action: str, published: str | None, expected) -> None:
    parsed = parse(pipeline, text, published)
    (event,) = date_events([event_at(parsed, action)], parsed)
    assert (event.date, event.date_precision, event.date_from) == expected


@pytest.mark.slow
def test_sample_foreign_ministry_friday(pipeline) -> None:
    """ "The Russian Foreign Ministry indicated in a statement Friday …", published on Sunday 27 December
    2020: the statement is of Friday 25 December; another publication date moves it with it."""
    text = (SAMPLES / "000_f50ebe11fee2b6ae.txt").read_text(encoding="utf-8")
    for published, friday in (
        ("2020-12-27", "2020-12-25"),
        ("2021-01-01", "2021-01-01"),
        ("2021-01-04", "2021-01-01"),
    ):
        parsed = parse(pipeline, text, published)
        statement = event_at(parsed, "indicated", within="indicated in a statement Friday")
        other = event_at(parsed, "concluded")
        dated = date_events([statement, other], parsed)
        assert (dated[0].date, dated[0].date_precision, dated[0].date_from) == (friday, "day", "text")
        assert (dated[1].date, dated[1].date_from) == (published, "article")


# --- publication dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("DAMASCUS, March 5, 2021 (Reuters) - Syrian forces shelled the town.", "2021-03-05"),
        ("MOSCOW, 12 March 2021 - The ministry said.", "2021-03-12"),
        ("Published: 2021-03-12\nThe ministry said.", "2021-03-12"),
        ("SANA – Feb 3rd, 2020 – The ministry said.", "2020-02-03"),
        ("By John Smith | Updated on 3 May 2020\nThe ministry said.", "2020-05-03"),
        ("DAMASCUS, Feb. 30, 2021 (Reuters) - an impossible date.", None),
        ("The war began on March 5, 2011 and has not ended.", None),  # a sentence, not a dateline
        ("DAMASCUS (Reuters) - No date here.", None),
    ],
)
def test_dateline_date(body: str, expected: str | None) -> None:
    text = "Headline\n\n" + body
    assert dateline_date(text, len("Headline\n\n")) == expected


@pytest.mark.parametrize(
    ("metadata", "user", "expected"),
    [
        ("2021-03-01", None, ("2021-03-01", "metadata")),
        ("2023-02-30", None, ("2021-03-05", "text")),  # impossible: reported, ignored, dateline used
        ("13/13/2020", None, ("2021-03-05", "text")),
        ("03/04/2020", None, ("2021-03-05", "text")),  # ambiguous day/month
        ("2021-03-01", "2021-03-07", ("2021-03-07", "user")),
        (None, None, ("2021-03-05", "text")),
    ],
)
def test_published_from(caplog, metadata: str | None, user: str | None, expected) -> None:
    text = "Strikes hit the town\n\nDAMASCUS, March 5, 2021 (Reuters) - Syrian forces shelled the town."
    with caplog.at_level(logging.WARNING):
        article = make_article(
            text, "wire.txt", ReadOptions(published=user), title="Strikes hit the town", published=metadata
        )
    assert (article.published, article.published_from) == expected
    if metadata and expected[1] == "text":
        assert f"wire.txt: ignoring publication date {metadata!r}" in caplog.text


def test_no_date_anywhere() -> None:
    article = make_article("Strikes hit the town\n\nSyrian forces shelled the town.", "x.txt", ReadOptions())
    assert (article.published, article.published_from) == (None, None)


@pytest.mark.parametrize("value", ["2023-02-30", "13/13/2020", "next Friday", "03/04/2020"])
def test_unparseable_published_is_a_usage_error(tmp_path, value: str) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Strikes hit the town\n\nSyrian forces shelled the town.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(story), "--published", value])
    assert result.exit_code == 2
    assert f"Invalid value for '--published': {value}: not a date" in result.stderr
