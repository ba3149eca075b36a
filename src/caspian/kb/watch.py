"""Watchlists, their matches and deliveries, and the polling state of feeds: what the knowledge
base keeps of the analyst's day (issue 15). The matching itself is `caspian.watch.match`; here
are only the reads and writes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TypedDict

from sqlalchemy import and_, delete, func, insert, select, update

from caspian.kb.common import DB, connect, iso, rows
from caspian.store import Store, schema

W, WM, D, A = schema.watchlists, schema.watch_matches, schema.deliveries, schema.articles
PF, PE = schema.poll_feeds, schema.poll_entries
CHANNELS = ("webhook", "email")
# A delivery that failed this many times is no longer retried (its last error stays recorded).
MAX_ATTEMPTS = 5


class WatchError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class WatchQuery:
    """What a watchlist looks for: an article matches when it has every given part (words: every
    word, in any language the search folding reaches; entity: any of its names; a fact with the
    given commodity / metric / geo; one of `langs`)."""

    words: str | None = None
    entity: str | None = None
    commodity: str | None = None
    metric: str | None = None
    geo: str | None = None
    langs: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not any((self.words, self.entity, self.commodity, self.metric, self.geo)):
            raise WatchError("a watchlist needs words, an entity or a fact filter (commodity, metric, geo)")

    def to_json(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WatchQuery:
        return cls(**{**data, "langs": tuple(data.get("langs") or ())})


class Watchlist(TypedDict):
    id: int
    name: str
    query: dict[str, Any]
    webhook: str | None
    secret: str | None
    email: str | None
    created_at: str
    matches: int


class WatchRef(TypedDict):
    id: int
    query: dict[str, Any]


class Match(TypedDict):
    article_id: str
    matched_at: str
    why: str | None
    title: str | None
    lang: str | None
    published: str | None
    url: str | None
    source: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def add_watchlist(
    db: Store,
    name: str,
    query: WatchQuery,
    webhook: str | None = None,
    secret: str | None = None,
    email: str | None = None,
) -> int:
    """A new watchlist; its id. A name already taken is an error (names are how users refer to them)."""
    if not name.strip():
        raise WatchError("a watchlist needs a name")
    if webhook and not webhook.startswith(("http://", "https://")):
        raise WatchError(f"the webhook must be an http(s) URL, not {webhook!r}")
    with db.engine.begin() as conn:
        if conn.execute(select(W.c.id).where(W.c.name == name)).first():
            raise WatchError(f"a watchlist named {name!r} exists already")
        values = {
            "name": name,
            "query": query.to_json(),
            "webhook": webhook,
            "secret": secret,
            "email": email,
            "created_at": _now(),
        }
        return int(conn.execute(insert(W).values(**values)).inserted_primary_key[0])


def remove_watchlist(db: Store, ref: str | int) -> bool:
    with db.engine.begin() as conn:
        wid = _resolve(conn, ref)
        if wid is None:
            return False
        for table in (D, WM):
            conn.execute(delete(table).where(table.c.watchlist_id == wid))
        conn.execute(delete(W).where(W.c.id == wid))
    return True


def _resolve(conn: Any, ref: str | int) -> int | None:
    if isinstance(ref, int) or str(ref).isdigit():
        found = conn.execute(select(W.c.id).where(W.c.id == int(ref))).scalar()
        if found is not None:
            return int(found)
    found = conn.execute(select(W.c.id).where(W.c.name == str(ref))).scalar()
    return int(found) if found is not None else None


def list_watchlists(db: DB) -> list[Watchlist]:
    counts = select(WM.c.watchlist_id, func.count().label("n")).group_by(WM.c.watchlist_id).subquery()
    query = select(W, func.coalesce(counts.c.n, 0).label("matches")).outerjoin(counts, counts.c.watchlist_id == W.c.id)
    with connect(db) as conn:
        found = rows(conn.execute(query.order_by(W.c.id)))
    for w in found:
        w["created_at"] = iso(w["created_at"])
    return found  # type: ignore[return-value]


def watch_queries(db: DB) -> list[WatchRef]:
    """Every watchlist's id and query: what matching needs, read for each stored batch (without the
    match counts `list_watchlists` adds)."""
    with connect(db) as conn:
        return [WatchRef(id=r.id, query=r.query) for r in conn.execute(select(W.c.id, W.c.query).order_by(W.c.id))]


def get_watchlist(db: DB, ref: str | int) -> Watchlist | None:
    with connect(db) as conn:
        wid = _resolve(conn, ref)
    return next((w for w in list_watchlists(db) if w["id"] == wid), None) if wid is not None else None


def record_matches(db: Store, found: dict[int, dict[str, str]]) -> dict[int, list[str]]:
    """Store `{watchlist id: {article id: why}}`; returns the new matches (articles not matched by
    that watchlist before), and queues a delivery for each channel the watchlist has."""
    new: dict[int, list[str]] = {}
    if not any(found.values()):
        return new
    now = _now()
    with db.engine.begin() as conn:
        channels = {
            r.id: [c for c in CHANNELS if getattr(r, c)] for r in conn.execute(select(W.c.id, W.c.webhook, W.c.email))
        }
        for wid, articles in found.items():
            if not articles:
                continue
            seen = set(
                conn.execute(
                    select(WM.c.article_id).where(WM.c.watchlist_id == wid, WM.c.article_id.in_(list(articles)))
                ).scalars()
            )
            fresh = [a for a in articles if a not in seen]
            if not fresh:
                continue
            conn.execute(
                insert(WM),
                [{"watchlist_id": wid, "article_id": a, "matched_at": now, "why": articles[a]} for a in fresh],
            )
            queued = [
                {"watchlist_id": wid, "article_id": a, "channel": c, "status": "pending", "attempts": 0}
                for a in fresh
                for c in channels.get(wid, [])
            ]
            if queued:
                conn.execute(insert(D), queued)
            new[wid] = fresh
    return new


def matches(db: DB, ref: str | int, since: datetime | None = None, limit: int = 100) -> list[Match]:
    """A watchlist's matches, newest first."""
    with connect(db) as conn:
        wid = _resolve(conn, ref)
        if wid is None:
            raise WatchError(f"no watchlist {ref!r}")
        query = (
            select(WM.c.article_id, WM.c.matched_at, WM.c.why, A.c.title, A.c.lang, A.c.published, A.c.url, A.c.source)
            .join(A, A.c.id == WM.c.article_id)
            .where(WM.c.watchlist_id == wid)
            .order_by(WM.c.matched_at.desc(), WM.c.article_id)
            .limit(limit)
        )
        if since is not None:
            query = query.where(WM.c.matched_at >= since)
        found = rows(conn.execute(query))
    for m in found:
        m["matched_at"] = iso(m["matched_at"])
    return found  # type: ignore[return-value]


