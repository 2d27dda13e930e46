"""The Table Schemas in schemas/tables/ are the single source of truth for every table.

Everything else is read from them here: which tables exist and in what order (a table's
foreign keys point left), which are span tables (rows that quote characters of an article),
column order, the enums the annotation reader accepts, the datapackage.json resources.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .config import bundled_schemas


@lru_cache(maxsize=8)
def _read(path: str, mtime_ns: int) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def table_names(schema_dir: Path) -> list[str]:
    """schemas/tables/*.schema.json -> table names, sorted by name."""
    return sorted(p.name.removesuffix(".schema.json") for p in Path(schema_dir, "tables").glob("*.schema.json"))


def table_schema(schema_dir: Path, table: str) -> dict[str, Any]:
    """schemas/tables/<table>.schema.json -> the Table Schema as a dict. Re-read when the file
    changes (a long-lived process must see edits); callers must not modify it."""
    path = Path(schema_dir) / "tables" / f"{table}.schema.json"
    if not path.exists():
        raise KeyError(f"unknown table {table!r}; tables are {', '.join(table_names(schema_dir))}")
    return _read(str(path), path.stat().st_mtime_ns)


def table_order(schema_dir: Path) -> tuple[str, ...]:
    """Tables in dependency order: by the length of their longest foreign-key chain, then by
    name, so that every foreign key points to a table further left (or to itself)."""
    names = table_names(schema_dir)
    refs = {t: {fk["reference"].get("resource") or t for fk in table_schema(schema_dir, t).get("foreignKeys", [])} - {t} for t in names}
    depth: dict[str, int] = {}

    def chain(t: str, seen: tuple[str, ...] = ()) -> int:
        if t in seen:
            raise ValueError(f"foreign keys form a cycle: {' -> '.join((*seen, t))}")
        if t not in depth:
            depth[t] = 1 + max((chain(r, (*seen, t)) for r in refs[t]), default=-1)
        return depth[t]

    return tuple(sorted(names, key=lambda t: (chain(t), t)))


def is_span_table(schema_dir: Path, table: str) -> bool:
    """A span table's rows quote an article: document_id, start, end and text."""
    return {"document_id", "start", "end", "text"} <= set(columns(schema_dir, table))


def columns(schema_dir: Path, table: str) -> list[str]:
    """Table name -> its column names in schema order."""
    return [f["name"] for f in table_schema(schema_dir, table)["fields"]]


def field(schema_dir: Path, table: str, name: str) -> dict[str, Any]:
    for f in table_schema(schema_dir, table)["fields"]:
        if f["name"] == name:
            return dict(f)
    raise KeyError(f"{table}.{name} is not in the schema")


def enum(schema_dir: Path, table: str, name: str) -> list[str]:
    """The allowed values of an enum column, as the schema declares them."""
    return list(field(schema_dir, table, name).get("constraints", {}).get("enum", []))


def primary_key(schema_dir: Path, table: str) -> list[str]:
    pk = table_schema(schema_dir, table)["primaryKey"]
    return [pk] if isinstance(pk, str) else list(pk)


class RowMaker:
    """Builds the rows of every table from its Table Schema: keys in schema order; a key the
    schema does not declare, or a declared column left out, is refused, so a row dict never
    drifts from its table. Each schema is read once per RowMaker (make one per stage run):
    building hundreds of thousands of rows must not re-read a file per row."""

    def __init__(self, schema_dir: Path):
        self.schema_dir = schema_dir
        self._columns: dict[str, tuple[list[str], frozenset[str]]] = {}

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            cols = columns(self.schema_dir, table)
            self._columns[table] = (cols, frozenset(cols))
        return self._columns[table][0]

    def __call__(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        cols = self.columns(table)
        declared = self._columns[table][1]
        if values.keys() != declared:
            unknown = set(values) - declared
            missing = [c for c in cols if c not in values]
            raise KeyError(f"{table} row: " + "; ".join(
                ([f"unknown column(s) {sorted(unknown)}"] if unknown else []) + ([f"missing column(s) {missing}"] if missing else [])))
        return {c: values[c] for c in cols}


def row(schema_dir: Path, table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Values -> one row of `table` (RowMaker, for a single row)."""
    return RowMaker(schema_dir)(table, values)


SCHEMAS = bundled_schemas()
TABLES: tuple[str, ...] = table_order(SCHEMAS)
"""The published tables, in dependency order (a table's foreign keys point left)."""
SPAN_TABLES: tuple[str, ...] = tuple(t for t in TABLES if is_span_table(SCHEMAS, t))
"""Tables whose rows are spans of an article (document_id, start, end, text)."""
