"""The records of DESIGN.md: what every stage produces and every consumer reads.

Offsets are 0-based and end-exclusive into the article's cleaned ``text``; for every span a record carries,
``article.text[start:end] == text``. Records are frozen: a stage that refines one builds a new one with
``dataclasses.replace``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Self


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex id derived from ``parts``, the same on every machine and in every process."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


class FlatRecord:
    """What a record with only plain fields shares: ``to_dict`` gives its fields by name, ``from_dict`` takes
    them back (keys it does not know are left out, missing ones take their defaults)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of article text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        if data is None:
            return None
        return cls(data["text"], data["start"], data["end"])


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that signal a statement ("said", "stressed that", "according to") and their lemma."""

    text: str
    start: int
    end: int
    lemma: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "lemma": self.lemma}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cue:
        return cls(data["text"], data["start"], data["end"], data["lemma"])


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A span that names an actor, with the actor it resolved to.

    ``actor_id``, ``name`` and ``code`` are the knowledge-base actor, its canonical name and the CAMEO-style
    code of its role at the article's (or event's) date; all three are null when unresolved.
    """

    text: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ActorRef | None:
        return None if data is None else cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


# How a speaker was resolved (``Speaker.how``), from the surest to the least.
SPEAKER_HOWS = ("name", "alias", "role", "fuzzy", "pronoun", "description", "unresolved")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who made a statement.

    ``text/start/end`` is the speaker span as written ("He", "The statement", a misspelt name).
    ``antecedent`` is the mention it was resolved through (null when the span names the speaker itself).
    ``actor_id``, ``name`` and ``code`` describe the resolved actor, null until the actor layer resolves it.
    ``how`` says how the speaker was resolved: ``name`` (the span names the speaker itself), ``alias`` (a
    repeat of an earlier name: "Lopez" after "Maria Lopez"), ``fuzzy`` (a misspelling of one: "Lopes"),
    ``pronoun``, ``description`` ("the statement", "the researchers"), ``role`` (a description matching a
    role the article gave someone: "the minister") or ``unresolved``; ``score`` is its confidence, 0..1.
    """

    text: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    code: str | None = None
    antecedent: Span | None = None
    how: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "actor_id": self.actor_id,
            "name": self.name,
            "code": self.code,
            "antecedent": self.antecedent.to_dict() if self.antecedent else None,
            "how": self.how,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Speaker | None:
        if data is None:
            return None
        return cls(
            data["text"],
            data["start"],
            data["end"],
            data.get("actor_id"),
            data.get("name"),
            data.get("code"),
            Span.from_dict(data.get("antecedent")),
            data.get("how"),
            data.get("score"),
        )


@dataclass(frozen=True, slots=True)
class Article(FlatRecord):
    """One news article after ingest.

    ``id``: the id the input gave, else a hash of source identity and cleaned text. ``text``: the cleaned
    article, headline first; ``body_start`` is where the body begins after it (0 when there is no
    headline). ``published`` is an ISO 8601 date and ``published_from`` says where it came from
    (``metadata``, ``user``, ``text``) or is null; for an undated article that its own text dates
    (``published_from`` ``roles``: the offices it names with their holders), ``published_range`` is the
    window, ``FROM..TO`` (ISO dates, either side empty when open), and ``published`` stays null.
    ``duplicate_of`` is the id of the article this one is a near-copy of.
    """

    id: str
    source: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    outlet: str | None = None
    language: str = "en"
    body_start: int = 0
    duplicate_of: str | None = None
    published_range: str | None = None

    type_name: ClassVar[str] = "article"


@dataclass(frozen=True, slots=True)
class Sentence(FlatRecord):
    """A sentence of an article: its index in the article (0-based, headline included) and its span."""

    article_id: str
    index: int
    start: int
    end: int
    text: str

    type_name: ClassVar[str] = "sentence"


@dataclass(frozen=True, slots=True)
class Mention(FlatRecord):
    """A span that refers to an actor.

    ``how``: ``alias`` (a name or alias in the knowledge base), ``composed`` (nationality + agent, "the
    Russian delegate"), ``title`` (a title read as the person in that office on the date: "the German
    chancellor"), ``fuzzy`` (a misspelling), ``coref`` (a pronoun or description resolved through an
    antecedent), ``metonymy`` (a capital or seat of power acting: "Moscow said"), ``unresolved``.
    ``score`` is the confidence of the resolution, 0..1.
    """

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    actor_id: str | None
    how: str
    score: float
    name: str | None = None
    code: str | None = None

    type_name: ClassVar[str] = "mention"


@dataclass(frozen=True, slots=True)
class Role:
    """A code an actor held between two dates (ISO dates, either may be null for open-ended); ``source`` the
    row or reference it comes from, when known."""

    code: str
    start: str | None = None
    end: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"code": self.code, "from": self.start, "to": self.end}
        if self.source is not None:
            data["source"] = self.source
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        return cls(data["code"], data.get("from"), data.get("to"), data.get("source"))

    def holds_on(self, date: str) -> bool:
        """Whether this role is in force on ``date`` (ISO strings compare in date order)."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """An entry of the actor knowledge base.

    ``id`` is a stable slug; ``code`` the CAMEO-style code of the actor's latest role; ``country`` ISO 3166-1
    alpha-3; ``sector`` GOV, MIL, REB, OPP, IGO, …; ``kind`` state, organisation, armed_group, person or
    group; ``roles`` the dated codes (for people, and for groups that changed side or name). ``source``: where
    the entry comes from (a dictionary ``file:line`` and its comment, or a reference). ``metonyms``: place
    names that stand for this actor only when they act ("Moscow said", "Damascus rejected").
    """

    id: str
    name: str
    code: str
    country: str | None = None
    sector: str | None = None
    kind: str = "group"
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    source: str | None = None
    metonyms: tuple[str, ...] = ()
    gender: str | None = None  # m | f, for people whose gender a source gives

    type_name: ClassVar[str] = "actor"

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["aliases"] = list(self.aliases)
        data["roles"] = [r.to_dict() for r in self.roles]
        data["metonyms"] = list(self.metonyms)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["aliases"] = tuple(data.get("aliases") or ())
        values["metonyms"] = tuple(data.get("metonyms") or ())
        values["roles"] = tuple(Role.from_dict(r) for r in data.get("roles") or ())
        return cls(**values)

    def code_on(self, date: str | None) -> str:
        """The code this actor held on ``date``; the latest role's (or ``code``) when no date is known."""
        if date and self.roles:
            for role in self.roles:
                if role.holds_on(date):
                    return role.code
        return self.code


