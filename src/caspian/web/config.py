"""What the web app is configured with: the write token, body limits, who may read."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from caspian.settings import Settings

TOKEN_ENV = "CASPIAN_TOKEN"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def token_from_env() -> str | None:
    return os.environ.get(TOKEN_ENV) or None


@dataclass(frozen=True)
class WebSettings:
    # Write endpoints (ingest) need this token; with none set they are disabled.
    token: str | None = field(default_factory=token_from_env)
    # Read endpoints are open to loopback clients; others need the token unless this is true.
    public_reads: bool = False
    max_upload_bytes: int = 10 * 1024 * 1024
    # Any other request body (there are none today) is refused above this.
    max_body_bytes: int = 64 * 1024
    page_size: int = 25
    max_page_size: int = 200
    search_mode: str = "hybrid"
    # Rendered pages kept while the data is unchanged (0: none).
    page_cache: int = 512
    # Rows per batch for exports and CSV responses.
    export_batch: int = 500
    pipeline: Settings = field(default_factory=Settings)

    def with_(self, **changes: Any) -> WebSettings:
        return replace(self, **changes)
