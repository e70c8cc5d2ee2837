"""Publication dates from metadata, validated and normalised to ISO 8601 (YYYY-MM-DD), and from a dateline."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

log = logging.getLogger(__name__)

ISO_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TEXT_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%a, %d %b %Y %H:%M:%S %z", "%Y%m%d")


def parse_date(value: str) -> date | None:
    """A date from ISO 8601 (with or without time), day/month/year when unambiguous, or an English form."""
    value = value.strip()
    if match := ISO_PREFIX.match(value):
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if match := SLASHED.match(value):
        first, second, year = (int(g) for g in match.groups())
        # 03/04/2020 could be March or April: only accept forms where one reading is impossible.
        readings = set()
        for month, day in ((first, second), (second, first)):
            try:
                readings.add(date(year, month, day))
            except ValueError:
                continue
        return readings.pop() if len(readings) == 1 else None
    for form in TEXT_FORMATS:
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def normalise_date(value: str, source: str) -> str | None:
    """ISO date for a metadata value; an impossible or ambiguous one is logged and ignored (None)."""
    parsed = parse_date(value)
    if parsed is None:
        log.warning("%s: ignoring publication date %r: not a valid, unambiguous date", source, value)
        return None
    return parsed.isoformat()


# A full date in a dateline or byline at the top of the body: "DAMASCUS, March 5, 2021 (Reuters) -",
# "MOSCOW, 12 March 2021 -", "Published: 2021-03-12". Only a date with its year counts.
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
DATELINE_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)
# What may stand before the date: a place in capitals, an outlet, "Published:", "Updated on" (not a
# sentence: "The war began on March 5, 2021" gives the event's date, not the article's).
DATELINE_PREFIX = re.compile(
    r"^(?:[\s,:;|/()–—-]+|[A-Z][\w'’.&]*|(?:published|updated|posted|on|by|at)\b)*+$"
)
# How far into the body a dateline may reach: its first line, at most this many characters.
DATELINE_REACH = 160


def dateline_date(text: str, body_start: int) -> str | None:
    """The ISO date a dateline at the top of the body gives, or None (no dateline, or not a real date)."""
    head = text[body_start : body_start + DATELINE_REACH].split("\n", 1)[0]
    match = DATELINE_DATE.search(head)
    if match is None or not DATELINE_PREFIX.match(head[: match.start()]):
        return None
    value = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", match.group(0)).replace(".", "").replace(",", "")
    value = re.sub(r"\bSept\b", "Sep", value)
    parsed = parse_date(value) or _parse_loose(value)
    return parsed.isoformat() if parsed else None


def _parse_loose(value: str) -> date | None:
    for form in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None
