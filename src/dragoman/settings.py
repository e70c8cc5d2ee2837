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
    added to the bundled one. ``cameo_codes_only``: verb-dictionary codes must be CAMEO codes (lines with
    other codes are reported and skipped); False keeps made-up codes, as PETRARCH's unit-test dictionary
    needs.
    """

    model: str = MODEL_NAME
    actors: str | None = None
    agents: str | None = None
    verbs: str | None = None
    discards: str | None = None
    actors_extra: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    cameo_codes_only: bool = True
