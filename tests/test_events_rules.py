"""The event coder's rules one at a time, each a function of a read-only ``SentenceView``."""

from __future__ import annotations

import dataclasses

import pytest

from dragoman.events import EventCoder
from dragoman.events.candidate import Candidate
from dragoman.events.folding import fold_complements, governor_of
from dragoman.events.matching import verb_entries
from dragoman.events.records import actor_pairs, distinct
from dragoman.events.roles import roles
from dragoman.events.verbs import verb_candidates
from dragoman.events.view import SentenceView
from dragoman.model import Mention
from dragoman.settings import Settings
from test_events import coder, mentions_in, nlp, parse  # noqa: F401 - the fixtures and helpers


def view_of(nlp, coder, text: str, mentions=None) -> SentenceView:  # noqa: F811 - nlp, coder are fixtures
    parsed = parse(nlp, text)
    sentence = next(iter(parsed.sentences()))
    return SentenceView.build(
        coder, parsed, sentence, mentions_in(text) if mentions is None else mentions, []
    )


def token(view: SentenceView, word: str):
    return next(t for t in view.tokens if t.text == word)


def test_the_view_maps_each_token_of_a_mention_and_cannot_be_changed(nlp, coder):  # noqa: F811
    view = view_of(nlp, coder, "Russia praised the Syrian government.")
    government = view.mention_at[token(view, "government").i]
    assert view.mention_at[token(view, "Syrian").i] is government
    assert view.mention_tokens[id(government)] == (token(view, "the").i, token(view, "government").i)
    assert token(view, "praised").i not in view.mention_at
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.statements = ()  # type: ignore[misc]


def test_a_passive_verb_takes_its_agent_as_source(nlp, coder):  # noqa: F811
    view = view_of(nlp, coder, "Syria was attacked by Israel.")
    sources, targets, passive = roles(view, token(view, "attacked"))
    assert ([m.code for m in sources], [m.code for m in targets], passive) == (["ISR"], ["SYR"], True)


def test_a_verb_under_a_refusal_verb_becomes_the_refusal(nlp, coder):  # noqa: F811
    view = view_of(nlp, coder, "Russia refused to negotiate with Turkey.")
    assert governor_of(token(view, "negotiate")).text == "refused"
    folded = fold_complements(view, verb_candidates(view))
    refusal = [c for c in folded if c.rule.endswith("+refusal:refuse")]
    assert [(c.code[:2], view.doc[c.span[0]].text) for c in refusal] == [("12", "refused")]


def test_a_dictionary_verb_is_found_by_its_form(nlp, coder):  # noqa: F811
    view = view_of(nlp, coder, "Russia condemned Israel.")
    assert [verb.code for verb, _ in verb_entries(view, token(view, "condemned"))] == ["111"]
    assert verb_entries(view, token(view, "Israel")) == []


def _mention(text: str, start: int, actor_id: str, code: str) -> Mention:
    return Mention("t", 0, start, start + len(text), text, actor_id, "alias", 1.0, text, code)


def test_two_actors_of_one_code_are_a_dyad_unless_the_dyad_rule_asks_for_two_codes(nlp, coder):  # noqa: F811
    text = "Clinton accused Trump."
    clinton, trump = _mention("Clinton", 0, "clinton", "USAELI"), _mention("Trump", 16, "trump", "USAELI")
    view = view_of(nlp, coder, text, [clinton, trump])
    accused = token(view, "accused").i
    candidate = Candidate(
        accused, (accused, accused + 1), "112", None, "test", (clinton,), (trump,), False, False
    )
    assert [(s.actor_id, t.actor_id) for s, t in actor_pairs(view, candidate)] == [("clinton", "trump")]
    petrarch = EventCoder.load(Settings(require_dyad=True, on_error="raise"))
    assert distinct(coder, clinton, trump) and not distinct(petrarch, clinton, trump)
    assert actor_pairs(dataclasses.replace(view, coder=petrarch), candidate) == []


def test_dragomans_own_pattern_wins_over_phoenixs_of_the_same_size():
    from dragoman.events.patterns import Element, Pattern, VerbDictionary

    def pattern(id_: str, code: str) -> Pattern:
        word = (Element("word", "ENVOYS"),)
        return Pattern(id_, "SEND", (), word, code, None, f"- * ENVOYS [{code}]")

    longer = Pattern("CAMEO.2.0:2", "SEND", (), (Element("word", "A"), Element("word", "B")), "042", None, "")
    built = VerbDictionary.build([pattern("CAMEO.2.0:1", "174"), pattern("dragoman.verbs:9", "161"), longer])
    assert [p.code for p in built.by_block["SEND"]] == ["042", "161", "174"]  # the longer still first


@pytest.mark.parametrize(
    "text, code",
    [
        ("Norway expelled three Iranian diplomats on Monday.", "161"),
        ("Peru and Chile upgraded their diplomatic ties on Monday.", "050"),
    ],
)
def test_expelled_diplomats_cut_relations_and_upgraded_ties_are_cooperation(nlp, coder, text, code):  # noqa: F811
    view = view_of(nlp, coder, text)
    assert {c.code for c in verb_candidates(view).values()} == {code}
