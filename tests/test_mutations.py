"""Mutation tests: take the valid package, corrupt one thing, and check that validation
fails with the right message. Every corruption must be caught."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from unhrc_news.validate import validate_package


def read(folder: Path, table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / "data" / f"{table}.csv").read_text(encoding="utf-8"))))


def write(folder: Path, table: str, rows: list[list[str]], *, rehash: bool = True) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    raw = buf.getvalue().encode("utf-8")
    (folder / "data" / f"{table}.csv").write_bytes(raw)
    if rehash:  # keep datapackage.json's hash and size right, so the data itself must be caught
        import hashlib
        desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        for r in desc["resources"]:
            if r["name"] == table:
                r["bytes"], r["hash"] = len(raw), "sha256:" + hashlib.sha256(raw).hexdigest()
        (folder / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")


def set_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    rows = read(folder, table)
    rows[row][rows[0].index(column)] = value
    write(folder, table, rows)


def find_row(folder: Path, table: str, column: str, value: str) -> int:
    rows = read(folder, table)
    return next(i for i, r in enumerate(rows) if i and r[rows[0].index(column)] == value)


def duplicate_pk(f):
    rows = read(f, "quotes"); rows.append(rows[1]); write(f, "quotes", rows)


def dangling_fk(f):
    set_cell(f, "quotes", 1, "speaker_actor_id", "nobody-at-all")


def offset_off_by_one(f):
    rows = read(f, "quotes"); i = rows[0].index("start"); rows[1][i] = str(int(rows[1][i]) + 1); write(f, "quotes", rows)


def text_changed(f):
    rows = read(f, "actor_mentions"); i = rows[0].index("text"); rows[1][i] = rows[1][i].upper() + "X"; write(f, "actor_mentions", rows)


def invalid_enum(f):
    set_cell(f, "statistics", 1, "qualifier", "roughly")


def negative_count(f):
    set_cell(f, "documents", 1, "words", "-5")


def value_max_below_value(f):
    r = find_row(f, "statistics", "qualifier", "range"); set_cell(f, "statistics", r, "value_max", "1")


def year_as_statistic(f):
    rows = read(f, "statistics"); h = rows[0]; new = list(rows[1])
    doc = (f / "seeds/articles/001_f20d8db8fbf61a2b.txt").read_text(encoding="utf-8")
    start = doc.index("2013")
    new[h.index("statistic_id")] = "s_000000002013"; new[h.index("document_id")] = "001_f20d8db8fbf61a2b"
    new[h.index("start")], new[h.index("end")], new[h.index("text")] = str(start), str(start + 4), "2013"
    new[h.index("value")], new[h.index("value_max")], new[h.index("qualifier")] = "2013", "", "exact"
    rows.append(new); write(f, "statistics", rows)


def missing_required(f):
    set_cell(f, "events", 1, "summary", "")


def row_deleted(f):
    rows = read(f, "documents"); write(f, "documents", rows[:-1])


def column_renamed(f):
    rows = read(f, "quotes"); rows[0][rows[0].index("cue")] = "reporting_verb"; write(f, "quotes", rows)


def csv_cut_mid_row(f):
    raw = (f / "data/statistics.csv").read_bytes()
    (f / "data/statistics.csv").write_bytes(raw[: len(raw) // 2])  # hash now wrong too: both must be reported


def wrong_hash(f):
    desc = json.loads((f / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in desc["resources"] if r["name"] == "documents")["hash"] = "sha256:" + "0" * 64
    (f / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")


MUTATIONS = {
    # corruption: (apply, a line that must appear among the failures)
    "duplicate primary key": (duplicate_pk, "[frictionless] quotes row 30: [primary-key]"),
    "dangling foreign key": (dangling_fk, "[pandera] quotes row 2 column speaker_actor_id: value 'nobody-at-all' fails 'foreign key: a actors.actor_id or empty'"),
    "offset off by one": (offset_off_by_one, "[pandera] quotes row 2 column text: value 'illegal' fails 'article[start:end] == text'"),
    "text changed": (text_changed, "fails 'article[start:end] == text'"),
    "invalid enum": (invalid_enum, "[gx] statistics row 2 column qualifier: value 'roughly' fails expect_column_values_to_be_in_set"),
    "negative count": (negative_count, "[frictionless] documents row 2 column words: [constraint-error]"),
    "value_max below value": (value_max_below_value, "fails 'value_max not below value'"),
    "a year as a statistic": (year_as_statistic, "[pandera] statistics row 15 column text: value '2013' fails 'a statistic is not a year or a date'"),
    "missing required value": (missing_required, "[gx] events row 2 column summary: value empty fails expect_column_values_to_not_be_null"),
    "row deleted": (row_deleted, "[gx] documents: observed 3 fails expect_table_row_count_to_be_between"),
    "column renamed": (column_renamed, "[pandera] quotes: column 'cue' is missing from the CSV (fails 'column_in_dataframe')"),
    "CSV cut mid-row": (csv_cut_mid_row, "[frictionless] statistics: [hash-count]"),
    "wrong hash in datapackage.json": (wrong_hash, "[frictionless] documents: [hash-count]"),
}


@pytest.fixture(scope="module")
def valid(package, tmp_path_factory):
    folder = tmp_path_factory.mktemp("valid")
    for name in ("data", "schemas", "seeds"):
        shutil.copytree(package / name, folder / name)
    shutil.copy(package / "datapackage.json", folder)
    assert validate_package(folder, folder) == []
    return folder


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_corruption_is_caught(valid, tmp_path, name):
    folder = tmp_path / "pkg"
    shutil.copytree(valid, folder)
    corrupt, expected = MUTATIONS[name]
    corrupt(folder)
    failures = validate_package(folder, folder)
    assert failures, f"{name}: not caught"
    assert any(expected in line for line in failures), f"{name}: expected {expected!r} in:\n" + "\n".join(failures[:15])


# With the row hashes of a validated package (delta.py), the build checks only new and changed
# rows row by row, and keys, hashes and the GX suites on every row: every corruption is still
# caught. Where the delta path reports it through another check, the expected line differs.
DELTA_EXPECTED = {
    "duplicate primary key": "[pandera] quotes row 30 column quote_id:",
    "CSV cut mid-row": "[hashes] statistics: the file has",
    "wrong hash in datapackage.json": "[hashes] documents: the file has",
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_corruption_is_caught_when_only_changed_rows_are_checked(valid, tmp_path, name):
    from unhrc_news.delta import row_hashes
    from unhrc_news.table_checks import read_table

    known = {t: row_hashes(read_table(valid, t)) for t in ("documents", "actors", "actor_mentions", "events", "event_actors",
                                                           "event_evidence", "quotes", "statistics")}
    folder = tmp_path / "pkg"
    shutil.copytree(valid, folder)
    assert validate_package(folder, folder, known=known) == []
    corrupt, expected = MUTATIONS[name]
    corrupt(folder)
    failures = validate_package(folder, folder, known=known)
    expected = DELTA_EXPECTED.get(name, expected)
    assert any(expected in line for line in failures), f"{name}: expected {expected!r} in:\n" + "\n".join(failures[:15])


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_checking_in_chunks_reports_the_same_failures(valid, tmp_path, name):
    """The pandera guard over tables too long to hold (read a few rows at a time, uniqueness in
    DuckDB) finds exactly what the whole-table check finds, in the same words."""
    from unhrc_news.table_checks import pandera_failures, pandera_failures_chunked

    folder = tmp_path / "pkg"
    shutil.copytree(valid, folder)
    MUTATIONS[name][0](folder)
    whole = pandera_failures(folder, folder, folder / "schemas")
    chunked = pandera_failures_chunked(folder, folder, folder / "schemas", chunk_rows=7)
    assert sorted(set(chunked)) == sorted(set(whole))
    assert pandera_failures(folder, folder, folder / "schemas", chunk_rows=7) == chunked  # long tables take the chunked path


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_great_expectations_in_chunks_reports_the_same_failures(valid, tmp_path, name, monkeypatch):
    """GX over tables too long to hold (column expectations a chunk at a time, whole-table ones
    over the columns they need) gives the lines it gives on whole tables."""
    from unhrc_news import expectations

    folder = tmp_path / "pkg"
    shutil.copytree(valid, folder)
    MUTATIONS[name][0](folder)
    whole = expectations.gx_failures(folder, folder / "schemas")
    chunked_tables = []
    chunked_run = expectations.gx_failures_chunked
    monkeypatch.setattr(expectations, "gx_failures_chunked", lambda f, s, table, *a: chunked_tables.append(table) or chunked_run(f, s, table, *a))
    chunked = expectations.gx_failures(folder, folder / "schemas", chunk_rows=20)
    assert "quotes" in chunked_tables  # 28 rows: checked in chunks of 20
    assert sorted(set(chunked)) == sorted(set(whole))


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_frictionless_in_chunks_reports_the_same_failures(valid, tmp_path, name):
    """Frictionless over tables too long to hold (cells a chunk at a time; unique fields, keys,
    bytes and hashes over the key columns) gives the lines it gives on whole tables."""
    from unhrc_news.validate import frictionless_failures, frictionless_for

    folder = tmp_path / "pkg"
    shutil.copytree(valid, folder)
    MUTATIONS[name][0](folder)
    whole = frictionless_failures(folder / "datapackage.json")
    chunked = frictionless_for(folder, chunk_rows=20)  # quotes (28 rows) in two chunks, mentions in eight
    assert sorted(set(chunked)) == sorted(set(whole))


def test_whole_table_expectations_streamed_over_hashes_give_the_whole_frame_s_lines(tmp_path):
    """Many repeats (more than the 20 rows GX's wording lists), empty cells (never repeats of a
    unique column) and repeated column pairs: hashing the chunks gives the lines the whole frame
    gives, in its words."""
    import pandas as pd

    from unhrc_news import expectations
    from unhrc_news.table_checks import _chunks

    (tmp_path / "data").mkdir()
    rows = [{"id": f"x{i % 30}" if i < 60 else (f"y{i}" if i % 3 else ""), "a": str(i % 4), "b": str(i % 8)} for i in range(90)]
    pd.DataFrame(rows).to_csv(tmp_path / "data" / "t.csv", index=False)
    whole = [
        {"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": ["id", "a", "b"]}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 100}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["a", "b"]}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["id", "b"]}},
    ]
    frame = pd.concat(list(_chunks(tmp_path, "t", 1000)))
    want = [line for e in whole for line in expectations.table_level_failures("t", frame, e, len(frame))]
    assert any("40 more rows" in line for line in want) and any("columns a, b" in line for line in want)
    assert expectations._streamed_table_level(tmp_path, "t", whole, 7) == want
