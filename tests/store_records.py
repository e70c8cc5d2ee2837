"""Records built by code for store, export and query tests: no spaCy, every span checked against the text."""

from __future__ import annotations

from dataclasses import dataclass

from dragoman.model import (
    ActorRef,
    Article,
    Cue,
    Event,
    Extraction,
    Mention,
    Place,
    Sentence,
    Span,
    Speaker,
    Statement,
    stable_id,
)

ACTORS = {
    "Moscow": ("russia", "Russia", "RUSGOV"),
    "Washington": ("usa", "United States", "USAGOV"),
    "Damascus": ("syria", "Syria", "SYRGOV"),
    "the rebels": ("syria-rebels", "Syrian rebels", "SYRREB"),
    "the United Nations": ("un", "United Nations", "IGOUNO"),
}
PLACES = {"Aleppo": ("170063", "Aleppo", "SYR", "Aleppo", 36.2, 37.16, "city")}


@dataclass(frozen=True)
class EventSpec:
    """An event sentence "<source> <verb> <target> in <place>." and its coding."""

    source: str
    verb: str
    target: str | None
    cameo: str
    quad: int
    goldstein: float
    place: str | None = None
    plover: str = "ACCUSE"


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(part, start, start + len(part))


def ref(text: str, part: str, after: int, published: str | None) -> ActorRef:
    found = span(text, part, after)
    actor_id, name, code = ACTORS[part]
    return ActorRef(found.text, found.start, found.end, actor_id, name, code)


def make_extraction(
    key: str,
    events: list[EventSpec],
    *,
    published: str | None = "2024-03-05",
    headline: str = "A report",
    quote: str | None = None,
    source: str | None = None,
    url: str | None = None,
    filler: str = "",
    article_id: str | None = None,
) -> Extraction:
    """An article of a headline, one sentence a given event, an optional statement by Moscow, and filler."""
    sentences = [headline]
    for spec in events:
        words = [spec.source, spec.verb] + ([spec.target] if spec.target else [])
        sentences.append(" ".join(words) + (f" in {spec.place}" if spec.place else "") + ".")
    if quote:
        sentences.append(f"Moscow said that {quote}.")
    if filler:
        sentences.append(filler)
    text = "\n\n".join(sentences)
    source = source or f"{key}.txt"
    article_id = article_id or stable_id(url or source, text)
    sentence_records, offset = [], 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, offset)
        sentence_records.append(Sentence(article_id, index, start, start + len(sentence), sentence))
        offset = start + len(sentence)
    event_records, mentions, places = [], [], []
    for index, spec in enumerate(events, start=1):
        at = sentence_records[index].start
        source_ref = ref(text, spec.source, at, published)
        target_ref = ref(text, spec.target, at, published) if spec.target else None
        action = span(text, spec.verb, at)
        place_id = None
        for found in (source_ref, target_ref):
            if found:
                mentions.append(
                    Mention(
                        article_id,
                        index,
                        found.start,
                        found.end,
                        found.text,
                        found.actor_id,
                        "alias",
                        1.0,
                        found.name,
                        found.code,
                    )
                )
        if spec.place:
            where = span(text, spec.place, at)
            place_id, name, country, admin1, lat, lon, precision = PLACES[spec.place]
            places.append(
                Place(
                    place_id,
                    name,
                    country,
                    admin1,
                    lat,
                    lon,
                    precision,
                    article_id,
                    index,
                    where.start,
                    where.end,
                    where.text,
                    how="gazetteer",
                )
            )
        event_records.append(
            Event(
                id=stable_id(article_id, action.start),
                article_id=article_id,
                sentence=index,
                source=source_ref,
                target=target_ref,
                action=action,
                cameo=spec.cameo,
                cameo_root=spec.cameo[:2],
                plover=spec.plover,
                plover_mode=None,
                quad_class=spec.quad,
                goldstein=spec.goldstein,
                place_id=place_id,
                date=published,
                date_precision="day" if published else None,
                rule=f"test:{spec.verb}",
            )
        )
    statements = []
    if quote:
        index = len(events) + 1
        at = sentence_records[index].start
        who, cue, content = span(text, "Moscow", at), span(text, "said", at), span(text, f"that {quote}", at)
        statements.append(
            Statement(
                id=stable_id(article_id, cue.start),
                article_id=article_id,
                sentence=index,
                speaker=Speaker(
                    who.text, who.start, who.end, "russia", "Russia", "RUSGOV", how="name", score=0.9
                ),
                cue=Cue(cue.text, cue.start, cue.end, "say"),
                content=content,
                kind="indirect",
            )
        )
    article = Article(
        id=article_id,
        source=source,
        text=text,
        url=url,
        title=headline,
        published=published,
        published_from="metadata" if published else None,
        outlet="Test Wire",
    )
    return Extraction(
        article,
        tuple(sentence_records),
        tuple(mentions),
        tuple(statements),
        tuple(event_records),
        tuple(places),
    )


ACCUSE = EventSpec("Moscow", "accused", "Washington", "112", 3, -2.0)
ATTACK = EventSpec("the rebels", "attacked", "Damascus", "190", 4, -10.0, place="Aleppo", plover="ASSAULT")
PRAISE = EventSpec("the United Nations", "praised", "Damascus", "051", 1, 3.4, plover="AGREE")
AID = EventSpec("Washington", "sent aid to", "the rebels", "070", 2, 7.0, plover="AID")
APPEAL = EventSpec("Damascus", "appealed", None, "010", 1, 0.0, plover="CONSULT")

WIRE = (
    "Officials from several countries met behind closed doors on Thursday to discuss the humanitarian "
    "corridor, the exchange of prisoners and the reopening of the border crossing, according to three "
    "people familiar with the talks who asked not to be named because they were not authorised to speak."
)
