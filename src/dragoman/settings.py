"""Settings: what a pipeline is built from. Frozen; nothing changes them during a run."""

from __future__ import annotations

from dataclasses import dataclass

from .nlp import MODEL_NAME


@dataclass(frozen=True, slots=True)
class Settings:
    """Options of a ``Pipeline``.

    ``model``: the spaCy pipeline to load. ``actors``, ``agents``, ``verbs``, ``discards``: TABARI/PETRARCH
    dictionary files that replace the bundled ones of that kind (None keeps the bundled). ``actors_extra``:
    files in dragoman's own actor format, added to the knowledge base. ``cues``: extra cue-lexicon files
    added to the bundled one. ``require_dyad``: PETRARCH's rule that an event needs a source and a target
    of different codes (off by default: an event may have no target, as GDELT's Actor2 may be empty, and
    two actors sharing a code are a dyad). ``cameo_manual``: code as the CAMEO manual does: what is
    promised, asked, demanded or threatened as such (``events.moods``), material conflict only on a material
    reading (``events.material``), a statement by what it says, a bare agent with the country of its
    context (``actors.context``); False codes as PETRARCH's dictionaries and unit tests do ("will meet" is a
    meeting, "students in Moscow" ---EDU).
    """

    model: str = MODEL_NAME
    actors: str | None = None
    agents: str | None = None
    verbs: str | None = None
    discards: str | None = None
    actors_extra: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    require_dyad: bool = False
    cameo_manual: bool = True
