"""The FastAPI application: JSON API under /api/, server-rendered pages, static files, errors."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from caspian.export import ExportError
from caspian.search import SearchError
from caspian.store import Store
from caspian.web.cache import PageCache
from caspian.web.config import LOOPBACK_HOSTS, WebSettings
from caspian.web.queries import QueryError

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
INGEST_PATH = "/api/ingest"
# Pages load scripts, styles and data only from this server: a stored article cannot run code.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class WebState:
    """What every request needs: the store, the settings, the templates."""

    def __init__(self, store: Store, settings: WebSettings) -> None:
        self.store = store
        self.settings = settings
        self.templates = make_templates()
        self.pages = PageCache(store, settings.page_cache)
        # Page renderings in progress, by page key: concurrent requests for one page share one.
        self.rendering: dict[tuple, Any] = {}
        self.pipeline: Any = None  # built on the first upload


def make_templates() -> Environment:
    from caspian.web.render import register_filters

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    register_filters(env)
    return env


def state(request: Request) -> WebState:
    return request.app.state.web


# Dependencies are `async` because they do no I/O: FastAPI would otherwise run each in a thread.
async def web_state(request: Request) -> WebState:
    return request.app.state.web


def _token_of(headers: Any) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-caspian-token")


def given_token(request: Request) -> str | None:
    return _token_of(request.headers)


def _token_matches(given: str | None, expected: str | None) -> bool:
    return bool(expected and given and hmac.compare_digest(given.encode(), expected.encode()))


def token_ok(request: Request, expected: str | None) -> bool:
    return _token_matches(given_token(request), expected)


def is_loopback(request: Request) -> bool:
    return request.client is not None and request.client.host in LOOPBACK_HOSTS


def may_read(scope: Scope, settings: WebSettings) -> bool:
    """The read rule on a raw ASGI scope: loopback clients, the token, or public_reads."""
    client = scope.get("client")
    if settings.public_reads or (client is not None and client[0] in LOOPBACK_HOSTS):
        return True
    return _token_matches(_token_of(Headers(scope=scope)), settings.token)


async def require_reader(request: Request) -> None:
    """Reads are open to loopback clients; from elsewhere they need the token (or public_reads)."""
    if may_read(request.scope, state(request).settings):
        return
    raise HTTPException(401, "reading from another host needs the token (Authorization: Bearer TOKEN)")


async def require_writer(request: Request) -> None:
    settings = state(request).settings
    if not settings.token:
        raise HTTPException(403, "uploads are disabled: set CASPIAN_TOKEN (or WebSettings.token) to enable them")
    if not given_token(request):
        raise HTTPException(401, "this endpoint needs the token: Authorization: Bearer TOKEN")
    if not token_ok(request, settings.token):
        raise HTTPException(403, "wrong token")


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


def page_key(path: str, query_string: bytes) -> tuple:
    """The page cache's key: the path and the sorted query pairs (as Starlette parses them)."""
    return (path, tuple(sorted(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))))


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


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, **extra}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(status, message, **extra), status)
    html = state(request).templates.get_template("error.html").render(status=status, message=message)
    return HTMLResponse(html, status)


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
    from caspian.web import api, pages

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
