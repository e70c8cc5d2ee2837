"""Events: CAMEO/PLOVER coding of who did what to whom, with the field's verb-pattern dictionary."""

from .coder import EventCoder, code_events

__all__ = ["EventCoder", "code_events"]
