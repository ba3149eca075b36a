"""JSON Lines and JSON: one article per object, fields text/title/url/published/source/lang."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from caspian.document import Document, Failure
from caspian.readers.decode import decode

# Field names seen in scraper exports, by the record field they fill.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "href"),
    "published": ("published", "date", "published_at", "pubDate", "datetime", "time"),
    "source": ("source", "site", "sitename", "publisher"),
    "lang": ("lang", "language"),
    "author": ("author", "byline"),
}


def _pick(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = obj.get(name)
        if value not in (None, ""):
            return value
    return None


def object_to_document(obj: Any, path: str, item: int) -> Document | Failure:
    origin = f"{path}#{item}"
    if not isinstance(obj, dict):
        return Failure(origin, f"expected a JSON object, got {type(obj).__name__}")
    text = _pick(obj, FIELDS["text"])
    if not isinstance(text, str) or not text.strip():
        return Failure(origin, "no text: none of the fields " + "/".join(FIELDS["text"]) + " holds a string")
    given = {}
    for name in ("title", "published", "source", "lang", "author"):
        value = _pick(obj, FIELDS[name])
        if value is not None:
            given[name] = str(value).strip()
    source = given.get("source")
    if isinstance(obj.get("source"), dict):  # {"source": {"name": ...}} as in some feeds
        source = obj["source"].get("name")
        given["source"] = source
    url = _pick(obj, FIELDS["url"])
    return Document(raw=text, path=path, item=item, url=str(url).strip() if url else None, meta={"given": given})


def read_jsonl(data: bytes, path: str) -> Iterator[Document | Failure]:
    text, _ = decode(data)
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(f"{path}#{number}", f"invalid JSON on line {number}: {exc.msg} at column {exc.colno}")
            continue
        yield object_to_document(obj, path, number)


def read_json(data: bytes, path: str) -> Iterator[Document | Failure]:
    text, _ = decode(data)
    try:
        obj = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        # Perhaps JSON Lines under a .json name.
        if "\n{" in text and exc.msg == "Extra data":
            yield from read_jsonl(data, path)
            return
        yield Failure(path, f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
        return
    if isinstance(obj, dict):
        for key in ("articles", "items", "data", "documents"):
            if isinstance(obj.get(key), list):
                obj = obj[key]
                break
    if isinstance(obj, list):
        if not obj:
            yield Failure(path, "JSON array holds no articles")
        for number, entry in enumerate(obj, start=1):
            yield object_to_document(entry, path, number)
    else:
        doc = object_to_document(obj, path, 1)
        if isinstance(doc, Document):
            doc.item = None
        else:
            doc.origin = path
        yield doc
