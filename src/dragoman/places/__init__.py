"""Places: the offline gazetteer, recognition and disambiguation of place names, and event locations."""

from .gazetteer import Entry, Gazetteer
from .locate import locate_events
from .recognize import find_places

__all__ = ["Entry", "Gazetteer", "find_places", "locate_events"]
