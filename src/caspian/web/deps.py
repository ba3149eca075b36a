"""What the application, the API and the pages share: the per-app state, the templates, the read
and write rules (FastAPI dependencies) and the error bodies. `app.py`, `api.py` and `pages.py`
import this module and never each other."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Scope

from caspian.store import Store
from caspian.web.cache import PageCache
from caspian.web.config import LOOPBACK_HOSTS, WebSettings
from caspian.web.render import register_filters

HERE = Path(__file__).resolve().parent


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


Web = Annotated[WebState, Depends(web_state)]


def token_of(headers: Any) -> str | None:
    """The token a request carries: `Authorization: Bearer TOKEN` or `X-Caspian-Token`."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-caspian-token")


def given_token(request: Request) -> str | None:
    return token_of(request.headers)


def token_matches(given: str | None, expected: str | None) -> bool:
    return bool(expected and given and hmac.compare_digest(given.encode(), expected.encode()))


def token_ok(request: Request, expected: str | None) -> bool:
    return token_matches(given_token(request), expected)


def is_loopback(request: Request) -> bool:
    return request.client is not None and request.client.host in LOOPBACK_HOSTS


def may_read(scope: Scope, settings: WebSettings) -> bool:
    """The read rule on a raw ASGI scope: loopback clients, the token, or public_reads."""
    client = scope.get("client")
    if settings.public_reads or (client is not None and client[0] in LOOPBACK_HOSTS):
        return True
    return token_matches(token_of(Headers(scope=scope)), settings.token)


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


def page_key(path: str, query_string: bytes) -> tuple:
    """The page cache's key: the path and the sorted query pairs (as Starlette parses them)."""
    return (path, tuple(sorted(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))))


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, **extra}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """The error as JSON for the API, as a page for the rest."""
    if wants_json(request):
        return JSONResponse(error_body(status, message, **extra), status)
    html = state(request).templates.get_template("error.html").render(status=status, message=message)
    return HTMLResponse(html, status)
