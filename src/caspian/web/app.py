"""The FastAPI application: JSON API under /api/, server-rendered pages, static files, errors."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from caspian.export import ExportError
from caspian.kb import QueryError
from caspian.search import SearchError
from caspian.store import Store
from caspian.web import api, pages
from caspian.web.config import WebSettings
from caspian.web.deps import HERE, WebState, error_body, error_response, may_read, page_key, require_reader

log = logging.getLogger(__name__)

INGEST_PATH = "/api/ingest"
# Pages load scripts, styles and data only from this server: a stored article cannot run code.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class BodyLimit:
    """Refuses a request whose declared body is larger than its endpoint allows (413), before reading it."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit = self.settings.max_upload_bytes if scope["path"] == INGEST_PATH else self.settings.max_body_bytes
            length = dict(scope["headers"]).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                response = JSONResponse(
                    error_body(413, f"request body too large: the limit for {scope['path']} is {limit} bytes"), 413
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class CachedPages:
    """Answers a GET for a page already rendered under the current data straight from the cache.

    The page handlers keep their rendered HTML in `WebState.pages`; this layer sends it back
    without FastAPI's routing, dependency resolution and response classes, which cost ~0.5 ms of
    CPU a request (at 200 requests in flight that queue was the article p95). The read rule is
    the same as `require_reader`'s; whatever is not cached goes on to the application.
    """

    def __init__(self, app: ASGIApp, web: WebState) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and may_read(scope, self.web.settings):
            body = self.web.pages.lookup(page_key(scope["path"], scope["query_string"]))
            if body is not None:
                headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", b"%d" % len(body))]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the CSP and friends to every response (plain ASGI: cheaper than an http middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")} for e in exc.errors()
        ]
        message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems) or "invalid request"
        return error_response(request, 422, message, problems=problems)

    @app.exception_handler(QueryError)
    @app.exception_handler(SearchError)
    @app.exception_handler(ExportError)
    async def bad_request(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return error_response(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")


def create_app(db_url: str | Store, settings: WebSettings | None = None, **overrides: Any) -> FastAPI:
    """The web interface and HTTP API over one knowledge base (a URL or an open Store)."""
    settings = (settings or WebSettings()).with_(**overrides)
    store = db_url if isinstance(db_url, Store) else Store(db_url)
    app = FastAPI(
        title="Caspian",
        summary="Energy-sector news of Kazakhstan and Central Asia: articles, entities, facts, events, search.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.web = WebState(store, settings)
    install_error_handlers(app)
    app.add_middleware(CachedPages, web=app.state.web)
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router, prefix="/api", dependencies=[Depends(require_reader)])
    app.include_router(pages.router, dependencies=[Depends(require_reader)])
    return app
