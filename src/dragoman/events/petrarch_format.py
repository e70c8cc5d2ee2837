"""Converter: TABARI/PETRARCH verb and discard dictionaries into dragoman's records (``patterns``).

The format is described in ``../shared/dictionaries/phoenix/dictionaries.rst``: synsets (``&NAME`` then
``+phrase`` lines), verb blocks (``--- NAME [CODE] ---``, verb lines with ``{irregular forms}`` and an
optional ``[code]``, multi-word verbs with ``+`` on the verb word), patterns (``- words * words [CODE]``,
with ``_`` joining words that must be consecutive, ``$`` source, ``+`` target, ``^`` skipped actor, ``%``
compound subject, PETRARCH2's ``(PREP NOUN)`` and ``{NOUN PHRASE}`` groups) and transformations (``~``).

A line that cannot be used (malformed pattern, unknown CAMEO code, undefined synset) is reported as a
``Problem`` with file and line and skipped; the rest of the file is converted. Transformations are not
converted: dragoman codes "A said A will attack B" through its statements instead (see ``coder``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DictionaryError
from .patterns import Discard, Element, Pattern, Synset, Transformation, Verb

# A code in brackets: digits with an optional letter (TABARI test codes such as 174K), ``---`` (no event),
# or, in test dictionaries, any short token; ``A:B`` gives the reverse event's code.
CODE_RE = re.compile(r"\[([^\]\[]*)\]")
HEADER_RE = re.compile(r"^---+\s*(.*?)\s*(\[[^\]]*\])?\s*(?:\[[^\]]*\])?\s*-*\s*$")
FORMS_RE = re.compile(r"\{([^}]*)\}")
TRANSFORMATION_RE = re.compile(
    r"^~\s*(?P<outer_source>\w)\s*\(\s*(?P<inner_source>[\w._])\s+(?P<inner_target>[\w._])\s+(?P<inner>[\w&]+)\s*\)"
    r"\s*(?P<outer>[\w&]+)\s*=\s*(?P<result_source>\w)\s+(?P<result_target>[\w._])\s+(?P<code>\S+)\s*$"
)
WORD_RE = re.compile(r"^[A-Z0-9][A-Z0-9'./\-]*$|^N'T$|^'S$")


@dataclass(frozen=True, slots=True)
class Problem:
    """A dictionary line that was skipped, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


CodeCheck = Callable[[str], bool]


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("<!--"):
        return ""
    # '#' comments, and TABARI's ';' comments after an entry ("SCRAP ;shan 8/30/93").
    return line.split("#", 1)[0].split(";", 1)[0].rstrip()


def regular_forms(word: str) -> list[str]:
    """The regular English forms of a verb: base, third person, past, gerund ("CORDON" → CORDONS …)."""
    forms = [word]
    if word.endswith("E"):
        forms += [word + "S", word + "D", word[:-1] + "ING"]
    elif word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        forms += [word[:-1] + "IES", word[:-1] + "IED", word + "ING"]
    elif word.endswith(("S", "SH", "CH", "X", "Z")):
        forms += [word + "ES", word + "ED", word + "ING"]
    else:
        forms += [word + "S", word + "ED", word + "ING"]
        # stop → stopped, stopping: consonant-vowel-consonant endings double (a second form, not a guess
        # that replaces the first).
        if len(word) >= 3 and word[-1] not in "AEIOUWXY" and word[-2] in "AEIOU" and word[-3] not in "AEIOU":
            forms += [word + word[-1] + "ED", word + word[-1] + "ING"]
    return forms


