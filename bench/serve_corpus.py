"""Synthetic stored records for the server's tests and benchmark: articles made of template sentences, with
events, statements, mentions and places whose offsets point at their words.

Nothing here is extracted by the pipeline: the records are built by code so a store of any size (a few
articles for a test, 100,000 events for ``bench/serve.py``) can be made in seconds, and so a test can
compute the expected figures from the same records. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from dragoman.model import (
    Actor,
    ActorRef,
    Article,
    Cue,
    Event,
    Extraction,
    Mention,
    Place,
    Role,
    Sentence,
    Span,
    Speaker,
    Statement,
    stable_id,
)


@dataclass(frozen=True, slots=True)
class SyntheticActor:
    id: str
    name: str
    code: str


@dataclass(frozen=True, slots=True)
class Verb:
    text: str
    cameo: str
    plover: str
    quad_class: int
    goldstein: float


ACTORS = (
    SyntheticActor("synth-usa", "United States", "USAGOV"),
    SyntheticActor("synth-fra", "France", "FRAGOV"),
    SyntheticActor("synth-deu", "Germany", "DEUGOV"),
    SyntheticActor("synth-chn", "China", "CHNGOV"),
    SyntheticActor("synth-egy", "Egypt", "EGYGOV"),
    SyntheticActor("synth-tur", "Turkey", "TURGOV"),
    SyntheticActor("synth-jpn", "Japan", "JPNGOV"),
    SyntheticActor("synth-bra", "Brazil", "BRAGOV"),
    SyntheticActor("synth-un", "United Nations", "IGOUNO"),
    SyntheticActor("synth-eu", "European Union", "IGOEEC"),
)
VERBS = (
    Verb("met with", "040", "CONSULT", 1, 1.0),
    Verb("praised", "051", "ENGAGE", 1, 3.4),
    Verb("signed an agreement with", "057", "AGREE", 1, 8.0),
    Verb("sent aid to", "070", "AID", 2, 7.0),
    Verb("criticised", "111", "DISAPPROVE", 3, -2.0),
    Verb("accused", "112", "ACCUSE", 3, -2.0),
    Verb("threatened", "130", "THREATEN", 3, -4.4),
    Verb("imposed sanctions on", "163", "SANCTION", 4, -8.0),
    Verb("seized ships of", "181", "SEIZE", 4, -9.0),
)
# (GeoNames id, name, country ISO alpha-3, lat, lon)
PLACES = (
    ("2988507", "Paris", "FRA", 48.853, 2.349),
    ("2950159", "Berlin", "DEU", 52.524, 13.411),
    ("360630", "Cairo", "EGY", 30.063, 31.249),
    ("1816670", "Beijing", "CHN", 39.907, 116.397),
    ("4140963", "Washington", "USA", 38.895, -77.036),
    ("1850147", "Tokyo", "JPN", 35.690, 139.692),
    ("323786", "Ankara", "TUR", 39.920, 32.854),
    ("3469058", "Brasilia", "BRA", -15.780, -47.929),
    ("2800866", "Brussels", "BEL", 50.850, 4.349),
    ("5128581", "New York", "USA", 40.714, -74.006),
)
START = date(2024, 1, 1)


class ArticleBuilder:
    """Appends sentences to an article's text and records each span's offsets as it goes."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self.parts: list[str] = []
        self.length = 0
        self.sentences: list[Sentence] = []
        self.mentions: list[Mention] = []

    def add(self, text: str) -> int:
        """Append ``text``; returns its start offset."""
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def sentence(self, pieces: list[str | tuple[str, str]]) -> tuple[int, dict[str, Span]]:
        """A sentence from plain strings and ``(name, text)`` pieces whose spans are returned by name."""
        index = len(self.sentences)
        start = self.length
        spans: dict[str, Span] = {}
        for piece in pieces:
            if isinstance(piece, tuple):
                name, text = piece
                spans[name] = Span(text, self.add(text), self.length)
            else:
                self.add(piece)
        self.sentences.append(
            Sentence(self.article_id, index, start, self.length, "".join(self.parts)[start:])
        )
        return index, spans

    def mention(self, sentence: int, span: Span, actor: SyntheticActor) -> ActorRef:
        self.mentions.append(
            Mention(
                self.article_id,
                sentence,
                span.start,
                span.end,
                span.text,
                actor.id,
                "alias",
                1.0,
                actor.name,
                actor.code,
            )
        )
        return ActorRef(span.text, span.start, span.end, actor.id, actor.name, actor.code)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def synthetic_article(index: int, rng: random.Random, events_per_article: int, days: int) -> Extraction:
    """One article: a headline, ``events_per_article`` event sentences and one statement."""
    article_id = stable_id("synthetic", index)
    published = (START + timedelta(days=rng.randrange(days))).isoformat()
    builder = ArticleBuilder(article_id)
    events: list[Event] = []
    places: list[Place] = []
    first = rng.choice(ACTORS)
    builder.sentence([f"Report {index}: {first.name} in the news"])
    builder.add("\n\n")
    for number in range(events_per_article):
        source, target = rng.sample(ACTORS, 2)
        verb = rng.choice(VERBS)
        place = rng.choice(PLACES)
        if number:
            builder.add(" ")
        sentence, spans = builder.sentence(
            [
                ("source", source.name),
                " ",
                ("action", verb.text),
                " ",
                ("target", target.name),
                " in ",
                ("place", place[1]),
                ".",
            ]
        )
        source_ref = builder.mention(sentence, spans["source"], source)
        target_ref = builder.mention(sentence, spans["target"], target)
        action = spans["action"]
        events.append(
            Event(
                id=stable_id(article_id, "event", action.start),
                article_id=article_id,
                sentence=sentence,
                source=source_ref,
                target=target_ref,
                action=action,
                cameo=verb.cameo,
                cameo_root=verb.cameo[:2],
                plover=verb.plover,
                plover_mode=None,
                quad_class=verb.quad_class,
                goldstein=verb.goldstein,
                place_id=place[0],
                place_how="sentence",
                date=published,
                date_precision="day",
                date_from="published",
                rule=f"synthetic:{verb.cameo}",
            )
        )
        where = spans["place"]
        places.append(
            Place(
                place[0],
                place[1],
                place[2],
                None,
                place[3],
                place[4],
                "city",
                article_id,
                sentence,
                where.start,
                where.end,
                where.text,
            )
        )
    speaker_actor = rng.choice(ACTORS)
    builder.add(" ")
    sentence, spans = builder.sentence(
        [
            ("speaker", speaker_actor.name),
            " ",
            ("cue", "said"),
            " that ",
            ("content", "talks would continue"),
            ".",
        ]
    )
    speaker = spans["speaker"]
    builder.mention(sentence, speaker, speaker_actor)
    cue = spans["cue"]
    statement = Statement(
        id=stable_id(article_id, "statement", cue.start),
        article_id=article_id,
        sentence=sentence,
        speaker=Speaker(
            speaker.text, speaker.start, speaker.end, speaker_actor.id, speaker_actor.name, speaker_actor.code
        ),
        cue=Cue(cue.text, cue.start, cue.end, "say"),
        content=spans["content"],
        kind="indirect",
    )
    text = builder.text
    article = Article(
        id=article_id,
        source=f"synthetic/{index}.txt",
        text=text,
        title=f"Report {index}",
        published=published,
        published_from="metadata",
        outlet="Synthetic Wire",
        body_start=builder.sentences[1].start if len(builder.sentences) > 1 else 0,
    )
    return Extraction(
        article=article,
        sentences=tuple(builder.sentences),
        mentions=tuple(builder.mentions),
        statements=(statement,),
        events=tuple(events),
        places=tuple(places),
    )


