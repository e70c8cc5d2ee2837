"""Finding a gold set under ``../shared/eval``: from the working directory, its parents or the package."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def find_gold_file(folder: str, filename: str, given: str | Path | None = None) -> Path:
    """``given`` (the file, or a directory holding ``filename``), else ``shared/eval/<folder>/<filename>``
    beside the working directory, one of its parents or the installed package."""
    if given is not None:
        path = Path(given)
        path = path / filename if path.is_dir() else path
        if not path.is_file():
            raise InputError(f"{given}: no {filename} there")
        return path
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *Path.cwd().parents, *here.parents):
        for shared in (base / "shared", base.parent / "shared"):
            candidate = shared / "eval" / folder / filename
            if candidate.is_file():
                return candidate
    raise InputError(f"{filename}: not found under ../shared/eval/{folder}; give its path")
