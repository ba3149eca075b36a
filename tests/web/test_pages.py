"""Server-rendered pages: real content on the demo database, escaping, empty states, errors."""

from __future__ import annotations

import re

import pytest

from caspian.web.spans import Span, runs
from tests.web.demo import XSS_TITLE

PAGES = [
    (
        "/",
        ["Today in the knowledge base", "Stories across languages", "Most mentioned", "Latest facts", "Language mix"],
    ),
    ("/search?q=Тенгиз", ["results 1–", "<mark>"]),
    ("/entities/caspian:kazmunaygas", ["KazMunayGas", "Names in every language seen", "ҚазМұнайГаз"]),
    ("/entities", ["Entities", "KazMunayGas"]),
    ("/facts", ["Facts explorer", "Values over time", "Download CSV", 'id="facts-data"']),
    ("/facts?commodity=uranium", ["uranium", "tU"]),
    ("/events", ["MEETING", "participants", "reported in", "events (reports merged)"]),
    ("/timeline?entity=КТК", ["Timeline: Caspian Pipeline Consortium", "date unknown", "<svg", "lang-ru"]),
    ("/timeline", ["Choose an entity"]),
    ("/watch", ["Watchlists", "caspian watch add"]),
    ("/digest?since=4w", ["Digest", "Top stories", "Entities rising"]),
    (
        "/figures?geo=Kazakhstan",
        ["Table of figures", "87.6", "Ministry of Energy of Kazakhstan", "<svg", "Period unknown"],
    ),
    ("/events?view=reports", ["MEETING", "participants", "reports"]),
    ("/graph", ["Cooperation graph", 'id="graph-data"']),
    ("/docs", ["/api/articles", "/api/ingest", "openapi.json"]),
]


@pytest.mark.parametrize(("url", "texts"), PAGES)
def test_pages_render_real_content(client, url, texts):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for text in texts:
        assert text in r.text, (url, text)
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_article_page_highlights_spans(client, ids):
    r = client.get(f"/articles/{ids['ru01_oil_output']}")
    assert r.status_code == 200
    html = r.text
    assert 'class="hl ent ent-ORG"' in html or "ent-ORG" in html
    assert 'href="/entities/caspian:kazmunaygas"' in html
    # hover: canonical names for entities, normalised values for facts
    assert 'title="KazMunayGas · ORG' in html
    assert re.search(r'title="oil production: 90 Mt \(actual, 2023, Kazakhstan\)', html)
    assert "<details" in html and "Removed noise (" in html
    assert "Астана" in html or "АСТАНА" in html


@pytest.mark.parametrize(
    ("name", "letters"),
    [("kk05_kashagan", "ңғүұқөһі"), ("tr01_kmg_tpao", "ğışçöü"), ("ru02_cpc_pipeline", "ждщ")],
)
def test_article_text_keeps_its_letters(client, ids, name, letters):
    html = client.get(f"/articles/{ids[name]}").text
    body = html.split('id="article-text"', 1)[1].casefold()
    assert any(ch in body for ch in letters)
    assert 'charset="utf-8"' in html


def test_article_markup_is_shown_as_text(client, ids):
    html = client.get(f"/articles/{ids['xss']}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Pipeline news" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; Source" in html
    assert "Aktau &lt;i&gt;port&lt;/i&gt;" in html  # an entity's canonical name, in the hover and the list
    assert XSS_TITLE not in html


def test_figures_chart_draws_lines_by_modality_and_marks_outliers(client):
    html = client.get("/figures", params={"geo": "Kazakhstan"}).text
    assert 'class="line m-actual"' in html and 'class="line m-target"' in html
    converted = client.get("/figures", params={"geo": "Kazakhstan", "unit": "mb/d"}).text
    assert "bbl/t" in converted and "(87.6 Mt)" in converted  # the figure as stated beside the converted one
    assert client.get("/figures", params={"unit": "furlongs"}).status_code == 400


def test_event_page_lists_its_reports_in_every_language(client):
    merged = client.get("/api/events", params={"merged": "true", "limit": 200}).json()["items"]
    event = next(e for e in merged if len(e["languages"]) > 1)
    html = client.get(f"/events/{event['id']}").text
    assert f"Reported in {len(event['sources'])} articles" in html
    for source in event["sources"]:
        assert f'href="/articles/{source["article_id"]}' in html
    assert all(f"lang-{lang}" in html or f">{lang}<" in html for lang in event["languages"])
    assert client.get(f"/events/{event['id']}").status_code == 200
    assert client.get("/events/99999999").status_code == 404


def test_graph_data_is_json_escaped(client):
    html = client.get("/graph").text
    block = html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script\\u003e" in block and "</" not in block


def test_search_snippets_escape_text_but_keep_marks(client, ids):
    html = client.get("/search", params={"q": "onerror"}).text
    assert ids["xss"] in html
    assert "<img" not in html and "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;" in html


def test_injection_query_on_the_search_page(client):
    r = client.get("/search", params={"q": "' OR 1=1 --"})
    assert r.status_code == 200 and "&#39; OR 1=1 --" in r.text


@pytest.mark.parametrize("url", ["/graph", "/events", "/entities/caspian:aktau-i-port-i"])
def test_markup_in_names_stays_text(client, url):
    """Names go into tables and into the JSON the graph is drawn from; neither can end a script."""
    html = client.get(url).text
    assert "<script>alert(3)" not in html and "<i>port</i>" not in html and "<b>bold</b>" not in html
    assert "Aktau" in html


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/", "No articles yet"),
        ("/", "No entities yet"),
        ("/search?q=oil", "Nothing found"),
        ("/facts", "No facts match"),
        ("/events", "No events yet"),
        ("/graph", "No meetings, agreements or forums"),
        ("/entities", "No entities yet"),
    ],
)
def test_empty_states(empty_client, url, text):
    r = empty_client.get(url)
    assert r.status_code == 200 and text in r.text


