"""Raw spaCy against the pipeline in one process, as ``throughput.py`` and ``scale.py`` both measure it.

Raw spaCy is the model as shipped (``spacy.load``): the pipeline's own copy has its attribute ruler compiled
to lookups, so it cannot stand for itself. The two runs alternate chunk by chunk (and which goes first), so
that on a shared machine both see the same load; raw spaCy parses each chunk's whole texts as one
``nlp.pipe`` batch. No sampler runs meanwhile: its thread takes the GIL every few milliseconds and would slow
the run it watches, so stage shares come from a separate pass (``sampled_stages``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from dragoman.model import Article, Extraction
from dragoman.pipeline import Pipeline
from stages import StageSampler

WARM_UP_ARTICLES = 5


@dataclass
class Timing:
    """Wall seconds (what a user waits) and CPU seconds of this process (fairer on a shared machine)."""

    wall: float = 0.0
    cpu: float = 0.0


def stock_model(pipeline: Pipeline, articles: list[Article]):  # noqa: ANN201 - a spaCy Language
    """The model as shipped, with both it and ``pipeline`` warmed up on the first articles (first-call
    allocations and lazy tables are not paid inside the timing)."""
    import spacy

    nlp = spacy.load(pipeline.settings.model)
    list(nlp.pipe(a.text for a in articles[:WARM_UP_ARTICLES]))
    list(pipeline.process_many(articles[:WARM_UP_ARTICLES]))
    return nlp


def raw_and_pipeline(
    nlp,  # noqa: ANN001 - a spaCy Language
    pipeline: Pipeline,
    articles: list[Article],
    chunk: int,
    on_extraction: Callable[[Extraction], None] = lambda _extraction: None,
) -> tuple[Timing, Timing]:
    """(raw spaCy, pipeline) timings over ``articles``, alternating every ``chunk`` articles."""
    raw, extract = Timing(), Timing()
    for number, first in enumerate(range(0, len(articles), chunk)):
        part = articles[first : first + chunk]
        for run in (raw, extract) if number % 2 == 0 else (extract, raw):
            started, cpu_started = time.perf_counter(), time.process_time()
            if run is raw:
                for _doc in nlp.pipe((a.text for a in part), batch_size=len(part)):
                    pass
            else:
                for extraction in pipeline.process_many(part):
                    on_extraction(extraction)
            run.wall += time.perf_counter() - started
            run.cpu += time.process_time() - cpu_started
    return raw, extract


def sampled_stages(pipeline: Pipeline, articles: list[Article], chunk: int) -> StageSampler:
    """A separate pass of the pipeline over ``articles`` with the stage sampler on."""
    with StageSampler() as sampler:
        for first in range(0, len(articles), chunk):
            for _extraction in pipeline.process_many(articles[first : first + chunk]):
                pass
    return sampler
