"""A cue found in a sentence with its speaker tokens and content range, before the speaker is resolved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import CueEntry

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(slots=True)
class Candidate:
    """A cue with its speaker tokens and content range, in article offsets."""

    sentence: int
    entry: CueEntry
    cue_start: int
    cue_end: int
    head: Token
    speaker_start: int | None
    speaker_end: int | None
    speaker_head: Token | None
    content_start: int
    content_end: int
    kind: str
    speaker_from: Token | None = None  # the verb whose subject was borrowed, for participial cues

    @property
    def lemma(self) -> str:
        return " ".join(self.entry.words)