def plural_forms(phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase and its regular plural (last word + S, Y → IES, SS → SSES)."""
    last = phrase[-1]
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        plural = last[:-1] + "IES"
    elif last.endswith("SS"):
        plural = last + "ES"
    else:
        plural = last + "S"
    return [phrase, (*phrase[:-1], plural)]


def _parse_code(raw: str, known: CodeCheck | None) -> tuple[str | None, str | None]:
    """``"032:033"`` → ("032", "033"); ``"---"`` → (None, None). Raises ValueError for an unknown code."""
    # A trailing '?' or '!' is a coder's note of doubt ("[025?]"), not part of the code.
    raw = raw.strip().rstrip("?!")
    primary, _, reverse = raw.partition(":")
    codes = []
    for code in (primary.strip(), reverse.strip()):
        if not code or set(code) <= {"-"}:
            codes.append(None)
            continue
        if not re.fullmatch(r"[0-9A-Za-z+]{1,6}", code):
            raise ValueError(f"malformed code [{raw}]")
        if known is not None and not known(code):
            raise ValueError(f"unknown CAMEO code {code}")
        codes.append(code)
    return codes[0], codes[1]


class VerbFileReader:
    """Reads one TABARI/PETRARCH verb dictionary; ``records`` and ``problems`` after ``read()``."""

    def __init__(self, path: str | Path, known_code: CodeCheck | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.name.removesuffix(".txt")
        self.known_code = known_code
        self.raw_synsets: dict[str, tuple[bool, list[tuple[str, int]]]] = {}
        self.synsets: dict[str, Synset] = {}
        self.verbs: list[Verb] = []
        self.patterns: list[Pattern] = []
        self.transformations: list[Transformation] = []
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), line, message))

    def read(self) -> list[Synset | Verb | Pattern | Transformation]:
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            raise DictionaryError(f"{self.path}: cannot read ({error.strerror})") from error
        block: str | None = None
        block_code: tuple[str | None, str | None] = (None, None)
        synset: str | None = None
        pending_patterns: list[tuple[int, str]] = []
        for number, raw in enumerate(lines, 1):
            line = _strip_comment(raw).strip()
            if not line:
                continue
            if line.startswith("---"):
                synset = None
                match = HEADER_RE.match(line)
                if not match or not match.group(1):
                    self.problem(number, f"malformed block header {line!r}")
                    block = None
                    continue
                block = match.group(1).strip().rstrip("_").replace(" ", "_")
                try:
                    block_code = (
                        _parse_code(match.group(2)[1:-1], self.known_code) if match.group(2) else (None, None)
                    )
                except ValueError as error:
                    self.problem(number, f"{error}; block {block} has no default code")
                    block_code = (None, None)
            elif line.startswith("&"):
                label = line.split()[0]
                synset = label.rstrip("_")
                self.raw_synsets[synset] = (label.endswith("_"), [])
            elif line.startswith("+") and synset is not None:
                self.raw_synsets[synset][1].append((line[1:].strip(), number))
            elif line.startswith("-"):
                synset = None
                if block is None:
                    self.problem(number, "pattern outside a verb block")
                    continue
                pending_patterns.append((number, line, block))  # type: ignore[arg-type]
            elif line.startswith("~"):
                synset = None
                self._read_transformation(number, line)
            else:
                synset = None
                if block is None:
                    self.problem(number, f"verb outside a verb block: {line!r}")
                    continue
                self._read_verb(number, line, block, block_code)
        self._expand_synsets()
        for number, line, pattern_block in pending_patterns:  # type: ignore[misc]
            self._read_pattern(number, line, pattern_block)
        return [*self.synsets.values(), *self.verbs, *self.patterns, *self.transformations]

    def _read_transformation(self, number: int, line: str) -> None:
        """``~ a (S T INNER) OUTER = a b CODE``: the form dragoman applies to statements (the speaker ``a``
        says that S did INNER to T; the result goes from ``a`` to ``b``)."""
        match = TRANSFORMATION_RE.match(line)
        supported = (
            match is not None
            and match["outer_source"] == "a"
            and match["result_source"] == "a"
            and match["result_target"] in (match["inner_source"], match["inner_target"])
            and match["result_target"] not in ("a", "_", ".")
        )
        if not supported:
            self.problem(number, f"transformation not of the form '~ a (s t VERB) VERB = a b CODE': {line}")
            return
        code = match["code"]
        if code != "Q":
            try:
                code, _ = _parse_code(code, self.known_code)
            except ValueError as error:
                self.problem(number, str(error))
                return
        self.transformations.append(
            Transformation(
                f"{self.name}:{number}",
                match["outer"].upper(),
                match["inner"].upper(),
                match["inner_source"],
                match["inner_target"],
                code or "",
                line.strip(),
            )
        )

    def _read_verb(
        self, number: int, line: str, block: str, block_code: tuple[str | None, str | None]
    ) -> None:
        code = block_code
        code_match = CODE_RE.search(line)
        if code_match:
            try:
                code = _parse_code(code_match.group(1), self.known_code)
            except ValueError as error:
                self.problem(number, str(error))
                return
            line = line[: code_match.start()] + line[code_match.end() :]
        forms_match = FORMS_RE.search(line)
        irregular: list[str] = []
        if forms_match:
            irregular = forms_match.group(1).split()
            line = line[: forms_match.start()] + line[forms_match.end() :]
        # TABARI wrote multi-word verbs with blanks ("LASH OUT"): the first word is the verb.
        phrase = "_".join(line.split()).strip("_")
        parts = phrase.split("_")
        if any(p.startswith("+") for p in parts):
            head = next(i for i, p in enumerate(parts) if p.startswith("+"))
        elif phrase.startswith("+"):
            head = 0
        else:
            head = 0
        parts = [p.lstrip("+") for p in parts]
        if not all(parts) or not all(WORD_RE.match(p) for p in parts):
            self.problem(number, f"malformed verb {phrase!r}")
            return
        word = parts[head]
        forms = regular_forms(word) if not forms_match else [word]
        for form in irregular:
            form_parts = [p.lstrip("+") for p in form.strip("_").split("_")]
            if len(form_parts) == len(parts):
                forms.append(form_parts[head])
        self.verbs.append(
            Verb(
                id=f"{self.name}:{number}",
                block=block,
                lemma=word,
                forms=tuple(dict.fromkeys(forms)),
                before=tuple(parts[:head]),
                after=tuple(parts[head + 1 :]),
                code=code[0],
                reverse_code=code[1],
            )
        )

    def _expand_synsets(self) -> None:
        """Nested synsets (``+&TIETYPES``) expand into their phrases; plurals are added unless the phrase or
        the synset name ends with ``_``."""

        def expand(name: str, seen: tuple[str, ...]) -> list[tuple[str, ...]]:
            if name in self.synsets:
                return list(self.synsets[name].phrases)
            no_plural, members = self.raw_synsets[name]
            phrases: list[tuple[str, ...]] = []
            for member, number in members:
                if member.startswith("&"):
                    member = member.rstrip("_")
                    if member not in self.raw_synsets or member in seen:
                        self.problem(number, f"undefined or circular synset {member}")
                        continue
                    phrases += expand(member, (*seen, member))
                    continue
                words = tuple(w for w in re.split(r"[_\s]+", member.upper()) if w)
                if not words or not all(WORD_RE.match(w) for w in words):
                    self.problem(number, f"malformed synset phrase {member!r}")
                    continue
                if no_plural or member.endswith("_"):
                    phrases.append(words)
                else:
                    phrases += plural_forms(words)
            return list(dict.fromkeys(phrases))

        for name in self.raw_synsets:
            self.synsets[name] = Synset(name, tuple(expand(name, (name,))))

    def _read_pattern(self, number: int, line: str, block: str) -> None:
        matches = list(CODE_RE.finditer(line))
        if not matches:
            self.problem(number, "pattern without a [code]")
            return
        code_match = matches[-1]
        try:
            code, reverse = _parse_code(code_match.group(1), self.known_code)
        except ValueError as error:
            self.problem(number, str(error))
            return
        body = line[1 : code_match.start()]
        try:
            before, after = self._elements(body)
        except ValueError as error:
            self.problem(number, f"malformed pattern ({error})")
            return
        self.patterns.append(
            Pattern(f"{self.name}:{number}", block, tuple(before), tuple(after), code, reverse, line.strip())
        )

    def _elements(self, body: str) -> tuple[list[Element], list[Element]]:
        # PETRARCH2 groups "(FOR {FINANCIAL AID})" read as their words in order.
        body = re.sub(r"[(){}]", " ", body)
        items: list[tuple[str, bool]] = []  # (piece, joined to the piece before it by '_')
        for chunk in body.split():
            for index, piece in enumerate(chunk.split("_")):
                if piece:
                    items.append((piece, index > 0))
        verb_positions = [i for i, (piece, _) in enumerate(items) if piece == "*"]
        if len(verb_positions) != 1:
            raise ValueError("no '*' for the verb" if not verb_positions else "two '*'")
        verb = verb_positions[0]
        # After the verb, the flag says "right after the item before"; before it, "right before the item
        # after" (the verb included), so both read outward from the verb.
        after = [self._element(piece, joined) for piece, joined in items[verb + 1 :]]
        before = [self._element(items[i][0], items[i + 1][1]) for i in range(verb)]
        return before, after

    def _element(self, piece: str, adjacent: bool) -> Element:
        kinds = {"$": "source", "+": "target", "^": "skip", "%": "compound"}
        if piece in kinds:
            return Element(kinds[piece], "", adjacent)
        if piece.startswith("&"):
            piece = piece.rstrip("_")
            if piece not in self.synsets:
                raise ValueError(f"undefined synset {piece}")
            return Element("synset", piece, adjacent)
        word = piece.upper()
        if not WORD_RE.match(word):
            raise ValueError(f"bad word {piece!r}")
        return Element("word", word, adjacent)


def read_verb_file(
    path: str | Path, known_code: CodeCheck | None = None
) -> tuple[list[Synset | Verb | Pattern | Transformation], list[Problem]]:
    """Convert a TABARI/PETRARCH verb dictionary; returns the records and the skipped lines."""
    reader = VerbFileReader(path, known_code)
    records = reader.read()
    return records, reader.problems


def read_discard_file(path: str | Path) -> tuple[list[Discard], list[Problem]]:
    """Convert a PETRARCH discard list: ``+PHRASE`` discards the story, ``PHRASE`` the sentence; a trailing
    ``_`` asks for a whole word."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        raise DictionaryError(f"{path}: cannot read ({error.strerror})") from error
    discards: list[Discard] = []
    problems: list[Problem] = []
    for number, raw in enumerate(lines, 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        scope = "sentence"
        if line.startswith("+"):
            scope, line = "story", line[1:].strip()
        whole_word = line.endswith("_")
        phrase = " ".join(line.rstrip("_").replace("_", " ").split()).upper()
        if not phrase:
            problems.append(Problem(str(path), number, "empty discard phrase"))
            continue
        discards.append(Discard(phrase, scope, whole_word))
    return discards, problems
