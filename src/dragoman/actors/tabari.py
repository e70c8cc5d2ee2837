"""Reading TABARI/PETRARCH actor and agent dictionaries (formats in the PETRARCH ``dictionaries.rst``).

Actor files hold records of a primary phrase, ``+`` synonym lines and code lines::

    VLADIMIR_PUTIN_  # CountryInfo.txt          primary phrase; the comment is kept as provenance
    +PRESIDENT_PUTIN_                           synonym
        [RUSGOV 000507-080507]                  code between two dates (YYMMDD or YYYYMMDD, inclusive)
        [RUSGOV >20120507]                      code from a date on;  [ABC <911226]: up to a date
        [RUSELI]                                undated: the default when no dated code holds

Codes may also follow the primary phrase on its line (``JORDAN [JOR]``, ``X [IGOUNO 820101-911231] [ELI]``).
``[---]`` is TABARI's null code. Agent files hold ``PHRASE {plurals} [~CODE]`` (or ``[CODE~]`` for a code
that goes before the actor's), with ``!NAME! = A, B`` substitution sets; regular plurals are generated.

Each record becomes an :class:`~dragoman.model.Actor` (roles in file order, an undated default last) or an
:class:`~dragoman.actors.agents.Agent`. A line that cannot be used is reported as a
:class:`~dragoman.errors.DictionaryError` naming ``file:line`` (appended to ``problems`` when given, always
logged) and skipped; the rest of the file loads.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import DictionaryError
from ..model import Actor, Role
from .agents import Agent
from .codes import describe_code
from .names import display_name, phrase_key, tabari_phrase

log = logging.getLogger(__name__)

NULL_CODE = "---"
"""TABARI's null code: the phrase is an actor, but gets no code (events with it are not coded)."""

# Two-digit years below this are 20xx, others 19xx: the Phoenix files were generated in 2014 and hold
# 1930s dates in two digits ("MOHAMMAD_ZAHIR_SHAH_ [AFGELI 320101-331108]").
TWO_DIGIT_CENTURY_CUTOFF = 30

_CODE = re.compile(r"^[A-Za-z0-9/+#~-]+$")
_RESTRICTION = re.compile(
    r"^(?P<code>\S+?)\s*(?:(?P<before><)\s*(?P<until>\d+)|(?P<after>>)\s*(?P<since>\d+)"
    r"|(?P<start>\d+)\s*-\s*(?P<end>\d+))?$"
)
_BRACKETED = re.compile(r"\[([^\]]*)\]")
_PHRASE = re.compile(r"^[^\[\]{}<>~]+$")
_SUBSTITUTION = re.compile(r"!([A-Za-z]+)!")


def _lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, content without comment, comment) for each line that is not blank or a comment.

    ``#`` and ``;`` start comments (``[###]`` codes are kept); ``<!-- … -->`` blocks, possibly spanning lines,
    are skipped.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DictionaryError(f"{path}: cannot read ({error.strerror})") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # older TABARI files are Latin-1; every byte decodes
    in_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_block:
            in_block = "-->" not in stripped
            continue
        if stripped.startswith("<!"):
            in_block = "-->" not in stripped and not stripped.endswith(">")
            continue
        depth = 0
        cut = len(line)
        for position, char in enumerate(line):
            if char == "[":
                depth += 1
            elif char == "]":
                depth = max(0, depth - 1)
            elif char in "#;" and depth == 0:
                cut = position
                break
        content, comment = line[:cut].rstrip(), line[cut + 1 :].strip(" #;\t")
        if content.strip():
            yield number, content, comment


def parse_tabari_date(text: str) -> str:
    """An ISO date from a TABARI date (YYMMDD or YYYYMMDD); ValueError when it is not one."""
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year < TWO_DIGIT_CENTURY_CUTOFF else 1900
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        raise ValueError(f"date {text!r} is not YYMMDD or YYYYMMDD")
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as error:
        raise ValueError(f"date {text!r}: {error}") from error


def parse_restriction(text: str) -> Role:
    """One bracketed code: ``CODE``, ``CODE <date``, ``CODE >date`` or ``CODE date-date`` as a Role.

    An undated code gives a Role with neither ``start`` nor ``end`` (it always holds). ValueError with the
    reason when the text is not a code restriction.
    """
    match = _RESTRICTION.match(text.strip())
    if not match or not _CODE.match(match["code"]) or match["code"].isdigit():
        raise ValueError(f"[{text.strip()}] is not CODE, CODE <date, CODE >date or CODE date-date")
    code = match["code"].upper()
    if match["before"]:
        return Role(code, None, parse_tabari_date(match["until"]))
    if match["after"]:
        return Role(code, parse_tabari_date(match["since"]), None)
    if match["start"]:
        start, end = parse_tabari_date(match["start"]), parse_tabari_date(match["end"])
        if end < start:
            raise ValueError(f"[{text.strip()}] ends before it starts")
        return Role(code, start, end)
    return Role(code)


