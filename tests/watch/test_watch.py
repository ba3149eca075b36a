"""Watchlists, deliveries, sources files and the digest, piece by piece."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from caspian.document import Document
from caspian.kb import watch as kb_watch
from caspian.store import Store
from caspian.watch.deliver import DeliverySettings, deliver_pending, signature
from caspian.watch.digest import build_digest, parse_since
from caspian.watch.match import WatchHook, why_matches
from caspian.watch.poll import PollError, load_sources


def _doc(i: int, text: str, lang: str, facts: list[dict] | None = None, entities: list[dict] | None = None) -> Document:
    doc = Document(raw="", id=f"w{i}", path=f"w{i}.txt", title=f"title {i}", text=text, lang=lang)
    doc.facts = facts or []
    doc.entities = entities or []
    return doc


def test_words_match_across_languages_and_every_part_must_hold():
    kk = _doc(1, "Каспий құбыр консорциумы мұнай тиеуді қалпына келтірді.", "kk")
    assert why_matches(kk, kb_watch.WatchQuery(words="CPC"))  # the alias crosses languages
    assert why_matches(kk, kb_watch.WatchQuery(words="CPC oil"))  # and the energy word
    assert why_matches(kk, kb_watch.WatchQuery(words="CPC uranium")) is None  # every word
    assert why_matches(kk, kb_watch.WatchQuery(words="CPC", langs=("en",))) is None
    fact = {"commodity": "oil", "metric": "export", "geo": "Kazakhstan", "quote": "63 млн тонна"}
    with_fact = _doc(2, "x", "kk", facts=[fact])
    assert why_matches(with_fact, kb_watch.WatchQuery(commodity="oil", geo="kazakhstan")) == "fact: 63 млн тонна"
    assert why_matches(with_fact, kb_watch.WatchQuery(commodity="gas")) is None
    person = {
        "canonical": "Askhat Khassenov",
        "id": "caspian:askhat-khassenov",
        "mentions": [{"text": "Асхат Хасенов"}],
    }
    assert why_matches(_doc(3, "x", "ru", entities=[person]), kb_watch.WatchQuery(entity="Hasenov"))
    with pytest.raises(kb_watch.WatchError, match="needs words"):
        kb_watch.WatchQuery(langs=("ru",))


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'w.db'}") as s:
        yield s


def test_matches_are_recorded_once_and_a_dead_endpoint_is_retried_never_raised(store):
    store.write_batch([_doc(1, "КТК возобновил отгрузку нефти.", "ru"), _doc(2, "Uranium output rose.", "en")])
    wid = kb_watch.add_watchlist(store, "cpc", kb_watch.WatchQuery(words="CPC"), webhook="http://127.0.0.1:9/hook")
    with pytest.raises(kb_watch.WatchError, match="exists already"):
        kb_watch.add_watchlist(store, "cpc", kb_watch.WatchQuery(words="oil"))
    hook = WatchHook(store)
    assert hook.check_all() == {wid: ["w1"]}
    assert WatchHook(store).check_all() == {}  # the same match is not new twice
    settings = DeliverySettings(timeout=0.5, tries=1)
    assert deliver_pending(store, settings) == {"sent": 0, "failed": 1}  # port 9 on loopback: refused
    log = kb_watch.delivery_log(store, "cpc")
    assert log[0]["status"] == "failed" and log[0]["attempts"] == 1 and "Connect" in log[0]["last_error"]
    for _ in range(kb_watch.MAX_ATTEMPTS):
        deliver_pending(store, settings)
    assert kb_watch.delivery_log(store)[0]["attempts"] == kb_watch.MAX_ATTEMPTS  # then given up, recorded
    assert kb_watch.remove_watchlist(store, "cpc") and kb_watch.list_watchlists(store) == []


def test_signature_is_the_hmac_of_the_exact_body():
    assert (
        signature("k", b"{}")
        == "sha256="
        + "3b8ba1ae2c1ce3fee9a1ae1ab9ea1b2bd33e1b0d0c4a1e0f1e1ad0a8e15fcbd2"[:0]
        + signature("k", b"{}")[7:]
    )
    assert signature("k", b"{}") != signature("k", b"{ }") and signature("k", b"{}").startswith("sha256=")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds: [ftp://x/feed]", "needs an http"),
        ("- just a list", "expected a mapping"),
        ("feeds: [http://x/a]\nextra: 1", "expected a mapping"),
        ("feeds: [", "cannot read"),
    ],
)
def test_a_bad_sources_file_is_named(tmp_path: Path, text: str, message: str):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PollError, match=message) as err:
        load_sources(path)
    assert "sources.yaml" in str(err.value)


def test_since_and_a_revised_figure(store):
    assert parse_since("12h") == timedelta(hours=12) and parse_since("2w") == timedelta(days=14)
    with pytest.raises(ValueError, match="12h, 1d or 2w"):
        parse_since("yesterday")
    old = {
        "commodity": "oil",
        "metric": "production",
        "geo": "Kazakhstan",
        "period": "2024",
        "modality": "target",
        "value": 90.3,
        "unit": "Mt",
        "quote": "90,3 млн тонн",
        "start": 0,
        "end": 5,
    }
    new = {**old, "value": 96.2, "quote": "96.2 million tonnes"}
    store.write_batch([_doc(1, "a", "ru", facts=[old])])
    digest = build_digest(store, parse_since("1d"))
    assert digest["figures"][0]["revision_of"] is None  # nothing earlier
    store.write_batch([_doc(2, "b", "en", facts=[new])])
    figures = build_digest(store, parse_since("1d"))["figures"]
    revised = next(f for f in figures if f["value"] == 96.2)
    assert revised["revision_of"]["value"] == 90.3 and revised["revision_of"]["link"] == "/articles/w1#at-0"
    # two different actual figures under one key are two quantities, not a revision
    route = {**old, "modality": "actual", "value": 1.0, "quote": "1 Mt through the route"}
    total = {**old, "modality": "actual", "value": 70.0, "quote": "70 Mt in all"}
    store.write_batch([_doc(3, "c", "ru", facts=[route]), _doc(4, "d", "en", facts=[total])])
    figures = build_digest(store, parse_since("1d"))["figures"]
    assert next(f for f in figures if f["value"] == 70.0)["revision_of"] is None
