"""The published order of every table and the document that owns each row, declared once.

normalise sorts by SORT; the ledger records each row's owner and, for tables not ordered by
document, its sort key as text (key_text), so an incremental build can put new rows where a
full build would (merge.py).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .state import Row

SORT: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "actors": ("actor_id",),
    "actor_mentions": ("document_id", "start", "end", "actor_id"),
    "events": ("event_id",),
    "event_actors": ("event_id", "actor_id", "role"),
    "event_evidence": ("event_id", "document_id", "start", "end"),
    "quotes": ("document_id", "start", "end"),
    "statistics": ("document_id", "start", "end"),
}
GLOBAL = ""  # the owner of rows no single document owns (registries, the actors table)
OFFSET_DIGITS = 10  # offsets are below 10**10: zero-padded, they sort as text as they do as numbers


def sort_key(table: str) -> Any:
    """table -> the key function normalise sorts its rows by."""
    columns = SORT[table]
    return lambda r: tuple(r[c] for c in columns)


def by_document(table: str) -> bool:
    """Tables whose order starts with the document: each document's rows are one block."""
    return SORT[table][0] == "document_id"


def key_text(table: str, row: Row) -> str:
    """A row -> its sort key as one string that orders exactly as the key tuple does (parts
    joined by a tab, which sorts before every character an id may hold; numbers zero-padded)."""
    return "\t".join(f"{row[c]:0{OFFSET_DIGITS}d}" if isinstance(row[c], int) else str(row[c]) for c in SORT[table])


def machine_event_owners(evidence: Sequence[Row], events: Sequence[Row]) -> dict[str, str]:
    """event_evidence + events rows -> {machine event id: the document it was extracted from}.
    Machine evidence linked to a registry event leaves that (curated) event global."""
    machine = {e["event_id"] for e in events if e["method"] == "machine"}
    return {r["event_id"]: r["document_id"] for r in evidence if r["method"] == "machine" and r["event_id"] in machine}


def owner(table: str, row: Row, event_owners: dict[str, str]) -> str:
    """A row -> the document whose inputs make it, or GLOBAL for registry rows and actors."""
    if "document_id" in row:
        return str(row["document_id"])
    if table in ("events", "event_actors"):
        return event_owners.get(row["event_id"], GLOBAL)
    return GLOBAL
