"""The HTTP API through FastAPI's TestClient, over stores built by code (bench/serve_corpus.py)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from dragoman.cli import cli
from dragoman.cli.serve import is_loopback
from dragoman.model import ActorRef, Article, Event, Extraction, Sentence, Span
from dragoman.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from serve_corpus import build_store, synthetic_extractions  # noqa: E402

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dragoman.server import MAX_LIMIT, create_app  # noqa: E402

EVENTS = 300
SCRIPT_TEXT = 'Alert: <script>window.__pwned = 1</script> and <img src=x onerror="alert(1)">\n\nNothing else.'


def hostile_article() -> Extraction:
    """An article whose text holds markup, with one event whose spans sit around it."""
    article = Article(
        id="hostile",
        source="hostile.txt",
        text=SCRIPT_TEXT,
        title="<b>Markup</b> headline",
        published="2023-06-01",
    )
    action = SCRIPT_TEXT.index("script")
    event = Event(
        id="hostile-event",
        article_id="hostile",
        sentence=0,
        source=ActorRef("Alert", 0, 5, None, None, None),
        target=None,
        action=Span("script", action, action + 6),
        cameo="010",
        cameo_root="01",
        plover="CONSULT",
        plover_mode=None,
        quad_class=1,
        goldstein=0.0,
        date="2023-06-01",
    )
    first_end = SCRIPT_TEXT.index("\n\n")
    sentences = (
        Sentence("hostile", 0, 0, first_end, SCRIPT_TEXT[:first_end]),
        Sentence("hostile", 1, first_end + 2, len(SCRIPT_TEXT), SCRIPT_TEXT[first_end + 2 :]),
    )
    return Extraction(article=article, sentences=sentences, events=(event,))


@pytest.fixture(scope="module")
def records() -> list[Extraction]:
    return list(synthetic_extractions(EVENTS))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server") / "server.db"
    build_store(str(path), EVENTS)
    with Store(path, dedupe_threshold=None) as store:
        store.write(hostile_article())
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def all_events(records: list[Extraction]) -> list[Event]:
    return [event for extraction in records for event in extraction.events]


def get_ok(client: TestClient, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    return body


def collect(client: TestClient, url: str) -> list[dict]:
    """Every item of a list endpoint, page after page."""
    items: list[dict] = []
    offset = 0
    separator = "&" if "?" in url else "?"
    while True:
        body = get_ok(client, f"{url}{separator}limit={MAX_LIMIT}&offset={offset}")
        items.extend(body["items"])
        if not body["has_more"]:
            return items
        offset += MAX_LIMIT


# -- lists, filters and pagination -------------------------------------------------------------------------


def test_events_page_has_the_records_shape_and_article_fields(client: TestClient) -> None:
    body = get_ok(client, "/api/events?since=2024-01-01")
    assert body["limit"] == 50 and body["offset"] == 0 and body["has_more"] is True
    assert len(body["items"]) == 50
    item = body["items"][0]
    assert isinstance(item["cameo"], str) and len(item["cameo"]) == 3
    assert {"source", "target", "action", "quad_class", "goldstein", "day", "article"} <= set(item)
    assert item["article"]["title"].startswith("Report ")
    days = [i["day"] for i in body["items"]]
    assert days == sorted(days)


def test_pages_are_disjoint_and_cover_every_event(client: TestClient, records: list[Extraction]) -> None:
    first = get_ok(client, "/api/events?limit=7&offset=0")["items"]
    second = get_ok(client, "/api/events?limit=7&offset=7")["items"]
    assert not {e["id"] for e in first} & {e["id"] for e in second}
    everything = collect(client, "/api/events")
    assert len(everything) == EVENTS + 1  # the hostile article's event too
    assert {e["id"] for e in everything} >= {e.id for e in all_events(records)}


@pytest.mark.parametrize(
    "query, keep",
    [
        ("quad=3", lambda e: e.quad_class == 3),
        ("cameo=11", lambda e: e.cameo.startswith("11")),
        ("cameo=057", lambda e: e.cameo == "057"),
        ("source=FRAGOV", lambda e: e.source.code == "FRAGOV"),
        ("target=synth-chn", lambda e: e.target.actor_id == "synth-chn"),
        ("actor=germany", lambda e: "Germany" in (e.source.name, e.target.name)),
        ("actor=IGO", lambda e: e.source.code.startswith("IGO") or e.target.code.startswith("IGO")),
        ("since=2024-03-01&until=2024-03-31", lambda e: "2024-03-01" <= e.date <= "2024-03-31"),
        ("since=2024-02", lambda e: e.date >= "2024-02-01"),
        ("place=2988507", lambda e: e.place_id == "2988507"),
        ("quad=4&source=USAGOV", lambda e: e.quad_class == 4 and e.source.code == "USAGOV"),
        ("actor=nobody-at-all", lambda e: False),
    ],
)
def test_event_filters_return_exactly_the_matching_events(
    client: TestClient, records: list[Extraction], query: str, keep
) -> None:
    expected = {e.id for e in all_events(records) if keep(e)}
    got = {e["id"] for e in collect(client, f"/api/events?{query}")}
    assert got == expected


def test_text_filter_searches_the_sentences(client: TestClient, records: list[Extraction]) -> None:
    expected = {e.id for x in records for e in x.events if "Brasilia" in x.sentences[e.sentence].text}
    got = {e["id"] for e in collect(client, "/api/events?text=Brasilia")}
    assert got == expected and expected


def test_statements_filter_by_speaker_and_refuse_event_filters(
    client: TestClient, records: list[Extraction]
) -> None:
    expected = {s.id for x in records for s in x.statements if s.speaker.name == "Egypt"}
    got = collect(client, "/api/statements?actor=Egypt")
    assert {s["id"] for s in got} == expected and expected
    assert all(s["cue"]["lemma"] == "say" and s["content"]["text"] == "talks would continue" for s in got)
    assert collect(client, "/api/statements?actor=Egypt&speaker_how=pronoun") == []
    matched = client.get("/api/statements?actor=egypt").json()["matched"]["actor"]
    assert [a["name"] for a in matched] == ["Egypt"]
    assert client.get("/api/statements?speaker_how=guess").status_code == 422
    assert client.get("/api/events?min_speaker_score=0.5").status_code == 422
    for query, name in [("quad=1", "quad"), ("cameo=11", "cameo"), ("place=2988507", "place")]:
        response = client.get(f"/api/statements?{query}")
        assert response.status_code == 422
        assert response.json()["error"].startswith(f"{name} ")


def test_articles_list_has_counts_but_not_the_text(client: TestClient, records: list[Extraction]) -> None:
    items = collect(client, "/api/articles")
    assert len(items) == len(records) + 1
    assert all("text" not in item for item in items)
    by_id = {item["id"]: item for item in items}
    sample = records[3]
    assert by_id[sample.article.id]["events"] == len(sample.events)
    assert by_id[sample.article.id]["statements"] == 1
    assert by_id[sample.article.id]["text_length"] == len(sample.article.text)


def test_article_view_carries_text_and_every_span(client: TestClient, records: list[Extraction]) -> None:
    sample = records[5]
    body = get_ok(client, f"/api/articles/{sample.article.id}")
    text = body["article"]["text"]
    assert text == sample.article.text
    assert len(body["events"]) == len(sample.events) and len(body["statements"]) == 1
    assert len(body["mentions"]) == len(sample.mentions) and len(body["places"]) == len(sample.places)
    assert len(body["sentences"]) == len(sample.sentences)
    for event in body["events"]:
        for part in (event["action"], event["source"], event["target"]):
            assert text[part["start"] : part["end"]] == part["text"]
    for statement in body["statements"]:
        for part in (statement["speaker"], statement["cue"], statement["content"]):
            assert text[part["start"] : part["end"]] == part["text"]
    for record in body["mentions"] + body["places"] + body["sentences"]:
        assert text[record["start"] : record["end"]] == record["text"]


def test_actors_list_and_detail(client: TestClient, records: list[Extraction]) -> None:
    items = get_ok(client, "/api/actors?limit=100")["items"]
    assert {a["id"] for a in items} >= {"synth-usa", "synth-un"}
    events = all_events(records)
    detail = get_ok(client, "/api/actors/synth-fra")["actor"]
    assert detail["code"] == "FRAGOV" and detail["aliases"] == ["FRANCE"]
    assert detail["roles"] == [{"code": "FRAGOV", "from": "2000-01-01", "to": None, "source": None}]
    assert detail["events_as_source"] == sum(e.source.actor_id == "synth-fra" for e in events)
    assert detail["events_as_target"] == sum(e.target.actor_id == "synth-fra" for e in events)
    partners = Counter()
    for e in events:
        if e.source.actor_id == "synth-fra":
            partners[e.target.actor_id] += 1
        elif e.target.actor_id == "synth-fra":
            partners[e.source.actor_id] += 1
    got = {p["actor_id"]: p["events"] for p in detail["partners"]}
    assert all(partners[actor_id] == count for actor_id, count in got.items())
    assert sorted(got.values()) == sorted(count for _, count in partners.most_common(10))
    counts = [p["events"] for p in detail["partners"]]
    assert counts == sorted(counts, reverse=True)
    assert len(get_ok(client, "/api/actors/synth-fra?partners=2")["actor"]["partners"]) == 2


# -- aggregates and search ---------------------------------------------------------------------------------


def test_aggregate_by_quad_class_per_week_adds_up(client: TestClient, records: list[Extraction]) -> None:
    events = all_events(records)
    body = get_ok(
        client, "/api/aggregates?group_by=quad_class&per=week&since=2024-01-01&until=2024-12-31&source=IGO"
    )
    by_quad = Counter()
    for row in body["rows"]:
        by_quad[row["quad_class"]] += row["events"]
    expected = Counter(e.quad_class for e in events if e.source.code.startswith("IGO"))
    assert by_quad == expected
    assert body["truncated"] is False
    periods = {row["period"] for row in body["rows"]}
    assert all(date.fromisoformat(p).weekday() == 0 for p in periods)


def test_aggregate_by_dyad_matches_the_records(client: TestClient, records: list[Extraction]) -> None:
    events = all_events(records)
    rows = get_ok(client, "/api/aggregates?group_by=dyad&quad=4")["rows"]
    expected = Counter((e.source.code, e.target.code) for e in events if e.quad_class == 4)
    assert {(r["source_code"], r["target_code"]): r["events"] for r in rows} == dict(expected)
    for row in rows:
        assert row["quad4_share"] == 1.0
        assert -10 <= row["goldstein_mean"] <= -8


def test_aggregate_by_place_gives_coordinates(client: TestClient, records: list[Extraction]) -> None:
    rows = get_ok(client, "/api/aggregates?group_by=place")["rows"]
    expected = Counter(e.place_id for e in all_events(records))
    assert {r["place_id"]: r["events"] for r in rows} == dict(expected)
    paris = next(r for r in rows if r["place_id"] == "2988507")
    assert paris["name"] == "Paris" and paris["country"] == "FRA" and round(paris["lat"]) == 49


def test_aggregate_limit_says_it_truncated(client: TestClient) -> None:
    body = get_ok(client, "/api/aggregates?group_by=dyad&limit=3")
    assert len(body["rows"]) == 3 and body["truncated"] is True
    counts = [r["events"] for r in body["rows"]]
    assert counts == sorted(counts, reverse=True)


def test_search_finds_sentences_with_snippets(client: TestClient, records: list[Extraction]) -> None:
    first = next(x.sentences[e.sentence].text for x in records for e in x.events if e.cameo == "163")
    place = first.rstrip(".").split(" in ")[-1]
    expected = {
        (x.article.id, s.index)
        for x in records
        for s in x.sentences
        if "sanctions" in s.text and place in s.text
    }
    body = get_ok(client, f"/api/search?q=sanctions%20{place}&limit=100")
    assert {(item["article_id"], item["sentence_index"]) for item in body["items"]} == expected
    for item in body["items"]:
        assert f"[{place.split()[0]}" in item["snippet"] and "[sanctions]" in item["snippet"]
    assert len(get_ok(client, f"/api/search?q=sanctions%20{place}&limit=1")["items"]) == 1


# -- exports -----------------------------------------------------------------------------------------------


def test_export_csv_streams_every_filtered_event(client: TestClient, records: list[Extraction]) -> None:
    response = client.get("/api/export?format=csv&quad=2")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == sum(e.quad_class == 2 for e in all_events(records))
    assert {r["cameo"] for r in rows} == {"070"}


def test_export_csv_of_statements(client: TestClient, records: list[Extraction]) -> None:
    response = client.get("/api/export?format=csv&records=statements")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(records) and rows[0]["cue_lemma"] == "say"


def test_export_gdelt_has_61_columns(client: TestClient, records: list[Extraction]) -> None:
    response = client.get("/api/export?format=gdelt&cameo=18")
    lines = response.text.splitlines()
    assert len(lines) == sum(e.cameo_root == "18" for e in all_events(records)) and lines
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 61
        assert fields[26] == "181" and fields[29] == "4"  # EventCode, QuadClass
    mentions = client.get("/api/export?format=gdelt_mentions&cameo=18").text.splitlines()
    assert len(mentions) == len(lines)


def test_export_plover_is_json_lines(client: TestClient, records: list[Extraction]) -> None:
    response = client.get("/api/export?format=plover&source=synth-jpn")
    events = [json.loads(line) for line in response.text.splitlines()]
    assert len(events) == sum(e.source.actor_id == "synth-jpn" for e in all_events(records))
    assert all(e["actor"]["code"] == "JPNGOV" and e["event_type"] for e in events)


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("format=zip", "format"),
        ("format=gdelt&records=statements", "records"),
        ("format=csv&quad=9", "quad"),
        ("format=csv&records=statements&quad=1", "quad"),
        ("", "format"),
    ],
)
def test_export_refuses_bad_parameters_before_streaming(
    client: TestClient, query: str, parameter: str
) -> None:
    response = client.get(f"/api/export?{query}")
    assert response.status_code == 422
    assert response.json()["error"].startswith(parameter)


# -- bad input and safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, status, starts",
    [
        ("/api/events?quad=7", 422, "quad 7:"),
        ("/api/events?quad=x", 422, "quad x:"),
        ("/api/events?since=yesterday-ish", 422, "since yesterday-ish:"),
        ("/api/events?since=2024-05-01&until=2024-01-01", 422, "until"),
        ("/api/events?cameo=abc", 422, "cameo abc:"),
        ("/api/events?limit=0", 422, "limit 0:"),
        (f"/api/events?limit={MAX_LIMIT + 1}", 422, f"limit {MAX_LIMIT + 1}:"),
        ("/api/events?offset=-1", 422, "offset -1:"),
        ("/api/events?qaud=3", 422, "qaud: unknown parameter"),
        ("/api/aggregates?group_by=planet", 422, "group_by planet:"),
        ("/api/aggregates?per=year", 422, "per year:"),
        ("/api/search", 422, "q:"),
        ("/api/search?q=%20", 422, "q:"),
        ("/api/search?q=%22unbalanced", 422, "text"),
        ("/api/articles/no-such-article", 404, "article no-such-article: not found"),
        ("/api/actors/no-such-actor", 404, "actor no-such-actor: not found"),
        ("/api/nothing-here", 404, "Not Found"),
        ("/static/app.py", 404, "static file app.py"),
    ],
)
def test_errors_have_one_shape_and_name_the_parameter(
    client: TestClient, url: str, status: int, starts: str
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert body["error"].startswith(starts), body["error"]


def test_wrong_method_gets_the_error_shape(client: TestClient) -> None:
    response = client.post("/api/events")
    assert response.status_code == 405 and response.json()["ok"] is False


@pytest.mark.parametrize(
    "value",
    ["x' OR '1'='1", "FRA'; DROP TABLE events; --", "%", "*", "\\", "a\x00b"],
)
def test_filter_values_are_never_sql(client: TestClient, db: Path, value: str) -> None:
    for name in ("actor", "source", "article"):
        body = get_ok(client, "/api/events?" + urlencode({name: value}))
        assert body["items"] == []
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone()[0] == EVENTS + 1


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/..%2f..%2fapp.py",
        "/static/%2e%2e/server/app.py",
        "/static//etc/passwd",
        "/static/vendor/../../app.py",
    ],
)
def test_no_request_path_reaches_the_filesystem(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"create_app" not in response.content and b"root:" not in response.content


def test_server_connections_are_read_only(db: Path) -> None:
    app = create_app(db)
    store = app.state.stores.get()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.connection.execute("CREATE TABLE intruder (x)")
    app.state.stores.close()


def test_article_text_with_markup_comes_back_verbatim(client: TestClient) -> None:
    body = get_ok(client, "/api/articles/hostile")
    assert body["article"]["text"] == SCRIPT_TEXT
    assert body["events"][0]["action"]["text"] == "script"


def test_dashboard_page_and_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert 'id="filters"' in page.text
    for name in (
        "static/app.js",
        "static/style.css",
        "static/vendor/d3.min.js",
        "static/vendor/topojson-client.min.js",
    ):
        assert f'"{name}"' in page.text
        response = client.get(f"/{name}")
        assert response.status_code == 200 and len(response.content) > 1000
    world = client.get("/static/vendor/countries-110m.json").json()
    assert world["type"] == "Topology" and len(world["objects"]["countries"]["geometries"]) > 150
    etag = client.get("/static/app.js").headers["etag"]
    assert client.get("/static/app.js", headers={"If-None-Match": etag}).status_code == 304


def test_docs_work_offline_and_list_every_endpoint(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text and "cdn." not in docs.text
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/statements",
        "/api/events",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/aggregates",
        "/api/search",
        "/api/export",
        "/api/extract",
    ):
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {
        "actor",
        "source",
        "target",
        "cameo",
        "quad",
        "since",
        "until",
        "text",
        "limit",
        "offset",
    } <= parameters


# -- POST /api/extract -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_body_client(db: Path) -> TestClient:
    def no_pipeline():
        raise AssertionError("the pipeline must not load for a refused request")

    with TestClient(create_app(db, max_body=200, pipeline_factory=no_pipeline)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "content, content_type, status, starts",
    [
        (b"x" * 201, "text/plain", 413, "body:"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", 415, "content-type image/png"),
        (b"abc", "application/octet-stream", 415, "content-type application/octet-stream"),
        (b"abc", None, 415, "content-type (none)"),
        (b"Text with a NUL \x00 byte", "text/plain", 415, "body: binary"),
        (b"caf\xe9 latin-1", "text/plain", 415, "body: not UTF-8"),
        (b"   \n ", "text/plain", 422, "body: empty"),
        (b"{not json", "application/json", 422, "body: not valid JSON"),
        (b'{"title": "no text"}', "application/json", 422, "body: expected a JSON object"),
        (b'{"text": "A said B.", "published": "someday"}', "application/json", 422, "published someday:"),
    ],
)
def test_extract_refuses_bad_bodies(
    small_body_client: TestClient, content: bytes, content_type: str | None, status: int, starts: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = small_body_client.post("/api/extract", content=content, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["error"].startswith(starts)


def test_extract_refuses_a_streamed_body_over_the_limit(small_body_client: TestClient) -> None:
    def chunks():
        for _ in range(10):
            yield b"y" * 50

    response = small_body_client.post(
        "/api/extract", content=chunks(), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 413


@pytest.mark.slow
def test_extract_returns_records_and_stores_nothing(db: Path, pipeline) -> None:
    text = (
        "Ministers meet in Geneva\n\n"
        'The foreign minister said that the talks had been "useful and frank". '
        "Officials stressed that a deal was close."
    )
    with TestClient(create_app(db, pipeline_factory=lambda: pipeline)) as test_client:
        before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        response = test_client.post(
            "/api/extract?published=2024-06-01",
            content=text.encode(),
            headers={"Content-Type": "text/plain; charset=utf-8"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        as_json = test_client.post("/api/extract", json={"text": text, "published": "2024-06-01"}).json()
        after = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert body["article"]["text"].startswith("Ministers meet in Geneva")
    assert body["article"]["published"] == "2024-06-01"
    assert body["statements"] and body["sentences"]
    cues = {s["cue"]["lemma"] for s in body["statements"]}
    assert "say" in cues
    for statement in body["statements"]:
        content = statement["content"]
        assert body["article"]["text"][content["start"] : content["end"]] == content["text"]
    assert as_json["statements"] == body["statements"]
    assert before == after


# -- the command and the store additions -------------------------------------------------------------------


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_missing_or_foreign_database(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "missing.db: no such database" in result.output
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE other (x)")
    result = runner.invoke(cli, ["serve", "--db", str(foreign)])
    assert result.exit_code == 2 and "not a dragoman database" in result.output
    with sqlite3.connect(foreign) as connection:
        assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master")] == ["other"]


def test_serve_binds_loopback_by_default() -> None:
    host = next(p for p in cli.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_store_place_filter_and_actor_partners(db: Path, records: list[Extraction]) -> None:
    with Store(db, readonly=True) as store:
        at_cairo = list(store.events(place="360630"))
        assert at_cairo and all(e.place_id == "360630" for e in at_cairo)
        assert store.actor("no-such-actor") is None
        detail = store.actor("synth-un", partners=3)
    outgoing = sum(e.source.actor_id == "synth-un" for e in all_events(records))
    incoming = sum(e.target.actor_id == "synth-un" for e in all_events(records))
    assert detail["events_as_source"] == outgoing and detail["events_as_target"] == incoming
    assert len(detail["partners"]) == 3
    assert all(p["outgoing"] + p["incoming"] == p["events"] for p in detail["partners"])


@pytest.mark.parametrize("filters", [{}, {"since": "2024-03-01", "until": "2024-03-31"}])
def test_a_page_of_events_is_read_in_date_order_not_sorted(db: Path, filters: dict) -> None:
    from dragoman.store.filters import Filters
    from dragoman.store.query import events_sql

    sql, params = events_sql(Filters.build(**filters, limit=51))
    with Store(db, readonly=True) as store:
        plan = " | ".join(row[3] for row in store.connection.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "events_day" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_aggregates_are_cached_until_the_database_changes(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    build_store(str(path), 20)
    url = "/api/aggregates?group_by=quad_class"
    with TestClient(create_app(path)) as test_client:
        first = test_client.get(url)
        second = test_client.get(url)
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
        assert first.json() == second.json()
        assert test_client.get(url + "&quad=1").headers["x-cache"] == "miss"
        assert test_client.get("/api/aggregates?group_by=planet").status_code == 422
        with Store(path, dedupe_threshold=None) as store:  # an ingest running beside the server
            assert store.write(hostile_article()) == "new"
        third = test_client.get(url)
    assert third.headers["x-cache"] == "miss"
    assert sum(r["events"] for r in third.json()["rows"]) == 21


def test_concurrent_misses_for_one_key_compute_once(tmp_path: Path) -> None:
    import threading

    from dragoman.server.cache import ResultCache

    (tmp_path / "x.db").write_bytes(b"")
    cache = ResultCache(tmp_path / "x.db")
    calls = []
    gate = threading.Event()

    def slow() -> list[int]:
        calls.append(1)
        gate.wait(5)
        return [1, 2, 3]

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(6)]
    for thread in threads:
        thread.start()
    while not calls:
        gate.wait(0.001)
    gate.set()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert sorted(hit for _, hit in results) == [False] + [True] * 5
    assert all(value == [1, 2, 3] for value, _ in results)

    def failing() -> list[int]:
        raise ValueError("bad filter")

    with pytest.raises(ValueError):
        cache.get("bad", failing)
    assert cache.get("bad", lambda: [4])[0] == [4]


def test_aggregates_leave_near_duplicates_out_unless_asked(tmp_path: Path) -> None:
    original = hostile_article()
    copy = replace(
        original,
        article=replace(original.article, id="hostile-copy", source="copy.txt"),
        events=tuple(replace(e, id="copy-event", article_id="hostile-copy") for e in original.events),
        sentences=tuple(replace(s, article_id="hostile-copy") for s in original.sentences),
    )
    path = tmp_path / "dupes.db"
    with Store(path) as store:
        store.write(original)
        store.write(copy)
        assert store.totals()["duplicates"] == 1
    with TestClient(create_app(path)) as test_client:
        total = get_ok(test_client, "/api/aggregates?group_by=quad_class")["rows"][0]["events"]
        with_copies = get_ok(test_client, "/api/aggregates?group_by=quad_class&include_duplicates=true")
        events = get_ok(test_client, "/api/events")["items"]
    assert total == 1 and with_copies["rows"][0]["events"] == 2
    assert [e["id"] for e in events] == ["hostile-event"]


def test_codes_name_every_cameo_code_and_quad_class(client: TestClient) -> None:
    body = client.get("/api/codes").json()
    assert body["cameo"]["112"].startswith("Accuse") and body["quad"]["4"] == "material conflict"
    assert "190" in body["plover"]["ASSAULT"]


def test_lists_count_their_total_when_asked(client: TestClient, records: list[Extraction]) -> None:
    events = all_events(records) + list(hostile_article().events)
    body = client.get("/api/events", params={"limit": 5, "total": "true"}).json()
    assert body["total"] == len(events) and len(body["items"]) == 5
    assert "total" not in client.get("/api/events", params={"limit": 5}).json()
    quad4 = client.get("/api/events", params={"quad": 4, "total": "true", "limit": 1}).json()["total"]
    assert quad4 == sum(e.quad_class == 4 for e in events)


def test_events_can_leave_out_codes_and_imprecise_dates(
    client: TestClient, records: list[Extraction]
) -> None:
    events = all_events(records) + list(hostile_article().events)
    body = client.get("/api/events", params={"exclude_cameo": "010,04", "total": "true", "limit": 1}).json()
    assert body["total"] == sum(not e.cameo.startswith(("010", "04")) for e in events)
    precise = client.get("/api/events", params={"date_precision": "day", "total": "true", "limit": 1}).json()
    assert precise["total"] == sum(e.date_precision == "day" for e in events)
    bad = client.get("/api/events", params={"date_precision": "hour"})
    assert bad.status_code == 422 and "date_precision hour" in bad.json()["error"]


def test_actor_dyads_are_named_actors_and_suggestions_complete_names(client: TestClient) -> None:
    rows = client.get("/api/aggregates", params={"group_by": "actor_dyad", "limit": 3}).json()["rows"]
    assert rows and all(r["source_actor_id"] and r["source_name"] and r["target_name"] for r in rows)
    names = [a["name"] for a in client.get("/api/suggest", params={"q": "ger"}).json()["items"]]
    assert names == ["Germany"]
    assert client.get("/api/suggest", params={"q": "zzz"}).json()["items"] == []


def test_lists_sort_by_a_column_and_refuse_an_unknown_one(
    client: TestClient, records: list[Extraction]
) -> None:
    items = client.get("/api/events", params={"sort": "-goldstein", "limit": 1000}).json()["items"]
    scores = [item["goldstein"] for item in items]
    assert scores == sorted(scores, reverse=True)
    dated = client.get("/api/events", params={"sort": "date", "limit": 1000}).json()["items"]
    days = [item["day"] for item in dated]
    assert days == sorted(days, key=lambda day: (day is None, day or ""))  # undated last
    bad = client.get("/api/events", params={"sort": "colour"})
    assert bad.status_code == 422 and "sort colour: events sort by date" in bad.json()["error"]
    assert client.get("/api/actors", params={"sort": "date"}).status_code == 422


def test_the_api_takes_every_filter_of_the_store_table(client: TestClient) -> None:
    from dragoman.store.filters import FILTER_SPECS

    spec = client.get("/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    for filter_spec in FILTER_SPECS:
        assert filter_spec.name in parameters, filter_spec.name
    assert parameters["exclude_cameo"]["description"] == next(
        s.help for s in FILTER_SPECS if s.name == "exclude_cameo"
    )
