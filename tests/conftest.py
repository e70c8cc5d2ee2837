"""Shared fixtures: the spaCy pipeline loads once per run; paths to the shared gold data and samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.model import Extraction

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "dragoman" / "data" / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from dragoman.pipeline import Pipeline
    from dragoman.settings import Settings

    return Pipeline(Settings(on_error="raise"))


def assert_spans_match(extraction: Extraction) -> None:
    """The evidence invariant: every span a record carries is exactly that slice of the article text."""
    text = extraction.article.text

    def check(span, what: str) -> None:
        if span is not None:
            assert text[span.start : span.end] == span.text, f"{what}: {span!r}"

    for sentence in extraction.sentences:
        check(sentence, "sentence")
    for mention in extraction.mentions:
        check(mention, "mention")
    for statement in extraction.statements:
        check(statement.cue, "cue")
        check(statement.content, "content")
        check(statement.speaker, "speaker")
        if statement.speaker:
            check(statement.speaker.antecedent, "antecedent")
    for event in extraction.events:
        check(event.action, "action")
        check(event.source, "source")
        check(event.target, "target")
    for place in extraction.places:
        check(place, "place")