def pending_deliveries(db: DB) -> list[dict[str, Any]]:
    """Deliveries not sent yet and not given up on, with their watchlist's channel settings and
    the article's fields the message carries."""
    query = (
        select(
            D.c.watchlist_id,
            D.c.article_id,
            D.c.channel,
            D.c.attempts,
            W.c.name,
            W.c.webhook,
            W.c.secret,
            W.c.email,
            A.c.title,
            A.c.lang,
            A.c.published,
            A.c.url,
            A.c.source,
            WM.c.why,
        )
        .join(W, W.c.id == D.c.watchlist_id)
        .join(A, A.c.id == D.c.article_id)
        .join(WM, and_(WM.c.watchlist_id == D.c.watchlist_id, WM.c.article_id == D.c.article_id))
        .where(D.c.status != "sent", D.c.attempts < MAX_ATTEMPTS)
        .order_by(D.c.watchlist_id, D.c.article_id, D.c.channel)
    )
    with connect(db) as conn:
        return rows(conn.execute(query))


def mark_delivery(db: Store, watchlist_id: int, article_id: str, channel: str, error: str | None) -> None:
    """Record one attempt: sent (error None) or failed with its error."""
    key = and_(D.c.watchlist_id == watchlist_id, D.c.article_id == article_id, D.c.channel == channel)
    values: dict[str, Any] = {"attempts": D.c.attempts + 1, "last_error": error}
    values.update({"status": "sent", "sent_at": _now()} if error is None else {"status": "failed"})
    with db.engine.begin() as conn:
        conn.execute(update(D).where(key).values(**values))


def delivery_log(db: DB, ref: str | int | None = None) -> list[dict[str, Any]]:
    query = select(D).order_by(D.c.watchlist_id, D.c.article_id, D.c.channel)
    with connect(db) as conn:
        if ref is not None:
            wid = _resolve(conn, ref)
            query = query.where(D.c.watchlist_id == (wid if wid is not None else -1))
        return rows(conn.execute(query))


# --- feeds polled ---------------------------------------------------------------------------


def feed_state(db: DB, url: str) -> dict[str, Any] | None:
    with connect(db) as conn:
        found = rows(conn.execute(select(PF).where(PF.c.url == url)))
    return found[0] if found else None


def save_feed_state(db: Store, url: str, etag: str | None, last_modified: str | None, status: int) -> None:
    values = {"etag": etag, "last_modified": last_modified, "last_status": status, "last_polled": _now()}
    with db.engine.begin() as conn:
        if conn.execute(select(PF.c.url).where(PF.c.url == url)).first():
            keep = {k: v for k, v in values.items() if v is not None or k in ("last_status", "last_polled")}
            conn.execute(update(PF).where(PF.c.url == url).values(**keep))
        else:
            conn.execute(insert(PF).values(url=url, **values))


def seen_entries(db: DB, feed: str) -> set[str]:
    with connect(db) as conn:
        return set(conn.execute(select(PE.c.entry).where(PE.c.feed == feed)).scalars())


def mark_entries(db: Store, feed: str, entries: dict[str, str]) -> None:
    """Entries fetched, `{entry id: spool file}`, recorded after their files are ingested."""
    if not entries:
        return
    now = _now()
    with db.engine.begin() as conn:
        have = set(conn.execute(select(PE.c.entry).where(PE.c.feed == feed, PE.c.entry.in_(list(entries)))).scalars())
        todo = [{"feed": feed, "entry": e, "fetched_at": now, "spool": s} for e, s in entries.items() if e not in have]
        if todo:
            conn.execute(insert(PE), todo)


def new_articles(db: DB, since: datetime, limit: int = 500) -> list[dict[str, Any]]:
    """Articles stored since a moment (by the time they were ingested), newest first."""
    query = (
        select(A.c.id, A.c.title, A.c.lang, A.c.published, A.c.source, A.c.url, A.c.cluster_id, A.c.ingested_at)
        .where(A.c.ingested_at >= since)
        .order_by(A.c.ingested_at.desc(), A.c.id)
        .limit(limit)
    )
    with connect(db) as conn:
        found = rows(conn.execute(query))
    for a in found:
        a["ingested_at"] = iso(a["ingested_at"])
    return found
