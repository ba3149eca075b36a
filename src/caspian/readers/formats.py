"""Which reader a file needs: by its extension, else by sniffing its first bytes."""

from __future__ import annotations

from pathlib import Path

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".feed": "feed",
}


def sniff(head: bytes) -> str:
    """Guess a format from the start of the content (for stdin and unknown extensions)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"{") and b"\n{" in head:
        return "jsonl"
    if start.startswith((b"{", b"[")):
        return "json"
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<rdf")):
        return "html" if b"<html" in start else "feed"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p")):
        return "html"
    return "txt"


def detect(path: str, head: bytes) -> str:
    return EXTENSIONS.get(Path(path).suffix.lower()) or sniff(head)
