"""Aggregates already computed, kept until the database changes.

The dashboard asks the same few aggregates again and again (each view, each back button); over 100,000
events one costs a scan of the events table. The server never writes, but an ingest may run beside it, so
every lookup first compares the database and WAL files' size and modification time with those the cached
answers were computed under, and drops them all when either changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

# Distinct aggregates kept (filters × group × period); each is at most a few thousand small rows.
DEFAULT_SIZE = 256


class ResultCache:
    """A least-recently-used cache of query answers, valid for one state of the database files."""

    def __init__(self, path: str | Path, size: int = DEFAULT_SIZE) -> None:
        self.files = (Path(path), Path(f"{path}-wal"))
        self.size = size
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.version: tuple[Any, ...] | None = None
        self.lock = threading.Lock()
        # Keys being computed: a request for one waits for that answer instead of scanning again (the
        # dashboard's first load sends several requests at once, some of them the same).
        self.pending: dict[Hashable, threading.Event] = {}

    def database_version(self) -> tuple[Any, ...]:
        states: list[Any] = []
        for file in self.files:
            try:
                stat = file.stat()
            except FileNotFoundError:
                states.append(None)
            else:
                states.append((stat.st_mtime_ns, stat.st_size))
        return tuple(states)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """The answer for ``key`` and whether it came from the cache; computes and keeps it on a miss."""
        version = self.database_version()
        with self.lock:
            if version != self.version:
                self.entries.clear()
                self.version = version
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key], True
            waiter = self.pending.get(key)
            if waiter is None:
                owner = self.pending[key] = threading.Event()
        if waiter is not None:
            waiter.wait()
            with self.lock:
                if key in self.entries:
                    return self.entries[key], True
            # The first request failed (a bad filter, say) or the database changed meanwhile: compute here.
            return compute(), False
        try:
            value = compute()
            with self.lock:
                if self.version == version:
                    self.entries[key] = value
                    while len(self.entries) > self.size:
                        self.entries.popitem(last=False)
        finally:
            with self.lock:
                self.pending.pop(key, None)
            owner.set()
        return value, False
