"""Published CSV + its layout + the rebuilt rows -> the CSV a full build would write, and its
layout (ledger.py says when this is exact).

A table's rows are byte strings. Rows owned by a document that was not rebuilt are copied from
the published file as they are; rows owned by a rebuilt document, and rows no document owns
(registries, actors), are dropped and replaced by this build's rows, each put where the
table's sort order (order.py) puts it. Tables ordered by document move whole blocks; the
others place each new row by its sort key among the kept ones.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import order
from .ledger import FullBuildNeeded
from .state import Row

Layout = dict[str, Any]


def layout_of(table: str, owners: list[str], lengths: list[int], keys: list[str]) -> Layout:
    """Each row's owner, length in bytes and sort key -> the layout the ledger keeps: runs of
    (owner, rows, bytes) for tables ordered by document; for the others, arrays: owner names,
    each row's owner (an index into them), length and key (UTF-8, which orders as the text)."""
    if order.by_document(table):
        runs: list[list[Any]] = []
        for o, n in zip(owners, lengths, strict=True):
            if runs and runs[-1][0] == o:
                runs[-1][1] += 1
                runs[-1][2] += n
            else:
                runs.append([o, 1, n])
        return {"runs": runs}
    names = sorted(set(owners))
    code = {n: i for i, n in enumerate(names)}
    return {"names": names, "owner": np.array([code[o] for o in owners], dtype=np.int32),
            "bytes": np.array(lengths, dtype=np.int64), "key": _keys(keys)}


def _keys(keys: list[str]) -> np.ndarray:
    return np.array([k.encode("utf-8") for k in keys], dtype=bytes) if keys else np.array([], dtype="S1")


def _dropped_rows(layout: Layout, dirty: set[str]) -> np.ndarray:
    """Row-by-row layout -> a mask of the rows of rebuilt documents and of no document."""
    codes = [i for i, n in enumerate(layout["names"]) if n == order.GLOBAL or n in dirty]
    return np.isin(layout["owner"], codes)


def merge(table: str, header: bytes, published: bytes, layout: Layout, dirty: set[str], order_of_documents: list[str],
          new_lines: list[bytes], new_rows: Sequence[Row], new_owners: list[str]) -> tuple[bytes, Layout, int]:
    """-> (the merged CSV, its layout, its row count). new_rows arrive in the table's order."""
    body = memoryview(published)[len(header):]
    if order.by_document(table):
        return _merge_blocks(table, header, body, layout, dirty, order_of_documents, new_lines, new_owners)
    return _merge_keyed(table, header, body, layout, dirty, new_lines, new_rows, new_owners)


def _merge_blocks(table: str, header: bytes, body: memoryview, layout: Layout, dirty: set[str], documents: list[str],
                  new_lines: list[bytes], new_owners: list[str]) -> tuple[bytes, Layout, int]:
    old: dict[str, tuple[int, int, int]] = {}  # owner -> (offset, rows, bytes)
    offset = 0
    for o, rows, size in layout["runs"]:
        old[o] = (offset, rows, size)
        offset += size
    if offset != len(body):
        raise FullBuildNeeded(f"{table}: the layout does not cover the published file")
    fresh: dict[str, list[bytes]] = {}
    for o, line in zip(new_owners, new_lines, strict=True):
        fresh.setdefault(o, []).append(line)
    pieces: list[bytes | memoryview] = [header]
    runs: list[list] = []
    total = 0
    for doc in documents:
        if doc in dirty:
            lines = fresh.pop(doc, [])
            if lines:
                pieces += lines
                runs.append([doc, len(lines), sum(map(len, lines))])
                total += len(lines)
        elif doc in old:
            start, rows, size = old[doc]
            pieces.append(body[start:start + size])
            runs.append([doc, rows, size])
            total += rows
    if fresh:  # rows of a document that is not in the package: a full build names the problem
        raise FullBuildNeeded(f"{table}: rows for unknown documents {sorted(fresh)[:3]}")
    return b"".join(pieces), {"runs": runs}, total


def _merge_keyed(table: str, header: bytes, body: memoryview, layout: Layout, dirty: set[str],
                 new_lines: list[bytes], new_rows: Sequence[Row], new_owners: list[str]) -> tuple[bytes, Layout, int]:
    lengths, keys = layout["bytes"], layout["key"]
    ends = np.cumsum(lengths)
    if (int(ends[-1]) if len(ends) else 0) != len(body):
        raise FullBuildNeeded(f"{table}: the layout does not cover the published file")
    drop = _dropped_rows(layout, dirty)
    new_keys = _keys([order.key_text(table, r) for r in new_rows])
    # Where each new row goes: before the first published row whose key is not smaller. A
    # published row that is kept and has the same key would be a duplicate key.
    at = np.searchsorted(keys, new_keys, side="left") if len(keys) else np.zeros(len(new_keys), dtype=np.int64)
    inside = at < len(keys)
    if np.any((keys[at[inside]] == new_keys[inside]) & ~drop[at[inside]]):
        raise FullBuildNeeded(f"{table}: a key is both kept and new")
    names = sorted(set(layout["names"]) | set(new_owners))
    code = {n: i for i, n in enumerate(names)}
    recode = np.array([code[n] for n in layout["names"]], dtype=np.int32)
    new_codes = np.array([code[o] for o in new_owners], dtype=np.int32)
    # Events in published-row order: insert new row j before published row p; skip dropped row d.
    pieces: list[bytes | memoryview] = [header]
    take: list[tuple[str, int, int]] = []  # ("old", start, stop) or ("new", j, j + 1), in output order
    cursor = 0

    def copy_until(stop: int) -> None:
        nonlocal cursor
        if stop > cursor:
            pieces.append(body[(int(ends[cursor - 1]) if cursor else 0):int(ends[stop - 1])])
            take.append(("old", cursor, stop))
            cursor = stop

    marks = sorted([(int(p), 0, j) for j, p in enumerate(at)] + [(int(d), 1, int(d)) for d in np.flatnonzero(drop)])
    for position, is_drop, j in marks:
        copy_until(position)
        if is_drop == 0:
            pieces.append(new_lines[j])
            take.append(("new", j, j + 1))
        else:
            cursor = j + 1  # skip the dropped row
    copy_until(len(keys))
    new_lengths = np.array([len(line) for line in new_lines], dtype=np.int64)
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "owner": (recode[layout["owner"]], new_codes), "bytes": (lengths, new_lengths), "key": (keys, new_keys)}
    out: Layout = {"names": names}
    for column, (published_part, new_part) in parts.items():
        chunks = [published_part[a:b] if src == "old" else new_part[a:b] for src, a, b in take]
        out[column] = np.concatenate(chunks) if chunks else published_part[:0]
    return b"".join(pieces), out, len(out["key"])


def dropped(table: str, header: bytes, published: bytes, layout: Layout, dirty: set[str]) -> bytes:
    """The published rows a merge replaces (those of rebuilt documents and of no document), as
    CSV rows without header."""
    body = memoryview(published)[len(header):]
    pieces: list[bytes | memoryview] = []
    if order.by_document(table):
        at = 0
        for o, _, size in layout["runs"]:
            if o in dirty:
                pieces.append(body[at:at + size])
            at += size
    else:
        ends = np.cumsum(layout["bytes"])
        for i in np.flatnonzero(_dropped_rows(layout, dirty)):
            pieces.append(body[(int(ends[i - 1]) if i else 0):int(ends[i])])
    return b"".join(pieces)
