"""The JSON API on the demo database: every endpoint, its filters, and the bad requests."""

from __future__ import annotations

import csv
import io
import json

import pytest

from caspian.web import WebSettings, create_app
from tests.conftest import SAMPLE
from tests.web.conftest import REMOTE, TOKEN
from tests.web.demo import CLUSTERS

SAMPLE_COUNT = len(list(SAMPLE.glob("*.txt")))
ARTICLES = SAMPLE_COUNT + 1  # and the markup-injection article


def test_health(client, demo_url):
    r = client.get("/api/health")
    assert r.status_code == 200
    backend = "sqlite" if demo_url.startswith("sqlite") else "postgresql"
    assert r.json() == {"status": "ok", "articles": ARTICLES, "database": backend}


def test_stats_counts_what_is_stored(client):
    data = client.get("/api/stats").json()
    assert data["articles"] == ARTICLES
    assert set(data["languages"]) == {"ru", "kk", "tr", "en"}
    assert data["entities"] > 50 and data["facts"] > 20 and data["events"] > 10
    assert abs(sum(x["share"] for x in data["language_mix"]) - 1) < 0.01


def test_articles_paginate_without_overlap(client):
    first = client.get("/api/articles", params={"limit": 10}).json()
    second = client.get("/api/articles", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == ARTICLES and len(first["items"]) == 10
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    dates = [a["published"] for a in first["items"] if a["published"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"lang": "kk"}, lambda a: a["lang"] == "kk"),
        ({"lang": "ru,tr"}, lambda a: a["lang"] in ("ru", "tr")),
        ({"since": "2024-06"}, lambda a: a["published"] and a["published"][:7] >= "2024-06"),
        ({"until": "2023"}, lambda a: a["published"] and a["published"][:4] <= "2023"),
        ({"source": "Kazinform"}, lambda a: a["source"] == "Kazinform"),
    ],
)
def test_article_filters(client, params, check):
    data = client.get("/api/articles", params={**params, "limit": 200}).json()
    assert data["items"], params
    assert all(check(a) for a in data["items"]), params
    assert data["total"] < ARTICLES


def test_articles_by_entity_and_cluster(client, ids):
    by_entity = client.get("/api/articles", params={"entity": "caspian:kazmunaygas", "limit": 200}).json()
    assert ids["ru01_oil_output"] in {a["id"] for a in by_entity["items"]}
    cluster, (_, names) = next(iter(CLUSTERS.items()))
    by_cluster = client.get("/api/articles", params={"cluster": cluster}).json()
    assert {a["id"] for a in by_cluster["items"]} == {ids[n] for n in names}


def test_one_article_has_its_record_and_provenance(client, ids):
    data = client.get(f"/api/articles/{ids['ru01_oil_output']}").json()
    record = data["record"]
    assert record["lang"] == "ru" and record["source"] == "Kazinform"
    assert data["path"].endswith("ru01_oil_output.txt")
    assert [r["line"] for r in data["removed"]] == record["removed"] and record["removed"]
    for ent in record["entities"]:
        for m in ent["mentions"]:
            assert record["text"][m["start"] : m["end"]] == m["text"]
    for fact in record["facts"]:
        assert record["text"][fact["start"] : fact["end"]] == fact["quote"]


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("Тенгиз", None, "ru03_tengiz_fgp"),
        ("Tengiz", "tr", "tr06_tengiz_fgp"),
        ("уран", "ru", "ru05_uranium"),
        ("Kazatomprom", "en", "en02_uranium"),
    ],
)
def test_search_finds_the_article(client, ids, query, lang, expected):
    data = client.get("/api/search", params={"q": query, **({"lang": lang} if lang else {})}).json()
    assert ids[expected] in [h["id"] for h in data["hits"]], data
    if lang:
        assert {h["lang"] for h in data["hits"]} == {lang}
    assert all("\ue000" not in h["snippet"] for h in data["hits"])
    assert any("<mark>" in h["highlighted"] for h in data["hits"])


def test_search_filters_by_entity_and_commodity(client, ids):
    everything = client.get("/api/search", params={"q": "Kazakhstan", "limit": 100}).json()["hits"]
    uranium = client.get("/api/search", params={"q": "Kazakhstan", "commodity": "uranium", "limit": 100}).json()
    assert 0 < len(uranium["hits"]) < len(everything)
    with_kmg = client.get("/api/search", params={"q": "oil", "entity": "caspian:kazmunaygas", "limit": 100}).json()
    mentioning = client.get("/api/articles", params={"entity": "caspian:kazmunaygas", "limit": 200}).json()
    assert {h["id"] for h in with_kmg["hits"]} <= {a["id"] for a in mentioning["items"]}


