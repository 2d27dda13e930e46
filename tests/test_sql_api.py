"""DuckDB views, the Python API and the `sql` command, on the seed package."""
from __future__ import annotations

import csv
import io
import json
import shutil

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

import unhrc_news
from conftest import REPO
from unhrc_news import schemas
from unhrc_news.cli import main
from unhrc_news.schemas import TABLES


@pytest.fixture(scope="module")
def release(package, tmp_path_factory):
    """A downloaded-release-like folder: datapackage.json, data/ and schemas/ only."""
    folder = tmp_path_factory.mktemp("release")
    shutil.copy(package / "datapackage.json", folder)
    shutil.copytree(package / "data", folder / "data")
    shutil.copytree(package / "schemas", folder / "schemas")
    return folder


@pytest.fixture(scope="module")
def con(release):
    c = unhrc_news.connect(path=release)
    yield c
    c.close()


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


# ---------------------------------------------------------------- views: known answers

def test_every_view_file_is_a_view_and_says_what_it_answers(con):
    views = {r[0] for r in one(con, "SELECT view_name FROM duckdb_views() WHERE NOT internal")}
    files = sorted((REPO / "schemas/sql").glob("*.sql"))
    assert {p.stem for p in files} == views and len(views) >= 7
    for p in files:
        first = p.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"-- {p.stem}: ") and "?" in first, f"{p.name}: the header comment should ask the question the view answers"


def test_quotes_with_speakers(con):
    assert one(con, "SELECT count(*) FROM quotes_with_speakers")[0][0] == 28
    assert one(con, "SELECT speaker_name, speaker_type FROM quotes_with_speakers WHERE text = 'illegal'") == [("Michael Lynk", "person")]
    assert one(con, "SELECT count(*) FROM quotes_with_speakers WHERE speaker_name = 'Rima Khalaf'")[0][0] == 4
    assert one(con, "SELECT count(*) FROM quotes_with_speakers WHERE speaker_name IS NULL")[0][0] == 1


def test_statistics_with_sources(con):
    row = one(con, "SELECT value, unit, qualifier_words, source_name FROM statistics_with_sources WHERE text = 'at least $21.7 billion'")
    assert row == [(21700000000.0, "USD", "at least", "Quincy Institute for Responsible Statecraft")]
    assert one(con, "SELECT qualifier_words, value, value_max FROM statistics_with_sources WHERE text = 'four to five years' ORDER BY document_id LIMIT 1") == [("between", 4.0, 5.0)]
    # an exact number: the article used no qualifying word, so none is printed
    assert one(con, "SELECT DISTINCT qualifier_words FROM statistics_with_sources WHERE qualifier = 'exact'") == [(None,)]
    # where and when: the article's publisher and date
    assert one(con, "SELECT publisher, published_date FROM statistics_with_sources WHERE text = 'more than 1,400'") == [("The Guardian", "2023-11-01")]


def test_statistics_join_across_articles_on_their_measure(con):
    rows = one(con, "SELECT document_id, text, value FROM statistics WHERE measure_id = 'un-member-states' ORDER BY document_id")
    assert [r[2] for r in rows] == [193.0, 193.0] and len({r[0] for r in rows}) == 2


def test_numbers_and_quotes_that_go_with_an_event(con):
    assert one(con, "SELECT text FROM statistics WHERE event_id = 'hamas-attack-on-israel-2023' ORDER BY start") == [("more than 1,400",), ("240",)]
    assert one(con, "SELECT count(*) FROM quotes WHERE event_id = 'us-letter-accuses-un-of-bias-2025'")[0][0] == 4
    # every link names an event the same article gives evidence for
    assert one(con, """SELECT count(*) FROM (SELECT document_id, event_id FROM quotes WHERE event_id IS NOT NULL
                       UNION ALL SELECT document_id, event_id FROM statistics WHERE event_id IS NOT NULL) x
                       WHERE NOT EXISTS (SELECT 1 FROM event_evidence v WHERE v.event_id = x.event_id AND v.document_id = x.document_id)""")[0][0] == 0


