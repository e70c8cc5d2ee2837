"""Gold sets under ``../shared/eval``: finding their files (from the working directory, its parents or the
package) and running their texts through the pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..errors import InputError
from ..model import Article, Extraction

if TYPE_CHECKING:
    from ..pipeline import Pipeline


T = TypeVar("T")


def read_jsonl(path: Path, parse: Callable[[dict], T], what: str) -> list[T]:
    """Each non-blank line of ``path`` parsed as JSON and by ``parse``; a line that fails is an
    ``InputError`` naming the file, the line and ``what`` it should have been."""
    items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                items.append(parse(json.loads(line)))
            except (ValueError, KeyError, TypeError, IndexError) as error:
                raise InputError(f"{path}:{number}: not {what} ({error})") from error
    return items


class GoldText(Protocol):
    """What a gold article gives the pipeline: an id, its text and its publication date, if any."""

    id: str
    text: str
    published: str | None


def extractions(texts: Iterable[GoldText], pipeline: Pipeline | None = None) -> Iterator[Extraction]:
    """Each gold text through ``Pipeline.process_many`` (a default pipeline if none is given), in order; a
    gold date is the article's metadata date."""
    from ..pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    articles = (
        Article(id=t.id, source=t.id, text=t.text, published=t.published, published_from="metadata")
        for t in texts
    )
    return pipeline.process_many(articles)


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
