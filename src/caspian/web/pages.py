"""Server-rendered pages. Each shows an empty state until its data exists."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from caspian.kb import articles as kb_articles
from caspian.kb import connect
from caspian.kb import entities as kb_entities
from caspian.kb import events as kb_events
from caspian.kb import facts as kb_facts
from caspian.kb import figures as kb_figures
from caspian.kb import timelines as kb_timelines
from caspian.kb import watch as kb_watch
from caspian.watch import digest as watch_digest
from caspian.watch.deliver import atom_feed
from caspian.web import services
from caspian.web.deps import HERE, Web, page_key, state, token_matches
from caspian.web.figure_chart import figure_chart
from caspian.web.params import DateParam, FactFilters, Text
from caspian.web.spans import record_spans, runs
from caspian.web.timeline_chart import timeline_chart

# Rows on one page of events; hits on one page of search results.
PAGE_SIZE = 100
SEARCH_PAGE = 30

router = APIRouter(include_in_schema=False)

NAV = (
    ("/", "Dashboard"),
    ("/search", "Search"),
    ("/facts", "Facts"),
    ("/figures", "Figures"),
    ("/events", "Events"),
    ("/timeline", "Timeline"),
    ("/watch", "Watch"),
    ("/digest", "Digest"),
    ("/graph", "Graph"),
)


def html_of(request: Request, name: str, **context: Any) -> str:
    template = state(request).templates.get_template(name)
    return template.render(nav=NAV, path=request.url.path, **context)


async def cached(request: Request, make: Callable[[], str]) -> HTMLResponse:
    """The page for this path and query, rendered (in a worker thread) once per version of the data.

    Handlers are `async` so that a cached page is answered without a trip through the thread pool.
    Requests for a page that is being rendered wait for that rendering instead of starting their
    own: after an ingest empties the cache, 100 readers of one article cost one render, not 100.
    """
    web = state(request)
    pages, rendering = web.pages, web.rendering
    key = page_key(request.scope["path"], request.scope["query_string"])
    body = pages.lookup(key)
    if body is not None:
        return HTMLResponse(body)
    pending = rendering.get(key)
    if pending is None:
        pending = asyncio.ensure_future(run_in_threadpool(lambda: make().encode("utf-8")))
        rendering[key] = pending

        def done(future: asyncio.Future) -> None:
            rendering.pop(key, None)
            if not future.cancelled() and future.exception() is None:
                pages.put(key, future.result())  # bytes: `CachedPages` answers the next request as they are

        pending.add_done_callback(done)
    return HTMLResponse(await asyncio.shield(pending))


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request, web: Web) -> HTMLResponse:
    def make() -> str:
        return html_of(request, "dashboard.html", **services.dashboard(web.store))

    return await cached(request, make)


@router.get("/search", response_class=HTMLResponse)
async def search(
    request: Request,
    web: Web,
    q_: Annotated[str, Query(alias="q", max_length=500)] = "",
    lang: Annotated[str | None, Query(max_length=60)] = None,
    since: DateParam = None,
    until: DateParam = None,
    entity: Text = None,
    commodity: Text = None,
    sort: Annotated[Literal["relevance", "date"], Query()] = "relevance",
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    def make() -> str:
        result = services.search(
            web.store,
            q_,
            lang=lang,
            since=since,
            until=until,
            entity=entity,
            commodity=commodity,
            limit=SEARCH_PAGE + 1,  # one more than shown: is there a next page?
            offset=offset,
            sort=sort,
            mode=web.settings.search_mode,
        )
        more = len(result["hits"]) > SEARCH_PAGE
        result["hits"] = result["hits"][:SEARCH_PAGE]
        with connect(web.store) as conn:
            languages = [row["lang"] for row in kb_articles.language_mix(conn)]
            commodities = kb_facts.fact_choices(conn)["commodity"]
            names = kb_entities.most_mentioned_names(conn)
        form = {"q": q_, "lang": lang or "", "since": since or "", "until": until or "", "entity": entity or ""}
        form |= {"commodity": commodity or "", "sort": sort}
        pages = {
            "offset": offset,
            "next": offset + SEARCH_PAGE if more else None,
            "previous": max(0, offset - SEARCH_PAGE) if offset else None,
            "query": {k: v for k, v in form.items() if v and not (k == "sort" and v == "relevance")},
        }
        return html_of(
            request,
            "search.html",
            form=form,
            pages=pages,
            result=result,
            languages=languages,
            commodities=commodities,
            entity_names=names,
        )

    return await cached(request, make)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article(request: Request, web: Web, article_id: str) -> HTMLResponse:
    def make() -> str:
        found = services.article(web.store, article_id)
        if found is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        record = found["record"]
        return html_of(request, "article.html", a=found, r=record, runs=runs(record["text"], record_spans(record)))

    return await cached(request, make)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
async def entity(request: Request, web: Web, entity_id: str) -> HTMLResponse:
    def make() -> str:
        with connect(web.store) as conn:
            found = kb_entities.entity_detail(conn, entity_id)
            if found is None:
                raise HTTPException(404, f"no entity with id {entity_id!r}")
            names = {str(p) for ev in found["events"] for p in ev["participants"] or []}
            ids = kb_events.participant_entity_ids(conn, names)
        graph = _neighbour_graph(found, ids)
        return html_of(request, "entity.html", e=found, graph=graph)

    return await cached(request, make)


def _neighbour_graph(found: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    """Who the entity meets and signs with (its events' participants); else who is named with it."""
    centre = found["canonical"]
    partners: dict[str, int] = {}
    for ev in found["events"]:
        people = {str(p) for p in ev["participants"] or []}
        if centre in people:
            for p in people - {centre}:
                partners[p] = partners.get(p, 0) + 1
    if partners:
        others = [{"id": p, "label": p, "entity": ids.get(p), "events": n} for p, n in partners.items()]
        basis = "events"
    else:
        others = [
            {"id": n["canonical"], "label": n["canonical"], "entity": n["id"], "events": n["articles"]}
            for n in found["neighbours"]
            if n["canonical"] != centre
        ]
        basis = "articles"
    others = sorted(others, key=lambda n: -n["events"])[:15]
    nodes = [{"id": centre, "label": centre, "entity": found["id"], "events": 3}, *others]
    edges = [{"source": centre, "target": n["id"], "weight": n["events"]} for n in others]
    return {"nodes": nodes, "edges": edges, "basis": basis}


@router.get("/entities", response_class=HTMLResponse)
async def entities(
    request: Request,
    web: Web,
    type_: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    def make() -> str:
        flt = kb_entities.EntityFilter(type=type_, q=q or None)
        total, items = kb_entities.list_entities(web.store, flt, 200, 0)
        return html_of(request, "entities.html", items=items, total=total, type=type_ or "", q=q or "")

    return await cached(request, make)


@router.get("/facts", response_class=HTMLResponse)
async def facts(
    request: Request,
    web: Web,
    filters: Annotated[FactFilters, Depends()],
    chart: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    def make() -> str:
        chosen = filters.chosen()
        since, until = filters.since, filters.until
        flt = filters.to_filter()
        with connect(web.store) as conn:
            total, items = kb_facts.list_facts(conn, flt, 200, offset)
            _, charted = kb_facts.list_facts(conn, flt, 5000, 0)
            choices = kb_facts.fact_choices(conn)
        query = {k: v for k, v in {**chosen, "since": since, "until": until}.items() if v}
        return html_of(
            request,
            "facts.html",
            items=items,
            total=total,
            offset=offset,
            choices=choices,
            chosen={k: v or "" for k, v in {**chosen, "since": since, "until": until}.items()},
            query=query,
            chart=_chart(charted, chart),
        )

    return await cached(request, make)


def _chart(items: list[dict], chosen: str | None) -> dict[str, Any]:
    """One chart per commodity · metric · unit (values of one dimension share an axis), the most
    common by default; a line per geo · modality in it, dated by the period the figure is for."""
    groups: dict[str, list[dict]] = {}
    for f in items:
        if f["value"] is not None:
            groups.setdefault("|".join(str(f[k]) for k in ("commodity", "metric", "unit")), []).append(f)
    if not groups:
        return {"groups": [], "key": None, "series": []}
    key = chosen if chosen in groups else max(groups, key=lambda k: len(groups[k]))
    series: dict[tuple, dict] = {}
    for f in groups[key]:
        when = _period_start(f["period"]) or (f["published"] or "")[:10]
        if not when:
            continue
        label = " · ".join(str(x) for x in (f["geo"] or "geo not stated", f["modality"] or "modality not stated"))
        s = series.setdefault((f["geo"], f["modality"]), {"label": label, "unit": f["unit"], "points": []})
        s["points"].append({"t": when, "v": f["value"], "article": f["article_id"], "start": f["start"]})
    for s in series.values():
        s["points"].sort(key=lambda p: p["t"])
    menu = [{"key": k, "label": k.replace("|", " · "), "n": len(v)} for k, v in sorted(groups.items())]
    return {"groups": menu, "key": key, "series": sorted(series.values(), key=lambda s: -len(s["points"]))[:8]}


def _period_start(period: str | None) -> str | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(period or ""))
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


@router.get("/figures", response_class=HTMLResponse)
async def figures(
    request: Request,
    web: Web,
    commodity: Annotated[str, Query(max_length=40)] = "oil",
    metric: Annotated[str, Query(max_length=40)] = "production",
    geo: Annotated[str | None, Query(max_length=200)] = None,
    unit: Annotated[str | None, Query(max_length=10)] = None,
    bbl_per_t: Annotated[float, Query(ge=5.0, le=10.0)] = kb_figures.DEFAULT_BBL_PER_T,
) -> HTMLResponse:
    """One table of figures with its chart (kb.figures); defaults to oil production."""
    if unit and unit not in kb_figures.UNITS:
        raise HTTPException(400, f"unit must be one of {', '.join(kb_figures.UNITS)}")

    def make() -> str:
        flt = kb_figures.FigureFilter(commodity, metric, geo or None, unit or None, bbl_per_t)
        with connect(web.store) as conn:
            table = kb_figures.figure_table(conn, flt)
            choices = kb_facts.fact_choices(conn)
        chosen = {
            "commodity": commodity,
            "metric": metric,
            "geo": geo or "",
            "unit": unit or "",
            "bbl_per_t": f"{bbl_per_t:g}",
        }
        query = {k: v for k, v in {**chosen, "bbl_per_t": f"{bbl_per_t:g}"}.items() if v}
        return html_of(
            request,
            "figures.html",
            table=table,
            chart=figure_chart(table) if table["rows"] else None,
            choices=choices,
            chosen=chosen,
            query=query,
            units=kb_figures.UNITS,
            modalities=kb_figures.MODALITIES,
        )

    return await cached(request, make)


@router.get("/timeline", response_class=HTMLResponse)
async def timeline(
    request: Request,
    web: Web,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    story: Annotated[str | None, Query(max_length=100)] = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    step: Annotated[Literal["month", "week"], Query()] = "month",
) -> HTMLResponse:
    """Mentions and events by month or week and language, the undated in a group of their own."""

    def make() -> str:
        chosen = {"entity": entity or "", "story": story or "", "topic": topic or "", "step": step}
        found, problem = None, None
        if entity or story or topic:
            try:
                with connect(web.store) as conn:
                    found = kb_timelines.timeline(conn, kb_timelines.TimelineQuery(entity, story, topic, step))
            except kb_timelines.TimelineError as exc:
                problem = str(exc)
        chart = timeline_chart(found) if found else None
        return html_of(
            request, "timeline.html", found=found, chart=chart, chosen=chosen, problem=problem, steps=kb_timelines.STEPS
        )

    return await cached(request, make)


@router.get("/watch/{watch_id}.atom")
async def watch_atom(request: Request, web: Web, watch_id: str) -> Response:
    """A watchlist's matches as an Atom 1.0 feed, for any feed reader."""
    base = str(request.base_url).rstrip("/")
    try:
        body = await run_in_threadpool(atom_feed, web.store, watch_id, base)
    except kb_watch.WatchError as exc:
        raise HTTPException(404, str(exc)) from exc
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/watch", response_class=HTMLResponse)
async def watch(request: Request, web: Web) -> HTMLResponse:
    """Watchlists, their latest matches and feeds, and forms to add and remove them (the token in the
    form is the write permission, as the API's bearer token is). Not cached: it changes with a form."""

    def make() -> str:
        with connect(web.store) as conn:
            found = kb_watch.list_watchlists(conn)
            latest = {w["id"]: kb_watch.matches(conn, w["id"], limit=5) for w in found}
        message = request.query_params.get("done")
        return html_of(request, "watch.html", watchlists=found, latest=latest, message=message)

    return HTMLResponse(await run_in_threadpool(make))


async def _form(request: Request) -> dict[str, str]:
    """An HTML form's fields (application/x-www-form-urlencoded), read without python-multipart."""
    body = await request.body()
    if len(body) > 20_000:
        raise HTTPException(413, "form too large")
    return {k: v.strip() for k, v in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)}


def _check_form_token(request: Request, given: str | None) -> None:
    expected = state(request).settings.token
    if not expected:
        raise HTTPException(403, "changes are disabled: set CASPIAN_TOKEN (or WebSettings.token) to enable them")
    if not token_matches(given, expected):
        raise HTTPException(403, "wrong or missing token")


@router.post("/watch", response_class=HTMLResponse)
async def watch_add(request: Request, web: Web) -> Response:
    form = await _form(request)
    _check_form_token(request, form.get("token"))
    langs = tuple(x.strip() for x in form.get("langs", "").split(",") if x.strip())
    try:
        query = kb_watch.WatchQuery(
            form.get("words") or None,
            form.get("entity") or None,
            form.get("commodity") or None,
            form.get("metric") or None,
            form.get("geo") or None,
            langs,
        )
        name = form.get("name", "")
        await run_in_threadpool(
            kb_watch.add_watchlist,
            web.store,
            name,
            query,
            form.get("webhook") or None,
            form.get("secret") or None,
            form.get("email") or None,
        )
    except kb_watch.WatchError as exc:
        raise HTTPException(400, str(exc)) from exc
    return RedirectResponse(f"/watch?{urlencode({'done': f'added {name}'})}", status_code=303)


@router.post("/watch/{ref}/remove", response_class=HTMLResponse)
async def watch_remove(request: Request, web: Web, ref: str) -> Response:
    form = await _form(request)
    _check_form_token(request, form.get("token"))
    if not await run_in_threadpool(kb_watch.remove_watchlist, web.store, ref):
        raise HTTPException(404, f"no watchlist {ref!r}")
    return RedirectResponse(f"/watch?{urlencode({'done': f'removed {ref}'})}", status_code=303)


@router.get("/digest", response_class=HTMLResponse)
async def digest(request: Request, web: Web, since: Annotated[str, Query(max_length=10)] = "1d") -> HTMLResponse:
    try:
        window = watch_digest.parse_since(since)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc

    def make() -> str:
        found = watch_digest.build_digest(web.store, window)
        return html_of(request, "digest.html", d=found, since=since)

    return await cached(request, make)


@router.get("/events", response_class=HTMLResponse)
async def events(
    request: Request,
    web: Web,
    type_: Annotated[str | None, Query(alias="type", max_length=60)] = None,
    since: DateParam = None,
    until: DateParam = None,
    view: Annotated[Literal["events", "reports"], Query()] = "events",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """One row per real-world event (its reports merged across articles and languages), or with
    `view=reports` one row per report as extracted."""

    def make() -> str:
        flt = kb_events.EventFilter(type=type_, since=since, until=until)
        with connect(web.store) as conn:
            if view == "reports":
                total, items = kb_events.list_events(conn, flt, PAGE_SIZE, offset)
            else:
                found = kb_events.merged_event_records(conn, flt)
                total, items = len(found), found[offset : offset + PAGE_SIZE]
            names = {str(p) for ev in items for p in ev["participants"] or []}
            ids = kb_events.participant_entity_ids(conn, names)
        chosen = {"type": type_ or "", "since": since or "", "until": until or "", "view": view}
        return html_of(
            request, "events.html", items=items, total=total, offset=offset, size=PAGE_SIZE, chosen=chosen, ids=ids
        )

    return await cached(request, make)


@router.get("/events/{event_id}", response_class=HTMLResponse)
async def event(request: Request, web: Web, event_id: int) -> HTMLResponse:
    def make() -> str:
        with connect(web.store) as conn:
            found = kb_events.merged_event(conn, event_id)
            if found is None:
                raise HTTPException(404, f"no event with id {event_id}")
            ids = kb_events.participant_entity_ids(conn, set(found["participants"]))
        return html_of(request, "event.html", ev=found, ids=ids)

    return await cached(request, make)


@router.get("/graph", response_class=HTMLResponse)
async def graph(request: Request, web: Web, since: DateParam = None, until: DateParam = None) -> HTMLResponse:
    def make() -> str:
        data = kb_events.cooperation_graph(web.store, kb_events.GraphFilter(since=since, until=until))
        return html_of(request, "graph.html", graph=data, chosen={"since": since or "", "until": until or ""})

    return await cached(request, make)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API reference, drawn on the server from the OpenAPI schema (no CDN, works offline)."""
    schema = request.app.openapi()
    return HTMLResponse(html_of(request, "docs.html", schema=schema))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")