def test_event_reports_one_row_per_event_and_article(con):
    rows = one(con, "SELECT document_id, publisher, published_date, sentences FROM event_reports WHERE event_id = 'israel-gaza-war-2023' ORDER BY document_id")
    assert rows == [("001_f20d8db8fbf61a2b", None, "2025-11-07", 1), ("003_0d61d5ecb9968a84", "The Guardian", "2023-11-01", 1)]
    assert one(con, "SELECT count(*) FROM event_reports")[0][0] == one(con, "SELECT count(DISTINCT (event_id, document_id)) FROM event_evidence")[0][0]


def test_event_timeline(con):
    import datetime as dt
    first = one(con, "SELECT event_id FROM event_timeline LIMIT 1")[0][0]
    assert first == "hrc-creation-2006"
    row = one(con, "SELECT date_start, date_precision, agents, targets, reporting_articles FROM event_timeline WHERE event_id = 'usa-boycotts-upr-2025'")[0]
    assert row == (dt.date(2025, 11, 7), "day", "United States of America", "UN Human Rights Council", 2)


def test_actor_profiles_match_the_tables(con, release):
    profile = dict(zip(("mentions", "articles", "quotes", "statistics_sourced"),
                       one(con, "SELECT mentions, articles, quotes, statistics_sourced FROM actor_profiles WHERE actor_id = 'craig-mokhiber'")[0], strict=True))
    mentions = pd.read_csv(release / "data/actor_mentions.csv")
    quotes = pd.read_csv(release / "data/quotes.csv")
    assert profile["mentions"] == (mentions.actor_id == "craig-mokhiber").sum()
    assert profile["articles"] == 1 and profile["quotes"] == (quotes.speaker_actor_id == "craig-mokhiber").sum() == 5
    assert one(con, "SELECT statistics_sourced FROM actor_profiles WHERE actor_id = 'gaza-ministry-of-health'")[0][0] == 1


def test_actor_article_profiles(con):
    assert one(con, "SELECT mentions, quotes FROM actor_article_profiles WHERE actor_id = 'rima-khalaf' AND document_id = '000_b879281f3141f40c'") == [(3, 4)]


def test_actor_cooccurrence(con):
    top = one(con, "SELECT actor_a, name_a, actor_b, name_b, events FROM actor_cooccurrence LIMIT 1")[0]
    assert top == ("unhrc", "UN Human Rights Council", "usa", "United States of America", 7)
    assert one(con, "SELECT count(*) FROM actor_cooccurrence WHERE actor_a >= actor_b")[0][0] == 0


def test_document_summaries(con):
    row = one(con, "SELECT text_quality, quotes, statistics, review_status FROM document_summaries WHERE document_id = '003_0d61d5ecb9968a84'")
    assert row == [("damaged", 10, 2, "reviewed")]


# ---------------------------------------------------------------- database and API

def test_connect_refuses_writes(con):
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("DELETE FROM quotes")


def test_database_has_schema_types_keys_and_comments(con):
    types = dict(one(con, "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'events'"))
    assert types["date_start"] == "DATE" and types["event_id"] == "VARCHAR"
    assert dict(one(con, "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'statistics'"))["value"] == "DOUBLE"
    kinds = {r[0] for r in one(con, "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'quotes'")}
    assert {"PRIMARY KEY", "FOREIGN KEY", "NOT NULL"} <= kinds
    comment = one(con, "SELECT comment FROM duckdb_columns() WHERE table_name = 'quotes' AND column_name = 'kind'")[0][0]
    assert comment.startswith("direct:")


