"""The pipeline: one article in, every record found in it out (``Pipeline.process``, pure).

The work is a list of stages (``stages.STAGES``), each adding its records to the article's ``Findings``;
``Pipeline(settings, stages=[...])`` runs another list, a user's own stage included.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from .actors import ActorKB, actor_spans
from .model import Article, Extraction
from .nlp import EntityRuler, ParsedArticle, load_model, parse_articles
from .places import Gazetteer
from .settings import Settings
from .stages import STAGES, Findings, Resources, Stage, run_stages
from .statements import CueLexicon


class Pipeline:
    """Built once per process (or Dask worker) from ``Settings``; loads the model and dictionaries once."""

    def __init__(self, settings: Settings | None = None, stages: Sequence[Stage] = STAGES) -> None:
        self.settings = settings or Settings()
        self.stages = tuple(stages)
        self.nlp = load_model(self.settings.model)
        self.resources = Resources(self.settings)
        self.ruler = EntityRuler(find=partial(actor_spans, kb=self.resources.kb))

    # The loaded resources, for callers that parse and run a stage's function themselves (tests, benches).
    @property
    def kb(self) -> ActorKB:
        return self.resources.kb

    @property
    def cues(self) -> CueLexicon:
        return self.resources.cues

    @property
    def gazetteer(self) -> Gazetteer:
        return self.resources.gazetteer

    def process(self, article: Article) -> Extraction:
        """Every record found in ``article``; no I/O, same input gives the same records in the same order."""
        return next(self.process_many([article]))

    def process_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """``process`` over many articles, parsing them in batches."""
        for parsed in parse_articles(self.nlp, articles, components=(self.ruler,)):
            yield self.extract(parsed)

    def extract(self, parsed: ParsedArticle) -> Extraction:
        """The records of an article already parsed."""
        return extraction(parsed, run_stages(parsed, self.stages, self.resources))


def extraction(parsed: ParsedArticle, found: Findings) -> Extraction:
    """The record of what the stages found: the article as they left it, its sentences and every record."""
    return Extraction(
        article=found.article,
        sentences=parsed.sentence_records(),
        mentions=found.all_mentions,
        statements=found.statements,
        events=found.events,
        places=found.places,
        warnings=found.warnings,
    )


def extract_text(
    text: str, *, title: str | None = None, published: str | None = None, pipeline: Pipeline | None = None
) -> Extraction:
    """Records found in one piece of text, without storing anything."""
    from .ingest.readers import ReadOptions, make_article

    article = make_article(text, "<text>", ReadOptions(published=published), title=title)
    return (pipeline or Pipeline()).process(article)