@dataclass(frozen=True, slots=True)
class Statement:
    """Who said what: a speaker, a cue and a content, with ``kind`` direct, indirect or mixed.

    ``sentence`` is the index of the sentence holding the cue. ``parent_id`` is the statement this one is
    nested in ("The statement stressed that Russia has warned that …"). ``score`` is a confidence, 0..1.
    """

    id: str
    article_id: str
    sentence: int
    speaker: Speaker | None
    cue: Cue
    content: Span
    kind: str
    parent_id: str | None = None
    score: float = 1.0

    type_name: ClassVar[str] = "statement"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "kind": self.kind,
            "parent_id": self.parent_id,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(
            id=data["id"],
            article_id=data["article_id"],
            sentence=data["sentence"],
            speaker=Speaker.from_dict(data.get("speaker")),
            cue=Cue.from_dict(data["cue"]),
            content=Span.from_dict(data["content"]),
            kind=data["kind"],
            parent_id=data.get("parent_id"),
            score=data.get("score", 1.0),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, coded in CAMEO and PLOVER.

    ``cameo`` keeps leading zeros ("010"); ``cameo_root`` is its first two digits. ``quad_class``: 1 verbal
    cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. ``negated`` says a
    negation was folded into the code. ``rule`` names the dictionary pattern that fired. ``place_how`` and
    ``date_from`` say how the place and the date were linked to the event.
    """

    id: str
    article_id: str
    sentence: int
    source: ActorRef | None
    target: ActorRef | None
    action: Span
    cameo: str
    cameo_root: str
    plover: str | None
    plover_mode: str | None
    quad_class: int
    goldstein: float
    statement_id: str | None = None
    negated: bool = False
    place_id: str | None = None
    place_how: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_from: str | None = None
    rule: str | None = None
    score: float = 1.0

    type_name: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["source"] = self.source.to_dict() if self.source else None
        data["target"] = self.target.to_dict() if self.target else None
        data["action"] = self.action.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["source"] = ActorRef.from_dict(data.get("source"))
        values["target"] = ActorRef.from_dict(data.get("target"))
        values["action"] = Span.from_dict(data["action"])
        return cls(**values)


# Places that name who acted, not where (a nationality adjective, a capital for its government): never an
# event's location, nor the country of a bare agent.
ACTOR_PLACE_HOWS = frozenset({"demonym", "metonymy"})


@dataclass(frozen=True, slots=True)
class Place(FlatRecord):
    """A place named in an article, geocoded: the mention (``article_id``, ``sentence``, ``start``, ``end``,
    ``text``) beside the gazetteer entry (``id`` a GeoNames id or a supplement id, ``name``, ``country``
    ISO alpha-3, ``admin1``, ``lat``, ``lon``, ``precision``: region, country, admin1, admin2, city or site;
    a region has no country), ``score`` the confidence in the choice (0..1).

    ``how`` says why this entry was chosen: ``gazetteer`` (the name has one entry), ``population`` (the
    most important of its namesakes, nothing in the article pointing elsewhere), ``qualifier`` (the unit
    that holds the place named before it: "Bellevue, Washington"), ``unit`` (a unit word beside it: "Aleppo
    province"), ``capital`` ("the Syrian capital"), ``province`` (the article names its first-level unit),
    ``country`` (the article names or points to its country), ``nearby`` (a town the article names for sure
    lies near it), ``outlet`` (the outlet's country); and for names standing for people rather than where
    something is, ``demonym`` (a nationality adjective, "Syrian refugees": the country) and ``metonymy`` (a
    capital or country the actor layer reads as its government, "Moscow said"), never an event's location.
    None on records stored before it."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    score: float = 1.0
    how: str | None = None

    type_name: ClassVar[str] = "place"


Record = Article | Sentence | Mention | Statement | Event | Place


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the pipeline found in one article; records in each list are sorted by offsets."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def records(self, *, sentences: bool = False) -> Iterator[Record]:
        """The article, then its mentions, statements, events and places (sentences on request)."""
        yield self.article
        if sentences:
            yield from self.sentences
        yield from self.mentions
        yield from self.statements
        yield from self.events
        yield from self.places

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "mentions": [m.to_dict() for m in self.mentions],
            "statements": [s.to_dict() for s in self.statements],
            "events": [e.to_dict() for e in self.events],
            "places": [p.to_dict() for p in self.places],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            article=Article.from_dict(data["article"]),
            sentences=tuple(Sentence.from_dict(s) for s in data.get("sentences", ())),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", ())),
            statements=tuple(Statement.from_dict(s) for s in data.get("statements", ())),
            events=tuple(Event.from_dict(e) for e in data.get("events", ())),
            places=tuple(Place.from_dict(p) for p in data.get("places", ())),
            warnings=tuple(data.get("warnings", ())),
        )


RECORD_TYPES: dict[str, type] = {
    cls.type_name: cls for cls in (Article, Sentence, Mention, Actor, Statement, Event, Place)
}


def record_to_json(record: Record | Actor) -> dict[str, Any]:
    """The record as a JSON object with its ``type`` first, as ``extract --format jsonl`` prints it."""
    return {"type": record.type_name, **record.to_dict()}
