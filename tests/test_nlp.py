"""nlp: paragraphs parsed apart, sentence indices contiguous over the article, offsets into article text."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from dragoman.ingest.readers import ReadOptions, make_article
from dragoman.model import Article
from dragoman.nlp import ParsedArticle, paragraph_spans, parse_article, parse_articles

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "dragoman" / "data" / "samples"
TEXT = (
    "Envoy Says Talks Will Fail\n\n"
    "The envoy spoke on Friday. He said the talks would fail.\n\n"
    "“We will not stop,” he said. The council did not reply. Nobody voted."
)


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def article(text: str) -> Article:
    return make_article(text, "<test>", ReadOptions())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One.", [(0, 4)]),
        ("One.\n\nTwo.", [(0, 4), (6, 10)]),
        ("One.\n \n\t\nTwo.", [(0, 4), (9, 13)]),  # a break may hold spaces and tabs
        ("  One.  \n\n  Two.  ", [(2, 6), (12, 16)]),  # each paragraph stripped
        ("One\nstill one.\n\nTwo.", [(0, 14), (16, 20)]),  # a single newline is no break
        ("\n\nOne.\n\n\n\n", [(2, 6)]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_paragraph_spans(text: str, expected: list[tuple[int, int]]) -> None:
    spans = paragraph_spans(text)
    assert spans == expected
    for start, end in spans:
        assert text[start:end] == text[start:end].strip() != ""


def check_parse(parsed: ParsedArticle) -> None:
    """The offset invariants every stage relies on."""
    text = parsed.article.text
    sentences = list(parsed.sentences())
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.span.text
    for paragraph in parsed.paragraphs:
        assert text[paragraph.start : paragraph.start + len(paragraph.doc.text)] == paragraph.doc.text
        for token in paragraph.doc:
            start = paragraph.offset(token)
            assert text[start : start + len(token.text)] == token.text
        for span in paragraph.doc.sents:
            start, end = paragraph.span_offsets(span)
            assert text[start:end] == span.text
    for record in parsed.sentence_records():
        assert text[record.start : record.end] == record.text
        assert record.article_id == parsed.article.id


def test_paragraphs_sentences_and_offsets(blank_nlp: spacy.language.Language) -> None:
    parsed = parse_article(blank_nlp, article(TEXT))
    check_parse(parsed)
    assert [p.start for p in parsed.paragraphs] == [
        start for start, _ in paragraph_spans(parsed.article.text)
    ]
    assert [p.first_sentence for p in parsed.paragraphs] == [0, 1, 3]
    texts = [s.text for s in parsed.sentence_records()]
    assert texts == [
        "Envoy Says Talks Will Fail",
        "The envoy spoke on Friday.",
        "He said the talks would fail.",
        "“We will not stop,” he said.",
        "The council did not reply.",
        "Nobody voted.",
    ]
    # The body begins at the first sentence of the second paragraph.
    assert parsed.sentence_records()[1].start == parsed.article.body_start


def test_sentence_never_crosses_a_paragraph(blank_nlp: spacy.language.Language) -> None:
    # Without a full stop a single Doc would run the headline into the body; paragraphs parsed apart cannot.
    parsed = parse_article(blank_nlp, article("No Full Stop Here\n\nBody text follows"))
    assert [s.text for s in parsed.sentence_records()] == ["No Full Stop Here", "Body text follows"]


@pytest.mark.parametrize(
    "offset, index",
    [(0, 0), (27, 0), (28, 1), (60, 2), (10_000, 5)],
)
def test_sentence_index_at(blank_nlp: spacy.language.Language, offset: int, index: int) -> None:
    parsed = parse_article(blank_nlp, article(TEXT))
    assert parsed.sentence_index_at(offset) == index


def test_parse_articles_keeps_order_and_restarts_indices(blank_nlp: spacy.language.Language) -> None:
    articles = [article(TEXT), article("A second article. With two sentences."), article("Third.")]
    parsed = list(parse_articles(blank_nlp, articles, batch_size=2))
    assert [p.article.id for p in parsed] == [a.id for a in articles]
    assert [len(p.sentence_records()) for p in parsed] == [6, 2, 1]
    for one in parsed:
        check_parse(one)
        assert one.sentence_records()[0].index == 0


def test_real_model_offsets(pipeline) -> None:  # type: ignore[no-untyped-def]
    path = sorted(SAMPLES.glob("*.txt"))[0]
    sample = make_article(path.read_text(encoding="utf-8"), str(path), ReadOptions())
    parsed = parse_article(pipeline.nlp, sample)
    check_parse(parsed)
    records = parsed.sentence_records()
    assert len(parsed.paragraphs) == len(paragraph_spans(sample.text)) > 3
    assert records[0].text == sample.title  # the headline is sentence 0
    assert records[1].start == sample.body_start
    # The real parser fills what later stages read: dependency labels and entities.
    doc = parsed.paragraphs[1].doc
    assert any(token.dep_ == "nsubj" for token in doc)
    assert any(ent.label_ in {"ORG", "GPE", "NORP"} for ent in doc.ents)


def test_articles_share_batches_and_an_article_without_paragraphs_is_kept(
    blank_nlp: spacy.language.Language,
) -> None:
    # Paragraphs of consecutive articles go through nlp.pipe together; each must come back to its own article.
    articles = [
        article("First Headline\n\nOne. Two.\n\nThree."),
        Article(id="blank", source="<test>", text="  \n\n  "),
        article("Second Headline\n\nFour."),
    ]
    parsed = list(parse_articles(blank_nlp, articles, batch_size=2))
    assert [p.article.id for p in parsed] == [a.id for a in articles]
    assert [len(p.paragraphs) for p in parsed] == [3, 0, 2]
    for item in parsed:
        check_parse(item)
        for paragraph in item.paragraphs:
            assert item.article.text[paragraph.start :].startswith(paragraph.doc.text)
