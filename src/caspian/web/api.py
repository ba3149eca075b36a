"""The JSON API under /api/. Read endpoints are open on loopback; ingest needs the token."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from caspian import export
from caspian.search import MODES
from caspian.web import queries as q
from caspian.web import services
from caspian.web.app import WebState, require_writer, state, web_state
from caspian.web.params import DateParam, FactFilters, Text
from caspian.web.render import MARK_CLOSE, MARK_OPEN, unmarked

router = APIRouter()

Limit = Annotated[int, Query(ge=1, le=200, description="Items per page (1..200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Web = Annotated[WebState, Depends(web_state)]


def page(total: int, items: list[dict], limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/health", summary="Liveness and the database it reads")
def health(web: Web) -> dict[str, Any]:
    return {"status": "ok", "articles": web.store.count(), "database": web.store.dialect}


@router.get("/stats", summary="What the knowledge base holds")
def stats(web: Web) -> dict[str, Any]:
    with web.store.engine.connect() as conn:
        languages = q.language_mix(conn)
    return {**web.store.stats(), "language_mix": languages}


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
    filters = q.ArticleFilters(lang, source, since, until, entity, cluster)
    with web.store.engine.connect() as conn:
        total, items = q.list_articles(conn, filters, limit, offset)
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
    lang: Annotated[str | None, Query(max_length=60)] = None,
    since: DateParam = None,
    until: DateParam = None,
    entity: Text = None,
    commodity: Text = None,
    mode: Annotated[Literal[MODES], Query()] = "hybrid",  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    result = services.search(
        web.store, q_, lang=lang, since=since, until=until, entity=entity, commodity=commodity, limit=limit, mode=mode
    )
    hits = [{**h, "snippet": unmarked(h["snippet"]), "highlighted": _marks(h["snippet"])} for h in result["hits"]]
    return {"query": q_, "mode": result["mode"], "notice": result["notice"], "count": len(hits), "hits": hits}


def _marks(snippet: str) -> str:
    return snippet.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


@router.get("/entities", summary="Entities by number of mentions")
def entities(
    web: Web,
    type_: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    name: Annotated[str | None, Query(max_length=200, description="Part of the canonical name.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with web.store.engine.connect() as conn:
        total, items = q.list_entities(conn, type_, name, limit, offset)
    return page(total, items, limit, offset)


@router.get("/entities/{entity_id:path}", summary="One entity: names, roles, mentions over time, events, facts")
def entity(web: Web, entity_id: str) -> dict[str, Any]:
    with web.store.engine.connect() as conn:
        found = q.entity_detail(conn, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return found


FACT_CSV_COLUMNS = (*(c.name for c in q.FACT_COLUMNS), "title", "lang", "published", "source")


@router.get("/facts", summary="Facts with filters; JSON pages or the whole selection as CSV")
def facts(
    web: Web,
    filters: Annotated[FactFilters, Depends()],
    article: Text = None,
    format_: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    conds = filters.conditions(article)
    if format_ == "csv":
        rows = q.iter_facts(web.store.engine, conds, web.settings.export_batch)
        chunks = export.csv_chunks(rows, FACT_CSV_COLUMNS, web.settings.export_batch)
        headers = {"Content-Disposition": 'attachment; filename="caspian-facts.csv"'}
        return StreamingResponse(chunks, media_type=export.MEDIA_TYPES["csv"], headers=headers)
    with web.store.engine.connect() as conn:
        total, items = q.list_facts(conn, conds, limit, offset)
    return page(total, items, limit, offset)


@router.get("/events", summary="Events (meetings, agreements, forums, statements), newest first")
def events(
    web: Web,
    type_: Annotated[str | None, Query(alias="type", max_length=60)] = None,
    since: DateParam = None,
    until: DateParam = None,
    article: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with web.store.engine.connect() as conn:
        total, items = q.list_events(conn, q.event_conditions(type_, since, until, article), limit, offset)
    return page(total, items, limit, offset)


@router.get("/graph", summary="The cooperation graph: participants of the same meeting, agreement or forum")
def graph(web: Web, since: DateParam = None, until: DateParam = None) -> dict[str, Any]:
    with web.store.engine.connect() as conn:
        return q.cooperation_graph(conn, since, until)


@router.get("/clusters", summary="Story clusters across languages, newest first")
def clusters(web: Web, limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0) -> dict[str, Any]:
    with web.store.engine.connect() as conn:
        total, items = q.list_clusters(conn, limit, offset)
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
    from caspian.web.upload import UploadError, ingest_bytes

    web = state(request)
    data = await _read_capped(request, web.settings.max_upload_bytes)
    if web.pipeline is None:
        import caspian.stages  # noqa: F401  (registers the built-in stages)
        from caspian.pipeline import Pipeline

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
