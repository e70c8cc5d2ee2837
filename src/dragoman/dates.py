"""When an event happened: dates written in its sentence ("on Friday", "last week", "on 12 March",
"yesterday"), resolved against the article's publication date, else the publication date itself.

Every date is an ISO day (``YYYY-MM-DD``) with a ``date_precision``: ``day``; ``week`` (the Monday of that
week); ``month`` (its first day); ``year`` (1 January). ``date_from`` says where it came from: ``text`` (an
expression in the event's sentence) or ``article`` (the publication date, as a fallback). A weekday is the
most recent such day not after publication ("Friday" in an article of Friday is that day; "last Friday" the
one before), and a day without a year is the latest one not after publication ("on 30 December" in an
article of 2 January is last year's). No event is dated after its article: an expression that points
later ("next week", "on 5 May 2031") is left unresolved and the publication date is used instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Event
from .nlp import ParsedArticle, ParsedSentence
from .syntax import in_clause, span_root, token_at

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_NUMBER = {name: i + 1 for i, name in enumerate(MONTHS)}
MONTH_NUMBER.update({name[:3]: i + 1 for i, name in enumerate(MONTHS)})
MONTH_NUMBER["sept"] = 9
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": None,
    "few": None,
}

# Month names must be capitalised ("March", not "a march"); "May" only with a day or a year beside it.
_MONTH = (
    r"(?P<month>(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_MONTH_OR_MAY = _MONTH.replace("(?:January", "(?:May|January")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("iso", r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        ("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH_OR_MAY}(?:,?\s+{_YEAR})?\b"),
        ("month_day", rf"\b{_MONTH_OR_MAY}\s+{_DAY}\b(?:,?\s+{_YEAR})?(?!\s*(?:%|per|million|billion))"),
        ("month_year", rf"\b{_MONTH_OR_MAY}\s+{_YEAR}\b"),
        (
            "month",
            rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his)\s+{_MONTH}(?!\s*\d)",
        ),
        (
            "relative",
            r"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier this|[Ll]ater this)\s+"
            r"(?P<unit>week|month|year|weekend)\b",
        ),
        (
            "ago",
            r"\b(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
        ),
        ("weekday", rf"\b(?:(?P<which>[Ll]ast|[Tt]his past|[Tt]his|[Nn]ext)\s+)?{_WEEKDAY}\b"),
        (
            "deictic",
            r"\b(?P<word>the day before yesterday|[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his morning|"
            r"[Tt]his afternoon|[Tt]his evening|[Ee]arlier today)\b",
        ),
        ("year", rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{_YEAR}\b(?!\s*(?:%|-))"),
    )
)


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date written in the text, its article offsets and what it resolved to (``value`` None: could not)."""

    start: int
    end: int
    text: str
    value: date | None
    precision: str | None


def find_dates(text: str, published: date | None, offset: int = 0) -> list[DateExpression]:
    """Date expressions in ``text`` (not overlapping; earlier patterns first), resolved against ``published``.

    ``offset`` is added to the positions (the article offset of ``text``).
    """
    found: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            value, precision = _resolve(kind, match, published) or (None, None)
            found.append(
                DateExpression(offset + match.start(), offset + match.end(), match.group(0), value, precision)
            )
    return sorted(found, key=lambda d: d.start)


def resolve(expression: str, published: date | None) -> tuple[date, str] | None:
    """The date and precision of one expression ("last Friday"), or None when it cannot be resolved."""
    for found in find_dates(expression, published):
        if found.value is not None and found.precision is not None:
            return found.value, found.precision
    return None


def date_events(events: Sequence[Event], parsed: ParsedArticle) -> list[Event]:
    """``events`` with ``date``, ``date_precision`` and ``date_from`` set (see the module docstring)."""
    published = _published(parsed.article.published)
    by_sentence: dict[int, list[DateExpression]] = {}
    text = parsed.article.text
    for sentence in parsed.sentences():
        by_sentence[sentence.index] = [
            d for d in find_dates(text[sentence.start : sentence.end], published, sentence.start) if d.value
        ]
    sentences = {s.index: s for s in parsed.sentences()}
    dated = []
    for event in events:
        best = _clause_date(event, by_sentence.get(event.sentence, []), sentences.get(event.sentence))
        if best is not None and best.value is not None:
            dated.append(
                dataclasses.replace(
                    event, date=best.value.isoformat(), date_precision=best.precision, date_from="text"
                )
            )
        elif published is not None:
            dated.append(
                dataclasses.replace(
                    event, date=published.isoformat(), date_precision="day", date_from="article"
                )
            )
        else:
            dated.append(event)
    return dated


