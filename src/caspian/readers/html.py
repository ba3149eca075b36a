"""HTML pages: trafilatura finds the article body and its metadata."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import trafilatura

from caspian.document import Document, Failure
from caspian.readers.decode import decode

_DATE_PARAMS = {"extensive_search": True, "original_date": True}


def html_to_document(html: str, path: str, url: str | None = None) -> Document | Failure:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    if result is None:
        return Failure(path, "no article text found in the HTML")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    body = (data.get("text") or "").strip()
    if not body:
        return Failure(path, "no article text found in the HTML")
    given = {
        "title": data.get("title"),
        "author": data.get("author"),
        "published": data.get("date"),
        "source": data.get("sitename") or data.get("hostname"),
    }
    return Document(
        raw=body,
        path=path,
        url=url or data.get("url") or None,
        meta={"given": {k: str(v).strip() for k, v in given.items() if v}},
    )


def read_html(data: bytes, path: str) -> Iterator[Document | Failure]:
    html, encoding = decode(data)
    item = html_to_document(html, path)
    if isinstance(item, Document):
        item.meta["encoding"] = encoding
    yield item
