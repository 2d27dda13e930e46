"""The Table Schemas in schemas/tables/ are the single source of truth for every table.

Everything else (column order, enums the annotation reader accepts, the datapackage.json
resources) is read from them here.
"""
from __future__ import annotations

import json
from pathlib import Path

from .config import TABLES


def table_schema(schema_dir: Path, table: str) -> dict:
    """schemas/tables/<table>.schema.json -> the Table Schema as a dict, read afresh each time
    (the files are small, and a long-lived process must see edits)."""
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
    with open(Path(schema_dir) / "tables" / f"{table}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def columns(schema_dir: Path, table: str) -> list[str]:
    """Table name -> its column names in schema order."""
    return [f["name"] for f in table_schema(schema_dir, table)["fields"]]


def field(schema_dir: Path, table: str, name: str) -> dict:
    for f in table_schema(schema_dir, table)["fields"]:
        if f["name"] == name:
            return f
    raise KeyError(f"{table}.{name} is not in the schema")


def enum(schema_dir: Path, table: str, name: str) -> list[str]:
    """The allowed values of an enum column, as the schema declares them."""
    return list(field(schema_dir, table, name).get("constraints", {}).get("enum", []))


def primary_key(schema_dir: Path, table: str) -> list[str]:
    pk = table_schema(schema_dir, table)["primaryKey"]
    return [pk] if isinstance(pk, str) else list(pk)