def _clause_date(
    event: Event, found: list[DateExpression], sentence: ParsedSentence | None
) -> DateExpression | None:
    """The date expression of the event's own clause nearest its action word ("shelled … yesterday, while
    Russia condemned …": yesterday is the shelling's, not the condemnation's)."""
    if sentence is None or not found:
        return None
    action = token_at(sentence, event.action.start)
    if action is None:
        return None
    mine = []
    for expression in found:
        root = span_root(sentence, expression.start, expression.end)
        if root is not None and in_clause(action, root):
            mine.append(expression)
    middle = (event.action.start + event.action.end) / 2
    return min(mine, key=lambda d: (abs((d.start + d.end) / 2 - middle), d.start), default=None)


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _resolve(kind: str, match: re.Match[str], published: date | None) -> tuple[date, str] | None:
    """Resolve one match; None when it needs a publication date that is missing, is impossible, or is after
    publication."""
    groups = match.groupdict()
    try:
        value = _RESOLVERS[kind](groups, published)
    except (ValueError, OverflowError):
        return None
    if value is None:
        return None
    if published is not None and value[0] > published:
        return None
    return value


def _month(name: str) -> int:
    return MONTH_NUMBER[name.rstrip(".").lower()]


def _iso(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    return date(int(groups["year"]), int(groups["month"]), int(groups["day"])), "day"


def _day_month(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    month, day = _month(groups["month"]), int(groups["day"])
    if groups.get("year"):
        return date(int(groups["year"]), month, day), "day"
    if published is None:
        return None
    value = date(published.year, month, day) if _valid(published.year, month, day) else None
    if value is None or value > published:
        # A yearless day after publication is last year's ("on 30 December" in an article of 2 January).
        return date(published.year - 1, month, day), "day"
    return value, "day"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _month_year(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    return date(int(groups["year"]), _month(groups["month"]), 1), "month"


def _month_only(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    if published is None:
        return None
    month = _month(groups["month"])
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1), "month"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


def _relative(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    if published is None:
        return None
    which, unit = groups["which"].lower(), groups["unit"]
    if which == "next" or which == "later this":
        return None  # planned, not happened: no date after the article
    back = 1 if which == "last" else 0
    if unit == "week":
        return _monday(published) - timedelta(weeks=back), "week"
    if unit == "weekend":
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        if back and saturday == published:
            saturday -= timedelta(weeks=1)
        return saturday, "day"
    if unit == "month":
        return _shift_months(published, back), "month"
    return date(published.year - back, 1, 1), "year"


def _ago(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    if published is None:
        return None
    raw = groups["count"].lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if count is None:
        return None
    unit = groups["unit"]
    if unit == "day":
        return published - timedelta(days=count), "day"
    if unit == "week":
        return _monday(published - timedelta(weeks=count)), "week"
    if unit == "month":
        return _shift_months(published, count), "month"
    return date(published.year - count, 1, 1), "year"


def _weekday(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    if published is None:
        return None
    which = (groups.get("which") or "").lower()
    if which == "next":
        return None
    delta = (published.weekday() - WEEKDAYS.index(groups["weekday"].lower())) % 7
    if which in {"last", "this past"} and delta == 0:
        delta = 7
    return published - timedelta(days=delta), "day"


def _deictic(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    if published is None:
        return None
    word = groups["word"].lower()
    back = 2 if word.startswith("the day before") else 1 if word == "yesterday" else 0
    return published - timedelta(days=back), "day"


def _year(groups: dict[str, str], published: date | None) -> tuple[date, str] | None:
    return date(int(groups["year"]), 1, 1), "year"


_RESOLVERS = {
    "iso": _iso,
    "day_month": _day_month,
    "month_day": _day_month,
    "month_year": _month_year,
    "month": _month_only,
    "relative": _relative,
    "ago": _ago,
    "weekday": _weekday,
    "deictic": _deictic,
    "year": _year,
}
