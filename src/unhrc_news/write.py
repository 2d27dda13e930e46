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
from pathlib import Path
from typing import Any

import yaml

from . import schemas
from .schemas import TABLES
from .state import BuildState, Row

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def csv_bytes(columns: list[str], rows: list[Row]) -> bytes:
    """Rows -> UTF-8 CSV (RFC 4180 quoting, LF line ends, header first)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    for row in rows:
        if list(row) != columns:  # rows come from schemas.row(): same keys, same order
            raise KeyError(f"row does not match the table's columns (extra {sorted(set(row) - set(columns))}, missing {sorted(set(columns) - set(row))}): {row}")
        w.writerow(["" if row[c] is None else row[c] for c in columns])
    return buf.getvalue().encode("utf-8")


def package_metadata(schema_dir: Path) -> dict[str, Any]:
    with open(schema_dir / "package.yaml", encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def descriptor(state: BuildState, files: dict[str, bytes]) -> dict[str, Any]:
    """Package metadata + one resource per table (inline schema, bytes, sha256) + sources."""
    s = state.settings
    meta = package_metadata(s.schemas)
    resources = []
    for table in TABLES:
        schema = copy.deepcopy(schemas.table_schema(s.schemas, table))
        description = schema.pop("description", "")
        raw = files[table]
        resources.append({
            "name": table,
            "type": "table",
            "path": f"data/{table}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": description,
            "bytes": len(raw),
            "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
            "schema": schema,
        })
    sources = [
        {
            "title": f"{d['document_id']}: {d['publisher'] or 'publisher unknown'}"
                     f" ({d['published_date'] or 'date unknown'}, {d['review_status']})",
            "path": d["seed_path"],
            "sha256": d["sha256"],
        }
        for d in state.tables["documents"]
    ]
    out: dict[str, Any] = {"$schema": PROFILE}
    for key in ("name", "title", "description", "version", "created", "homepage", "keywords", "licenses", "contributors", "rights"):
        if meta.get(key):
            out[key] = meta[key]
    out["sources"] = sources
    out["resources"] = resources
    return out


def run(state: BuildState) -> None:
    """Write state.tables to build/staging/ (data/*.csv and datapackage.json); set state.staging."""
    s = state.settings
    staging = s.build / "staging"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "data").mkdir(parents=True)
    files = {t: csv_bytes(schemas.columns(s.schemas, t), state.tables[t]) for t in TABLES}
    for table, raw in files.items():
        (staging / "data" / f"{table}.csv").write_bytes(raw)
    text = json.dumps(descriptor(state, files), indent=2, ensure_ascii=False) + "\n"
    (staging / "datapackage.json").write_text(text, encoding="utf-8")
    state.staging = staging
    state.say(f"write: {len(files)} tables staged in {s.rel(staging)}")
