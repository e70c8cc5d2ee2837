"""Ingest: reading inputs into cleaned ``Article`` records."""

from .clean import clean_text
from .readers import ReadOptions, count_inputs, read_inputs

__all__ = ["ReadOptions", "clean_text", "count_inputs", "read_inputs"]
