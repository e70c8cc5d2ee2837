"""The pipeline: one article in, every record found in it out (``Pipeline.process``, pure)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

from .actors import actor_spans, load_kb, resolve_mentions
from .actors.context import StateIndex, place_agents
from .actors.dating import role_window
from .dates import date_events
from .events import EventCoder, code_events
from .ingest.language import ENGLISH, detect_language
from .model import Article, Extraction, Mention
from .nlp import EntityRuler, ParsedArticle, load_model, parse_articles
from .places import Gazetteer, find_places, locate_events
from .settings import Settings
from .statements import CueLexicon, find_statements


class Pipeline:
    """Built once per process (or Dask worker) from ``Settings``; loads the model and dictionaries once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_model(self.settings.model)
        self.kb = load_kb(self.settings.actors, self.settings.agents, tuple(self.settings.actors_extra))
        self.ruler = EntityRuler(find=partial(actor_spans, kb=self.kb))
        self.cues = CueLexicon.load(self.settings.cues)
        self.events = EventCoder.load(self.settings)
        self.states = StateIndex(self.kb)

    @property
    def gazetteer(self) -> Gazetteer:
        """The place gazetteer, read on first use and then shared by the process."""
        return Gazetteer.load()

    def process(self, article: Article) -> Extraction:
        """Every record found in ``article``; no I/O, same input gives the same records in the same order."""
        return next(self.process_many([article]))

    def process_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """``process`` over many articles, parsing them in batches."""
        for parsed in parse_articles(self.nlp, articles, components=(self.ruler,)):
            yield self.extract(parsed)

    def extract(self, parsed: ParsedArticle) -> Extraction:
        language = detect_language(parsed.article.text)
        if language != ENGLISH:
            return not_english(parsed, language)
        mentions: list[Mention] = resolve_mentions(parsed, self.kb)
        if parsed.article.published is None:
            parsed, mentions = self._dated_by_roles(parsed, mentions)
        places = find_places(parsed, mentions, self.gazetteer)
        mentions = place_agents(
            mentions, places, self.states, parsed.article.text, from_context=self.settings.cameo_manual
        )
        statements, coref = find_statements(parsed, self.cues, mentions, self.kb.people_in(mentions))
        warnings: list[str] = []
        events = code_events(parsed, [*mentions, *coref], statements, self.events, warnings)
        events = date_events(locate_events(events, places, parsed), parsed)
        return Extraction(
            article=parsed.article,
            sentences=parsed.sentence_records(),
            mentions=tuple(sorted([*mentions, *coref], key=lambda m: (m.start, m.end, m.how))),
            statements=tuple(statements),
            events=tuple(events),
            places=tuple(places),
            warnings=tuple(warnings),
        )

    def _dated_by_roles(
        self, parsed: ParsedArticle, mentions: list[Mention]
    ) -> tuple[ParsedArticle, list[Mention]]:
        """An undated article dated by the offices it names with their holders: the window is recorded on
        the article and, when it has an end, codes are those of that day (the latest it can be)."""
        window = role_window(parsed, mentions, self.kb)
        if window is None:
            return parsed, mentions
        start, end = window
        article = replace(
            parsed.article, published_from="roles", published_range=f"{start or ''}..{end or ''}"
        )
        parsed = replace(parsed, article=article)
        if end is not None:
            mentions = resolve_mentions(replace(parsed, article=replace(article, published=end)), self.kb)
        return parsed, mentions


def not_english(parsed: ParsedArticle, language: str) -> Extraction:
    """An article in another language: stored with its sentences (searchable) and no records, since the
    English rules and model would find only noise in it; the warning says so."""
    article = replace(parsed.article, language=language)
    return Extraction(
        article=article,
        sentences=parsed.sentence_records(),
        warnings=(
            f"{article.source}: the text reads as language {language!r}, not English; no records extracted "
            "(dragoman reads English)",
        ),
    )


def extract_text(
    text: str, *, title: str | None = None, published: str | None = None, pipeline: Pipeline | None = None
) -> Extraction:
    """Records found in one piece of text, without storing anything."""
    from .ingest.readers import ReadOptions, make_article

    article = make_article(text, "<text>", ReadOptions(published=published), title=title)
    return (pipeline or Pipeline()).process(article)