def test_injection_is_just_a_search(client):
    before = client.get("/api/stats").json()["articles"]
    r = client.get("/api/search", params={"q": "' OR 1=1 --"})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert len(hits) < before  # not "every row"
    assert client.get("/api/stats").json()["articles"] == before
    r = client.get("/api/articles", params={"lang": "' OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/articles/' OR 1=1 --")
    assert r.status_code == 404
    r = client.get("/api/facts", params={"commodity": "oil' OR '1'='1"})
    assert r.status_code == 200 and r.json()["total"] == 0


def test_entities_list_and_filter(client):
    data = client.get("/api/entities", params={"limit": 5}).json()
    assert data["total"] > 50 and len(data["items"]) == 5
    counts = [e["mentions"] for e in data["items"]]
    assert counts == sorted(counts, reverse=True)
    people = client.get("/api/entities", params={"type": "person", "limit": 200}).json()["items"]
    assert people and {e["type"] for e in people} == {"PERSON"}
    named = client.get("/api/entities", params={"name": "kazmunay"}).json()["items"]
    assert [e["id"] for e in named] == ["caspian:kazmunaygas"]


def test_one_entity(client):
    data = client.get("/api/entities/caspian:kazmunaygas").json()
    assert data["canonical"] == "KazMunayGas" and data["type"] == "ORG"
    assert {"ru", "kk", "tr"} <= set(data["names"])  # named in several languages
    assert any("ҚазМұнайГаз" in n["text"] for n in data["names"]["kk"])
    assert data["timeline"] and data["articles"] and data["neighbours"]
    assert all(t["month"][:4].isdigit() for t in data["timeline"])
    person = client.get("/api/entities/caspian:almassadam-satkaliyev").json()
    assert any(r["role"] == "Minister of Energy of Kazakhstan" for r in person["roles"])
    assert any("Almassadam Satkaliyev" in ev["participants"] for ev in person["events"])


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [
        ({"commodity": "oil"}, "commodity", "oil"),
        ({"metric": "production"}, "metric", "production"),
        ({"modality": "target"}, "modality", "target"),
        ({"geo": "Kazakhstan"}, "geo", "Kazakhstan"),
        ({"period": "2023"}, "period", "2023"),
    ],
)
def test_fact_filters(client, params, field, value):
    data = client.get("/api/facts", params={**params, "limit": 200}).json()
    assert data["items"] and all(f[field] == value for f in data["items"])


