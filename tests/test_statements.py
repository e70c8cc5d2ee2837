"""Statements: cues, speakers, contents and antecedents, on short sentences and on the bundled samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLES, assert_spans_match
from dragoman.errors import DictionaryError
from dragoman.ingest.readers import ReadOptions, make_article
from dragoman.model import Article, Mention, Statement
from dragoman.nlp import paragraph_spans, parse_article
from dragoman.statements import CueLexicon, find_statements
from dragoman.statements.lexicon import read_cues
from dragoman.statements.quotes import find_quotes


def statements_of(pipeline, text: str) -> list[Statement]:
    extraction = pipeline.process(Article(id="t", source="test", text=text))
    assert_spans_match(extraction)
    return list(extraction.statements)


def top_level(statements: list[Statement]) -> list[Statement]:
    return [s for s in statements if s.parent_id is None]


# (text, [(cue, speaker, content starts with, kind)]) for the top-level statements, in order.
SENTENCES = [
    (
        "The governor said that the bridge would reopen in May.",
        [("said", "The governor", "that the bridge would reopen in May", "indirect")],
    ),
    (
        "“We will not give up,” the mayor told reporters.",
        [("told", "the mayor", "“We will not give up,”", "direct")],
    ),
    (
        "“The plan is dead,” she said, “and nobody will revive it.”",
        [("said", "she", "“The plan is dead,” she said, “and nobody will revive it.”", "direct")],
    ),
    (
        'The union leader added: "Our members are ready to strike."',
        [("added", "The union leader", '"Our members are ready to strike."', "direct")],
    ),
    (
        "According to the health agency, the outbreak is under control.",
        [("According to", "the health agency", "the outbreak is under control", "indirect")],
    ),
    (
        "The opposition accused the cabinet of hiding the report.",
        [("accused", "The opposition", "the cabinet of hiding the report", "indirect")],
    ),
    (
        "The council called for an independent inquiry into the fire.",
        [("called for", "The council", "an independent inquiry into the fire", "indirect")],
    ),
    (
        "The senator stressed that taxes must fall, noting that the deficit had shrunk.",
        [
            ("stressed", "The senator", "that taxes must fall", "indirect"),
            ("noting", "The senator", "that the deficit had shrunk", "indirect"),
        ],
    ),
    (
        "The company said in a statement that its profits had doubled.",
        [("said", "The company", "that its profits had doubled", "indirect")],
    ),
    (
        "The agency indicated in a statement on Monday that prices would rise.",
        [("indicated", "The agency", "that prices would rise", "indirect")],
    ),
    (
        "The minister pointed out that the talks had failed.",
        [("pointed out", "The minister", "that the talks had failed", "indirect")],
    ),
    (
        "The prices, the minister said, will keep rising next year.",
        [("said", "the minister", "The prices, the minister said, will keep rising next year", "indirect")],
    ),
    (
        "Her lawyer, who said the charges were baseless, left the court.",
        [("said", "who", "the charges were baseless", "indirect")],
    ),
]

# more rules, each pinned by one sentence
SENTENCES += [
    (
        "The minister described the plan as a disaster.",
        [("described", "The minister", "the plan as a disaster", "indirect")],
    ),
    (
        "The union urged the government to resign.",
        [("urged", "The union", "the government to resign", "indirect")],
    ),
    ("“We won the vote,” added a senior aide.", [("added", "a senior aide", "“We won the vote,”", "direct")]),
    ("“The talks are over,” Smith notes.", [("notes", "Smith", "“The talks are over,”", "direct")]),
    ("The voters seem to care about jobs.", [("seem", None, "to care about jobs", "indirect")]),
    (
        "Large donations were reported by the campaign.",
        [("reported", "the campaign", "Large donations", "indirect")],
    ),
    (
        "Mayor Kim: The city will rebuild the bridge.",
        [(":", "Mayor Kim", "The city will rebuild the bridge", "indirect")],
    ),
    ("He promised to push for a new vote.", [("promised", "He", "to push for a new vote", "indirect")]),
    # a support verb's subject speaks its speech noun
    (
        "Senator Ana Reyes has made several allegations that the vote was rigged.",
        [("allegations", "Senator Ana Reyes", "that the vote was rigged", "indirect")],
    ),
]

NEGATIVES = [
    "The bridge reopened in May after two years of repairs.",
    "The ministry is located in the old town.",
    "He continued to fight for the title.",
    "The hospital opened a new wing for children.",
    "Iowa: Tim Albrecht, Brad Anderson, Rob Barron.",
    "Prices rose by ten percent last year, and wages fell.",
    "“Good morning, I said to myself, what a day,” is how the song starts.",
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_statement_cue_speaker_content_kind(pipeline, text, expected):
    found = top_level(statements_of(pipeline, text))
    got = [(s.cue.text, s.speaker.text if s.speaker else None, s.content.text, s.kind) for s in found]
    assert len(got) == len(expected), got
    for (cue, speaker, content, kind), (exp_cue, exp_speaker, exp_content, exp_kind) in zip(
        got, expected, strict=True
    ):
        assert (cue, speaker, kind) == (exp_cue, exp_speaker, exp_kind)
        assert content.startswith(exp_content), content


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_statement(pipeline, text):
    assert top_level(statements_of(pipeline, text)) == []


def test_relative_pronoun_speaker_has_its_noun_as_antecedent(pipeline):
    (statement,) = top_level(statements_of(pipeline, "Her lawyer, who said the charges were baseless, left."))
    assert statement.speaker.antecedent.text == "Her lawyer"


def test_pronoun_resolves_to_last_speaker_not_last_name(pipeline):
    text = (
        "Maria Lopez, the union's negotiator, said the offer was too low.\n\n"
        "She met Pedro Alvarez and Tom Reyes on Monday.\n\n"
        "She added that the strike would go on."
    )
    statements = top_level(statements_of(pipeline, text))
    added = next(s for s in statements if s.cue.text == "added")
    assert added.speaker.text == "She"
    assert added.speaker.antecedent.text == "Maria Lopez"


def test_names_inside_quotes_are_not_antecedents(pipeline):
    text = "Governor Anna Berg said the budget was balanced.\n\n“John Smith never understood it,” she said."
    statements = top_level(statements_of(pipeline, text))
    last = statements[-1]
    assert last.speaker.text == "she"
    assert last.speaker.antecedent.text == "Governor Anna Berg"


def test_quote_over_two_paragraphs_is_one_content(pipeline):
    text = 'The coach said: "We played well.\n\n"We will win next week."'
    (statement,) = top_level(statements_of(pipeline, text))
    assert statement.kind == "direct"
    assert statement.content.text.endswith('We will win next week."')


def test_unbalanced_quote_drops_only_that_quotation(pipeline):
    text = "He said “the plan is dead.\n\nThe minister stressed that talks would resume."
    statements = top_level(statements_of(pipeline, text))
    stressed = next(s for s in statements if s.cue.text == "stressed")
    assert stressed.content.text == "that talks would resume"
    assert all(s.kind != "direct" for s in statements)


def test_nested_statement_has_parent(pipeline):
    text = "The statement stressed that the minister has warned that the border will close."
    statements = statements_of(pipeline, text)
    outer = next(s for s in statements if s.cue.text == "stressed")
    inner = next(s for s in statements if s.cue.text == "warned")
    assert outer.parent_id is None
    assert inner.parent_id == outer.id
    assert inner.speaker.text == "the minister"


def test_statement_ids_are_stable_and_records_sorted(pipeline):
    text = "The mayor said the road is closed. The police said it will reopen."
    first, second = statements_of(pipeline, text), statements_of(pipeline, text)
    assert [s.id for s in first] == [s.id for s in second]
    assert [s.cue.start for s in first] == sorted(s.cue.start for s in first)


def test_speaker_takes_actor_from_mentions_and_pronoun_gets_coref_mention(pipeline):
    text = "Olga Petrova said the deal was signed.\n\nShe added that more would follow."
    article = Article(id="a", source="test", text=text)
    parsed = parse_article(pipeline.nlp, article)
    start = text.index("Olga Petrova")
    mention = Mention(
        "a", 0, start, start + 12, "Olga Petrova", "olga-petrova", "alias", 1.0, "Olga Petrova", "XXXGOV"
    )
    statements, coref = find_statements(parsed, pipeline.cues, [mention])
    assert [s.speaker.actor_id for s in statements] == ["olga-petrova", "olga-petrova"]
    assert statements[1].speaker.code == "XXXGOV"
    assert [(m.text, m.how, m.actor_id) for m in coref] == [("She", "coref", "olga-petrova")]


def test_without_mentions_actor_fields_stay_null(pipeline):
    (statement,) = statements_of(pipeline, "Olga Petrova said the deal was signed.")
    assert (statement.speaker.actor_id, statement.speaker.name, statement.speaker.code) == (None, None, None)


# ---- quotations (rules only, no model)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “yes” and “no”.", ["“yes”", "“no”"]),
        ('She said "fine" twice.', ['"fine"']),
        ("''Go,'' he said.", ["''Go,''"]),
        ("An “open quote never closes.", []),
        ("A stray ” mark.", []),
        ("“Apparently not,“ he said.", ["“Apparently not,“"]),
    ],
)
def test_find_quotes(text, expected):
    quotes, _warnings = find_quotes(text, paragraph_spans(text))
    assert [text[q.start : q.end] for q in quotes] == expected


def test_unbalanced_quote_is_reported():
    text = "An “open quote never closes."
    _quotes, warnings = find_quotes(text, paragraph_spans(text))
    assert warnings and "unbalanced" in warnings[0]


# ---- lexicon


def test_lexicon_bad_line_names_file_and_line():
    with pytest.raises(DictionaryError, match=r"my\.tsv:2: pos 'VRB'"):
        read_cues("my.tsv", "say\tsay\tVERB\tspeech\tany\t0.9\nx\tx\tVRB\tspeech\tany\t0.5\n")


def test_lexicon_extra_file_adds_a_cue(pipeline, tmp_path: Path):
    text = "The rebels grumbled that the ceasefire was a trap."
    parsed = parse_article(pipeline.nlp, Article(id="g", source="test", text=text))
    assert find_statements(parsed, CueLexicon.load())[0] == []
    extra = tmp_path / "cues.tsv"
    extra.write_text("grumble\tgrumble\tVERB\tspeech\tcontent\t0.7\n", encoding="utf-8")
    statements, _ = find_statements(parsed, CueLexicon.load([extra]))
    assert [(s.cue.lemma, s.speaker.text) for s in statements] == [("grumble", "The rebels")]


def test_lexicon_unreadable_file_is_a_dictionary_error(tmp_path: Path):
    with pytest.raises(DictionaryError, match="missing.tsv"):
        CueLexicon.load([tmp_path / "missing.tsv"])


# ---- the bundled samples, expectations written by reading the reports


def sample(pipeline, prefix: str):
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    extraction = pipeline.process(make_article(path.read_text(encoding="utf-8"), str(path), ReadOptions()))
    assert_spans_match(extraction)
    return extraction


MINISTRY = "The Russian Foreign Ministry"
# (cue, speaker, antecedent or None) of every top-level statement of the Foreign Ministry report, in order.
REPORT_000 = [
    ("affirms", "Russia", None),
    ("confirmed", MINISTRY, None),
    ("noting", MINISTRY, None),
    ("indicated", MINISTRY, None),
    ("indicated", "The statement", MINISTRY),
    ("stressing", "The statement", MINISTRY),
    ("stressed", "The statement", MINISTRY),
    ("stated", "The statement", MINISTRY),
    ("stressing", "The statement", MINISTRY),
    ("indicated", "The statement", MINISTRY),
    ("pointing out", "The statement", MINISTRY),
    ("pointed out", "The statement", MINISTRY),
    ("concluded by calling for", "The statement", MINISTRY),
]
ENVOY = "Vasily Nebenzia"
REPORT_003 = [
    (":", "Moscow", None),
    ("stated", "Russia’s permanent representative to the United Nations, Vasily Nebenzia", None),
    ("stressed", "Nebenzia", ENVOY),
    ("stressed", "He", ENVOY),
    ("added", "He", ENVOY),
    ("reiterated", "He", ENVOY),
    ("added", "He", ENVOY),
    ("noted", "Nebenzia", ENVOY),
    ("expressing", "Nebenzia", ENVOY),
    ("pointed to", "He", ENVOY),
    ("stressed", "Nebinzia", ENVOY),
    ("calling on", "Nebinzia", ENVOY),
    ("stressed", "The Russian delegate", ENVOY),
    ("saying", "The Russian delegate", ENVOY),
]


@pytest.mark.parametrize("prefix, expected", [("000", REPORT_000), ("003", REPORT_003)])
def test_sample_reports_every_statement_with_its_speaker(pipeline, prefix, expected):
    statements = top_level(list(sample(pipeline, prefix).statements))
    got = [
        (s.cue.text, s.speaker.text, s.speaker.antecedent.text if s.speaker.antecedent else None)
        for s in statements
    ]
    assert got == expected


def test_sample_contents_and_kinds(pipeline):
    statements = top_level(list(sample(pipeline, "000").statements))
    by_cue = [(s.cue.text, s.kind, s.content.text) for s in statements]
    assert by_cue[1] == (
        "confirmed",
        "indirect",
        "that the crisis in Syria is the result of external interference in its internal affairs",
    )
    stressed = next(s for s in statements if s.cue.text == "stressed")
    assert stressed.kind == "direct" and stressed.content.text.startswith("“Moscow, which takes")
    assert statements[3].kind == "mixed" and "“bear the basic amount" in statements[3].content.text
    assert statements[-1].content.text.endswith(
        "to actively engage in providing international aid to the Syrian people in various fields"
    )
    statements = top_level(list(sample(pipeline, "003").statements))
    assert statements[1].content.text == (
        "that attempts to force the Syrian government to negotiate with terrorists in Idlib will not succeed"
    )
    added = [s for s in statements if s.cue.text == "added"]
    assert [s.kind for s in added] == ["direct", "direct"]
    assert added[1].content.text.endswith("attempts to tear it apart.”")
    calling_on = next(s for s in statements if s.cue.text == "calling on")
    assert calling_on.kind == "mixed" and " to stop bombing civilians" in calling_on.content.text
    saying = statements[-1]
    assert saying.content.text.startswith("If you care, you can help")


def test_sample_nested_statements_point_to_their_parent(pipeline):
    statements = list(sample(pipeline, "000").statements)
    nested = [s for s in statements if s.parent_id is not None]
    ids = {s.id: s for s in statements}
    for statement in nested:
        parent = ids[statement.parent_id]
        assert parent.content.start <= statement.cue.start < parent.content.end


def test_function_words_are_read_from_data_and_a_bad_line_names_its_place():
    from dragoman.errors import DictionaryError
    from dragoman.statements.lexicon import function_words, read_function_words

    assert "about" in function_words()["content_preposition"]
    with pytest.raises(DictionaryError, match=r"mine.tsv:2: expected 'set<TAB>word'"):
        read_function_words("mine.tsv", "content_mark\tthat\nnot_a_set\tword\n")
