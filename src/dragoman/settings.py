"""Settings: what a pipeline is built from. Frozen; nothing changes them during a run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .nlp import MODEL_NAME

OnError = Literal["raise", "warn"]
ON_ERROR_CHOICES: tuple[OnError, ...] = ("raise", "warn")


@dataclass(frozen=True, slots=True)
class Settings:
    """Options of a ``Pipeline``.

    ``model``: the spaCy pipeline to load. ``actors``, ``agents``, ``verbs``, ``discards``: TABARI/PETRARCH
    dictionary files that replace the bundled ones of that kind (None keeps the bundled). ``actors_extra``:
    files in dragoman's own actor format, added to the knowledge base. ``cues``: extra cue-lexicon files
    added to the bundled one. ``gazetteer``: a place index built by ``dragoman.places.build`` in place of
    the bundled one. ``require_dyad``: PETRARCH's rule that an event needs a source and a target
    of different codes (off by default: an event may have no target, as GDELT's Actor2 may be empty, and
    two actors sharing a code are a dyad). ``cameo_manual``: code as the CAMEO manual does: what is
    promised, asked, demanded or threatened as such (``events.moods``), material conflict only on a material
    reading (``events.material``), a statement by what it says, a bare agent with the country of its
    context (``actors.context``); False codes as PETRARCH's dictionaries and unit tests do ("will meet" is a
    meeting, "students in Moscow" ---EDU). ``on_error``: what a stage does with a sentence it cannot
    handle: ``"warn"`` skips it and says so in ``Extraction.warnings`` (production), ``"raise"`` lets the
    error through (tests, CI, a new rule being written).
    """

    model: str = MODEL_NAME
    actors: str | None = None
    agents: str | None = None
    verbs: str | None = None
    discards: str | None = None
    actors_extra: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    gazetteer: str | None = None
    require_dyad: bool = False
    cameo_manual: bool = True
    on_error: OnError = "warn"

    def __post_init__(self) -> None:
        if self.on_error not in ON_ERROR_CHOICES:
            raise ValueError(f"on_error must be one of {', '.join(ON_ERROR_CHOICES)}, not {self.on_error!r}")
