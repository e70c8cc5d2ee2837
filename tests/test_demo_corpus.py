"""The demo corpus ships in the package with its attribution, and reads as 295 dated articles."""

from __future__ import annotations

from pathlib import Path

from dragoman.ingest import read_inputs
from dragoman.model import Article

DATA = Path(__file__).resolve().parents[1] / "src" / "dragoman" / "data"
DEMO = DATA / "demo" / "wikinews-2019-2021.jsonl"


def test_the_demo_corpus_reads_as_dated_attributed_articles() -> None:
    items = list(read_inputs([str(DEMO)]))
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == len(items) == 295
    assert all(a.url and a.url.startswith("https://en.wikinews.org/") for a in articles)
    assert {a.outlet for a in articles} == {"Wikinews"}
    assert all(a.published and a.published_from == "metadata" for a in articles)
    assert min(a.published for a in articles) >= "2019-01-01"


def test_the_data_readme_gives_licence_attribution_and_sample_provenance() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 2.5" in readme and "Wikinews contributors" in readme
    assert "outlet not named" in readme and "no publication date" in readme
    # The samples folder holds only the two reports: a README there would be ingested as an article.
    assert sorted(p.suffix for p in (DATA / "samples").iterdir()) == [".txt", ".txt"]
