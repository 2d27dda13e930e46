"""Parquet copies beside the CSVs: typed from the Table Schemas, byte-identical from build to
build, read by load() and the database only when made from exactly the package's CSVs."""
from __future__ import annotations

import json
import shutil
import zipfile

import pandas as pd
import pytest

import unhrc_news
from unhrc_news import parquet
from unhrc_news.config import Settings
from unhrc_news.pipeline import build
from unhrc_news.schemas import TABLES


def parquet_bytes(root):
    return {p.name: p.read_bytes() for p in sorted((root / "build/parquet").iterdir())}


def test_a_build_writes_a_copy_of_every_table_the_same_each_time(built):
    first = parquet_bytes(built)
    assert set(first) == {f"{t}.parquet" for t in TABLES} | {parquet.MANIFEST}
    assert parquet.fresh(built) == built / "build/parquet"
    shutil.rmtree(built / "build/parquet")
    build(Settings(root=built))
    assert parquet_bytes(built) == first


def test_the_copies_are_typed_from_the_schemas(package):
    import duckdb

    def types(table):
        return {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{package / 'build/parquet' / table}.parquet')").fetchall()}

    assert types("events")["date_start"] == "DATE" and types("events")["event_id"] == "VARCHAR"
    assert types("statistics")["value"] == "DOUBLE" and types("statistics")["start"] == "BIGINT"


@pytest.fixture
def csv_only(package, tmp_path):
    folder = tmp_path / "csv-only"
    shutil.copytree(package / "data", folder / "data")
    shutil.copytree(package / "schemas", folder / "schemas")
    shutil.copy(package / "datapackage.json", folder)
    return folder


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_load_reads_the_copies_and_gets_the_same_frames(package, csv_only, backend):
    with_copies = csv_only.parent / "with-copies"
    shutil.copytree(csv_only, with_copies)
    shutil.copytree(package / "build/parquet", with_copies / "parquet")  # as in a release bundle
    assert parquet.fresh(with_copies) == with_copies / "parquet" and parquet.fresh(csv_only) is None
    for table in TABLES:
        a = unhrc_news.load(table, path=with_copies, backend=backend)
        b = unhrc_news.load(table, path=csv_only, backend=backend)
        if backend == "pandas":
            pd.testing.assert_frame_equal(a, b)
        else:
            assert a.equals(b) and a.schema == b.schema, table


def test_a_copy_of_other_csvs_is_not_read(package, csv_only):
    shutil.copytree(package / "build/parquet", csv_only / "parquet")
    manifest = csv_only / "parquet" / parquet.MANIFEST
    made_from = json.loads(manifest.read_text())
    made_from["quotes"] = "sha256:" + "0" * 64  # as if the quotes changed after the copy was made
    manifest.write_text(json.dumps(made_from))
    assert parquet.fresh(csv_only) is None
    assert len(unhrc_news.load("quotes", path=csv_only)) == len(pd.read_csv(csv_only / "data/quotes.csv"))


def test_the_release_bundle_carries_the_copies(built):
    from unhrc_news.release import build_bundle

    bundle = build_bundle(Settings(root=built))
    names = zipfile.ZipFile(bundle.archive).namelist()
    prefix = names[0].split("/")[0]
    for table in TABLES:
        assert f"{prefix}/parquet/{table}.parquet" in names
    with zipfile.ZipFile(bundle.archive) as z:
        made_from = json.loads(z.read(f"{prefix}/parquet/{parquet.MANIFEST}"))
    assert made_from == {t: h for t, h in parquet.resource_hashes(built).items()}


def test_the_database_of_a_bundle_loads_from_the_copies(package, csv_only, tmp_path, monkeypatch):
    shutil.copytree(package / "build/parquet", csv_only / "parquet")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    con = unhrc_news.connect(path=csv_only)
    try:
        for table in TABLES:
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(pd.read_csv(csv_only / "data" / f"{table}.csv"))
        assert con.execute("SELECT count(*) FROM event_reports").fetchone()[0] > 0
    finally:
        con.close()


def test_a_copy_typed_by_another_schema_is_not_read(package, csv_only):
    """The same CSV bytes under a changed field type need a new copy: the old one is typed wrong."""
    shutil.copytree(package / "build/parquet", csv_only / "parquet")
    assert parquet.fresh(csv_only) == csv_only / "parquet"
    desc_path = csv_only / "datapackage.json"
    desc = json.loads(desc_path.read_text())
    quotes = next(r for r in desc["resources"] if r["name"] == "quotes")
    start = next(f for f in quotes["schema"]["fields"] if f["name"] == "start")
    start["type"] = "number"  # the CSV is unchanged
    desc_path.write_text(json.dumps(desc))
    assert parquet.fresh(csv_only) is None


def test_a_rebuild_that_changes_no_table_keeps_the_copies(built):
    """Nothing changed: the Parquet copies are not written again (same files, same times)."""
    from unhrc_news.pipeline import build

    folder = built / "build/parquet"
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    build(Settings(root=built))
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
