"""Event coding: CAMEO tables, the PETRARCH dictionary converter, the coder on real parses, statements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SAMPLES, SHARED, assert_spans_match
from dragoman.events import EventCoder, code_events
from dragoman.events.patterns import read_jsonl
from dragoman.events.petrarch_format import read_discard_file, read_verb_file
from dragoman.events.tables import bundled_table, data_path
from dragoman.model import Article, Cue, Extraction, Mention, Span, Speaker, Statement
from dragoman.settings import Settings

# A small knowledge base for coder tests: the coder reads mentions, whoever resolved them.
ACTORS = {
    "the United States": "USA",
    "Russia": "RUS",
    "China": "CHN",
    "Israel": "ISR",
    "Syria": "SYR",
    "Ukraine": "UKR",
    "Turkey": "TUR",
    "Moscow": "RUS",
    "the Syrian government": "SYRGOV",
    "The minister": "RUSGOV",
}


# ------------------------------------------------------------------------------------------------ tables
@pytest.mark.parametrize(
    "code, name, quad, goldstein, plover",
    [
        ("010", "Make statement, not specified below", 1, 0.0, None),
        ("0231", "Appeal for economic aid", 1, 3.4, "REQUEST"),
        ("112", "Accuse", 3, -2.0, "ACCUSE"),
        ("1042", "Demand policy change", 3, -5.0, "REQUEST"),
        ("057", "Sign formal agreement", 1, 8.0, "SUPPORT"),
        ("190", "Use conventional military force", 4, -10.0, "ASSAULT"),
    ],
)
def test_cameo_table_joins_plover_goldstein_and_quad_class(code, name, quad, goldstein, plover):
    entry = bundled_table().lookup(code)
    assert entry is not None
    assert (entry.code, entry.name, entry.root, entry.quad_class, entry.goldstein, entry.plover) == (
        code,
        name,
        code[:2],
        quad,
        goldstein,
        plover,
    )


def test_cameo_table_covers_every_root_with_its_quad_class():
    table = bundled_table()
    quads = {f"{root:02d}": table.lookup(f"{root:02d}").quad_class for root in range(1, 21)}
    assert [quads[r] for r in sorted(quads)] == [1] * 5 + [2] * 3 + [3] * 5 + [4] * 7


def test_cameo_lookup_falls_back_to_the_longest_known_prefix_and_refuses_nonsense():
    table = bundled_table()
    assert table.lookup("174K").code == "174"  # TABARI test codes carry a letter
    assert table.lookup("999") is None
    assert "0874" in table and "0875" not in table


# ----------------------------------------------------------------------------------------- converter
VERB_FILE = """\
&CURRENCY
+DOLLAR
+SWISS_FRANC
+YEN_

