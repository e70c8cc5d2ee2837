"""CAMEO code tables: name, root, QuadClass, Goldstein score and PLOVER type/mode/context per code.

The bundled ``data/events/cameo.tsv`` is built by ``dragoman.events.build`` from the field's sources (the
PLOVER crosswalk, GDELT's Goldstein lookup, the CAMEO roots); at run time only that file is read.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import DictionaryError

CAMEO_COLUMNS = ("code", "name", "root", "quad_class", "goldstein", "plover", "plover_mode", "plover_context")


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code: ``root`` its two first digits, ``quad_class`` 1..4, ``goldstein`` −10..+10, ``plover``
    the PLOVER event type (None for 01x, which PLOVER does not code), ``plover_mode`` and
    ``plover_context`` (None when the crosswalk leaves them blank)."""

    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    plover_mode: str | None
    plover_context: str | None


class CameoTable:
    """CAMEO codes by code; ``lookup`` also answers for codes a dictionary made up (test codes such as
    ``174K``) by falling back to the longest known prefix."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self.codes = codes

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def lookup(self, code: str) -> CameoCode | None:
        """The entry for ``code``, else for its longest known prefix of at least two digits, else None."""
        for length in range(len(code), 1, -1):
            entry = self.codes.get(code[:length])
            if entry is not None:
                return entry
        return None

    @classmethod
    def read(cls, path: str | Path) -> CameoTable:
        path = Path(path)
        codes: dict[str, CameoCode] = {}
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle, delimiter="\t")
                if tuple(reader.fieldnames or ()) != CAMEO_COLUMNS:
                    raise DictionaryError(f"{path}:1: expected columns {', '.join(CAMEO_COLUMNS)}")
                for number, row in enumerate(reader, 2):
                    try:
                        codes[row["code"]] = CameoCode(
                            code=row["code"],
                            name=row["name"],
                            root=row["root"],
                            quad_class=int(row["quad_class"]),
                            goldstein=float(row["goldstein"]),
                            plover=row["plover"] or None,
                            plover_mode=row["plover_mode"] or None,
                            plover_context=row["plover_context"] or None,
                        )
                    except (ValueError, TypeError) as error:
                        raise DictionaryError(f"{path}:{number}: bad CAMEO row ({error})") from error
        except OSError as error:
            raise DictionaryError(f"{path}: cannot read ({error.strerror})") from error
        return cls(codes)


def data_path(name: str) -> Path:
    return Path(str(resources.files("dragoman") / "data" / "events" / name))


@cache
def bundled_table() -> CameoTable:
    return CameoTable.read(data_path("cameo.tsv"))


# QuadClass names, as GDELT and the CAMEO manual give them.
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@cache
def code_names() -> dict[str, dict[str, str]]:
    """Names for every code a record carries: CAMEO codes, QuadClasses and, for each PLOVER type, the CAMEO
    codes it covers (a PLOVER type is its own name), for labels beside codes in tables and charts."""
    table = bundled_table()
    plover: dict[str, list[str]] = {}
    for entry in table.codes.values():
        if entry.plover:
            plover.setdefault(entry.plover, []).append(entry.code)
    return {
        "cameo": {code: entry.name for code, entry in sorted(table.codes.items())},
        "quad": {str(quad): name for quad, name in QUAD_NAMES.items()},
        "plover": {name: ", ".join(sorted(codes)) for name, codes in sorted(plover.items())},
    }


PLOVER_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$")


def build_cameo_rows(plover: Path, goldstein: Path, roots: Path, names_01_02: Path) -> list[dict[str, str]]:
    """Rows of ``cameo.tsv`` from the sources (see FORMAT.md): every code GDELT scores, with the PLOVER
    crosswalk's type, mode, context and name; 02x takes the PLOVER entry of the matching 10x code (PLOVER
    files appeals with demands under REQUEST); 01x has no PLOVER type."""
    scores: dict[str, str] = {}
    with open(goldstein, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            if line.strip():
                code, score = line.rstrip("\n").split("\t")
                scores[code.strip()] = score.strip()
    crosswalk: dict[str, tuple[str, str, str, str]] = {}
    root_type: dict[str, str] = {}
    for line in plover.read_text(encoding="utf-8").splitlines():
        match = PLOVER_LINE.match(line.strip())
        if not match:
            continue
        code, fields, name = match.group(1), match.group(2), (match.group(3) or "").strip()
        parts = [p.strip() for p in fields.split(",")] + ["", "", ""]
        if len(code) == 2:
            root_type.setdefault(code, parts[0])
            continue
        crosswalk[code] = (parts[0], parts[1], parts[2], name)
    root_rows = {row["root"]: row for row in _tsv(roots)}
    names = {row["code"]: row["name"] for row in _tsv(names_01_02)}
    rows = []
    for code, score in scores.items():
        root = code[:2]
        if root == "02":
            plover_type, mode, context, _ = crosswalk.get(
                "10" + code[2:], (root_type.get("10", ""), "", "", "")
            )
        elif root == "01":
            plover_type, mode, context = "", "", ""
        else:
            plover_type, mode, context, _ = crosswalk.get(code, (root_type.get(root, ""), "", "", ""))
        name = names.get(code) or crosswalk.get(code, ("", "", "", ""))[3] or root_rows[root]["name"]
        rows.append(
            {
                "code": code,
                "name": name,
                "root": root,
                "quad_class": root_rows[root]["quad_class"],
                "goldstein": score,
                "plover": plover_type,
                "plover_mode": mode,
                "plover_context": context,
            }
        )
    return rows


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))
