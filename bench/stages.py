"""Where the time goes: a sampling profiler that attributes wall time to pipeline stages.

A thread looks at the measured thread's stack every few milliseconds and charges the time since its last
look to the *latest stage in the data flow* among the dragoman modules on the stack. So spaCy, ``model``
and upstream helpers (``nlp.ParsedArticle.sentences`` called by ``statements``) count for the stage that
called them, and the actor entity ruler, which runs inside spaCy's ``nlp.pipe``, counts for actors, not
NLP. It needs no change to the pipeline and keeps up with whatever stages ``Pipeline.extract`` calls as
they are wired in. Its cost is one stack walk per interval (well under 1% of the run).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import defaultdict
from types import FrameType

# Module prefix → stage, in the order of DESIGN.md's data flow (places and dates share a stage).
STAGES = [
    ("dragoman.ingest", "ingest"),
    ("dragoman.nlp", "NLP (spaCy parse)"),
    ("dragoman.actors", "actors"),
    ("dragoman.statements", "statements"),
    ("dragoman.statements.speakers", "statements: speaker resolution"),
    ("dragoman.statements.gender", "statements: speaker resolution"),
    ("dragoman.events", "events"),
    ("dragoman.places", "places/dates"),
    ("dragoman.dates", "places/dates"),
    ("dragoman.store", "store"),
    ("dragoman.shards", "store"),
]
# Modules that compose the stages: their own lines are "pipeline glue", not a stage.
COMPOSERS = ("dragoman.pipeline", "dragoman.stages", "dragoman.distributed")


def stage_of(frame: FrameType | None) -> str:
    """The stage charged for a stack whose innermost frame is ``frame``."""
    latest = -1
    composed = False
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        for position, (prefix, _stage) in enumerate(STAGES):
            if position > latest and (module == prefix or module.startswith(prefix + ".")):
                latest = position
        composed = composed or module.startswith(COMPOSERS)
        frame = frame.f_back
    if latest >= 0:
        return STAGES[latest][1]
    return "pipeline glue (records, sorting)" if composed else "outside the pipeline"


class StageSampler:
    """``with StageSampler() as sampler: …`` then ``sampler.seconds`` maps stage → seconds charged.

    Time passes uncharged while ``active`` is False (to leave out what runs between measured parts).
    """

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.active = True
        self.seconds: dict[str, float] = defaultdict(float)
        self.samples = 0
        self._target = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> StageSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        last = time.perf_counter()
        while not self._stop.wait(self.interval):
            frame = sys._current_frames().get(self._target)
            now = time.perf_counter()
            if self.active:
                self.seconds[stage_of(frame)] += now - last
                self.samples += 1
            last = now

    def shares(self) -> list[tuple[str, float, float]]:
        """(stage, seconds, share of the total) by decreasing time."""
        total = sum(self.seconds.values()) or 1.0
        return sorted(((s, t, t / total) for s, t in self.seconds.items()), key=lambda row: -row[1])