def test_facts_csv_is_the_same_selection(client):
    json_rows = client.get("/api/facts", params={"commodity": "oil", "limit": 200}).json()
    r = client.get("/api/facts", params={"commodity": "oil", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == json_rows["total"] and {row["commodity"] for row in rows} == {"oil"}
    assert {"article_id", "quote", "start", "end", "value", "unit"} <= set(rows[0])


def test_events_and_filters(client):
    data = client.get("/api/events", params={"limit": 200}).json()
    assert data["total"] > 10
    meetings = client.get("/api/events", params={"type": "meeting", "limit": 200}).json()["items"]
    assert meetings and {e["type"] for e in meetings} == {"MEETING"}
    recent = client.get("/api/events", params={"since": "2024-06-01", "limit": 200}).json()["items"]
    assert all((e["when"] or "")[:10] >= "2024-06-01" for e in recent)


def test_events_merged_across_languages_and_one_event_with_every_source(client):
    reports = client.get("/api/events", params={"limit": 200}).json()
    merged = client.get("/api/events", params={"merged": "true", "limit": 200}).json()
    assert 0 < merged["total"] < reports["total"]  # the same meeting told twice is one event
    assert sum(len(e["sources"]) for e in merged["items"]) == reports["total"]
    across = [e for e in merged["items"] if len(e["languages"]) > 1]
    assert across, "the sample tells the SCO ministers' meeting in several languages"
    event = across[0]
    for source in event["sources"]:  # any report's id leads to the same merged event
        one = client.get(f"/api/events/{source['event_id']}").json()
        assert one["id"] == event["id"] and len(one["sources"]) == len(event["sources"])
    page2 = client.get("/api/events", params={"merged": "true", "limit": 2, "offset": 2}).json()
    assert [e["id"] for e in page2["items"]] == [e["id"] for e in merged["items"][2:4]]
    missing = client.get("/api/events/99999999")
    assert missing.status_code == 404 and "no event with id 99999999" in missing.text


def test_figures_as_json_csv_for_excel_and_workbook(client):
    import io

    from openpyxl import load_workbook

    params = {"commodity": "oil", "metric": "production", "geo": "Kazakhstan"}
    table = client.get("/api/figures", params=params).json()
    assert any(r["period"] == "2024" and r["actual"]["value"] == 87.6 for r in table["rows"])
    r = client.get("/api/figures", params={**params, "format": "csv", "bom": "true"})
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    assert (
        "attachment" in r.headers["content-disposition"]
        and "figures-oil-production-Kazakhstan.csv" in r.headers["content-disposition"]
    )
    r = client.get("/api/figures", params={**params, "format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    assert book["figures"].max_row == len(table["rows"]) + 1
    bad = client.get("/api/figures", params={**params, "unit": "furlongs"})
    assert bad.status_code == 400 and "unit must be one of" in bad.text
    assert client.get("/api/figures", params={"commodity": "oil"}).status_code == 422  # metric is required


def test_timeline_of_an_entity_by_any_name(client):
    found = client.get("/api/timeline", params={"entity": "КТК"}).json()
    assert found["subject"] == "Caspian Pipeline Consortium" and found["unknown"]["period"] == "date unknown"
    assert sum(b["mentions"] for b in found["buckets"]) + found["unknown"]["mentions"] > 3
    weeks = client.get("/api/timeline", params={"entity": "КТК", "step": "week"}).json()
    assert all("-W" in b["period"] for b in weeks["buckets"])
    assert client.get("/api/timeline", params={"entity": "Nobody Known"}).status_code == 404
    assert client.get("/api/timeline").status_code == 400


def test_watchlists_need_the_token_to_change_and_list_their_matches(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"name": "tengiz-web", "words": "Tengiz", "langs": ["ru", "kk"]}
    assert client.post("/api/watch", json=body).status_code in (401, 403)
    made = client.post("/api/watch", json=body, headers=auth)
    assert made.status_code == 201, made.text
    wid = made.json()["id"]
    try:
        assert client.post("/api/watch", json=body, headers=auth).status_code == 400  # the name is taken
        assert client.post("/api/watch", json={"name": "empty"}, headers=auth).status_code == 400
        listed = {w["name"]: w for w in client.get("/api/watch").json()}
        assert (
            listed["tengiz-web"]["query"] == {"words": "Tengiz", "langs": ["ru", "kk"]}
            and "secret" not in listed["tengiz-web"]
        )
        assert client.get(f"/api/watch/{wid}/matches").json() == []  # matched from the next ingest (or watch check)
        atom = client.get(f"/watch/{wid}.atom")
        assert atom.status_code == 200 and b"<feed" in atom.content
        assert client.get("/watch/999999.atom").status_code == 404
        assert "tengiz-web" in client.get("/watch").text
    finally:
        assert client.delete(f"/api/watch/{wid}", headers=auth).status_code == 200
    assert client.delete(f"/api/watch/{wid}", headers=auth).status_code == 404


def test_watchlists_are_managed_from_the_page_with_the_token(client):
    form = {"name": "page-cpc", "words": "CPC", "langs": "ru, kk", "token": TOKEN}
    assert client.post("/watch", data={**form, "token": "wrong"}).status_code == 403
    assert client.post("/watch", data={k: v for k, v in form.items() if k != "token"}).status_code == 403
    made = client.post("/watch", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/watch?done=added")
    page = client.get(made.headers["location"]).text
    assert "added page-cpc" in page and "page-cpc" in page
    wid = next(w["id"] for w in client.get("/api/watch").json() if w["name"] == "page-cpc")
    assert client.get("/api/watch").json()[-1]["query"] == {"words": "CPC", "langs": ["ru", "kk"]}
    assert client.post("/watch", data={"name": "empty", "token": TOKEN}).status_code == 400  # nothing to watch
    gone = client.post(f"/watch/{wid}/remove", data={"token": TOKEN}, follow_redirects=False)
    assert gone.status_code == 303 and "page-cpc" not in [w["name"] for w in client.get("/api/watch").json()]
    assert client.post(f"/watch/{wid}/remove", data={"token": TOKEN}).status_code == 404


def test_digest_of_the_demo_knowledge_base(client):
    found = client.get("/api/digest", params={"since": "4w"}).json()
    assert found["new_articles"] > 20 and found["stories"] and found["figures"]
    assert "Tengiz Future Growth Project" in {s["title"] for s in found["stories"]}  # a story's own label
    assert all(f["link"].startswith("/articles/") for f in found["figures"])
    assert client.get("/api/digest", params={"since": "soon"}).status_code == 400
    page = client.get("/digest", params={"since": "4w"}).text
    assert "Top stories" in page and "New and revised figures" in page and "Entities rising" in page


def test_graph_joins_participants_of_the_same_event(client):
    data = client.get("/api/graph").json()
    assert data["nodes"] and data["edges"]
    names = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in names and e["target"] in names for e in data["edges"])
    assert any(n["entity"] for n in data["nodes"])
    assert {x for e in data["edges"] for x in (e["source"], e["target"])} == names  # no node without an edge
    for edge in data["edges"]:
        assert set(edge) == {"source", "target", "weight", "types", "first", "last", "events", "articles"}
        # an event told by several articles counts once; every report stays a source
        assert 1 <= edge["weight"] == sum(edge["types"].values()) <= len(edge["events"])
        assert set(edge["types"]) <= {"MEETING", "AGREEMENT", "FORUM"}  # not OTHER, not STATEMENT
    assert data["events"] >= max(e["weight"] for e in data["edges"])
    empty = client.get("/api/graph", params={"until": "1990"}).json()
    assert empty["nodes"] == [] and empty["edges"] == []


def test_clusters(client, ids):
    data = client.get("/api/clusters").json()
    assert data["total"] == len(CLUSTERS)
    by_id = {c["id"]: c for c in data["items"]}
    for cid, (label, names) in CLUSTERS.items():
        assert by_id[cid]["label"] == label
        assert {a["id"] for a in by_id[cid]["articles"]} == {ids[n] for n in names}
        assert len(by_id[cid]["languages"]) >= 2


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/articles?limit=0", 422, "limit"),
        ("/api/articles?limit=201", 422, "limit"),
        ("/api/articles?offset=-1", 422, "offset"),
        ("/api/articles?since=yesterday", 400, "since must be a date"),
        ("/api/articles?until=2024-13-45x", 422, "until"),
        ("/api/articles/nope", 404, "no article"),
        ("/api/entities/caspian:nobody", 404, "no entity"),
        ("/api/search", 422, "q"),
        ("/api/search?q=", 422, "q"),
        ("/api/search?q=oil&mode=magic", 422, "mode"),
        ("/api/search?q=oil&since=May", 400, "since"),
        ("/api/facts?format=xml", 422, "format"),
        ("/api/events?since=2024/01/01", 400, "since must be a date"),
        ("/api/export?format=xlsx", 422, "format"),
        ("/api/nothing-here", 404, "Not Found"),
    ],
)
def test_bad_requests_get_clear_json_errors(client, url, status, words):
    r = client.get(url)
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["status"] == status and words in body["message"]


def test_wrong_method(client):
    r = client.delete("/api/articles")
    assert r.status_code == 405 and r.json()["error"]["status"] == 405


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/search", "/api/facts", "/api/entities/{entity_id}", "/api/ingest"):
        assert path in paths
    assert "post" in paths["/api/ingest"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_streams_everything_with_provenance(client, ids, fmt):
    r = client.get("/api/export", params={"format": fmt})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    if fmt == "jsonl":
        records = [json.loads(line) for line in r.text.splitlines()]
        assert len(records) == ARTICLES and all(rec["path"] for rec in records)
        assert {rec["id"] for rec in records} == set(ids.values())
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert {row["kind"] for row in rows} == {"article", "mention", "fact", "event"}
        assert all(row["article_id"] and row["article_path"] for row in rows)
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(r.content))
        assert set(table.column("kind").to_pylist()) == {"article", "mention", "fact", "event"}


# -- access: reads open on loopback, the token for the rest -------------------------------------------
def test_remote_reads_need_the_token(app):
    from fastapi.testclient import TestClient

    remote = TestClient(app, client=REMOTE)
    r = remote.get("/api/articles")
    assert r.status_code == 401 and "token" in r.json()["error"]["message"]
    assert remote.get("/").status_code == 401
    assert remote.get("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert remote.get("/api/articles", headers={"X-Caspian-Token": "wrong"}).status_code == 401


def test_public_reads_setting(demo_url):
    from fastapi.testclient import TestClient

    remote = TestClient(create_app(demo_url, WebSettings(token=TOKEN, public_reads=True)), client=REMOTE)
    assert remote.get("/api/articles").status_code == 200


# -- ingest by upload ----------------------------------------------------------------------------------
RU_ARTICLE = (
    "Добыча нефти в Казахстане выросла\n\n"
    "АСТАНА, 3 марта 2025 – Добыча нефти в Казахстане в феврале выросла на 4%, сообщило "
    "министерство энергетики республики. Основной прирост дал Тенгиз.\n"
).encode()


def test_upload_needs_the_token(writable_client):
    url = "/api/ingest?filename=oil.txt"
    r = writable_client.post(url, content=RU_ARTICLE, headers={"Content-Type": "text/plain"})
    assert r.status_code == 401
    r = writable_client.post(url, content=RU_ARTICLE, headers={"Content-Type": "text/plain", "X-Caspian-Token": "no"})
    assert r.status_code == 403 and r.json()["error"]["message"] == "wrong token"
    assert writable_client.get("/api/health").json()["articles"] == 0
    assert "No articles yet" in writable_client.get("/").text


def test_upload_is_off_without_a_configured_token(empty_client):
    r = empty_client.post("/api/ingest", content=RU_ARTICLE, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "CASPIAN_TOKEN" in r.json()["error"]["message"]


def test_upload_stores_and_indexes_the_article(writable_client):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain; charset=utf-8"}
    r = writable_client.post("/api/ingest?filename=../../etc/oil news.txt", content=RU_ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["stored"] == 1 and body["failed"] == 0
    article = writable_client.get(f"/api/articles/{body['ids'][0]}").json()
    assert article["path"] == "upload:oil_news.txt" and article["record"]["lang"] == "ru"
    hits = writable_client.get("/api/search", params={"q": "Тенгиз"}).json()["hits"]
    assert [h["id"] for h in hits] == body["ids"]
    assert "Добыча нефти в Казахстане выросла" in writable_client.get("/").text  # no stale cached page
    again = writable_client.post("/api/ingest?filename=oil.txt", content=RU_ARTICLE, headers=auth).json()
    assert again["stored"] == 0 and again["duplicates"] == 1


@pytest.mark.parametrize(
    ("content", "ctype", "status", "words"),
    [
        (b"\x89PNG\r\n\x1a\n", "image/png", 415, "unsupported content type"),
        (RU_ARTICLE, None, 415, "unsupported content type"),
        (b"   \n", "text/plain", 400, "empty"),
        (b"x" * (64 * 1024 + 1), "text/plain", 413, "too large"),
    ],
)
def test_bad_uploads(writable_client, content, ctype, status, words):
    headers = {"Authorization": f"Bearer {TOKEN}"} | ({"Content-Type": ctype} if ctype else {})
    r = writable_client.post("/api/ingest", content=content, headers=headers)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]["message"]


def test_chunked_upload_over_the_limit_is_refused(writable_client):
    def body():
        for _ in range(80):
            yield b"y" * 1024

    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    r = writable_client.post("/api/ingest", content=body(), headers=headers)
    assert r.status_code == 413


def test_other_requests_with_large_bodies_are_refused(client):
    r = client.request("GET", "/api/articles", content=b"z" * (65 * 1024))
    assert r.status_code == 413 and "too large" in r.json()["error"]["message"]


def test_search_entity_filter_takes_a_name(client):
    by_id = client.get("/api/search", params={"q": "oil", "entity": "caspian:kazmunaygas", "limit": 100}).json()
    by_name = client.get("/api/search", params={"q": "oil", "entity": "kazmunaygas", "limit": 100}).json()
    assert by_id["hits"] and by_id["hits"] == by_name["hits"]


def test_upload_of_a_json_article(writable_client):
    article = {
        "title": "Kashagan output rose",
        "text": "Oil output at Kashagan rose to 400,000 barrels per day in May.",
    }
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = writable_client.post("/api/ingest", content=json.dumps(article).encode(), headers=headers)
    assert r.status_code == 201 and r.json()["stored"] == 1
    stored = writable_client.get(f"/api/articles/{r.json()['ids'][0]}").json()["record"]
    assert stored["title"] == "Kashagan output rose" and stored["lang"] == "en"


def test_search_takes_several_languages_a_sort_and_an_offset(client):
    query = {"q": "oil нефть petrol мұнай", "limit": 40}
    two = client.get("/api/search", params={**query, "lang": ["ru", "kk"]}).json()["hits"]
    assert {h["lang"] for h in two} == {"ru", "kk"}
    assert [h["id"] for h in client.get("/api/search", params={**query, "lang": "ru,kk"}).json()["hits"]] == [
        h["id"] for h in two
    ]
    ranked = client.get("/api/search", params=query).json()["hits"]
    newest = client.get("/api/search", params={**query, "sort": "date"}).json()
    dates = [h["published"][:10] for h in newest["hits"] if h["published"]]
    assert newest["sort"] == "date" and dates == sorted(dates, reverse=True)
    page2 = client.get("/api/search", params={**query, "limit": 5, "offset": 5}).json()
    assert page2["offset"] == 5 and [h["id"] for h in page2["hits"]] == [h["id"] for h in ranked[5:10]]
    assert client.get("/api/search", params={**query, "sort": "newest"}).status_code == 422
