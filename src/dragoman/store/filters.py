"""The filters of DESIGN.md, declared and validated in one place (their SQL is in ``where.py``).

The CLI (``--actor``, ``--quad`` …) and the HTTP API (``?actor=…&quad=…``) pass the same names to
``Filters.build()``; a bad value raises ``FilterError`` naming the parameter.
"""

from __future__ import annotations

import calendar
import re
import sqlite3
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from ..errors import InputError
from ..model import SPEAKER_HOWS


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """One filter as every caller offers it: ``name`` (the API's parameter; the CLI's option is
    ``--name-with-dashes``), the ``metavar`` and ``help`` both show, whether it is a CLI ``flag``, and
    ``paging`` for the ones the API takes as page parameters (limit, offset, sort) rather than filters."""

    name: str
    metavar: str
    help: str
    flag: bool = False
    paging: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


# The one table of filters: the store validates them (``Filters.build``), the CLI makes its options from it
# (``cli.options.filter_options``) and the HTTP API its query parameters (``server.params``), each offering
# only those a kind of record takes (``ACCEPTED``).
FILTER_SPECS = (
    FilterSpec(
        "actor",
        "NAME|CODE|ID",
        "An actor on either side: id, name or alias (whole words, any case), or "
        "a code (a prefix: RUS matches RUSGOV).",
    ),
    FilterSpec("source", "NAME|CODE|ID", "The actor doing the event (statements: the speaker)."),
    FilterSpec("target", "NAME|CODE|ID", "The actor the event is done to."),
    FilterSpec("cameo", "PREFIX", "CAMEO code prefix (11 matches 110, 111, 112 …)."),
    FilterSpec(
        "exclude_cameo", "PREFIX[,PREFIX]", "Leave out these CAMEO codes (010: the plain 'said' events)."
    ),
    FilterSpec("quad", "N", "QuadClass 1..4 (verbal/material cooperation/conflict)."),
    FilterSpec(
        "date_precision",
        "P[,P]",
        "Events dated to this precision: day, week, month, year (day,week keeps the exact dates).",
    ),
    FilterSpec("since", "DATE", "From this date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive."),
    FilterSpec("until", "DATE", "Up to this date, inclusive."),
    FilterSpec("text", "WORDS", "Full-text search (all the words; or an FTS5 query)."),
    FilterSpec("article", "ID", "Only this article."),
    FilterSpec("place", "ID", "Events located at this place (its id, as the event records show it)."),
    FilterSpec(
        "speaker_how",
        "HOW[,HOW]",
        "Statements whose speaker was resolved so: name, alias, role, "
        "fuzzy, pronoun, description, unresolved.",
    ),
    FilterSpec("min_speaker_score", "S", "Statements whose speaker resolution scores at least S (0..1)."),
    FilterSpec("include_duplicates", "BOOL", "Also count near-duplicate articles.", flag=True),
    FilterSpec("limit", "N", "At most N records.", paging=True),
    FilterSpec("offset", "N", "Records to skip.", paging=True),
    FilterSpec(
        "sort",
        "KEY",
        "Order: date (undated last), goldstein, quad, cameo, source, target, article "
        "(events); speaker, kind (statements); title, outlet (articles); -KEY reverses. Default: by "
        "date.",
        paging=True,
    ),
)
PARAMETERS = tuple(spec.name for spec in FILTER_SPECS)
# What each kind of record can be filtered on: the store refuses the rest, the CLI offers only these.
EVENT_ONLY = ("target", "cameo", "exclude_cameo", "quad", "date_precision", "place")
STATEMENT_ONLY = ("speaker_how", "min_speaker_score")
ACCEPTED = {
    "events": tuple(name for name in PARAMETERS if name not in STATEMENT_ONLY),
    "statements": tuple(name for name in PARAMETERS if name not in EVENT_ONLY),
    "articles": tuple(name for name in PARAMETERS if name not in (*EVENT_ONLY, *STATEMENT_ONLY, "source")),
}
# The orders records can be listed in: key → ORDER BY per kind of record ("-key" reverses it). Ties keep
# the order in which records were stored. The default (no sort) is by date through the date index, undated
# records first; "date" puts the undated ones last.
SORTS = {
    "events": {
        "date": "e.day IS NULL, e.day, e.row_id",
        "goldstein": "e.goldstein, e.row_id",
        "quad": "e.quad_class, e.row_id",
        "cameo": "e.cameo, e.row_id",
        "source": "e.source_code, e.source_text, e.row_id",
        "target": "e.target_code, e.target_text, e.row_id",
        "article": "a.title, e.row_id",
    },
    "statements": {
        "date": "t.day IS NULL, t.day, t.row_id",
        "speaker": "t.speaker_text COLLATE NOCASE, t.row_id",
        "kind": "t.kind, t.row_id",
        "article": "a.title, t.row_id",
    },
    "articles": {
        "date": "a.published IS NULL, a.published, a.id",
        "title": "a.title, a.id",
        "outlet": "a.outlet IS NULL, a.outlet, a.published, a.id",
    },
}
# The largest row count or offset SQLite takes (a signed 64-bit integer).
MAX_ROWS = 2**63 - 1
CODE = re.compile(r"[A-Z0-9]{3,}")
CAMEO_PREFIX = re.compile(r"\d{1,4}")
DATE_PRECISIONS = ("day", "week", "month", "year")
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
# An FTS5 query the user wrote on purpose (phrases, boolean operators, prefixes, grouping).
FTS_SYNTAX = re.compile(r'["*()^]|\b(AND|OR|NOT|NEAR)\b')