def synthetic_extractions(
    events: int, *, events_per_article: int = 5, days: int = 180, seed: int = 8
) -> Iterator[Extraction]:
    """Articles holding ``events`` events in all (the last one may hold fewer), spread over ``days`` days."""
    rng = random.Random(seed)
    index = 0
    left = events
    while left > 0:
        count = min(events_per_article, left)
        yield synthetic_article(index, rng, count, days)
        left -= count
        index += 1


def synthetic_actors() -> list[Actor]:
    """The knowledge-base entries of the synthetic actors (a store's ``actors`` table)."""
    return [
        Actor(
            id=a.id,
            name=a.name,
            code=a.code,
            country=a.code[:3] if not a.code.startswith("IGO") else None,
            sector=a.code[3:],
            kind="organisation" if a.code.startswith("IGO") else "state",
            aliases=(a.name.upper(),),
            roles=(Role(a.code, "2000-01-01", None),),
        )
        for a in ACTORS
    ]


def build_store(path: str, events: int, **options: int) -> dict[str, int]:
    """Write a synthetic store of ``events`` events at ``path`` (near-duplicate detection off: the template
    articles look alike on purpose); returns the store's table counts."""
    from dragoman.store import Store

    with Store(path, dedupe_threshold=None) as store:
        store.write_actors(synthetic_actors())
        store.ingest(synthetic_extractions(events, **options))
        return store.totals()