def _split_codes(content: str) -> tuple[str, list[str]]:
    """(text before the first bracket, bracket contents); ValueError if brackets are unbalanced."""
    head, _, rest = content.partition("[")
    if not rest:
        return content, []
    rest = "[" + rest
    inside = _BRACKETED.findall(rest)
    if not inside or "[" in _BRACKETED.sub("", rest) or "]" in _BRACKETED.sub("", rest):
        raise ValueError(f"unbalanced brackets in {rest.strip()!r}")
    if _BRACKETED.sub("", rest).strip():
        raise ValueError(f"text after the codes in {rest.strip()!r} (a comment needs #)")
    return head, inside


def latest_code(roles: tuple[Role, ...]) -> str:
    """The code of the role that started last (an undated default only when there is no dated role)."""
    dated = [role for role in roles if role.start or role.end]
    if not dated:
        return roles[0].code
    return max(dated, key=lambda role: (role.start or "", role.end or "9999")).code


class _ActorEntry:
    """An actor record being read: its phrases, code restrictions and provenance."""

    def __init__(self, line: int, phrase: str, comment: str) -> None:
        self.line = line
        self.last_line = line
        self.phrases = [phrase]
        self.dated: list[Role] = []
        self.defaults: list[Role] = []
        self.comments = [comment] if comment else []

    @property
    def codeless(self) -> bool:
        return not self.dated and not self.defaults

    def add_codes(self, texts: list[str], where: str, problems: list[DictionaryError]) -> None:
        for text in texts:
            try:
                role = parse_restriction(text)
            except ValueError as error:
                _report(problems, f"{where}: {error}; code skipped")
                continue
            (self.dated if role.start or role.end else self.defaults).append(role)


def _report(problems: list[DictionaryError] | None, message: str) -> None:
    log.warning("%s", message)
    if problems is not None:
        problems.append(DictionaryError(message))


