"""Attribution: statements with speaker, cue and content, and the speakers' antecedents.

``find_statements(parsed, cues, mentions)`` is the stage's entry point; ``CueLexicon.load(extra_paths)``
reads the cue lexicon (bundled data file plus user files).
"""

from .find import find_statements
from .lexicon import CueEntry, CueLexicon

__all__ = ["CueEntry", "CueLexicon", "find_statements"]
