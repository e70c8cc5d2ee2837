"""Which language an article is written in: dragoman reads English, and says so when a text is not.

py3langid (a maintained fork of langid.py, BSD, its model in the package) names the language; a text mostly
in another script than Latin is not English whatever the model says of a short sample. A text is taken for
English unless the evidence is strong: a wrong "not English" would cost every record of a real article.
"""

from __future__ import annotations

from functools import cache
from typing import Any

ENGLISH = "en"
# The part of a text that is read to tell its language, and the confidence a language other than English
# needs (English news with many foreign names scores far below it for the wrong language).
SAMPLE_CHARS = 4000
MIN_PROBABILITY = 0.9
MIN_WORDS = 8
# Letters up to U+024F are Latin (Basic Latin, Latin-1, Latin Extended-A and -B).
LAST_LATIN = "\u024f"


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language of ``text`` (``und`` when its script is not Latin and the model
    cannot name it); ``en`` when the text is English or too short to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = [character for character in sample if character.isalpha()]
    if not letters:
        return ENGLISH
    latin_share = sum(character <= LAST_LATIN for character in letters) / len(letters)
    code, probability = identifier().classify(sample)
    if latin_share < 0.5:
        return code if code != ENGLISH else "und"
    if code != ENGLISH and probability >= MIN_PROBABILITY and len(sample.split()) >= MIN_WORDS:
        return code
    return ENGLISH


@cache
def identifier() -> Any:
    """The language model, loaded once per process on first use (half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
