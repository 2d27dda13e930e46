"""The Python API: typed DataFrames and a read-only DuckDB connection.

    >>> import unhrc_news
    >>> quotes = unhrc_news.load("quotes")           # one table
    >>> tables = unhrc_news.load()                   # {name: DataFrame} for all eight
    >>> con = unhrc_news.connect()                   # DuckDB with every view, read-only
    >>> con.sql("SELECT * FROM event_timeline").df()
    >>> stats = unhrc_news.load("statistics", backend="polars")   # polars, same types

Types come from the Table Schemas: nullable integers (Int64), floats (Float64), categoricals
for enums, datetime64 for date fields, strings otherwise. `path` is a folder holding
datapackage.json and data/ (a checkout, or a downloaded release); by default the checkout this
package runs from, or the copy installed with the package.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import parquet, schemas
from .config import DB_NAME, Settings, bundled_schemas, package_homes
from .csvio import read_strings
from .schemas import TABLES


def package_path(path: str | os.PathLike | None = None) -> Path:
    """The folder holding datapackage.json: `path`, $UNHRC_NEWS_DATA, the checkout, or the installed copy."""
    candidates = []
    if path is not None:
        candidates.append(Path(path))
    elif (override := Settings().data_override) is not None:
        candidates.append(override)
    else:
        candidates += package_homes()
    for c in candidates:
        if (c / "datapackage.json").exists():
            return c.resolve()
    raise FileNotFoundError(
        f"no datapackage.json in {', '.join(str(c) for c in candidates)}; pass path= a folder holding the package "
        "(a checkout after `make data`, or an unpacked release)"
    )


def _schema_dir(folder: Path) -> Path:
    return folder / "schemas"


def _dtypes(schema_dir: Path, table: str) -> dict:
    import pandas as pd

    out = {}
    for f in schemas.table_schema(schema_dir, table)["fields"]:
        enum = f.get("constraints", {}).get("enum")
        if enum:
            out[f["name"]] = pd.CategoricalDtype(categories=list(enum))
        else:
            out[f["name"]] = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "date": "datetime64[ns]"}.get(f["type"], "string")
    return out


def _read(folder: Path, table: str):
    """<folder>/data/<table>.csv (or its fresh Parquet copy) -> a pandas DataFrame typed from
    the Table Schema; the same frame either way."""
    import pandas as pd

    copies = parquet.fresh(folder)
    if copies is not None:
        return _typed_parquet(copies / f"{table}.parquet", _dtypes(_schema_dir(folder), table))
    df = read_strings(folder, table)
    for column, dtype in _dtypes(_schema_dir(folder), table).items():
        values = df[column]
        if dtype == "datetime64[ns]":
            df[column] = pd.to_datetime(values, format="%Y-%m-%d")
        elif dtype in ("Int64", "Float64"):
            df[column] = pd.to_numeric(values).astype(dtype)
        else:
            df[column] = values.astype(dtype)
    return df


def _typed_parquet(path: Path, dtypes: dict):
    """A Parquet copy -> the DataFrame the CSV reader gives (DuckDB reads it: no pyarrow needed)."""
    import duckdb
    import pandas as pd

    con = duckdb.connect(":memory:")
    try:
        df = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()
    finally:
        con.close()
    for column, dtype in dtypes.items():
        if dtype == "datetime64[ns]":
            df[column] = pd.to_datetime(df[column])
        elif dtype == "string":
            df[column] = df[column].astype("string")  # missing values become <NA>, as from the CSV
        else:
            df[column] = df[column].astype(dtype)
    return df


def _polars_dtypes(schema_dir: Path, table: str) -> dict:
    import polars as pl

    out: dict[str, Any] = {}
    for f in schemas.table_schema(schema_dir, table)["fields"]:
        enum = f.get("constraints", {}).get("enum")
        if enum:
            out[f["name"]] = pl.Enum(list(enum))
        else:
            out[f["name"]] = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}.get(f["type"], pl.String)
    return out


def _read_polars(folder: Path, table: str):
    """<folder>/data/<table>.csv -> a polars DataFrame typed from the Table Schema: enums as
    pl.Enum (the schema's categories, in order), dates as pl.Date, empty cells as null."""
    try:
        import polars as pl
    except ImportError:
        raise ImportError("the polars backend needs polars: pip install 'unhrc-news[polars]'") from None

    copies = parquet.fresh(Path(folder))
    if copies is not None:
        df = pl.read_parquet(copies / f"{table}.parquet")
        return df.with_columns([pl.col(c).cast(t) for c, t in _polars_dtypes(_schema_dir(folder), table).items()])
    df = pl.read_csv(Path(folder) / "data" / f"{table}.csv", infer_schema=False)
    casts = []
    for column, dtype in _polars_dtypes(_schema_dir(folder), table).items():
        col = pl.col(column)
        if dtype == pl.Date:
            casts.append(col.str.to_date("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            casts.append(col.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean))
        else:
            casts.append(col.cast(dtype))
    return df.with_columns(casts)


def load(table: str | None = None, *, path: str | os.PathLike | None = None, backend: str = "pandas"):
    """Table name -> its DataFrame; no name -> {table: DataFrame} for all eight tables.
    backend="polars" gives polars DataFrames with the same types (pl.Enum, pl.Date, Int64...)."""
    folder = package_path(path)
    readers = {"pandas": _read, "polars": _read_polars}
    if backend not in readers:
        raise ValueError(f"backend {backend!r} is not known; use 'pandas' or 'polars'")
    read = readers[backend]
    if table is not None:
        if table not in TABLES:
            raise KeyError(f"no table {table!r}; the tables are {', '.join(TABLES)}")
        return read(folder, table)
    return {t: read(folder, t) for t in TABLES}


def database_path(folder: Path) -> Path:
    """Where the package's DuckDB file lives: build/ of a writable checkout, else a user cache."""
    from .database import package_fingerprint

    local = folder / "build" / DB_NAME
    if os.access(folder, os.W_OK):
        return local
    return Settings().user_cache / f"{package_fingerprint(folder, bundled_schemas())[:16]}.duckdb"


def connect(path: str | os.PathLike | None = None):
    """A read-only, sandboxed DuckDB connection to the package's tables and views (built on
    first use or when the package has changed since).

    The tables are loaded into the database before the connection is locked down, so no
    statement can read or write a file, attach a database or install an extension. The views
    are always this installation's own (schemas/sql shipped with unhrc-news), never SQL found in
    the folder being opened: opening a downloaded package runs none of its code."""
    import duckdb

    from .database import build_database, open_sandboxed, package_fingerprint

    folder = package_path(path)
    trusted = bundled_schemas()
    db = database_path(folder)
    fresh = False
    if db.exists():
        try:
            with open_sandboxed(db) as con:
                stored = con.execute("SELECT fingerprint FROM _package").fetchone()
                fresh = stored is not None and stored[0] == package_fingerprint(folder, trusted)
        except duckdb.Error:
            fresh = False
    if not fresh:
        build_database(folder, db, trusted)
    return open_sandboxed(db)
