"""attribute_table: the compiled attribute ruler annotates exactly as spaCy's own, on real and odd text."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from dragoman.attribute_table import AttributeTable, compile_attribute_ruler, compile_test
from dragoman.nlp import MODEL_NAME, load_model, paragraph_spans

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "dragoman" / "data" / "samples"
# The ruler's word-specific patterns: contractions, two-token lemmas, "there is", pronoun case, spaces.
ODD_TEXT = [
    "I ain't gonna lie: y'all got ta see it, nothin' more. Let's go, c'mon!",
    "There is a plan and there are doubts; it said it would, and I told you it was.",
    "He does not care, but he did it.  Whether or not they have, we've been told so.",
    "Which one?\n\nThe one that   was there, although nobody saw it.",
]


@pytest.fixture(scope="module")
def stock() -> spacy.language.Language:
    return spacy.load(MODEL_NAME)


def annotations(doc: spacy.tokens.Doc) -> list[tuple]:
    array = doc.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD]).tolist()
    return [(*row, str(token.morph), token.lemma_, token.pos_) for row, token in zip(array, doc, strict=True)]


def sample_paragraphs() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    return [text[start:end] for text in texts for start, end in paragraph_spans(text)]


def test_load_model_uses_the_table() -> None:
    nlp = load_model()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


def test_every_pattern_of_the_model_is_compiled(stock: spacy.language.Language) -> None:
    table = AttributeTable().compile(stock.get_pipe("attribute_ruler"))
    assert len(table.others) == 0  # nothing left to the slow Matcher for en_core_web_sm
    compiled = sum(len(entries) for t in table.tables.values() for entries in t.values())
    assert compiled >= len(stock.get_pipe("attribute_ruler").patterns)


def test_annotations_identical_to_spacy(stock: spacy.language.Language) -> None:
    texts = sample_paragraphs() + ODD_TEXT
    assert len(texts) > 20
    fast = load_model()
    for expected, got in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert annotations(got) == annotations(expected), got.text


def test_patterns_that_need_more_than_a_lookup() -> None:
    """NOT_IN, REGEX, several tokens and a negative index, against a hand-made ruler on a blank model."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"REGEX": "^col(ou)?r$"}}]], {"LEMMA": "colour"})
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"TAG": "NNP"}, index=-1)
    ruler.add([[{"LOWER": {"NOT_IN": ["a", "the"]}, "IS_PUNCT": False}]], {"NORM": "word"})
    ruler.add([[{"LOWER": "york"}]], {"TAG": "XX"})  # later pattern wins over the two-token one
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "article"})  # an operator: left to a Matcher
    texts = ["New York has a color, the colour of a city.", "York, new York!"]
    expected = [annotations_with_norm(doc) for doc in nlp.pipe(texts)]
    compile_attribute_ruler(nlp)
    table = nlp.get_pipe("attribute_ruler")
    assert isinstance(table, AttributeTable) and len(table.others) == 1
    assert [annotations_with_norm(doc) for doc in nlp.pipe(texts)] == expected
    doc = nlp("new York colour")
    assert [t.tag_ for t in doc] == ["", "XX", ""] and doc[2].lemma_ == "colour" and doc[0].norm_ == "word"


def annotations_with_norm(doc: spacy.tokens.Doc) -> list[tuple[str, str, str]]:
    return [(token.tag_, token.lemma_, token.norm_) for token in doc]


def test_compile_test_refuses_what_it_cannot_look_up() -> None:
    strings = spacy.blank("en").vocab.strings
    assert compile_test({"LOWER": "a", "OP": "?"}, strings) is None
    assert compile_test({"LENGTH": {">=": 3}}, strings) is None
    assert compile_test({"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}, strings) is not None
