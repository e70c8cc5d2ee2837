"""The stage protocol: each stage takes the parsed article and what the stages before it found, and returns
what it adds.

    stage(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings

``Findings`` is immutable: a stage returns a copy with its records (``found.but(events=…)``) and its
warnings (``found.warned(…)``). ``Resources`` are the loaded dictionaries, all made from ``Settings``. A
stage that refines the article itself (dating it from the offices it names) returns it in
``found.article``; the pipeline then hands the later stages the parse with that article. A stage that
ends the work (an article not in English) sets ``halted``. ``STAGES`` is the default order;
``Pipeline(settings, stages=[*STAGES, my_stage])`` adds one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Protocol

from .actors import ActorKB, load_kb_for, resolve_mentions
from .actors.context import StateIndex, place_agents
from .actors.dating import role_window
from .dates import date_events
from .events import EventCoder, code_events
from .ingest.language import ENGLISH, detect_language
from .model import Article, Event, Mention, Place, Statement
from .nlp import ParsedArticle
from .places import Gazetteer, find_places, locate_events
from .settings import Settings
from .statements import CueLexicon, find_statements


@dataclass(frozen=True, slots=True)
class Findings:
    """What the stages found so far in one article. ``mentions`` are the actor layer's, ``coref`` the
    speakers resolved through the discourse (pronouns, descriptions): ``all_mentions`` is both, in order."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    coref: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    warnings: tuple[str, ...] = ()
    halted: bool = False

    @property
    def all_mentions(self) -> tuple[Mention, ...]:
        return tuple(sorted([*self.mentions, *self.coref], key=lambda m: (m.start, m.end, m.how)))

    def but(self, **records: object) -> Findings:
        """A copy with the given fields replaced (sequences become tuples)."""
        return replace(
            self, **{k: tuple(v) if isinstance(v, list | tuple) else v for k, v in records.items()}
        )

    def warned(self, *warnings: str) -> Findings:
        return replace(self, warnings=(*self.warnings, *warnings))


class Resources:
    """The dictionaries stages read, each loaded once from ``Settings`` (the gazetteer on first use)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.kb: ActorKB = load_kb_for(settings)
        self.cues = CueLexicon.load(settings.cues)
        self.coder = EventCoder.load(settings)
        self.states = StateIndex(self.kb)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The place gazetteer (``settings.gazetteer`` or the bundled one), read once per process."""
        path = self.settings.gazetteer
        return Gazetteer.load(Path(path)) if path else Gazetteer.load()


class Stage(Protocol):
    def __call__(self, doc: ParsedArticle, found: Findings, resources: Resources) -> Findings: ...


def language(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """An article not in English keeps its language and sentences and gets no records: the English rules
    and model would find only noise in it."""
    detected = detect_language(found.article.text)
    if detected == ENGLISH:
        return found
    article = replace(found.article, language=detected)
    return replace(found, article=article, halted=True).warned(
        f"{article.source}: the text reads as language {detected!r}, not English; no records extracted "
        "(dragoman reads English)"
    )


def actors(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """Mentions of the knowledge base's actors."""
    return found.but(mentions=resolve_mentions(doc, resources.kb))


def dated_by_roles(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """An undated article dated by the offices it names with their holders: the window is recorded on the
    article and, when it has an end, codes are those of that day (the latest it can be)."""
    if found.article.published is not None:
        return found
    window = role_window(doc, found.mentions, resources.kb)
    if window is None:
        return found
    start, end = window
    article = replace(found.article, published_from="roles", published_range=f"{start or ''}..{end or ''}")
    found = replace(found, article=article)
    if end is None:
        return found
    on_end = replace(doc, article=replace(article, published=end))
    return found.but(mentions=resolve_mentions(on_end, resources.kb))


def places(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """The places named, geocoded."""
    return found.but(places=find_places(doc, found.mentions, resources.gazetteer))


def agents_placed(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """Bare agents ("security forces") given the country of the places around them."""
    placed = place_agents(
        found.mentions,
        found.places,
        resources.states,
        found.article.text,
        from_context=resources.settings.cameo_manual,
    )
    return found.but(mentions=placed)


def statements(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """Who said what: statements, and the speakers resolved through the discourse."""
    people = resources.kb.people_in(found.mentions)
    said, coref = find_statements(doc, resources.cues, found.mentions, people)
    return found.but(statements=said, coref=coref)


def events(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """CAMEO/PLOVER events; a sentence the coder fails on is a warning under ``on_error="warn"``."""
    warnings: list[str] = []
    coded = code_events(doc, found.all_mentions, found.statements, resources.coder, warnings)
    return found.but(events=coded).warned(*warnings)


def located(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """Each event placed where its own clause names a place."""
    return found.but(events=locate_events(found.events, found.places, doc))


def dated(doc: ParsedArticle, found: Findings, resources: Resources) -> Findings:
    """Each event dated, with the provenance of its date."""
    return found.but(events=date_events(found.events, doc))


STAGES: Sequence[Stage] = (
    language,
    actors,
    dated_by_roles,
    places,
    agents_placed,
    statements,
    events,
    located,
    dated,
)


def run_stages(doc: ParsedArticle, stages: Sequence[Stage], resources: Resources) -> Findings:
    """``stages`` in order over ``doc``; a stage that changed the article hands the later ones the parse
    with it; a halting stage ends the run."""
    found = Findings(article=doc.article)
    for stage in stages:
        found = stage(doc, found, resources)
        if found.article is not doc.article:
            doc = replace(doc, article=found.article)
        if found.halted:
            break
    return found
