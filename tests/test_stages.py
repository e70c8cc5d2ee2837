"""The stage protocol: stages run in order over one article's Findings, and a user's stage is one line."""

from __future__ import annotations

from dataclasses import replace

from dragoman import stages
from dragoman.model import Article
from dragoman.pipeline import Pipeline
from dragoman.stages import Findings, run_stages

TEXT = "Russia condemned Israel on Monday."


def test_the_default_stages_give_records_and_a_users_stage_is_one_line(pipeline):
    def no_disapproval(doc, found: Findings, resources) -> Findings:
        return found.but(events=[e for e in found.events if e.cameo_root != "11"]).warned("filtered")

    article = Article(id="a", source="t", text=TEXT, published="2020-01-06")
    plain = pipeline.process(article)
    custom = Pipeline(pipeline.settings, stages=[*stages.STAGES, no_disapproval])
    custom_extraction = custom.process(article)
    assert [e.cameo for e in plain.events] == ["111"]
    assert custom_extraction.events == ()
    assert custom_extraction.mentions == plain.mentions
    assert custom_extraction.warnings == ("filtered",)


def test_a_stage_that_changes_the_article_hands_it_to_the_later_ones(pipeline):
    seen = []

    def mark(doc, found: Findings, resources) -> Findings:
        return replace(found, article=replace(found.article, outlet="Wire"))

    def look(doc, found: Findings, resources) -> Findings:
        seen.append(doc.article.outlet)
        return found

    parsed = next(iter(pipeline_parse(pipeline, TEXT)))
    found = run_stages(parsed, [mark, look], pipeline.resources)
    assert seen == ["Wire"] and found.article.outlet == "Wire"


def test_a_halting_stage_ends_the_run(pipeline):
    parsed = next(
        iter(pipeline_parse(pipeline, "Le ministre a condamné les frappes contre la ville hier soir."))
    )
    found = run_stages(parsed, stages.STAGES, pipeline.resources)
    assert found.halted and found.article.language == "fr"
    assert not found.mentions and not found.events and "not English" in found.warnings[0]


def pipeline_parse(pipeline, text: str):
    from dragoman.nlp import parse_articles

    return parse_articles(
        pipeline.nlp, [Article(id="a", source="t", text=text)], components=(pipeline.ruler,)
    )
