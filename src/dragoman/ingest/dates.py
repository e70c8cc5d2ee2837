"""Publication dates from metadata: validated and normalised to ISO 8601 (YYYY-MM-DD)."""

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
