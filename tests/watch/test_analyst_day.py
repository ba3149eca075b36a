"""A day of an analyst, end to end on loopback (issue 15): two feeds served by a local HTTP server,
`caspian poll` on day 1, a watchlist on CPC, a new Kazakh CPC article in day 2's feed, the next poll
stores it, the Atom feed lists it, a local webhook receiver gets it once with a valid signature, a
local SMTP server receives the mail, the digest lists it; polling again fetches nothing (304) and
sends nothing twice."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caspian.cli.app import app
from caspian.store import Store
from caspian.watch.digest import build_digest, parse_since

aiosmtpd = pytest.importorskip("aiosmtpd.controller")

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "s3cret"

EN_OIL = (
    "Kazakhstan lifted crude output in the first half of the year, the energy ministry said on Tuesday. "
    "Producers pumped 47.2 million tonnes of oil and condensate between January and June, about four percent "
    "more than a year earlier, as the Tengiz expansion came up to speed. The ministry keeps its full-year plan "
    "of 96.2 million tonnes and expects exports to stay near 70 million tonnes. Officials also pointed to "
    "higher gas processing at Karachaganak and said refinery runs were stable."
)
RU_TEASER = "Минэнерго обсудило с угольщиками подготовку к зиме."
RU_PAGE = """<html><head><title>Угольщики готовятся к зиме</title></head><body><article>
<h1>Угольщики готовятся к зиме</h1>
<p>Министерство энергетики Казахстана провело совещание с угледобывающими компаниями. Речь шла о запасах
угля на электростанциях перед отопительным сезоном и о графике поставок в северные регионы.</p>
<p>По данным ведомства, за девять месяцев в стране добыто 78 млн тонн угля, что на 3% больше, чем годом ранее.
Компании обязались держать на складах станций не меньше месячного запаса топлива.</p>
</article></body></html>"""
KK_CPC = (
    "Каспий құбыр консорциумы (КҚК) Новороссийск маңындағы теңіз терминалы арқылы мұнай тиеуді толық қалпына "
    "келтірді. Консорциумның хабарлауынша, жөндеу жұмыстары аяқталғаннан кейін үшінші айлақ қайта іске қосылды. "
    "Биыл құбыр арқылы шамамен 63 млн тонна мұнай тасымалдау жоспарланған, оның басым бөлігі Теңіз бен Қашаған "
    "кен орындарынан келеді. Қазақстан экспортының негізгі бағыты осы құбыр болып қала береді."
)


def rss(title: str, items: list[dict]) -> bytes:
    parts = [
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title><link>http://x/</link><description>d</description>"
    ]
    for it in items:
        body = f"<description><![CDATA[{it['text']}]]></description>"
        parts.append(
            f"<item><title>{it['title']}</title><link>{it['link']}</link><guid>{it['guid']}</guid><pubDate>{it['date']}</pubDate>{body}</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


class Site:
    """Feeds and pages served with ETags, and a webhook receiver, on 127.0.0.1."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.hooks: list[tuple[dict, bytes]] = []
        self.requests: list[tuple[str, int]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                body = site.files.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    site.requests.append((self.path, 404))
                    return
                tag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.end_headers()
                    site.requests.append((self.path, 304))
                    return
                self.send_response(200)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                site.requests.append((self.path, 200))

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                site.hooks.append(({k.lower(): v for k, v in self.headers.items()}, data))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(envelope.content)
        return "250 OK"


def test_a_day_of_an_analyst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a free loopback port (the controller checks it can connect)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    smtp = aiosmtpd.Controller(box, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        with Site() as site:
            _day(tmp_path, monkeypatch, site, box, port)
    finally:
        smtp.stop()


def _day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Site, box: Mailbox, smtp_port: int) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    monkeypatch.setenv("CASPIAN_SMTP", f"smtp://127.0.0.1:{smtp_port}?from=caspian@example.org")
    en_items = [
        {
            "title": "Kazakhstan lifts oil output",
            "link": f"{site.base}/en/1",
            "guid": "en-1",
            "date": "Tue, 02 Dec 2025 08:00:00 GMT",
            "text": EN_OIL,
        }
    ]
    ru_items = [
        {
            "title": "Угольщики готовятся к зиме",
            "link": f"{site.base}/ru/coal",
            "guid": "ru-1",
            "date": "Tue, 02 Dec 2025 09:00:00 GMT",
            "text": RU_TEASER,
        }
    ]
    site.files["/en.xml"] = rss("Energy wire", en_items)
    site.files["/ru.xml"] = rss("Энерговестник", ru_items)
    site.files["/ru/coal"] = RU_PAGE.encode("utf-8")
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"feeds:\n  - {site.base}/en.xml\n  - {{url: {site.base}/ru.xml}}\npoliteness: {{delay: 0.05, timeout: 5}}\n",
        encoding="utf-8",
    )
    poll = ["poll", str(sources), "--db", db, "--no-index", "--ner", "gazetteer", "--json"]

    plan = CliRunner().invoke(app, ["poll", str(sources), "--db", db, "--dry-run"])
    assert plan.exit_code == 0 and f"GET {site.base}/en.xml (first time)" in plan.output
    assert site.requests == []  # a dry run fetches nothing

    day1 = CliRunner().invoke(app, poll)
    assert day1.exit_code == 0, day1.output
    report = json.loads(day1.output)
    assert (report["entries_new"], report["pages_fetched"], report["ingest"]["stored"]) == (2, 1, 2)

    added = CliRunner().invoke(
        app,
        [
            "watch",
            "add",
            "cpc",
            "--words",
            "CPC",
            "--webhook",
            f"{site.base}/hook",
            "--secret",
            SECRET,
            "--email",
            "analyst@example.org",
            "--db",
            db,
        ],
    )
    assert added.exit_code == 0, added.output
    check = CliRunner().invoke(app, ["watch", "check", "--db", db])
    assert check.exit_code == 0 and site.hooks == [] and box.messages == []  # nothing on CPC on day 1

    kk_items = [
        {
            "title": "КҚК тиеуді қалпына келтірді",
            "link": f"{site.base}/kk/cpc",
            "guid": "kk-1",
            "date": "Wed, 03 Dec 2025 07:30:00 GMT",
            "text": KK_CPC,
        }
    ]
    site.files["/ru.xml"] = rss("Энерговестник", ru_items + kk_items)
    day2 = CliRunner().invoke(app, poll)
    assert day2.exit_code == 0, day2.output
    report = json.loads(day2.output)
    assert (report["not_modified"], report["entries_new"], report["ingest"]["stored"]) == (1, 1, 1)
    assert report["deliveries"] == {"sent": 2, "failed": 0}

    with Store(db) as store:
        kk_id = next(d.id for d in store.documents() if d.lang == "kk")
        client = TestClient(
            __import__("caspian.web.app", fromlist=["create_app"]).create_app(store), client=("127.0.0.1", 5000)
        )
        atom = client.get("/watch/1.atom")
        assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(atom.content)
        assert (
            feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id") is not None and feed.find(f"{ATOM}updated") is not None
        )
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 1
        entry = entries[0]
        assert all(entry.find(f"{ATOM}{t}") is not None for t in ("id", "title", "updated", "link"))
        assert entry.find(f"{ATOM}link").get("href").endswith(f"/articles/{kk_id}")
        digest = build_digest(store, parse_since("1d"))
        assert kk_id in {a["id"] for s in digest["stories"] for a in s["articles"]}

    # the webhook: once, signed over the exact body
    assert len(site.hooks) == 1
    headers, body = site.hooks[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-caspian-signature"], expected)
    payload = json.loads(body)
    assert payload["watchlist"] == "cpc" and payload["article"]["id"] == kk_id and payload["article"]["lang"] == "kk"
    # the mail: once
    assert len(box.messages) == 1
    mail = message_from_bytes(box.messages[0])
    assert mail["To"] == "analyst@example.org" and "cpc" in mail["Subject"]

    digest_md = CliRunner().invoke(app, ["digest", "--since", "1d", "--db", db])
    assert digest_md.exit_code == 0 and "КҚК тиеуді қалпына келтірді" in digest_md.output

    before = len(site.requests)
    again = CliRunner().invoke(app, poll)
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert (report["not_modified"], report["entries_new"], report["deliveries"]["sent"]) == (2, 0, 0)
    assert [status for _, status in site.requests[before:]] == [304, 304]
    assert len(site.hooks) == 1 and len(box.messages) == 1  # nothing sent twice