def test_build_works_from_any_working_directory(project, tmp_path, monkeypatch):
    from unhrc_news.config import Settings
    from unhrc_news.pipeline import build

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build(Settings(root=project))
    monkeypatch.chdir(tmp_path)
    with duckdb.connect(str(project / "build/unhrc_news.duckdb"), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM quotes_with_speakers").fetchone()[0] == 28
    assert not list(elsewhere.iterdir())


def test_load_dtypes_match_the_schemas(release):
    tables = unhrc_news.load(path=release)
    assert list(tables) == list(TABLES)
    for table, df in tables.items():
        for field in schemas.table_schema(release / "schemas", table)["fields"]:
            dtype = df[field["name"]].dtype
            enum = field.get("constraints", {}).get("enum")
            if enum:
                assert isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == enum, (table, field["name"])
            elif field["type"] == "integer":
                assert dtype == "Int64", (table, field["name"])
            elif field["type"] == "number":
                assert dtype == "Float64", (table, field["name"])
            elif field["type"] == "date":
                assert pd.api.types.is_datetime64_dtype(dtype), (table, field["name"])
            else:
                assert pd.api.types.is_string_dtype(dtype), (table, field["name"])
    quotes = unhrc_news.load("quotes", path=release)
    assert len(quotes) == 28 and quotes["speaker_actor_id"].isna().sum() == 1


def test_load_unknown_table_says_which_exist(release):
    with pytest.raises(KeyError, match="the tables are actors, documents, events"):
        unhrc_news.load("people", path=release)


def test_package_loads_with_frictionless_and_polars(release):
    import polars as pl
    from frictionless import Package

    package = Package(str(release / "datapackage.json"))
    rows = package.get_resource("statistics").read_rows()
    assert rows[0]["value"] == 193 and len(rows) == 13
    for table in TABLES:
        df = pl.read_csv(release / "data" / f"{table}.csv")
        assert df.height == len(pd.read_csv(release / "data" / f"{table}.csv")) and df.columns == schemas.columns(release / "schemas", table)
    events = pl.read_csv(release / "data/events.csv", try_parse_dates=True)
    assert events.schema["date_start"] == pl.Date


def test_load_with_polars_types_every_column_from_the_schema(release):
    import polars as pl

    frames = unhrc_news.load(path=release, backend="polars")
    pandas_frames = unhrc_news.load(path=release)
    for table, df in frames.items():
        assert isinstance(df, pl.DataFrame) and df.columns == list(pandas_frames[table].columns) and df.height == len(pandas_frames[table])
    events, stats = frames["events"], frames["statistics"]
    assert isinstance(events.schema["event_type"], pl.Enum) and events.schema["date_start"] == pl.Date
    assert list(events.schema["event_type"].categories) == schemas.enum(release / "schemas", "events", "event_type")
    assert stats.schema["value"] == pl.Float64 and frames["quotes"].schema["start"] == pl.Int64
    assert stats.filter(pl.col("text") == "at least $21.7 billion")["value"].item() == 21_700_000_000
    assert events.filter(pl.col("date_start").is_null()).height == int(pandas_frames["events"]["date_start"].isna().sum())
    with pytest.raises(ValueError, match="use 'pandas' or 'polars'"):
        unhrc_news.load("quotes", path=release, backend="arrow")


def test_duckdb_results_convert_to_polars(release):
    con = unhrc_news.connect(path=release)
    assert con.sql("SELECT count(*) AS n FROM quotes").pl()["n"].item() == 28


# ---------------------------------------------------------------- the sql command

@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_sql_formats(release, fmt):
    result = CliRunner().invoke(main, ["sql", "SELECT actor_id, mentions FROM actor_profiles ORDER BY mentions DESC, actor_id LIMIT 2", "--format", fmt, "--path", str(release)])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(result.output)))[:2] == [["actor_id", "mentions"], ["un", "28"]]
    elif fmt == "json":
        assert json.loads(result.output)[0] == {"actor_id": "un", "mentions": 28}
    elif fmt == "markdown":
        assert result.output.splitlines()[0].startswith("| actor_id")
    else:
        assert result.output.splitlines()[2].split() == ["un", "28"]


def test_sql_reads_statements_from_stdin_and_refuses_writes(release):
    ok = CliRunner().invoke(main, ["sql", "--path", str(release), "--format", "csv"], input="SELECT count(*) AS n FROM actors;\nSELECT 2 AS two;\n")
    assert ok.exit_code == 0 and ok.output.split() == ["n", "46", "two", "2"]
    bad = CliRunner().invoke(main, ["sql", "DROP TABLE quotes", "--path", str(release)])
    assert bad.exit_code == 1 and "read-only" in bad.output
