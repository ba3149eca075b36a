"""`caspian poll`: read the feeds and folders of a sources file into the knowledge base.

Each feed is fetched with a conditional GET (ETag, Last-Modified, kept in the knowledge base), so
an unchanged feed costs one 304. A new entry (by its id, else its link) is saved to the spool
folder, as its feed text when the feed carries the article (JSON lines, read by the JSON reader)
or else as the linked page's HTML (read by the HTML reader, trafilatura), and the spool files are
ingested like any other input (idempotent by source key). Requests to one host are spaced by the
politeness delay, each has a timeout and a size cap; a failing feed or page is reported and the
others go on. `dry_run` lists what would be fetched and fetches nothing.

Sources file (YAML):

    feeds:
      - https://example.org/energy/rss
      - {url: https://example.kz/feed.xml, lang: kk}
    folders:
      - /data/incoming
    politeness: {delay: 1.0, timeout: 15, max_bytes: 5000000}
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import feedparser
import httpx
import yaml

from caspian.document import Document
from caspian.ingest import IngestReport, ingest
from caspian.kb import watch as kb_watch
from caspian.readers.feed import html_text
from caspian.settings import Settings
from caspian.store import Store

log = logging.getLogger(__name__)
USER_AGENT = "Caspian/0.1 (+offline energy-news reader; polite polling)"
# A feed entry whose text is shorter than this is a teaser: the linked page is fetched instead.
MIN_ENTRY_TEXT = 400


class PollError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Sources:
    feeds: tuple[Feed, ...] = ()
    folders: tuple[str, ...] = ()
    delay: float = 1.0
    timeout: float = 15.0
    max_bytes: int = 5_000_000


def load_sources(path: Path) -> Sources:
    """The sources file, checked: a clear error names what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PollError(f"{path}: cannot read the sources file: {exc}") from exc
    if not isinstance(data, dict) or not set(data) <= {"feeds", "folders", "politeness"}:
        raise PollError(f"{path}: expected a mapping with feeds, folders and politeness")
    feeds = []
    for item in data.get("feeds") or []:
        entry = {"url": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or not str(entry.get("url", "")).startswith(("http://", "https://")):
            raise PollError(f"{path}: a feed needs an http(s) url, not {item!r}")
        feeds.append(Feed(str(entry["url"]), entry.get("lang")))
    polite = data.get("politeness") or {}
    return Sources(
        feeds=tuple(feeds),
        folders=tuple(str(f) for f in data.get("folders") or []),
        delay=float(polite.get("delay", 1.0)),
        timeout=float(polite.get("timeout", 15.0)),
        max_bytes=int(polite.get("max_bytes", 5_000_000)),
    )


@dataclass
class PollReport:
    feeds: int = 0
    not_modified: int = 0
    entries_new: int = 0
    pages_fetched: int = 0
    errors: list[str] = field(default_factory=list)
    ingest: dict[str, Any] = field(default_factory=dict)
    plan: list[str] = field(default_factory=list)  # what a dry run would fetch


class _Fetcher:
    """GETs with a per-host delay, a timeout and a size cap."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.last: dict[str, float] = {}
        self.client = httpx.Client(timeout=sources.timeout, follow_redirects=True, headers={"user-agent": USER_AGENT})

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, httpx.Headers]:
        host = urlparse(url).netloc
        wait = self.sources.delay - (time.monotonic() - self.last.get(host, -1e9))
        if wait > 0:
            time.sleep(wait)
        try:
            with self.client.stream("GET", url, headers=headers or {}) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.sources.max_bytes:
                        raise PollError(f"{url}: larger than {self.sources.max_bytes} bytes; not read")
                return response.status_code, bytes(body), response.headers
        finally:
            self.last[host] = time.monotonic()

    def close(self) -> None:
        self.client.close()


def _entry_key(entry: Any) -> str | None:
    return entry.get("id") or entry.get("link")


def _entry_text(entry: Any) -> str:
    content = ""
    if entry.get("content"):
        content = max((c.get("value", "") for c in entry["content"]), key=len)
    return html_text(content or entry.get("summary", "") or entry.get("description", ""))


def poll(
    sources: Sources,
    store: Store,
    spool: Path,
    settings: Settings | None = None,
    on_stored: Callable[[list[Document]], None] | None = None,
    dry_run: bool = False,
) -> PollReport:
    """One round over every feed and folder; see the module docstring."""
    report = PollReport()
    if dry_run:
        for feed in sources.feeds:
            state = kb_watch.feed_state(store, feed.url) or {}
            cond = ", ".join(f"{k}: {state[k]}" for k in ("etag", "last_modified") if state.get(k))
            report.plan.append(f"GET {feed.url}" + (f" (if changed since {cond})" if cond else " (first time)"))
        report.plan += [f"read folder {f}" for f in sources.folders]
        return report
    fetcher = _Fetcher(sources)
    saved: dict[str, dict[str, str]] = {}  # feed -> {entry: spool file}
    files: list[str] = []
    try:
        for feed in sources.feeds:
            report.feeds += 1
            try:
                files += _poll_feed(feed, store, spool, fetcher, report, saved)
            except (httpx.HTTPError, PollError) as exc:
                report.errors.append(f"{feed.url}: {exc}")
                log.warning("poll %s: %s", feed.url, exc)
    finally:
        fetcher.close()
    inputs = files + [f for f in sources.folders if Path(f).exists()]
    report.errors += [f"{f}: folder not found" for f in sources.folders if not Path(f).exists()]
    if inputs:
        result: IngestReport = ingest(inputs, store, settings, on_stored=on_stored)
        report.ingest = result.as_dict()
    for feed_url, entries in saved.items():
        kb_watch.mark_entries(store, feed_url, entries)
    return report


def _poll_feed(
    feed: Feed, store: Store, spool: Path, fetcher: _Fetcher, report: PollReport, saved: dict[str, dict[str, str]]
) -> list[str]:
    state = kb_watch.feed_state(store, feed.url) or {}
    headers = {}
    if state.get("etag"):
        headers["if-none-match"] = state["etag"]
    if state.get("last_modified"):
        headers["if-modified-since"] = state["last_modified"]
    status, body, got = fetcher.get(feed.url, headers)
    if status == 304:
        report.not_modified += 1
        kb_watch.save_feed_state(store, feed.url, None, None, status)
        return []
    if status >= 400:
        kb_watch.save_feed_state(store, feed.url, None, None, status)
        raise PollError(f"HTTP {status}")
    parsed = feedparser.parse(body)
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo"):
        raise PollError(f"malformed feed: {parsed.get('bozo_exception')}")
    seen = kb_watch.seen_entries(store, feed.url)
    site = (parsed.get("feed") or {}).get("title")
    folder = spool / (urlparse(feed.url).netloc.replace(":", "_") or "feed")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for entry in entries:
        key = _entry_key(entry)
        if not key or key in seen:
            continue
        name = hashlib.sha1(f"{feed.url}\n{key}".encode()).hexdigest()[:20]
        text = _entry_text(entry)
        link = entry.get("link")
        try:
            if len(text) >= MIN_ENTRY_TEXT or not link:
                if not text:
                    raise PollError(f"entry {key} has no text and no link")
                record = {
                    "title": (entry.get("title") or "").strip() or None,
                    "text": text,
                    "url": link,
                    "published": entry.get("published") or entry.get("updated"),
                    "source": site,
                    "lang": feed.lang or entry.get("language") or (parsed.get("feed") or {}).get("language"),
                }
                path = folder / f"{name}.jsonl"
                path.write_text(
                    json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False) + "\n", encoding="utf-8"
                )
            else:
                status, page, _ = fetcher.get(link)
                if status >= 400:
                    raise PollError(f"{link}: HTTP {status}")
                report.pages_fetched += 1
                path = folder / f"{name}.html"
                path.write_bytes(page)
        except (httpx.HTTPError, PollError) as exc:
            report.errors.append(f"{feed.url} entry {key}: {exc}")
            continue
        files.append(str(path))
        saved.setdefault(feed.url, {})[key] = str(path)
        report.entries_new += 1
    kb_watch.save_feed_state(store, feed.url, got.get("etag"), got.get("last-modified"), status)
    return files