--- CONDEMN [122] ---
CONDEMN
DENOUNCE {DENOUNCED DENOUNCES}
+CORDON_OFF {+CORDONED_OFF}  [1721]
- * &CURRENCY [071]
- $ * (AGAINST +) [123]
- * WITHOUT_CODE
- * SOMETHING [999]
- * &UNDEFINED [111]
- NO VERB HERE [111]
--- ARRIVE [032:033] ---
ARRIVE
"""


def test_verb_file_converts_synsets_verbs_patterns_and_reports_bad_lines(tmp_path: Path):
    path = tmp_path / "test.verbs.txt"
    path.write_text(VERB_FILE, encoding="utf-8")
    records, problems = read_verb_file(path, bundled_table().__contains__)
    synsets = {r.name: r for r in records if r.to_dict()["kind"] == "synset"}
    verbs = {r.lemma: r for r in records if r.to_dict()["kind"] == "verb"}
    patterns = [r for r in records if r.to_dict()["kind"] == "pattern"]
    # plurals generated, except for a phrase ending in "_"
    assert set(synsets["&CURRENCY"].phrases) == {
        ("DOLLAR",),
        ("DOLLARS",),
        ("SWISS", "FRANC"),
        ("SWISS", "FRANCS"),
        ("YEN",),
    }
    assert {"CONDEMN", "CONDEMNS", "CONDEMNED", "CONDEMNING"} <= set(verbs["CONDEMN"].forms)
    assert verbs["DENOUNCE"].forms == ("DENOUNCE", "DENOUNCED", "DENOUNCES")
    assert (verbs["CORDON"].after, verbs["CORDON"].code) == (("OFF",), "1721")
    assert (verbs["ARRIVE"].code, verbs["ARRIVE"].reverse_code) == ("032", "033")
    assert [(p.id, p.code) for p in patterns] == [("test.verbs:10", "071"), ("test.verbs:11", "123")]
    assert [e.kind for e in patterns[1].before] == ["source"]
    assert [(e.kind, e.value) for e in patterns[1].after] == [("word", "AGAINST"), ("target", "")]
    assert [str(p) for p in problems] == [
        f"{path}:12: pattern without a [code]",
        f"{path}:13: unknown CAMEO code 999",
        f"{path}:14: malformed pattern (undefined synset &UNDEFINED)",
        f"{path}:15: malformed pattern (no '*' for the verb)",
    ]


def test_discard_file_reads_story_and_sentence_scopes(tmp_path: Path):
    path = tmp_path / "discards.txt"
    path.write_text("+WORLD CUP  # sports\nBASEBALL\nCRICKET_\n", encoding="utf-8")
    discards, problems = read_discard_file(path)
    assert problems == []
    assert [(d.phrase, d.scope, d.whole_word) for d in discards] == [
        ("WORLD CUP", "story", False),
        ("BASEBALL", "sentence", False),
        ("CRICKET", "sentence", True),
    ]


def test_bundled_dictionary_is_the_converted_phoenix_file():
    records = read_jsonl(data_path("verbs.jsonl"))
    ids = {r.id for r in records if hasattr(r, "id")}
    assert len(ids) > 6000
    source = SHARED / "dictionaries" / "phoenix" / "CAMEO.2.0.txt"
    if source.exists():  # every rule id points at its original line
        lines = source.read_text(encoding="utf-8").splitlines()
        rules = [r for r in records if getattr(r, "id", "").startswith("CAMEO.2.0:") and hasattr(r, "text")]
        assert len(rules) > 4600
        for record in rules[-60:]:  # the last patterns and the transformations
            line = int(record.id.rsplit(":", 1)[1])
            assert lines[line - 1].split("#")[0].strip() == record.text


# --------------------------------------------------------------------------------------------- coder
@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder.load(Settings(on_error="raise"))


@pytest.fixture(scope="module")
def nlp():
    from dragoman.nlp import load_model

    return load_model()


def parse(nlp, text: str):
    from dragoman.nlp import parse_article

    return parse_article(nlp, Article(id="t", source="test", text=text))


def mentions_in(text: str) -> list[Mention]:
    found: list[Mention] = []
    for name, code in sorted(ACTORS.items(), key=lambda item: -len(item[0])):
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not any(m.start <= match.start() < m.end for m in found):
                found.append(
                    Mention("t", 0, match.start(), match.end(), name, name.lower(), "alias", 1.0, name, code)
                )
    return found


def coded(nlp, coder, text: str, statements=()) -> list:
    parsed = parse(nlp, text)
    return code_events(parsed, mentions_in(text), list(statements), coder)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia accused the United States of supporting terrorists.", {("RUS", "USA", "112", False)}),
        ("Russia and China condemned Israel.", {("RUS", "ISR", "111", False), ("CHN", "ISR", "111", False)}),
        ("Syria was attacked by Israel.", {("ISR", "SYR", "190", False)}),
        ("Israel attacked Syria.", {("ISR", "SYR", "190", False)}),
        ("Israel did not attack Syria.", set()),
        ("Russia will not stop supporting Syria.", {("RUS", "SYR", "050", True)}),
        ("Russia stopped supporting Syria.", set()),
        # an appeal to stop or withdraw is an appeal to yield (025), as the CAMEO manual codes it
        ("Russia called on Turkey to stop the attacks.", {("RUS", "TUR", "025", False)}),
        ("Russia called for Turkey to withdraw.", {("RUS", "TUR", "025", False)}),
        ("Moscow will continue to support the Syrian government.", {("RUS", "SYRGOV", "050", False)}),
        ("The weather in Moscow was fine on Tuesday.", set()),
        # a speech verb's pattern "* ATTACK" reads its object, not what was said: no act by Russia; what hit
        # Syria is an act of force with no actor named as its source (one_actor.tsv: hit)
        ("Russia reported that a bomb attack hit Syria.", {(None, "SYR", "193", False)}),
        ("Russia announced sanctions against Turkey.", {("RUS", "TUR", "163", False)}),
        # nominal events: a possessor acts on the object of a preposition
        (
            "Moscow's continued support for the Syrian government angered Turkey.",
            {("RUS", "SYRGOV", "050", False)},
        ),
        ("Russia will not end its support for the Syrian government.", {("RUS", "SYRGOV", "050", True)}),
        ("Russia ended its support for the Syrian government.", set()),
        ("Israel's attack on Syria killed ten people.", {("ISR", "SYR", "190", False)}),
        ("Russia played baseball against China.", set()),  # a discarded sentence
    ],
)
def test_coder_codes_who_did_what_to_whom(nlp, coder, text, expected):
    events = coded(nlp, coder, text)
    assert {(e.source and e.source.code, e.target.code, e.cameo, e.negated) for e in events} == expected
    for event in events:
        assert event.rule and event.rule.startswith(("CAMEO.2.0:", "nominal:"))
        assert text[event.action.start : event.action.end] == event.action.text


def test_refusal_turns_the_refused_act_into_a_rejection(nlp, coder):
    (event,) = coded(nlp, coder, "Russia refused to negotiate with Ukraine.")
    assert (event.source.code, event.target.code, event.cameo_root, event.quad_class) == (
        "RUS",
        "UKR",
        "12",
        3,
    )
    assert event.action.text == "refused" and event.rule.endswith("+refusal:refuse")


def test_a_demand_carries_its_content_instead_of_coding_it_as_done(nlp, coder):
    events = coded(nlp, coder, "Russia demanded that Turkey withdraw its troops.")
    assert [(e.source.code, e.target.code, e.action.text) for e in events] == [("RUS", "TUR", "demanded")]
    assert events[0].plover == "REQUEST"


def test_event_fields_come_from_the_tables_and_ids_are_stable(nlp, coder):
    first = coded(nlp, coder, "Russia accused the United States of supporting terrorists.")
    again = coded(nlp, coder, "Russia accused the United States of supporting terrorists.")
    event = first[0]
    assert (event.plover, event.plover_mode, event.quad_class, event.goldstein) == (
        "ACCUSE",
        "disapprove",
        3,
        -2.0,
    )
    assert [e.id for e in first] == [e.id for e in again] and len(event.id) == 16


def statement(text: str, speaker: str, code: str, cue: str, lemma: str) -> Statement:
    s = text.index(speaker)
    c = text.index(cue)
    content_start = c + len(cue) + 1
    return Statement(
        id="st1",
        article_id="t",
        sentence=0,
        speaker=Speaker(speaker, s, s + len(speaker), "russia-gov", "Russian government", code),
        cue=Cue(cue, c, c + len(cue), lemma),
        content=Span(text[content_start:-1], content_start, len(text) - 1),
        kind="indirect",
    )


def test_a_statement_without_a_coded_content_is_a_make_statement_event(nlp, coder):
    text = "The minister noted that the weather was fine."
    (event,) = coded(nlp, coder, text, [statement(text, "The minister", "RUSGOV", "noted", "note")])
    assert (event.source.code, event.target, event.cameo, event.statement_id) == (
        "RUSGOV",
        None,
        "010",
        "st1",
    )
    assert event.rule == "statement:note" and event.plover is None


def test_a_statement_cue_the_dictionary_codes_takes_the_speaker_and_statement_id(nlp, coder):
    text = "He accused Turkey of lying."
    said = statement(text, "He", "RUSGOV", "accused", "accuse")
    (event,) = coded(nlp, coder, text, [said])
    assert (event.source.code, event.target.code, event.cameo, event.statement_id) == (
        "RUSGOV",
        "TUR",
        "112",
        "st1",
    )


def test_a_statement_is_coded_by_the_event_it_reports(nlp, coder):
    text = "The minister stressed that Moscow will not stop supporting the Syrian government."
    said = statement(text, "The minister", "RUSGOV", "stressed", "stress")
    events = coded(nlp, coder, text, [said])
    assert [(e.source.code, e.target.code, e.cameo_root, e.negated, e.statement_id) for e in events] == [
        ("RUS", "SYRGOV", "05", True, "st1")
    ]


def test_a_sentence_the_coder_trips_on_gives_no_event_not_an_exception(nlp, coder):
    text = "Russia condemned Israel."
    parsed = parse(nlp, text)
    broken = Mention("t", 0, 0, 6, "Russia", None, "alias", 1.0, None, "RUS")
    # a mention ending past the text and a statement whose cue is nowhere in the sentence
    odd = Mention("t", 0, 17, 400, "Israel.", None, "alias", 1.0, None, "ISR")
    stray = statement(text, "Russia", "RUS", "condemned", "condemn")
    stray = Statement("x", "t", 0, stray.speaker, Cue("zz", 900, 902, "zz"), Span("", 903, 903), "direct")
    events = code_events(parsed, [broken, odd], [stray], coder)
    assert [(e.source.code, e.target.code, e.cameo) for e in events] == [("RUS", "ISR", "111")]


def test_on_error_chooses_between_raising_and_a_warning(nlp, monkeypatch):
    from dragoman.events import coder as coder_module

    def trip(view):
        raise KeyError("no such role")

    monkeypatch.setattr(coder_module, "code_sentence", trip)
    parsed = parse(nlp, "Russia condemned Israel.")
    with pytest.raises(KeyError):
        code_events(
            parsed, mentions_in("Russia condemned Israel."), [], EventCoder.load(Settings(on_error="raise"))
        )
    warnings: list[str] = []
    lenient = EventCoder.load(Settings(on_error="warn"))
    assert code_events(parsed, mentions_in("Russia condemned Israel."), [], lenient, warnings) == []
    assert warnings == ["test: sentence 1 not coded (KeyError: 'no such role')"]


def test_an_unknown_on_error_is_refused():
    with pytest.raises(ValueError, match="on_error must be one of raise, warn"):
        Settings(on_error="ignore")  # type: ignore[arg-type]


def test_user_verb_file_replaces_the_bundled_dictionary(tmp_path: Path, nlp):
    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- SCOLD [111] ---\nSCOLD\n", encoding="utf-8")
    mine = EventCoder.load(Settings(verbs=str(path)))
    assert [e.cameo for e in coded(nlp, mine, "Russia scolded Israel.")] == ["111"]
    assert coded(nlp, mine, "Israel attacked Syria.") == []


# ------------------------------------------------------------------------------------------ pipeline
def test_pipeline_events_satisfy_the_span_invariant(pipeline):
    from dragoman.pipeline import extract_text

    extraction: Extraction = extract_text(
        (SAMPLES / "003_12c1f3aee6af122c.txt").read_text(), pipeline=pipeline
    )
    assert_spans_match(extraction)
    for event in extraction.events:
        assert event.article_id == extraction.article.id and event.rule


@pytest.fixture(scope="module")
def sample_events(pipeline) -> dict[str, list]:
    from dragoman.pipeline import extract_text

    return {
        path.name[:3]: list(extract_text(path.read_text(encoding="utf-8"), pipeline=pipeline).events)
        for path in sorted(SAMPLES.glob("*.txt"))
    }


def _has(events, root: str, source_prefix: str, target_prefix: str | None = None, text: str | None = None):
    return [
        e
        for e in events
        if e.cameo_root == root
        and e.source
        and (e.source.code or "").startswith(source_prefix)
        and (target_prefix is None or (e.target and (e.target.code or "").startswith(target_prefix)))
        and (text is None or text in e.action.text)
    ]


def test_sample_moscow_keeps_supporting_the_syrian_government(sample_events):
    # "Moscow will not stop supporting the Syrian government": support (05x), not a cessation (16x)
    events = sample_events["003"]
    support = _has(events, "05", "RUS", "SYRGOV") + _has(events, "07", "RUS", "SYRGOV")
    assert support and all(e.negated for e in support if e.action.text == "supporting")
    assert not _has(events, "16", "RUS", "SYR")


def test_sample_calls_on_parties_to_stop_bombing_civilians(sample_events):
    # "calling on 'parties affecting armed groups active in Idlib' to stop bombing civilians"
    events = sample_events["003"]
    assert _has(events, "02", "RUS", text="calling") or _has(events, "10", "RUS", text="calling")


def test_sample_foreign_ministry_calls_for_aid_to_syria(sample_events):
    # "The statement concluded by calling for the crisis to not be politicized and to … providing aid"
    events = sample_events["000"]
    assert _has(events, "02", "RUSGOV", text="calling") or _has(events, "10", "RUSGOV", text="calling")


def test_sample_foreign_ministry_accuses_the_intervening_countries(sample_events):
    # "the countries that directly participated in … this crisis are practicing double standards …" and
    # "the West is politicizing the humanitarian aid file": accusations (11x) by the Russian government.
    events = sample_events["000"]
    assert _has(events, "11", "RUS")
    # "The Russian Foreign Ministry indicated … that the countries … continue to support forces …"
    assert _has(events, "11", "RUSGOV", text="indicated")


@pytest.mark.parametrize(
    "text, discarded",
    [
        ("He loves baseball.", True),
        ("Two baseballs flew.", True),  # a stem
        ("The cricket season began.", True),
        ("Crickets sang all night.", False),  # "CRICKET_" asks for the whole word
        ("The World Cup final.", True),
        ("The world cupboard.", True),  # the last word of a phrase is a stem too
        ("The world is round.", False),
    ],
)
def test_discard_phrases_match_words_and_stems(text, discarded):
    from dragoman.events.discards import DiscardMatcher
    from dragoman.events.patterns import Discard

    matcher = DiscardMatcher(
        [
            Discard("BASEBALL", "sentence", False),
            Discard("CRICKET", "sentence", True),
            Discard("WORLD CUP", "sentence", False),
        ]
    )
    assert matcher.matches(text) is discarded


def test_a_bad_user_verb_file_is_reported_line_by_line_and_the_rest_loads(tmp_path: Path, caplog, nlp):
    path = tmp_path / "mine.verbs.txt"
    path.write_text("--- SCOLD [111] ---\nSCOLD\n- * HARSHLY [999]\n- NO VERB [111]\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="dragoman.events.coder"):
        mine = EventCoder.load(Settings(verbs=str(path)))
    assert [r.getMessage() for r in caplog.records] == [
        f"skipped {path}:4: malformed pattern (no '*' for the verb)",
        f"{path}: 1 code is not in the CAMEO table (999); kept, with the type of their longest CAMEO prefix",
    ]
    # a user's own code is kept: their dictionary, their codes
    assert [e.cameo for e in coded(nlp, mine, "Russia scolded Israel harshly.")] == ["999"]
    assert [e.cameo for e in coded(nlp, mine, "Russia scolded Israel.")] == ["111"]


def test_event_score_weighs_actor_resolution_and_rule_specificity(nlp, coder):
    text = "Russia called for talks with Turkey. Russia attacked Turkey."
    pattern_event, verb_event = coded(nlp, coder, text)
    assert pattern_event.rule in coder.pattern_ids and pattern_event.score == 1.0
    assert verb_event.rule not in coder.pattern_ids and verb_event.score == 0.9


def test_transformations_recode_what_a_speaker_says_and_what_a_subject_wants(nlp, coder):
    text = "The minister said that Turkey attacked Syria."
    said = statement(text, "The minister", "RUSGOV", "said", "say")
    events = coded(nlp, coder, text, [said])
    assert sorted((e.source.code, e.target.code, e.cameo, e.rule, e.statement_id) for e in events) == [
        ("RUSGOV", "TUR", "112", "CAMEO.2.0:9180", "st1"),  # ~ a (b . ATTACK) SAY = a b 112
        ("TUR", "SYR", "190", "CAMEO.2.0:8881", "st1"),
    ]
    # a want-to-attack is a threat (a WANT pattern and ~ a (_ b ATTACK) WANT = a b 138 agree); no attack
    wants = coded(nlp, coder, "Russia wants to attack Turkey.")
    assert [(e.source.code, e.target.code, e.cameo, e.action.text) for e in wants] == [
        ("RUS", "TUR", "138", "wants")
    ]


def triples(pipeline, text: str) -> set[tuple[str | None, str | None, str]]:
    """(source code, target code, CAMEO code) of each event of ``text`` through the whole pipeline."""
    from dragoman.pipeline import extract_text

    events = extract_text(text, pipeline=pipeline).events
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo) for e in events
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        # an act whole alone has no target (one_actor.tsv)
        ("Turkish drones struck a fuel depot near Qamishli on Sunday.", {("TUR", None, "195")}),
        # a bare agent takes its country from the article's places (bare_agents.tsv)
        ("Thousands of demonstrators marched in Tbilisi against the new law.", {("GEOOPP", None, "141")}),
        (
            "Security forces shot dead three protesters in Khartoum, medics said.",
            {("SDNMIL", "SDNOPP", "190")},
        ),
        # agreeing is the intent; several actors cooperating with no target do so with each other
        (
            "Iran and Iraq agreed to set up a joint border commission.",
            {("IRN", "IRQ", "032"), ("IRQ", "IRN", "032")},
        ),
        # a noun names the act; the support verb's own code (conduct, 060) is not an event
        ("The U.S. began conducting airstrikes on Islamic State.", {("USA", "IMGMUSISI", "195")}),
        # a pattern that reads the noun codes it once: 036, not also talks (046)
        ("Russia called for talks with Turkey.", {("RUS", "TUR", "036")}),
        # the same attack with and without its target is one attack
        ("Israel's attack on Syria killed ten people.", {("ISR", "SYR", "190")}),
        # figurative conflict: no assault; a verb of attack is criticism
        ("Sanders crushed Clinton in the primary.", set()),
        ("Trump attacked Clinton in the debate.", {("USAGOV", "USAELI", "111")}),
        # two actors make a dyad even when they share a code
        ("Clinton has repeatedly accused Trump of using divisive rhetoric.", {("USAELI", "USAGOV", "112")}),
        # an act in a condition is no act; what would follow it is coded (here an intent)
        ("NATO will defend Poland if Russia attacks Lithuania.", {("IGOWSTNAT", "POL", "033")}),
    ],
)
def test_real_news_is_coded_as_the_cameo_manual_does(pipeline, text, expected):
    assert triples(pipeline, text) == expected


def test_intent_moves_the_act_to_the_word_that_governs_it(pipeline):
    from dragoman.pipeline import extract_text

    text = "The United Nations will provide nearly 25,000 tons of emergency food aid to refugees in Liberia."
    (event,) = extract_text(text, pipeline=pipeline).events
    assert (event.source.code, event.cameo_root, event.plover) == ("IGOUNO", "03", "AGREE")
    assert event.rule.endswith("+intent")


def test_a_statement_is_coded_by_what_it_says(pipeline):
    from dragoman.pipeline import extract_text

    text = "The Russian Foreign Ministry concluded by calling for the crisis to not be politicized."
    events = extract_text(text, pipeline=pipeline).events
    assert [(e.source.code, e.cameo_root, e.action.text) for e in events] == [
        ("RUSGOV", "02", "concluded by calling for")
    ]
    # the dictionary's "call for" pattern codes it (an appeal needs no actor as its object), over the cue
    assert events[0].statement_id and events[0].rule == "CAMEO.2.0:5497"


def test_a_statement_accusing_the_parties_it_reports_on_is_an_accusation_beside_their_acts(pipeline):
    from dragoman.pipeline import extract_text

    text = (
        "The Egyptian Foreign Ministry said that the countries behind the war continue to support "
        "terrorist organizations."
    )
    events = extract_text(text, pipeline=pipeline).events
    said = [e for e in events if e.action.text == "said"]
    assert [(e.source.code, e.cameo, e.target.text, e.target.code) for e in said] == [
        ("EGYGOV", "112", "the countries", None)
    ]
    assert [e.cameo_root for e in events if e.action.text == "support"] == ["05"]  # what it reports stays
    assert len({e.statement_id for e in events}) == 1


def test_a_place_in_a_statements_subject_is_not_whom_it_is_about(pipeline):
    from dragoman.pipeline import extract_text

    text = (
        "The Egyptian Foreign Ministry said that the crisis in Libya is the result of foreign interference."
    )
    targets = [e.target for e in extract_text(text, pipeline=pipeline).events if e.action.text == "said"]
    assert targets and all(t is None or t.code != "LBY" for t in targets)


@pytest.mark.parametrize(
    "text, expected",
    [
        # the nominal event under a marker of intent or threat is the intent or the threat alone
        ("Britain promised to continue military aid to Mozambique.", {("GBR", "MOZ", "033")}),
        ("Russia threatened to launch a new offensive against Ukraine.", {("RUS", "UKR", "138")}),
        # the purpose of a marked act shares its mood: the help is offered, not given
        ("Poland is ready to send engineers to help rebuild Ukraine.", {("POL", "UKR", "033")}),
        # a sworn fight is a vow of force, a threat
        ("The militants have sworn to fight on.", {("UAF", None, "138")}),
    ],
)
def test_a_nominal_event_takes_the_mood_of_the_verb_above_it(pipeline, text, expected):
    assert triples(pipeline, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a source named after the news ("…, X said") reports the event; it accuses no one
        (
            "Rebels attacked a village in Darfur on Sunday, the United Nations said.",
            {("SDNREB", "SDNCVL", "190")},
        ),
        # a speaker leading with the claim still accuses (PETRARCH's transformation)
        (
            "The United Nations said that rebels attacked a village in Darfur.",
            {("IGOUNO", "SDNREB", "112"), ("SDNREB", "SDNCVL", "190")},
        ),
        # a stoppage of work is a strike (143), not an air strike
        ("Kenyan teachers went on strike on Monday.", {("KENEDU", None, "143")}),
        ("Ugandan opposition parties called a general strike over the election.", {("UGAOPP", None, "143")}),
        # strikes carried out are military; a protest stands alone whatever its verb
        (
            "The U.S.-led coalition carried out four strikes against Islamic State forces near Raqqa.",
            {(None, "IMGMUSISI", "195")},
        ),
        ("Teachers in Kenya staged a strike over pay.", {("KENEDU", None, "140")}),
        # talks are with someone; "on" names what they are about
        (
            "Israel and Lebanon renewed negotiations on a border dispute.",
            {("ISR", "LBN", "046"), ("LBN", "ISR", "046")},
        ),
        # the one arriving on a visit makes it
        ("French President Emmanuel Macron arrived in Cairo on a state visit.", {("FRAGOV", None, "042")}),
        # an act of force is done to the one behind "of"
        ("Iraq's invasion of Kuwait shocked the region.", {("IRQ", "KWT", "192")}),
        # a preposition of time dates the verb by another event: no bombing by Egypt
        ("Egypt threatened retaliation after the bombing.", {("EGY", None, "130")}),
        # a passive relative clause: the agent is the source, the noun it qualifies the target
        (
            "They carried the body of a soldier who was shot by Syrian security forces last week.",
            {("SYRMIL", "MIL", "190")},
        ),
        # a sanction lifted or removed is no sanction; the verb codes the easing (085)
        ("Removing the sanctions on Cuba is out of the question.", set()),
        ("The United States lifted its sanctions on Iran.", {("USA", "IRN", "085")}),
        # a verb after a preposition takes the subject of the verb the preposition hangs on
        (
            "French President Emmanuel Macron flew home after meeting with Chinese President Xi Jinping.",
            {("FRAGOV", "CHNGOV", "040")},
        ),
        # easing as the CAMEO codebook codes it (08x, dragoman.verbs.txt), not facilitation (060)
        ("Turkey eased the state of emergency in Diyarbakir.", {("TUR", None, "0814")}),
        ("France gave a warm welcome to the visiting Indian prime minister.", {("FRA", "INDGOV", "043")}),
        # the appeal or demand a protest makes is the protest's aim, coded with the protest alone
        (
            "Hundreds of Kenyan students marched in Nairobi on Friday calling for lower fees.",
            {("KENEDU", None, "140")},
        ),
        (
            "Belarusian opposition supporters held rallies in Minsk, saying the president must step down.",
            {("BLROPP", None, "141")},
        ),
        # tear gas fired at no one named is violent repression with no target
        ("Riot police in Nairobi fired tear gas to disperse the crowds.", {("KENCOP", None, "175")}),
        # a verb form standing as a noun is no act ("the wounded")
        ("U.N. helicopters evacuated the wounded from the town on Friday.", set()),
        # demands and rejections are whole with no actor as their object (one_actor.tsv, line "*")
        ("The Greek opposition demanded early elections on Monday.", {("GRCOPP", None, "0241")}),
        ("Hungary rejected the European plan for refugee quotas.", {("HUN", None, "120")}),
    ],
)
def test_issue_13_reports_strikes_talks_and_visits(pipeline, text, expected):
    assert triples(pipeline, text) == expected


def test_a_caption_verb_the_tagger_reads_as_a_noun_is_still_the_verb(pipeline):
    from dragoman.pipeline import extract_text

    text = "Japan's Prime Minister Shinzo Abe greets India's Foreign Minister Sushma Swaraj before a meeting."
    events = extract_text(text, published="2016-06-01", pipeline=pipeline).events  # both in office then
    assert {(e.source.code, e.target.code, e.cameo) for e in events} == {("JPNGOV", "INDGOV", "051")}


def test_an_act_of_force_on_a_name_the_knowledge_base_lacks_keeps_the_name(pipeline):
    from dragoman.pipeline import extract_text

    (event,) = extract_text("Kvaratskhelia was arrested on Friday in Tbilisi.", pipeline=pipeline).events
    assert event.source is None and event.cameo == "173"
    assert (event.target.text, event.target.code, event.target.actor_id) == ("Kvaratskhelia", None, None)
    # a noun naming an act of force on such a name keeps it too
    (arrest,) = extract_text("The arrest of Omar Farouk drew protests.", pipeline=pipeline).events
    assert (arrest.cameo, arrest.source, arrest.target.text, arrest.target.code) == (
        "173",
        None,
        "Omar Farouk",
        None,
    )
    # so does an act a pattern confirms ("taken into custody": TAKE * CUSTODY)
    (custody,) = extract_text("Omar Farouk was taken into custody on Friday.", pipeline=pipeline).events
    assert (custody.cameo, custody.source, custody.target.text) == ("173", None, "Omar Farouk")
    # praise is no act of force: an uncoded name alone gives no event
    assert extract_text("Kvaratskhelia was praised on Friday in Tbilisi.", pipeline=pipeline).events == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia met with Turkey for talks.", {("RUS", "TUR", "040"), ("TUR", "RUS", "040")}),
        ("Russia will meet with Turkey for talks.", {("RUS", "TUR", "036")}),
        ("Russia agreed to meet with Turkey for talks.", {("RUS", "TUR", "036")}),
    ],
)
def test_a_meeting_held_is_a_meeting_and_one_promised_an_intent(nlp, coder, text, expected):
    assert {(e.source.code, e.target.code, e.cameo) for e in coded(nlp, coder, text)} == expected


def test_an_act_of_force_or_a_protest_at_a_named_place_stands_with_no_actor(pipeline):
    from dragoman.pipeline import extract_text

    events = extract_text("The bombing in Kabul killed ten people.", pipeline=pipeline).events
    bombing = [e for e in events if e.action.text == "bombing"]
    assert [(e.source, e.target, e.cameo_root) for e in bombing] == [(None, None, "18")]
    (protests,) = extract_text("Protests in Tbilisi continued on Monday.", pipeline=pipeline).events
    assert (protests.source, protests.target, protests.cameo_root) == (None, None, "14")
    # the place may hang on the verb the event noun is the subject of
    (fighting,) = extract_text("Heavy fighting resumed on Wednesday in Aleppo.", pipeline=pipeline).events
    assert (fighting.source, fighting.target, fighting.cameo_root) == (None, None, "19")
    # deeper in the phrase of place
    (rally,) = extract_text(
        "People took part in a rally outside the embassy in Kyiv.", pipeline=pipeline
    ).events
    assert (rally.source, rally.target, rally.cameo_root, rally.action.text) == (None, None, "14", "rally")
    # a campaign's rally is no protest
    assert extract_text("The candidate spoke at a rally in Miami.", pipeline=pipeline).events == ()
    # no place named, or no material reading: nothing
    assert extract_text("The protests continued on Monday.", pipeline=pipeline).events == ()
    assert extract_text("Sanders is fighting for working families in Ohio.", pipeline=pipeline).events == ()
    assert extract_text("The attack ads in Ohio hurt the campaign.", pipeline=pipeline).events == ()


def test_a_postponed_act_is_not_done(pipeline):
    from dragoman.pipeline import extract_text

    text = "The opposition agreed to postpone the demonstration in Tbilisi."
    assert [
        e.cameo_root for e in extract_text(text, pipeline=pipeline).events if e.cameo_root in ("13", "14")
    ] == []


@pytest.mark.parametrize(
    "published, expected",
    [(None, []), ("2013-05-02", ["190"]), ("2014-01-10", ["190"]), ("2020-03-01", [])],
)
def test_a_year_of_the_articles_own_time_is_no_retrospective(nlp, coder, published, expected):
    from dragoman.nlp import parse_article

    text = "Israel attacked Syria in May 2013."
    parsed = parse_article(nlp, Article(id="t", source="test", text=text, published=published))
    assert [e.cameo for e in code_events(parsed, mentions_in(text), [], coder)] == expected


def test_calling_someone_something_is_no_phone_call(nlp, coder):
    assert coded(nlp, coder, "Russia called Turkey a terrorist state.") == []
    assert [e.cameo[:2] for e in coded(nlp, coder, "Russia called Turkey on Monday.")] != []


@pytest.mark.parametrize(
    "text, victim",
    [
        ("He was arrested on Monday in Tbilisi.", "He"),
        ("Seven men were shot dead in Tbilisi.", "Seven men"),
        ("They detained at least two dozen men in Tbilisi.", "at least two dozen men"),
    ],
)
def test_an_act_of_force_on_people_no_actor_names_keeps_them_as_the_target(pipeline, text, victim):
    from dragoman.pipeline import extract_text

    (event,) = extract_text(text, pipeline=pipeline).events
    assert (event.source, event.cameo_root in ("17", "18", "19", "20")) == (None, True)
    assert (event.target.text, event.target.code) == (victim, None)


def test_an_arrest_stands_in_election_news_where_a_defeat_is_no_assault(pipeline):
    from dragoman.pipeline import extract_text

    text = (
        "Kamau, the opposition candidate in the presidential election, was arrested on Wednesday in Nairobi."
    )
    (arrest,) = extract_text(text, pipeline=pipeline).events
    assert (arrest.cameo, arrest.source, arrest.target.text) == ("173", None, "Kamau")
    assert extract_text("Sanders crushed Clinton in the election.", pipeline=pipeline).events == ()


def test_a_thing_criticised_or_attacked_in_words_is_no_victim(pipeline):
    from dragoman.pipeline import extract_text

    assert extract_text("The plan was attacked as reckless.", pipeline=pipeline).events == ()
    assert extract_text("It was arrested in Tbilisi.", pipeline=pipeline).events == ()
    # things are no victims: shots fired, a stance struck
    assert extract_text("Shots were fired inside the center in Tbilisi.", pipeline=pipeline).events == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a story discard phrase further down discards only its own paragraph
        (
            "Israel attacked Syria on Monday.\n\nManchester United lost at home, a report noted.\n\n"
            "Russia accused the United States of supporting terrorists.",
            {("ISR", "SYR", "190"), ("RUS", "USA", "112")},
        ),
        # in the lead it marks the whole story as one not to code
        (
            "Manchester United beat Chelsea as Israel attacked Syria.\n\n"
            "Russia accused the United States of supporting terrorists.",
            set(),
        ),
    ],
)
def test_a_story_discard_rules_the_story_from_the_lead_and_its_paragraph_elsewhere(
    nlp, coder, text, expected
):
    assert {(e.source.code, e.target.code, e.cameo) for e in coded(nlp, coder, text)} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan authorities deported forty Somalis on Tuesday.",
        "Turkish authorities have deported thirty Afghans, officials said.",
    ],
)
def test_a_government_deporting_people_is_coercion_without_arms_named(pipeline, text):
    from dragoman.pipeline import extract_text

    events = extract_text(text, pipeline=pipeline).events
    assert [(e.source.code[-3:], e.cameo[:2]) for e in events] == [("GOV", "17")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turkey tightened its naval blockade of Cyprus on Friday.", ("TUR", "19", "CYP")),
        ("Greece maintained its blockade of Albania on Monday.", ("GRC", "19", "ALB")),
    ],
)
def test_who_tightens_or_maintains_a_blockade_is_its_source(pipeline, text, expected):
    from dragoman.pipeline import extract_text

    events = extract_text(text, pipeline=pipeline).events
    assert [(e.source.code, e.cameo[:2], e.target.code if e.target else None) for e in events] == [expected]
