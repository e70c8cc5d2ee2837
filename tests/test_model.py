"""The record contract: every DESIGN.md field exists in model.py, and every record survives to_dict/from_dict
(through JSON, as exports and the store see it)."""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from pathlib import Path

import pytest

from dragoman import model

DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"

# The DESIGN.md "Records" field lists, pinned so the test runs without ../shared; when DESIGN.md is there,
# test_pinned_fields_match_design checks this table against it.
DESIGN_FIELDS: dict[str, tuple[str, ...]] = {
    "Article": (
        "id",
        "source",
        "url",
        "title",
        "published",
        "published_from",
        "outlet",
        "language",
        "text",
        "body_start",
        "duplicate_of",
    ),
    "Mention": ("article_id", "sentence", "start", "end", "text", "actor_id", "how", "score"),
    "Actor": ("id", "name", "code", "country", "sector", "kind", "wikidata", "aliases", "roles"),
    "Statement": ("id", "article_id", "sentence", "speaker", "cue", "content", "kind", "parent_id", "score"),
    "Event": (
        "id",
        "article_id",
        "sentence",
        "statement_id",
        "source",
        "target",
        "action",
        "cameo",
        "cameo_root",
        "plover",
        "plover_mode",
        "quad_class",
        "goldstein",
        "negated",
        "place_id",
        "date",
        "date_precision",
        "rule",
        "score",
    ),
    # The gazetteer fields, then the mention fields each place record carries beside them.
    "Place": (
        "id",
        "name",
        "country",
        "admin1",
        "lat",
        "lon",
        "precision",
        "article_id",
        "sentence",
        "start",
        "end",
        "text",
    ),
}
# Nested values: (record, field) -> the keys of its dict form.
NESTED_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Statement", "speaker"): ("text", "start", "end", "actor_id", "name", "code", "antecedent"),
    ("Statement", "cue"): ("text", "start", "end", "lemma"),
    ("Statement", "content"): ("text", "start", "end"),
    ("Event", "source"): ("text", "start", "end", "actor_id", "name", "code"),
    ("Event", "target"): ("text", "start", "end", "actor_id", "name", "code"),
    ("Event", "action"): ("text", "start", "end"),
    ("Actor", "roles"): ("code", "from", "to"),
}


def design_paragraphs(text: str) -> dict[str, str]:
    """The paragraph of each record in DESIGN.md's Records section, keyed by record name."""
    section = text.split("## Records", 1)[1].split("\n## ", 1)[0]
    paragraphs = {}
    for block in re.split(r"\n(?=\*\*\w+\*\*[^:\n]*:)", section):
        if match := re.match(r"\*\*(\w+)\*\*[^:\n]*:(.*)", block, re.DOTALL):
            paragraphs[match.group(1)] = match.group(2)
    return paragraphs


def top_level_fields(paragraph: str) -> list[str]:
    """Backticked names outside parentheses and braces, in the paragraph's first sentence."""
    depth = 0
    outside = []
    for char in paragraph:
        depth += char in "({"
        if depth == 0:
            outside.append(char)
        depth -= char in ")}"
    first_sentence = re.split(r"\.\s", "".join(outside), maxsplit=1)[0]
    return re.findall(r"`(\w+)`", first_sentence)


@pytest.mark.skipif(not DESIGN.exists(), reason="../shared/DESIGN.md is not beside the checkout")
def test_pinned_fields_match_design() -> None:
    paragraphs = design_paragraphs(DESIGN.read_text(encoding="utf-8"))
    assert set(paragraphs) == set(DESIGN_FIELDS)
    for name, paragraph in paragraphs.items():
        listed = top_level_fields(paragraph)
        assert listed, name
        # Every field DESIGN lists up front is pinned here, and every pinned field is named in DESIGN.
        assert set(listed) <= set(DESIGN_FIELDS[name]), (name, set(listed) - set(DESIGN_FIELDS[name]))
        named = set(re.findall(r"`(\w+)`", paragraph))
        assert set(DESIGN_FIELDS[name]) <= named, (name, set(DESIGN_FIELDS[name]) - named)
    for (name, field), keys in NESTED_FIELDS.items():
        assert set(keys) <= set(re.findall(r"`(\w+)`", paragraphs[name])), (name, field)


