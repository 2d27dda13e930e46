"""Published CSV + its layout + the rebuilt rows -> the CSV a full build would write, and its
layout (ledger.py says when this is exact).

A table's rows are byte strings. Rows owned by a document that was not rebuilt are copied from
the published file as they are; rows owned by a rebuilt document, and rows no document owns
(registries, actors), are dropped and replaced by this build's rows, each put where the
table's sort order (order.py) puts it. Tables ordered by document move whole blocks; the
others place each new row by its sort key among the kept ones.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from . import order
from .ledger import FullBuildNeeded
from .state import Row

Layout = dict[str, list]


def layout_of(table: str, owners: list[str], lengths: list[int], keys: list[str]) -> Layout:
    """Each row's owner, length in bytes and sort key -> the layout the ledger keeps: runs of
    (owner, rows, bytes) for tables ordered by document, one entry per row for the others."""
    if order.by_document(table):
        runs: list[list] = []
        for o, n in zip(owners, lengths, strict=True):
            if runs and runs[-1][0] == o:
                runs[-1][1] += 1
                runs[-1][2] += n
            else:
                runs.append([o, 1, n])
        return {"runs": runs}
    return {"owner": owners, "bytes": lengths, "key": keys}


def merge(table: str, header: bytes, published: bytes, layout: Layout, dirty: set[str], order_of_documents: list[str],
          new_lines: list[bytes], new_rows: list[Row], new_owners: list[str]) -> tuple[bytes, Layout, int]:
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
                 new_lines: list[bytes], new_rows: list[Row], new_owners: list[str]) -> tuple[bytes, Layout, int]:
    owners, lengths, keys = layout["owner"], layout["bytes"], layout["key"]
    ends = list(accumulate(lengths))
    if (ends[-1] if ends else 0) != len(body):
        raise FullBuildNeeded(f"{table}: the layout does not cover the published file")
    dropped = [i for i, o in enumerate(owners) if o == order.GLOBAL or o in dirty]
    new_keys = [order.key_text(table, r) for r in new_rows]
    # Where each new row goes: before the first published row whose key is not smaller. A
    # published row that is kept and has the same key would be a duplicate key.
    at = [bisect_left(keys, k) for k in new_keys]
    gone = set(dropped)
    for k, p in zip(new_keys, at, strict=True):
        if p < len(keys) and keys[p] == k and p not in gone:
            raise FullBuildNeeded(f"{table}: key {k!r} is both kept and new")
    # Events in old-row order: insert new row j before old row p; skip dropped old row d.
    pieces: list[bytes | memoryview] = [header]
    out_owner: list[str] = []
    out_bytes: list[int] = []
    out_key: list[str] = []
    cursor = 0  # next old row not yet copied

    def copy_until(stop: int) -> None:
        nonlocal cursor
        if stop > cursor:
            start = ends[cursor - 1] if cursor else 0
            pieces.append(body[start:ends[stop - 1]])
            out_owner.extend(owners[cursor:stop])
            out_bytes.extend(lengths[cursor:stop])
            out_key.extend(keys[cursor:stop])
            cursor = stop

    marks = sorted([(p, 0, j) for j, p in enumerate(at)] + [(d, 1, d) for d in dropped])
    for position, kind, j in marks:
        copy_until(position)
        if kind == 0:
            pieces.append(new_lines[j])
            out_owner.append(new_owners[j])
            out_bytes.append(len(new_lines[j]))
            out_key.append(new_keys[j])
        else:
            cursor = j + 1  # skip the dropped row
    copy_until(len(keys))
    return b"".join(pieces), {"owner": out_owner, "bytes": out_bytes, "key": out_key}, len(out_key)


def dropped(table: str, header: bytes, published: bytes, layout: Layout, dirty: set[str]) -> bytes:
    """The published rows a merge replaces (those of rebuilt documents and of no document), as
    CSV rows without header."""
    body = memoryview(published)[len(header):]
    pieces: list[bytes | memoryview] = []
    at = 0
    if order.by_document(table):
        for o, _, size in layout["runs"]:
            if o in dirty:
                pieces.append(body[at:at + size])
            at += size
    else:
        for o, size in zip(layout["owner"], layout["bytes"], strict=True):
            if o == order.GLOBAL or o in dirty:
                pieces.append(body[at:at + size])
            at += size
    return b"".join(pieces)
