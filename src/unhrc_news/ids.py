"""Content-derived ids: the same content gives the same id in every build, whatever else
is added or removed. Row order never enters an id."""
from __future__ import annotations

import hashlib


def content_id(prefix: str, *parts: object) -> str:
    """('q', '000_b8…', 812, 819) -> 'q_' + the first 12 hex digits of SHA-1 over the parts."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:12]}"


def mention_id(document_id: str, start: int, end: int, actor_id: str) -> str:
    return content_id("m", document_id, start, end, actor_id)


def quote_id(document_id: str, start: int, end: int) -> str:
    return content_id("q", document_id, start, end)


def statistic_id(document_id: str, start: int, end: int) -> str:
    return content_id("s", document_id, start, end)