def _slug(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", phrase_key(phrase)).strip("-") or "actor"


def _split_synonyms(text: str) -> list[str]:
    """Synonym text as phrases; a stray inner ``+`` ("A_+_B", seen in Phoenix) separates two synonyms."""
    return [tabari_phrase(part) for part in text.split("+") if tabari_phrase(part)]


def load_tabari_actors(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Actor]:
    """The actors of a TABARI/PETRARCH actor dictionary, in file order.

    Each actor: ``id`` a slug of its primary phrase (``-2``, ``-3`` … when a file repeats one), ``name`` the
    primary phrase made readable, ``aliases`` every phrase (primary first, words separated by spaces),
    ``roles`` the dated codes in file order followed by the first undated code, ``code`` the latest role's
    code, ``source`` ``file:line`` and the record's comments. Bad lines are reported (see module doc).
    """
    path = Path(path)
    actors: list[Actor] = []
    used_ids: dict[str, int] = {}
    entry: _ActorEntry | None = None

    def finish(current: _ActorEntry | None) -> None:
        actor = _entry_actor(current, path.name, used_ids, problems) if current is not None else None
        if actor is not None:
            actors.append(actor)

    for number, content, comment in _lines(path):
        where = f"{path.name}:{number}"
        stripped = content.strip()
        try:
            head, codes = _split_codes(stripped)
        except ValueError as error:
            _report(problems, f"{where}: {error}; line skipped")
            continue
        if stripped.startswith("+"):
            if entry is None:
                _report(problems, f"{where}: synonym before any actor; line skipped")
                continue
            entry.phrases.extend(_split_synonyms(head[1:]))
            entry.add_codes(codes, where, problems)
        elif stripped.startswith("[") and content[:1].isspace() or not head.strip():
            if entry is None:
                _report(problems, f"{where}: code line before any actor; line skipped")
                continue
            entry.add_codes(codes, where, problems)
        else:
            phrase = tabari_phrase(head)
            if not _PHRASE.match(phrase):
                _report(problems, f"{where}: {head.strip()!r} is not an actor phrase; line skipped")
                continue
            if entry is not None and entry.codeless and number == entry.last_line + 1:
                # Phoenix lists a person's name forms as consecutive code-less primary lines followed by
                # one code block ("LEONID_BREZHNEV_" / "SECRETARY_BREZHNEV" / "[RUSGOV 641014-821110]").
                entry.phrases.append(phrase)
            else:
                finish(entry)
                entry = _ActorEntry(number, phrase, comment)
                comment = ""
            entry.add_codes(codes, where, problems)
        if entry is not None:
            entry.last_line = number
            if comment:
                entry.comments.append(comment)
    finish(entry)
    return actors


def _entry_actor(
    current: _ActorEntry, file_name: str, used_ids: dict[str, int], problems: list[DictionaryError] | None
) -> Actor | None:
    """The actor of one finished dictionary record (its id unique through ``used_ids``), or None when it
    has no code; problems reported as ``file:line``."""
    where = f"{file_name}:{current.line}"
    if len(current.defaults) > 1:
        extra = ", ".join(role.code for role in current.defaults[1:])
        _report(
            problems,
            f"{where}: {current.phrases[0]}: more than one undated code; kept "
            f"{current.defaults[0].code}, ignored {extra}",
        )
    roles = tuple(current.dated + current.defaults[:1])
    if not roles:
        _report(problems, f"{where}: {current.phrases[0]}: no code; record skipped")
        return None
    slug = _slug(current.phrases[0])
    used_ids[slug] = used_ids.get(slug, 0) + 1
    actor_id = slug if used_ids[slug] == 1 else f"{slug}-{used_ids[slug]}"
    code = latest_code(roles)
    country, sector, kind = describe_code(code, dated=bool(current.dated))
    return Actor(
        id=actor_id,
        name=display_name(current.phrases[0]),
        code=code,
        country=country,
        sector=sector,
        kind=kind,
        aliases=tuple(dict.fromkeys(current.phrases)),
        roles=roles if current.dated else (),
        source="; ".join([where, *current.comments]),
    )


def regular_plural(phrase: str) -> str:
    """The regular plural of a phrase's last word: troop → troops, authority → authorities, boss → bosses."""
    head, _, last = phrase.rpartition(" ")
    lower = last.lower()
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "ch", "sh", "z")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def load_tabari_agents(path: str | Path, problems: list[DictionaryError] | None = None) -> list[Agent]:
    """The agents of a TABARI/PETRARCH agent dictionary, in file order.

    ``forms`` holds the singular, then the plurals: those in ``{…}`` when given (``{}``: none), else the
    regular plural. A ``!NAME!`` marker is replaced by each item of its substitution set, without further
    plurals. Words are matched consecutively (the format's "words may come between" blanks are not kept).
    """
    path = Path(path)
    agents: list[Agent] = []
    substitutions: dict[str, list[str]] = {}
    for number, content, comment in _lines(path):
        where = f"{path.name}:{number}"
        stripped = content.strip()
        if stripped.startswith("!") and "=" in stripped:
            name, _, items = stripped.partition("=")
            marker = _SUBSTITUTION.fullmatch(name.strip())
            if not marker:
                _report(
                    problems, f"{where}: {name.strip()!r} is not a !NAME! substitution marker; line skipped"
                )
                continue
            substitutions[marker[1].upper()] = [i.strip() for i in items.split(",") if i.strip()]
            continue
        # "[~LEG}" (a typo kept in the PETRARCH docs) is read as "[~LEG]".
        code_match = re.search(r"\[\s*([^\]\}]*?)\s*[\]\}]\s*$", stripped)
        if not code_match:
            _report(problems, f"{where}: no [~CODE] or [CODE~] at the end; line skipped")
            continue
        raw_code = code_match[1].replace(" ", "")
        if raw_code.startswith("~") and _CODE.match(raw_code[1:]):
            code, prefix = raw_code[1:].upper(), False
        elif raw_code.endswith("~") and _CODE.match(raw_code[:-1]):
            code, prefix = raw_code[:-1].upper(), True
        else:
            _report(
                problems, f"{where}: [{code_match[1]}] is not an agent code (~CODE or CODE~); line skipped"
            )
            continue
        body = stripped[: code_match.start()].strip()
        plurals: list[str] | None = None
        brace = re.search(r"\{([^}]*)\}\s*$", body)
        if brace:
            plurals = [tabari_phrase(p) for p in brace[1].split() if tabari_phrase(p)]
            body = body[: brace.start()].strip()
        phrase = tabari_phrase(body)
        if not phrase or not re.fullmatch(r"[^\[\]{}~]+", phrase):
            _report(problems, f"{where}: {body!r} is not an agent phrase; line skipped")
            continue
        unknown = [m for m in _SUBSTITUTION.findall(phrase) if m.upper() not in substitutions]
        if unknown:
            _report(problems, f"{where}: substitution !{unknown[0]}! is not defined above; line skipped")
            continue
        if _SUBSTITUTION.search(phrase):
            forms = _expand(phrase, substitutions)
        else:
            forms = [phrase, *(plurals if plurals is not None else [regular_plural(phrase)])]
        lowered = tuple(dict.fromkeys(form.lower() for form in forms))
        source = f"{where}; {comment}" if comment else where
        agents.append(Agent(lowered[0], lowered, code, prefix, source))
    return agents


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    """Every phrase made by replacing the first ``!NAME!`` by each of its items, recursively."""
    marker = _SUBSTITUTION.search(phrase)
    if not marker:
        return [phrase]
    forms = []
    for item in substitutions[marker[1].upper()]:
        forms.extend(_expand(phrase[: marker.start()] + item + phrase[marker.end() :], substitutions))
    return forms
