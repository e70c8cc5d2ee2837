"""Parquet shards: a directory of extractions written partition by partition, and read back as records.

``dragoman ingest --out DIR`` has each Dask partition write one shard, ``part-<index>-<key>.parquet``, so
workers write in parallel and no single writer is a bottleneck. A shard has one row per article:

| column | type | meaning |
|---|---|---|
| ``position`` | int64 | the article's place in the input order (0-based, across the whole run) |
| ``article_id`` | string | ``Article.id`` |
| ``source``, ``title``, ``published``, ``outlet`` | string | article fields, to filter without parsing JSON |
| ``statements``, ``events``, ``places`` | int32 | how many records of each kind the article gave |
| ``extraction`` | string | the whole ``Extraction`` as JSON (``Extraction.to_dict()``, sentences included) |

``read_extractions(DIR)`` yields the ``Extraction``s back in input order, which is what the store and the
exports consume; pandas or DuckDB read the directory as one dataset (``pandas.read_parquet(DIR)``).
A shard appears atomically (written to a hidden temporary name, then renamed), so a worker killed while
writing leaves no partial shard, and a re-run skips the partitions whose shard exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import InputError, StoreError
from .model import Extraction

SHARD_GLOB = "part-*.parquet"


def shard_name(index: int, key: str) -> str:
    """File name of partition ``index`` whose articles hash to ``key``; sorts in input order."""
    return f"part-{index:06d}-{key}.parquet"


def write_shard(path: Path, extractions: Sequence[Extraction], positions: Sequence[int]) -> Path:
    """Write ``extractions`` (with their input positions) to the Parquet file ``path``, atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if len(extractions) != len(positions):
        raise ValueError("one position per extraction")
    columns = {
        "position": pa.array(positions, pa.int64()),
        "article_id": pa.array([e.article.id for e in extractions], pa.string()),
        "source": pa.array([e.article.source for e in extractions], pa.string()),
        "title": pa.array([e.article.title for e in extractions], pa.string()),
        "published": pa.array([e.article.published for e in extractions], pa.string()),
        "outlet": pa.array([e.article.outlet for e in extractions], pa.string()),
        "statements": pa.array([len(e.statements) for e in extractions], pa.int32()),
        "events": pa.array([len(e.events) for e in extractions], pa.int32()),
        "places": pa.array([len(e.places) for e in extractions], pa.int32()),
        "extraction": pa.array(
            [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in extractions], pa.string()
        ),
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(pa.table(columns), temporary, compression="zstd")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write the shard ({error.strerror or error})") from error
    return path


def shard_paths(directory: Path) -> list[Path]:
    """The complete shards in ``directory``, in input order."""
    return sorted(directory.glob(SHARD_GLOB))


def read_extractions(directory: str | Path) -> Iterator[Extraction]:
    """Every ``Extraction`` stored in the shards of ``directory``, in input order."""
    import pyarrow.parquet as pq

    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such directory of Parquet shards")
    paths = shard_paths(folder)
    if not paths:
        raise InputError(f"{folder}: holds no shards ({SHARD_GLOB})")
    for path in paths:
        try:
            table = pq.read_table(path, columns=["position", "extraction"])
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: not a readable Parquet shard ({error})") from error
        rows = sorted(
            zip(table.column("position").to_pylist(), table.column("extraction").to_pylist(), strict=True)
        )
        for _position, data in rows:
            yield Extraction.from_dict(json.loads(data))