class FilterError(InputError):
    """A filter value that cannot be used; ``parameter`` names the filter (``quad``, ``since`` …)."""

    def __init__(self, parameter: str, value: object, problem: str) -> None:
        super().__init__(f"{parameter} {value}: {problem}")
        self.parameter = parameter
        self.value = value
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Filters:
    """Validated filters for ``statements``, ``events`` and ``articles`` queries.

    ``actor`` matches an actor id, a name (any case) or a code (a code prefix when written in capitals:
    ``RUS`` matches ``RUSGOV``) on either side of an event or as a statement's speaker; ``source`` and
    ``target`` only on that side of an event. ``cameo`` is a code prefix (``"11"`` matches ``"112"``);
    ``quad`` 1..4; ``since``/``until`` ISO dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive) on
    the event date, else the article's publication date; ``text`` words (or an FTS5 query) to search;
    ``article`` one article id; ``place`` one place id (events located there); ``speaker_how`` how a
    statement's speaker was resolved (one or more of ``SPEAKER_HOWS``, comma-separated: ``name,alias``) and
    ``min_speaker_score`` the least confidence of that resolution (statements only). Articles marked as
    near-duplicates are left out unless ``include_duplicates``. ``limit`` None means no limit.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    cameo: str | None = None
    exclude_cameo: tuple[str, ...] | None = None
    quad: int | None = None
    date_precision: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    article: str | None = None
    place: str | None = None
    speaker_how: tuple[str, ...] | None = None
    min_speaker_score: float | None = None
    include_duplicates: bool = False
    limit: int | None = None
    offset: int = 0
    sort: str | None = None

    @classmethod
    def build(cls, **values: Any) -> Filters:
        """Filters from loosely typed values (strings from a URL or a command line); None means unset."""
        unknown = set(values) - set(PARAMETERS)
        if unknown:
            name = sorted(unknown)[0]
            raise FilterError(name, values[name], f"unknown filter; expected one of {', '.join(PARAMETERS)}")
        clean: dict[str, Any] = {}
        for name in ("actor", "source", "target", "article", "place"):
            clean[name] = text_value(name, values.get(name))
        cameo = text_value("cameo", values.get("cameo"))
        if cameo is not None and not CAMEO_PREFIX.fullmatch(cameo):
            raise FilterError("cameo", cameo, "not a CAMEO code prefix (1 to 4 digits, e.g. 11 or 112)")
        clean["cameo"] = cameo
        clean["exclude_cameo"] = listed("exclude_cameo", values.get("exclude_cameo"), cameo_prefix)
        clean["date_precision"] = listed("date_precision", values.get("date_precision"), date_precision)
        quad = values.get("quad")
        if quad is not None and quad != "":
            number = integer("quad", quad)
            if number not in (1, 2, 3, 4):
                raise FilterError("quad", quad, "QuadClass is 1, 2, 3 or 4")
            clean["quad"] = number
        clean["since"] = date_bound("since", values.get("since"), last=False)
        clean["until"] = date_bound("until", values.get("until"), last=True)
        if clean["since"] and clean["until"] and clean["since"] > clean["until"]:
            raise FilterError("until", values.get("until"), f"is before the since date {values.get('since')}")
        clean["text"] = full_text("text", values.get("text"))
        clean["speaker_how"] = speaker_hows(values.get("speaker_how"))
        clean["min_speaker_score"] = share("min_speaker_score", values.get("min_speaker_score"))
        clean["include_duplicates"] = boolean("include_duplicates", values.get("include_duplicates", False))
        clean["sort"] = text_value("sort", values.get("sort"))
        for name in ("limit", "offset"):
            value = values.get(name)
            if value is not None and value != "":
                clean[name] = row_count(name, value)
        return cls(**clean)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def text_value(name: str, value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise FilterError(name, repr(value), "is empty")
    return text


def full_text(name: str, value: object) -> str | None:
    """Words or an FTS5 query, checked against SQLite's own parser before any query runs (so a command
    prints nothing but the error)."""
    text = text_value(name, value)
    if text is None:
        return None
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        connection.execute("SELECT 1 FROM probe WHERE probe MATCH ?", (fts_query(text),)).fetchall()
    except sqlite3.OperationalError as error:
        raise FilterError(name, text, f"not a valid full-text query ({error})") from None
    finally:
        connection.close()
    return text


def listed(name: str, value: object, check: Any) -> tuple[str, ...] | None:
    """``a,b`` (or a list of such values) as a tuple of values, each passed through ``check(name, item)``."""
    if value is None or value == "":
        return None
    parts = value if isinstance(value, (list, tuple)) else [value]
    items = tuple(dict.fromkeys(w.strip() for part in parts for w in str(part).split(",") if w.strip()))
    if not items:
        raise FilterError(name, value, "is empty")
    return tuple(check(name, item) for item in items)


def cameo_prefix(name: str, value: str) -> str:
    if not CAMEO_PREFIX.fullmatch(value):
        raise FilterError(name, value, "not a CAMEO code prefix (1 to 4 digits, e.g. 11 or 112)")
    return value


def date_precision(name: str, value: str) -> str:
    if value not in DATE_PRECISIONS:
        raise FilterError(name, value, f"expected one or more of {', '.join(DATE_PRECISIONS)}")
    return value


def speaker_hows(value: object) -> tuple[str, ...] | None:
    """``name,alias`` (or a list of such values) as a tuple of known ``Speaker.how`` values."""
    return listed("speaker_how", value, speaker_how)


def speaker_how(name: str, value: str) -> str:
    if value not in SPEAKER_HOWS:
        raise FilterError(name, value, f"expected one or more of {', '.join(SPEAKER_HOWS)}")
    return value


def share(name: str, value: object) -> float | None:
    """A number from 0 to 1."""
    if value is None or value == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise FilterError(name, value, "not a number") from None
    if not 0.0 <= number <= 1.0:
        raise FilterError(name, value, "must be between 0 and 1")
    return number


def integer(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise FilterError(name, value, "not a whole number")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise FilterError(name, value, "not a whole number") from None


def row_count(name: str, value: object) -> int:
    number = integer(name, value)
    if not 0 <= number <= MAX_ROWS:
        raise FilterError(name, value, f"must be between 0 and {MAX_ROWS}")
    return number


def refuse_others(filters: Filters, records: str) -> None:
    """``FilterError`` for a filter set that ``records`` cannot be filtered on (see ``ACCEPTED``)."""
    for name in PARAMETERS:
        if name in ACCEPTED[records] or getattr(filters, name) in (None, False):
            continue
        kinds = [kind for kind, accepted in ACCEPTED.items() if name in accepted]
        raise FilterError(name, getattr(filters, name), f"applies to {' and '.join(kinds)}, not {records}")


def boolean(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise FilterError(name, value, "expected true or false")


def date_bound(name: str, value: object, *, last: bool) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a full date: the first day of the period, or its last."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = PARTIAL_DATE.fullmatch(text)
    if not match:
        raise FilterError(name, value, "not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = int(match[1]), int(match[2] or (12 if last else 1)), match[3]
    try:
        if day is None:
            day_number = calendar.monthrange(year, month)[1] if last else 1
        else:
            day_number = int(day)
        return date(year, month, day_number).isoformat()
    except ValueError:
        raise FilterError(name, value, "not a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from None


def fts_query(words: str) -> str:
    """An FTS5 query from user words: plain words are each quoted (so ``al-Bab`` or ``U.S.`` cannot be read
    as operators) and must all occur; a query that already uses FTS5 syntax is passed through."""
    if FTS_SYNTAX.search(words):
        return words
    return " ".join('"' + word.replace('"', '""') + '"' for word in words.split())
