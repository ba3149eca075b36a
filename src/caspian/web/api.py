"""The JSON API under /api/. Read endpoints are open on loopback; ingest needs the token."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from caspian import export
from caspian.kb import articles as kb_articles
from caspian.kb import entities as kb_entities
from caspian.kb import events as kb_events
from caspian.kb import facts as kb_facts
from caspian.kb import figures as kb_figures
from caspian.kb import stories as kb_stories
from caspian.kb import timelines as kb_timelines
from caspian.kb import watch as kb_watch
from caspian.pipeline import Pipeline
from caspian.search import MODES, SORTS
from caspian.watch import digest as watch_digest
from caspian.web import services
from caspian.web.deps import Web, require_writer, state
from caspian.web.params import DateParam, FactFilters, Text
from caspian.web.render import MARK_CLOSE, MARK_OPEN, unmarked
from caspian.web.upload import UploadError, ingest_bytes

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page (1..200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def page(total: int, items: list[dict], limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/health", summary="Liveness and the database it reads")
def health(web: Web) -> dict[str, Any]:
    return {"status": "ok", "articles": kb_articles.count(web.store), "database": web.store.dialect}


@router.get("/stats", summary="What the knowledge base holds")
def stats(web: Web) -> dict[str, Any]:
    return {**kb_articles.stats(web.store), "language_mix": kb_articles.language_mix(web.store)}


@router.get("/articles", summary="Articles, newest first, with filters and pagination")
def articles(
    web: Web,
    lang: Annotated[str | None, Query(max_length=60, description="Comma-separated ISO 639-1 codes.")] = None,
    source: Text = None,
    since: DateParam = None,
    until: DateParam = None,
    entity: Text = None,
    cluster: Text = None,
    limit: Limit = 25,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = kb_articles.ArticleFilter(lang, source, since, until, entity, cluster)
    total, items = kb_articles.list_articles(web.store, filters, limit, offset)
    return page(total, items, limit, offset)


@router.get("/articles/{article_id}", summary="One article: its record, provenance and removed lines")
def article(web: Web, article_id: str) -> dict[str, Any]:
    found = services.article(web.store, article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return found


@router.get("/search", summary="Ranked articles across languages, with highlighted snippets")
def search(
    web: Web,
    q_: Annotated[str, Query(alias="q", min_length=1, max_length=500, description="What to look for.")],
    lang: Annotated[
        list[str] | None, Query(max_length=60, description="Languages: repeat (lang=en&lang=kk) or comma-separate.")
    ] = None,
    since: DateParam = None,
    until: DateParam = None,
    entity: Text = None,
    commodity: Text = None,
    mode: Annotated[Literal[MODES], Query()] = "hybrid",  # type: ignore[valid-type]
    sort: Annotated[Literal[SORTS], Query(description="relevance, or date: newest first.")] = "relevance",  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    result = services.search(
        web.store,
        q_,
        lang=lang,
        since=since,
        until=until,
        entity=entity,
        commodity=commodity,
        limit=limit,
        offset=offset,
        sort=sort,
        mode=mode,
    )
    hits = [{**h, "snippet": unmarked(h["snippet"]), "highlighted": _marks(h["snippet"])} for h in result["hits"]]
    return {
        "query": q_,
        "mode": result["mode"],
        "notice": result["notice"],
        "sort": sort,
        "offset": offset,
        "count": len(hits),
        "hits": hits,
    }


def _marks(snippet: str) -> str:
    return snippet.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


@router.get("/entities", summary="Entities by number of mentions")
def entities(
    web: Web,
    type_: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    name: Annotated[str | None, Query(max_length=200, description="Part of the canonical name.")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Any name the entity goes by, in any script (Хасенов, KMG).")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    flt = kb_entities.EntityFilter(type=type_, name=name, q=q)
    total, items = kb_entities.list_entities(web.store, flt, limit, offset)
    return page(total, items, limit, offset)


@router.get("/entities/{entity_id:path}", summary="One entity: names, roles, mentions over time, events, facts")
def entity(web: Web, entity_id: str) -> dict[str, Any]:
    found = kb_entities.entity_detail(web.store, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return found


@router.get("/facts", summary="Facts with filters; JSON pages or the whole selection as CSV")
def facts(
    web: Web,
    filters: Annotated[FactFilters, Depends()],
    article: Text = None,
    format_: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    flt = filters.to_filter(article)
    if format_ == "csv":
        rows = kb_facts.iter_facts(web.store, flt, web.settings.export_batch)
        chunks = export.csv_chunks(rows, kb_facts.ROW_COLUMNS, web.settings.export_batch)
        headers = {"Content-Disposition": 'attachment; filename="caspian-facts.csv"'}
        return StreamingResponse(chunks, media_type=export.MEDIA_TYPES["csv"], headers=headers)
    total, items = kb_facts.list_facts(web.store, flt, limit, offset)
    return page(total, items, limit, offset)


@router.get("/figures", summary="One table of figures: per period, actual, target, forecast and limit side by side")
def figures(
    web: Web,
    commodity: Annotated[str, Query(max_length=40)],
    metric: Annotated[str, Query(max_length=40)],
    geo: Annotated[str | None, Query(max_length=200)] = None,
    unit: Annotated[str | None, Query(max_length=10, description="Convert to this unit (factor returned).")] = None,
    bbl_per_t: Annotated[float, Query(ge=5.0, le=10.0, description="Barrels per tonne of the oil grade.")] = (
        kb_figures.DEFAULT_BBL_PER_T
    ),
    format_: Annotated[Literal["json", "csv", "xlsx"], Query(alias="format")] = "json",
    bom: Annotated[bool, Query(description="CSV with a UTF-8 byte-order mark, for Excel.")] = False,
) -> Any:
    if unit and unit not in kb_figures.UNITS:
        raise HTTPException(400, f"unit must be one of {', '.join(kb_figures.UNITS)}")
    table = kb_figures.figure_table(web.store, kb_figures.FigureFilter(commodity, metric, geo, unit, bbl_per_t))
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(x for x in (commodity, metric, geo) if x))  # a header is latin-1
    if format_ == "csv":
        body = export.figures_csv(dict(table), bom=bom).encode("utf-8")
        disposition = {"content-disposition": f'attachment; filename="figures-{name}.csv"'}
        return Response(body, media_type="text/csv; charset=utf-8", headers=disposition)
    if format_ == "xlsx":
        disposition = {"content-disposition": f'attachment; filename="figures-{name}.xlsx"'}
        return Response(export.figures_xlsx(dict(table)), media_type=XLSX, headers=disposition)
    return table


@router.get("/timeline", summary="Mentions and events of an entity, story or topic by month or week and language")
def timeline(
    web: Web,
    entity: Annotated[str | None, Query(max_length=200, description="An entity id or any of its names.")] = None,
    story: Annotated[str | None, Query(max_length=100)] = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    step: Annotated[Literal["month", "week"], Query()] = "month",
) -> Any:
    try:
        return kb_timelines.timeline(web.store, kb_timelines.TimelineQuery(entity, story, topic, step))
    except kb_timelines.TimelineError as exc:
        status = 404 if str(exc).startswith("no ") else 400
        raise HTTPException(status, str(exc)) from exc


class WatchIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    words: str | None = Field(default=None, max_length=500)
    entity: str | None = Field(default=None, max_length=200)
    commodity: str | None = Field(default=None, max_length=40)
    metric: str | None = Field(default=None, max_length=40)
    geo: str | None = Field(default=None, max_length=200)
    langs: list[str] = Field(default_factory=list, max_length=10)
    webhook: str | None = Field(default=None, max_length=1000)
    secret: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=300)


@router.get("/watch", summary="Watchlists with their queries and number of matches")
def watch_list(web: Web) -> list[dict[str, Any]]:
    return [{k: v for k, v in w.items() if k != "secret"} for w in kb_watch.list_watchlists(web.store)]


@router.post(
    "/watch", summary="Add a watchlist — needs the token", dependencies=[Depends(require_writer)], status_code=201
)
def watch_add(web: Web, body: WatchIn) -> dict[str, Any]:
    try:
        query = kb_watch.WatchQuery(body.words, body.entity, body.commodity, body.metric, body.geo, tuple(body.langs))
        wid = kb_watch.add_watchlist(web.store, body.name, query, body.webhook, body.secret, body.email)
    except kb_watch.WatchError as exc:
        raise HTTPException(400, str(exc)) from exc
    return {"id": wid, "name": body.name, "atom": f"/watch/{wid}.atom"}


@router.delete("/watch/{ref}", summary="Remove a watchlist — needs the token", dependencies=[Depends(require_writer)])
def watch_remove(web: Web, ref: str) -> dict[str, Any]:
    if not kb_watch.remove_watchlist(web.store, ref):
        raise HTTPException(404, f"no watchlist {ref!r}")
    return {"removed": ref}


@router.get("/watch/{ref}/matches", summary="A watchlist's matches, newest first")
def watch_matches(web: Web, ref: str, limit: Limit = 50) -> list[dict[str, Any]]:
    try:
        return list(kb_watch.matches(web.store, ref, limit=limit))
    except kb_watch.WatchError as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/digest", summary="What arrived since: top stories, new and revised figures, new events, entities rising")
def digest(web: Web, since: Annotated[str, Query(max_length=10, description="12h, 1d, 2w ...")] = "1d") -> Any:
    try:
        window = watch_digest.parse_since(since)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return watch_digest.build_digest(web.store, window)


@router.get("/events", summary="Events (meetings, agreements, forums, statements), newest first")
def events(
    web: Web,
    type_: Annotated[str | None, Query(alias="type", max_length=60)] = None,
    since: DateParam = None,
    until: DateParam = None,
    article: Text = None,
    merged: Annotated[
        bool, Query(description="One item per real-world event, its reports in every language as `sources`.")
    ] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    flt = kb_events.EventFilter(type=type_, since=since, until=until, article=article)
    if merged:
        found = kb_events.merged_event_records(web.store, flt)
        return page(len(found), found[offset : offset + limit], limit, offset)
    total, items = kb_events.list_events(web.store, flt, limit, offset)
    return page(total, items, limit, offset)


@router.get("/events/{event_id}", summary="One event, merged across the articles that report it, with every source")
def event(web: Web, event_id: int) -> dict[str, Any]:
    found = kb_events.merged_event(web.store, event_id)
    if found is None:
        raise HTTPException(404, f"no event with id {event_id}")
    return found


@router.get("/graph", summary="The cooperation graph: participants of the same meeting, agreement or forum")
def graph(web: Web, since: DateParam = None, until: DateParam = None) -> dict[str, Any]:
    return kb_events.cooperation_graph(web.store, kb_events.GraphFilter(since=since, until=until))


@router.get("/clusters", summary="Story clusters across languages, newest first")
def clusters(web: Web, limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0) -> dict[str, Any]:
    total, items = kb_stories.list_clusters(web.store, limit, offset)
    return page(total, items, limit, offset)


@router.get("/export", summary="Everything with provenance, streamed: jsonl, csv or parquet")
def export_all(web: Web, format_: Annotated[Literal[export.FORMATS], Query(alias="format")] = "jsonl") -> Any:  # type: ignore[valid-type]
    chunks = export.export_chunks(web.store, format_, web.settings.export_batch)
    headers = {"Content-Disposition": f'attachment; filename="caspian.{format_}"'}
    return StreamingResponse(chunks, media_type=export.MEDIA_TYPES[format_], headers=headers)


@router.post(
    "/ingest",
    summary="Ingest one uploaded file (the request body) — needs the token",
    dependencies=[Depends(require_writer)],
    status_code=201,
)
async def ingest(
    request: Request,
    filename: Annotated[str | None, Query(max_length=200, description="Name to record as the article's path.")] = None,
) -> dict[str, Any]:
    web = state(request)
    data = await _read_capped(request, web.settings.max_upload_bytes)
    if web.pipeline is None:
        web.pipeline = Pipeline.from_settings(web.settings.pipeline)
    try:
        result = await run_in_threadpool(
            ingest_bytes, web.store, web.pipeline, data, request.headers.get("content-type"), filename
        )
    except UploadError as exc:
        raise HTTPException(exc.status, str(exc)) from exc
    web.pages.clear()
    return result


async def _read_capped(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` (a chunked body declares no length)."""
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body too large: the limit for uploads is {limit} bytes")
        parts.append(chunk)
    return b"".join(parts)
