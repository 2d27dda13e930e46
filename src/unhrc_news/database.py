"""Stage 9, database: published CSVs -> build/unhrc_news.duckdb with typed tables and views.

Column types, primary keys, foreign keys and comments come from the Table Schemas, never from
auto-detection; the views are the SQL files in schemas/sql/. Tables are loaded with CREATE
TABLE + INSERT from absolute paths, so the database holds the data and works from any working
directory. The file is built under a temporary name and moved into place; users open it
read-only (connect()).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from . import parquet, schemas
from .schemas import TABLES
from .state import BuildState

if TYPE_CHECKING:
    import duckdb

DUCK_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE", "boolean": "BOOLEAN"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(schema_dir: Path, table: str) -> str:
    """Table Schema -> CREATE TABLE with types, NOT NULL, primary and foreign keys."""
    spec = schemas.table_schema(schema_dir, table)
    cols = []
    for f in spec["fields"]:
        null = " NOT NULL" if f.get("constraints", {}).get("required") else ""
        cols.append(f"  {_q(f['name'])} {DUCK_TYPES[f['type']]}{null}")
    pk = schemas.primary_key(schema_dir, table)
    cols.append(f"  PRIMARY KEY ({', '.join(map(_q, pk))})")
    for fk in spec.get("foreignKeys", []):
        ref = fk["reference"]
        cols.append(f"  FOREIGN KEY ({', '.join(map(_q, fk['fields']))}) REFERENCES {_q(ref.get('resource') or table)} ({', '.join(map(_q, ref['fields']))})")
    return f"CREATE TABLE {_q(table)} (\n" + ",\n".join(cols) + "\n)"


def _source(schema_dir: Path, table: str, csv_path: Path) -> str:
    if csv_path.suffix == ".parquet":
        return f"read_parquet({_lit(str(csv_path.resolve()))})"  # typed when written: no casts needed
    spec = schemas.table_schema(schema_dir, table)
    columns = ", ".join(f"{_lit(f['name'])}: {_lit(DUCK_TYPES[f['type']])}" for f in spec["fields"])
    return f"read_csv({_lit(str(csv_path.resolve()))}, header = true, auto_detect = false, columns = {{{columns}}})"


def _count(con: duckdb.DuckDBPyConnection) -> int:
    """The row count an INSERT reports."""
    row = con.fetchone()
    return int(row[0]) if row else 0


def load_table(con: duckdb.DuckDBPyConnection, schema_dir: Path, table: str, csv_path: Path) -> None:
    """Insert the CSV with the schema's explicit column types (no auto-detection). A table that
    references itself is inserted level by level, parents first, since DuckDB checks a foreign
    key against rows already in the table."""
    spec = schemas.table_schema(schema_dir, table)
    source = _source(schema_dir, table, csv_path)
    self_fk = [fk for fk in spec.get("foreignKeys", []) if fk["reference"].get("resource") in (None, "", table)]
    if not self_fk:
        con.execute(f"INSERT INTO {_q(table)} SELECT * FROM {source}")
        return
    child, key = _q(self_fk[0]["fields"][0]), _q(self_fk[0]["reference"]["fields"][0])
    con.execute(f"CREATE TEMP TABLE _src AS SELECT * FROM {source}")
    level = _count(con.execute(f"INSERT INTO {_q(table)} SELECT * FROM _src WHERE {child} IS NULL"))
    while level:
        level = _count(con.execute(
            f"INSERT INTO {_q(table)} SELECT * FROM _src WHERE {key} NOT IN (SELECT {key} FROM {_q(table)}) "
            f"AND {child} IN (SELECT {key} FROM {_q(table)})"))
    con.execute("DROP TABLE _src")


def comment_sql(schema_dir: Path, table: str) -> list[str]:
    spec = schemas.table_schema(schema_dir, table)
    out = [f"COMMENT ON TABLE {_q(table)} IS {_lit(spec.get('description', ''))}"]
    out += [f"COMMENT ON COLUMN {_q(table)}.{_q(f['name'])} IS {_lit(f.get('description', ''))}" for f in spec["fields"]]
    return out


def view_files(schema_dir: Path) -> list[Path]:
    return sorted((schema_dir / "sql").glob("*.sql"))


def package_fingerprint(folder: Path, schema_dir: Path | None = None) -> str:
    """SHA-256 of datapackage.json (which holds every table's hash) and the view SQL used."""
    h = hashlib.sha256((folder / "datapackage.json").read_bytes())
    for p in view_files(schema_dir or schema_dir_of(folder)):
        h.update(p.read_bytes())
    return h.hexdigest()


# A connection for users: the database file is opened read-only and, from the first statement,
# DuckDB may not touch any other file (COPY ... TO, read_csv, read_text, glob, ATTACH), install
# or load an extension, or have these settings changed back (docs/security.md).
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def open_sandboxed(db: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB file -> a read-only connection that can read nothing but that file."""
    import duckdb

    return duckdb.connect(str(db), read_only=True, config=dict(SANDBOX))


def schema_dir_of(folder: Path) -> Path:
    return folder / "schemas"


def build_database(folder: Path, target: Path, schema_dir: Path | None = None) -> Path:
    """A package folder (datapackage.json, data/, schemas/) -> a DuckDB file at target."""
    import duckdb

    schema_dir = schema_dir or schema_dir_of(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    copies = parquet.fresh(folder)  # Parquet copies of exactly these CSVs load faster
    # One thread: loading is mostly reading files, and each further thread's buffers added about
    # 30 MiB to the build's peak at 5,000 articles for no time gained (docs/scaling.md). No
    # memory_limit: a 50 MB pool saved 20 MiB but failed to commit the largest table.
    con = duckdb.connect(str(tmp), config={"threads": 1})
    try:
        for table in TABLES:
            con.execute(create_table_sql(schema_dir, table))
            load_table(con, schema_dir, table, copies / f"{table}.parquet" if copies else folder / "data" / f"{table}.csv")
            for stmt in comment_sql(schema_dir, table):
                con.execute(stmt)
        for view in view_files(schema_dir):
            con.execute(view.read_text(encoding="utf-8"))
        con.execute("CREATE TABLE _package (fingerprint VARCHAR)")
        con.execute("INSERT INTO _package VALUES (?)", [package_fingerprint(folder, schema_dir)])
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, target)
    return target


def _rows(raw: bytes) -> list[tuple[str, ...]]:
    return [tuple(r) for r in csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))]


def update_database(state: BuildState) -> bool:
    """An incremental build's package -> the published database updated in place: rows that
    left deleted by primary key (children first), new rows inserted (parents first). -> False
    when the database on disk is not the previous package's, or DuckDB refuses (the caller
    builds it afresh)."""
    import duckdb
    import pandas as pd


    s, carry = state.settings, state.carry
    if carry is None or not s.database.exists():
        return False
    h = hashlib.sha256(carry.descriptor)
    for p in view_files(s.schemas):
        h.update(p.read_bytes())
    tmp = s.database.with_name(s.database.name + f".{os.getpid()}.tmp")
    shutil.copyfile(s.database, tmp)
    con = duckdb.connect(str(tmp))
    try:
        found = con.execute("SELECT fingerprint FROM _package").fetchone()
        if found is None or found[0] != h.hexdigest():
            raise LookupError("the database is not the one of the previous package")
        added: dict[str, list[tuple[str, ...]]] = {}
        for table in reversed(TABLES):
            old = _rows(state.replaced[table])
            new = _rows(state.fresh[table])[1:]
            old_set, new_set = set(old), set(new)
            added[table] = [r for r in new if r not in old_set]
            gone = [r for r in old if r not in new_set]
            if gone:
                columns = schemas.columns(s.schemas, table)
                pk = schemas.primary_key(s.schemas, table)
                keys = pd.DataFrame([[r[columns.index(c)] for c in pk] for r in gone], columns=pk)
                con.register("_gone", keys)
                match = " AND ".join(f"CAST({_q(table)}.{_q(c)} AS VARCHAR) = _gone.{_q(c)}" for c in pk)
                con.execute(f"DELETE FROM {_q(table)} USING _gone WHERE {match}")
                con.unregister("_gone")
        for table in TABLES:
            if added[table]:
                path = tmp.with_name(f"{tmp.name}.{table}.csv")
                with open(path, "w", encoding="utf-8", newline="") as fh:
                    w = csv.writer(fh, lineterminator="\n")
                    w.writerow(schemas.columns(s.schemas, table))
                    w.writerows(added[table])
                try:
                    load_table(con, s.schemas, table, path)
                finally:
                    path.unlink(missing_ok=True)
        con.execute("UPDATE _package SET fingerprint = ?", [package_fingerprint(s.root, s.schemas)])
        con.execute("CHECKPOINT")
    except (duckdb.Error, LookupError) as exc:
        con.close()
        tmp.unlink(missing_ok=True)
        state.say(f"database: not updated in place ({exc.__class__.__name__}); building it afresh")
        return False
    con.close()
    os.replace(tmp, s.database)
    return True


def export_parquet(folder: Path, database: Path, target: Path) -> Path:
    """A package's database -> Parquet copies of its tables in target (parquet.py)."""
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        return parquet.export(con, target, parquet.resource_hashes(folder))
    finally:
        con.close()


def run(state: BuildState) -> None:
    """Build build/unhrc_news.duckdb from the package just published (an incremental build
    updates the published database instead), then the Parquet copies in build/parquet/."""
    s = state.settings
    if update_database(state):
        state.say(f"database: {s.rel(s.database)} updated with the rebuilt documents' rows")
    else:
        path = build_database(s.root, s.database)
        state.say(f"database: {s.rel(path)} with {len(view_files(s.schemas))} views")
    target = s.build / "parquet"
    if parquet.fresh(s.root) == target:  # a rebuild that changed no table: the copies stand
        state.say(f"parquet: {s.rel(target)}/ already holds a copy of every table as published")
        return
    export_parquet(s.root, s.database, target)
    state.say(f"parquet: {s.rel(target)}/ holds a typed copy of every table")
