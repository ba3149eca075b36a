"""Deliveries of watchlist matches: a webhook POST (JSON, signed with HMAC-SHA256) and e-mail
through SMTP; plus the Atom 1.0 feed of a watchlist.

At least once: every match is queued per channel when it is recorded (`kb.watch.record_matches`)
and stays pending until an attempt succeeds; a failed attempt is recorded with its error and
retried on the next delivery run (up to `kb.watch.MAX_ATTEMPTS`). Nothing here raises into
ingest: a dead endpoint is a recorded failure, never a stopped batch.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse
from xml.etree import ElementTree as ET

import httpx

from caspian.kb import watch as kb_watch
from caspian.store import Store

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Caspian-Signature"
DELIVERY_HEADER = "X-Caspian-Delivery"
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    smtp_url: str | None = None  # smtp://[user:password@]host:port[?from=caspian@example.org]; smtps:// for TLS
    base_url: str = "http://127.0.0.1:8000"  # where links in messages point (the web interface)
    timeout: float = 10.0
    tries: int = 2  # attempts per run before the delivery is left for the next run
    backoff: float = 0.5  # seconds before the second attempt


def signature(secret: str, body: bytes) -> str:
    """The value of the signature header: `sha256=` and the hex HMAC of the exact body sent."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _payload(item: dict[str, Any], base_url: str) -> dict[str, Any]:
    return {
        "watchlist": item["name"],
        "watchlist_id": item["watchlist_id"],
        "article": {
            "id": item["article_id"],
            "title": item["title"],
            "lang": item["lang"],
            "published": item["published"],
            "source": item["source"],
            "url": item["url"],
            "link": f"{base_url.rstrip('/')}/articles/{item['article_id']}",
        },
        "why": item["why"],
    }


def _post(item: dict[str, Any], settings: DeliverySettings) -> None:
    body = json.dumps(_payload(item, settings.base_url), ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {
        "content-type": "application/json; charset=utf-8",
        DELIVERY_HEADER: f"{item['watchlist_id']}:{item['article_id']}",
    }
    if item.get("secret"):
        headers[SIGNATURE_HEADER] = signature(item["secret"], body)
    response = httpx.post(item["webhook"], content=body, headers=headers, timeout=settings.timeout)
    response.raise_for_status()


def _mail(item: dict[str, Any], settings: DeliverySettings) -> None:
    if not settings.smtp_url:
        raise RuntimeError("no SMTP server configured (--smtp smtp://host:port or $CASPIAN_SMTP)")
    url = urlparse(settings.smtp_url)
    sender = parse_qs(url.query).get("from", ["caspian@localhost"])[0]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = item["email"]
    message["Subject"] = f"[Caspian] {item['name']}: {item['title'] or item['article_id']}"
    payload = _payload(item, settings.base_url)
    message.set_content(
        f"{item['title'] or ''}\n{item['source'] or ''} {item['published'] or ''} ({item['lang'] or '?'})\n"
        f"{payload['article']['link']}\n\nWhy: {item['why'] or ''}\n"
    )
    client = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with client(
        url.hostname or "127.0.0.1", url.port or (465 if url.scheme == "smtps" else 25), timeout=settings.timeout
    ) as smtp:
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)


SENDERS = {"webhook": _post, "email": _mail}


def deliver_pending(store: Store, settings: DeliverySettings | None = None) -> dict[str, int]:
    """Try every pending delivery; returns counts of `sent` and `failed` attempts."""
    settings = settings or DeliverySettings()
    counts = {"sent": 0, "failed": 0}
    for item in kb_watch.pending_deliveries(store):
        error = None
        for attempt in range(max(1, settings.tries)):
            try:
                SENDERS[item["channel"]](item, settings)
                error = None
                break
            except Exception as exc:  # any failure of the endpoint is recorded, never raised into ingest
                error = f"{type(exc).__name__}: {exc}"
                if attempt + 1 < settings.tries:
                    time.sleep(settings.backoff)
        kb_watch.mark_delivery(store, item["watchlist_id"], item["article_id"], item["channel"], error)
        counts["failed" if error else "sent"] += 1
        if error:
            log.warning(
                "delivery of %s to %s (%s) failed: %s", item["article_id"], item["name"], item["channel"], error
            )
    return counts


def atom_feed(store: Store, ref: str | int, base_url: str = "http://127.0.0.1:8000", limit: int = 100) -> bytes:
    """A watchlist's matches as an Atom 1.0 feed (RFC 4287), newest first."""
    watch = kb_watch.get_watchlist(store, ref)
    if watch is None:
        raise kb_watch.WatchError(f"no watchlist {ref!r}")
    found = kb_watch.matches(store, watch["id"], limit=limit)
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "id", f"{base}/watch/{watch['id']}")
    sub(feed, "title", f"Caspian watchlist: {watch['name']}")
    updated = found[0]["matched_at"] if found else watch["created_at"]
    sub(feed, "updated", _rfc3339(updated))
    sub(feed, "link", href=f"{base}/watch/{watch['id']}.atom", rel="self", type="application/atom+xml")
    sub(feed, "link", href=f"{base}/watch", rel="alternate", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "Caspian")
    for m in found:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}/watch/{watch['id']}/{m['article_id']}")
        sub(entry, "title", m["title"] or m["article_id"])
        sub(entry, "updated", _rfc3339(m["matched_at"]))
        if m["published"]:
            sub(entry, "published", _rfc3339(m["published"]))
        sub(entry, "link", href=f"{base}/articles/{m['article_id']}", rel="alternate", type="text/html")
        summary = " · ".join(x for x in (m["source"], m["lang"], m["why"]) if x)
        sub(entry, "summary", summary or None)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _rfc3339(value: str) -> str:
    """An ISO date or time as Atom wants it (with a time zone)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = datetime.fromisoformat(value[:10])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()
