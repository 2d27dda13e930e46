"""Parquet copies of the published tables: <folder>/<table>.parquet, typed as the DuckDB
database types them from the Table Schemas (VARCHAR, BIGINT, DOUBLE, DATE; NOT NULL where
required), with MANIFEST.json naming the CSV each copy was made from (the sha256 of
datapackage.json's resource) and the fields it was typed by. The CSVs stay the canonical Frictionless resources; a reader uses
a Parquet copy only when its manifest matches the package it reads (`fresh`).

Where they are: build/parquet/ of a checkout (written by the database stage) and parquet/ of a
release bundle. DuckDB writes them, single-threaded in row order, so they are byte-identical
from one build to the next.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .order import SORT
from .schemas import TABLES

if TYPE_CHECKING:
    import duckdb

MANIFEST = "MANIFEST.json"


def resource_hashes(folder: Path) -> dict[str, str]:
    """<folder>/datapackage.json -> {table: 'sha256:... fields:...'}: the hash of each CSV
    resource and a digest of its fields' names, types and required flags. A copy is typed from
    the schema, so the same CSV under a changed schema needs a new copy."""
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for r in desc.get("resources", []):
        fields = [[f.get("name"), f.get("type"), bool(f.get("constraints", {}).get("required"))]
                  for f in r.get("schema", {}).get("fields", [])]
        typed = hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()[:16]
        out[r["name"]] = f"{r.get('hash', '')} fields:{typed}"
    return out


def export(con: duckdb.DuckDBPyConnection, target: Path, hashes: dict[str, str]) -> Path:
    """The tables of a loaded database -> target/<table>.parquet and target/MANIFEST.json,
    written beside and then moved into place (a reader never sees half a folder)."""
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con.execute("SET preserve_insertion_order = true")
    for table in TABLES:
        path = str(tmp / f"{table}.parquet").replace("'", "''")
        # the CSV's order (a table with a self-reference was loaded parents first)
        by = ", ".join(f'"{c}"' for c in SORT[table])
        con.execute(f"COPY (SELECT * FROM \"{table}\" ORDER BY {by}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
    (tmp / MANIFEST).write_text(json.dumps({t: hashes.get(t, "") for t in TABLES}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return target


def fresh(folder: Path) -> Path | None:
    """A package folder -> the folder of Parquet copies made from exactly its CSVs (parquet/
    of a bundle, build/parquet/ of a checkout), or None."""
    try:
        hashes = resource_hashes(folder)
    except (OSError, ValueError):
        return None
    for candidate in (folder / "parquet", folder / "build" / "parquet"):
        manifest = candidate / MANIFEST
        if not manifest.exists():
            continue
        try:
            made_from = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if made_from == {t: hashes.get(t, "") for t in TABLES} and all((candidate / f"{t}.parquet").exists() for t in TABLES):
            return candidate
    return None