@pytest.mark.parametrize("name", sorted(DESIGN_FIELDS))
def test_every_design_field_is_in_model(name: str) -> None:
    cls = getattr(model, name)
    assert dataclasses.is_dataclass(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    assert set(DESIGN_FIELDS[name]) <= set(names), set(DESIGN_FIELDS[name]) - set(names)
    record = build(cls)
    assert set(DESIGN_FIELDS[name]) <= set(record.to_dict()), "to_dict() must use the DESIGN names"


@pytest.mark.parametrize(("name", "field"), sorted(NESTED_FIELDS))
def test_nested_values_have_design_keys(name: str, field: str) -> None:
    value = build(getattr(model, name)).to_dict()[field]
    if isinstance(value, list):
        value = value[0]
    assert set(NESTED_FIELDS[(name, field)]) <= set(value), set(NESTED_FIELDS[(name, field)]) - set(value)


@pytest.mark.parametrize("name", sorted(DESIGN_FIELDS) + ["Sentence"])
def test_records_are_frozen_dataclasses_with_slots(name: str) -> None:
    cls = getattr(model, name)
    assert cls.__dataclass_params__.frozen
    assert hasattr(cls, "__slots__")


# --- round trips -----------------------------------------------------------------------------------------


def build(cls: type, seed: int = 1) -> typing.Any:
    """An instance of a record dataclass with every field set to a distinct, non-default value.

    Built from the type hints, so a field added to ``model.py`` is covered without editing this test.
    """
    hints = typing.get_type_hints(cls)
    values = {}
    for number, field in enumerate(dataclasses.fields(cls), start=seed):
        values[field.name] = value_for(hints[field.name], f"{field.name}-{number}", number)
    return cls(**values)


def value_for(hint: typing.Any, label: str, number: int) -> typing.Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        kinds = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return value_for(kinds[0], label, number)
    if origin is tuple:
        return (value_for(typing.get_args(hint)[0], label, number),)
    if origin is list:
        return [value_for(typing.get_args(hint)[0], label, number)]
    if origin is dict:
        return {label: number}
    if hint is bool:
        return True
    if hint is int:
        return number + 10
    if hint is float:
        return number + 0.25
    if hint is str:
        return label
    if dataclasses.is_dataclass(hint):
        return build(hint, number)
    raise AssertionError(f"no sample value for {hint!r}; extend value_for()")


RECORD_CLASSES = sorted(
    {*model.RECORD_TYPES.values(), model.Span, model.Cue, model.ActorRef, model.Speaker, model.Role},
    key=lambda cls: cls.__name__,
)


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_every_record_round_trips_through_json(cls: type) -> None:
    record = build(cls)
    data = json.loads(json.dumps(record.to_dict()))
    assert cls.from_dict(data) == record


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_optional_fields_round_trip_as_null(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    record = build(cls)
    nulls = {f.name: None for f in dataclasses.fields(cls) if type(None) in typing.get_args(hints[f.name])}
    record = dataclasses.replace(record, **nulls)
    assert cls.from_dict(json.loads(json.dumps(record.to_dict()))) == record


def test_extraction_round_trips_with_every_record_kind() -> None:
    extraction = model.Extraction(
        article=build(model.Article),
        sentences=(build(model.Sentence), build(model.Sentence, 40)),
        mentions=(build(model.Mention),),
        statements=(build(model.Statement),),
        events=(build(model.Event),),
        places=(build(model.Place),),
        warnings=("one warning",),
    )
    assert model.Extraction.from_dict(json.loads(json.dumps(extraction.to_dict()))) == extraction
    kinds = [model.record_to_json(r)["type"] for r in extraction.records(sentences=True)]
    assert kinds == ["article", "sentence", "sentence", "mention", "statement", "event", "place"]
    assert "sentence" not in [r.type_name for r in extraction.records()]


def test_record_to_json_puts_type_first_and_keeps_cameo_a_string() -> None:
    event = dataclasses.replace(build(model.Event), cameo="010", cameo_root="01")
    data = model.record_to_json(event)
    assert next(iter(data)) == "type" and data["type"] == "event"
    assert json.loads(json.dumps(data))["cameo"] == "010"


def test_stable_id_is_deterministic_and_sensitive() -> None:
    first = model.stable_id("file.txt", "text")
    assert first == model.stable_id("file.txt", "text")
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert first != model.stable_id("file.txt", "text.")
    assert first != model.stable_id("file.txtt", "ext")  # parts are separated, not concatenated