def test_page_errors_are_pages(client):
    r = client.get("/articles/no-such-article")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no article with id" in r.text
    r = client.get("/search", params={"q": "oil", "since": "last week"})
    assert r.status_code == 400 and "since must be a date" in r.text


def test_static_files_are_served_locally(client):
    html = client.get("/").text
    sources = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any("uPlot" in s for s in sources) and any("d3-force" in s for s in sources)
    for src in sources:
        assert client.get(src).status_code == 200, src
    assert "http://" not in "".join(re.findall(r'<script[^>]*src="([^"]+)"', html))
    assert client.get("/favicon.ico").status_code == 200


# -- spans: the text cut at every span boundary ---------------------------------------------------------
E = Span(0, 5, "entity", "A", "ent")
F = Span(3, 9, "fact", "F", "fact")


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("hello world", [], [("hello world", "")]),
        ("hello world", [E], [("hello", "ent"), (" world", "")]),
        ("hello world", [E, F], [("hel", "ent"), ("lo", "ent fact"), (" wor", "fact"), ("ld", "")]),
        ("Қазақстан мұнай", [Span(0, 9, "entity", "Kazakhstan", "ent")], [("Қазақстан", "ent"), (" мұнай", "")]),
        ("short", [Span(2, 50, "fact", "out of range", "fact")], [("short", "")]),
    ],
)
def test_runs(text, spans, expected):
    got = runs(text, spans)
    assert [(r.text, r.classes) for r in got] == expected
    assert "".join(r.text for r in got) == text


def test_page_cache_follows_the_data(tmp_path):
    """A page rendered before an ingest by another process is not served after it."""
    from fastapi.testclient import TestClient

    from caspian.document import Document, make_id
    from caspian.store import Store
    from caspian.web import WebSettings, create_app
    from tests.web.conftest import LOCAL

    url = f"sqlite:///{tmp_path / 'cache.db'}"
    writer = Store(url)
    app = create_app(url, WebSettings(token=None))
    app.state.web.pages.check_every = 0.0
    client = TestClient(app, client=LOCAL)
    assert "No articles yet" in client.get("/").text
    text = "Qazaqstan mūnai óndirisi ósti. Ekinshi sóilem."
    writer.write_batch([Document(raw=text, text=text, id=make_id(text), title="Mūnai news", lang="kk", path="a.txt")])
    assert "Mūnai news" in client.get("/").text
    writer.close()


def test_a_cached_page_is_answered_as_rendered_with_the_same_rules(app, client, ids):
    """The second request for a page comes from `CachedPages`: same body, the security headers,
    and a remote client without the token is still refused."""
    from fastapi.testclient import TestClient

    from tests.web.conftest import REMOTE, TOKEN

    path = f"/articles/{next(iter(ids.values()))}"
    app.state.web.pages.clear()
    first = client.get(path)
    calls = []
    original = app.state.web.pages.lookup

    def lookup(key):
        found = original(key)
        calls.append(found is not None)
        return found

    app.state.web.pages.lookup = lookup
    try:
        second = client.get(path)
        assert calls[0] is True  # answered by the cache layer
        assert second.status_code == 200 and second.content == first.content
        assert second.headers["content-type"] == "text/html; charset=utf-8"
        assert "default-src" in second.headers["content-security-policy"]
        assert second.headers["x-content-type-options"] == "nosniff"
        remote = TestClient(app, client=REMOTE)
        assert remote.get(path).status_code == 401
        assert remote.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).content == first.content
        assert client.get(path + "?x=1").status_code == 200  # another key: rendered, not the cached page
    finally:
        del app.state.web.pages.lookup


def test_concurrent_requests_for_one_page_share_one_rendering(app, ids, monkeypatch):
    import asyncio
    import time

    import httpx

    from caspian.web import services

    calls = []
    real = services.article

    def slow_article(store, article_id):
        calls.append(article_id)
        time.sleep(0.2)  # long enough for all the requests to arrive while it renders
        return real(store, article_id)

    monkeypatch.setattr(services, "article", slow_article)
    app.state.web.pages.clear()
    path = f"/articles/{next(iter(ids.values()))}"

    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50123))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await asyncio.gather(*(client.get(path) for _ in range(20)))

    responses = asyncio.run(burst())
    assert [r.status_code for r in responses] == [200] * 20
    assert len({r.content for r in responses}) == 1
    assert len(calls) == 1
    assert app.state.web.rendering == {}


def test_search_page_pages_and_sorts(client):
    import re as _re

    def ids(html: str) -> list[str]:
        return _re.findall(r'<h3>.*?<a href="/articles/([0-9a-f]+)"', html)

    first = client.get("/search", params={"q": "Kazakhstan"}).text
    assert "results 1–30" in first and 'class="next"' in first and 'class="previous"' not in first
    second = client.get("/search", params={"q": "Kazakhstan", "offset": 30}).text
    assert 'class="previous"' in second and not set(ids(first)) & set(ids(second))
    newest = client.get("/search", params={"q": "Kazakhstan", "sort": "date"}).text
    api = client.get("/api/search", params={"q": "Kazakhstan", "sort": "date", "limit": 30}).json()
    hits = api["hits"]
    assert ids(newest) == [h["id"] for h in hits] != ids(first)  # the API's date order, not relevance
    assert "sort=date" in newest.split('class="next"')[1].split(">")[0]  # the next page keeps the order
    assert client.get("/search", params={"q": "Kazakhstan", "offset": 900}).status_code == 200
