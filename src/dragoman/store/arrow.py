"""Arrow types of the flat columns (pyarrow is imported only by callers that build frames or Parquet)."""

from __future__ import annotations

from typing import Any

INTEGER_SUFFIXES = ("_start", "_end", "_index", "_length")
INTEGERS = {"quad_class", "body_start", "events", "statements", "sentence_index"}
FLOATS = {
    "goldstein",
    "score",
    "speaker_score",
    "goldstein_mean",
    "quad1_share",
    "quad2_share",
    "quad3_share",
    "quad4_share",
}
BOOLEANS = {"negated"}


def arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column in BOOLEANS:
        return pa.bool_()
    if column in FLOATS:
        return pa.float64()
    if column in INTEGERS or column.endswith(INTEGER_SUFFIXES):
        return pa.int64()
    # Everything else is text, CAMEO codes included ("010" must not become 10).
    return pa.string()


def schema_for(columns: tuple[str, ...]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(column, arrow_type(column)) for column in columns])
