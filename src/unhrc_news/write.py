"""Stage 6, write: final rows -> CSV files and datapackage.json in a fresh staging folder.

Output is byte-for-byte reproducible: rows arrive sorted, columns follow the Table Schemas,
numbers are plain decimals, JSON keys keep a fixed order, and no clock is read.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import merge, order, schemas
from .ledger import FullBuildNeeded
from .rows import Rows
from .schemas import TABLES
from .state import BuildState, Row

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def header_bytes(columns: list[str]) -> bytes:
    return (",".join(columns) + "\n").encode("utf-8")  # column names never need quoting


def encode_rows(columns: list[str], rows: Sequence[Row]) -> tuple[bytes, list[int]]:
    """Rows -> (UTF-8 CSV without header: RFC 4180 quoting, LF line ends; each row's length in
    bytes)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    ends = []
    for row in rows:
        if list(row) != columns:  # rows come from schemas.row(): same keys, same order
            raise KeyError(f"row does not match the table's columns (extra {sorted(set(row) - set(columns))}, missing {sorted(set(columns) - set(row))}): {row}")
        w.writerow(["" if row[c] is None else row[c] for c in columns])
        ends.append(buf.tell())
    text = buf.getvalue()
    raw = text.encode("utf-8")
    starts = [0, *ends[:-1]] if ends else []  # a table may have no rows
    if len(raw) == len(text):  # ASCII: characters are bytes
        return raw, [e - b for b, e in zip(starts, ends, strict=True)]
    return raw, [len(text[b:e].encode("utf-8")) for b, e in zip(starts, ends, strict=True)]


def split_rows(raw: bytes, lengths: list[int]) -> list[bytes]:
    out, at = [], 0
    for n in lengths:
        out.append(raw[at:at + n])
        at += n
    return out


def package_metadata(schema_dir: Path) -> dict[str, Any]:
    with open(schema_dir / "package.yaml", encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def descriptor(state: BuildState, files: dict[str, tuple[int, str]], documents: Sequence[Row]) -> dict[str, Any]:
    """Package metadata + one resource per table ({table: (bytes, sha256)}, inline schema) +
    sources."""
    s = state.settings
    meta = package_metadata(s.schemas)
    resources = []
    for table in TABLES:
        schema = copy.deepcopy(schemas.table_schema(s.schemas, table))
        description = schema.pop("description", "")
        size, digest = files[table]
        resources.append({
            "name": table,
            "type": "table",
            "path": f"data/{table}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": description,
            "bytes": size,
            "hash": "sha256:" + digest,
            "schema": schema,
        })
    sources = [
        {
            "title": f"{d['document_id']}: {d['publisher'] or 'publisher unknown'}"
                     f" ({d['published_date'] or 'date unknown'}, {d['review_status']})",
            "path": d["seed_path"],
            "sha256": d["sha256"],
        }
        for d in documents
    ]
    out: dict[str, Any] = {"$schema": PROFILE}
    for key in ("name", "title", "description", "version", "created", "homepage", "keywords", "licenses", "contributors", "rights"):
        if meta.get(key):
            out[key] = meta[key]
    out["sources"] = sources
    out["resources"] = resources
    return out


def tables_bytes(state: BuildState) -> Iterator[tuple[str, bytes]]:
    """state.tables -> (table, CSV bytes), one table at a time: the whole package in a full
    build; in an incremental one, the published CSVs with this build's rows merged in (merge.py).
    Records each table's layout, row count and (incremental builds) the new rows' CSV and the
    published rows they replace, for the stages after."""
    s = state.settings
    carry = state.carry
    event_owners = order.machine_event_owners(state.tables["event_evidence"], state.tables["events"])
    for table in TABLES:
        columns = schemas.columns(s.schemas, table)
        rows = state.tables[table]
        header = header_bytes(columns)
        body, lengths = encode_rows(columns, rows)
        owners = [order.owner(table, r, event_owners) for r in rows]
        if carry is None:
            keys = [] if order.by_document(table) else [order.key_text(table, r) for r in rows]
            raw = header + body
            state.layouts[table] = merge.layout_of(table, owners, lengths, keys)
            state.row_counts[table] = len(rows)
            if table != "documents":  # the descriptor reads the documents; the guards read the files
                state.tables[table] = Rows(columns)
        else:
            state.fresh[table] = header + body
            published = carry.published[table]  # read now, one table at a time
            if not published.startswith(header):
                raise FullBuildNeeded(f"{table}: the published file has other columns")
            # the database deletes these after publish, when the published file is this build's
            state.replaced[table] = merge.dropped(table, header, published, carry.ledger.layout[table], carry.dirty)
            raw, state.layouts[table], state.row_counts[table] = merge.merge(
                table, header, published, carry.ledger.layout[table], carry.dirty, carry.order,
                split_rows(body, lengths), rows, owners)
            del published
        yield table, raw


def run(state: BuildState) -> None:
    """Write the package to build/staging/ (data/*.csv and datapackage.json); set state.staging."""
    s = state.settings
    staging = s.build / "staging"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "data").mkdir(parents=True)
    # each table is on disk before the next is encoded: the package is never in memory as CSV
    files: dict[str, tuple[int, str]] = {}
    documents: Sequence[Row] = state.tables["documents"]
    for table, raw in tables_bytes(state):
        (staging / "data" / f"{table}.csv").write_bytes(raw)
        files[table] = (len(raw), hashlib.sha256(raw).hexdigest())
        if table == "documents" and state.carry is not None:
            documents = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    text = json.dumps(descriptor(state, files, documents), indent=2, ensure_ascii=False) + "\n"
    (staging / "datapackage.json").write_text(text, encoding="utf-8")
    state.staging = staging
    if state.carry is None:
        # A full build validates the staged files; the rows need not stay in memory beside them.
        state.tables = {}
    scope = "" if state.carry is None else f" ({len(state.carry.dirty)} of {len(state.carry.order)} documents rebuilt, the rest as published)"
    state.say(f"write: {len(files)} tables staged in {s.rel(staging)}{scope}")
