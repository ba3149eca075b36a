"""The web interface and HTTP API: `create_app(db_url)` gives a FastAPI app (served by `caspian serve`)."""

from caspian.web.app import create_app
from caspian.web.config import WebSettings

__all__ = ["WebSettings", "create_app"]
