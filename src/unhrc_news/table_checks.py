"""pandera guard: DataFrame schemas generated from the Table Schemas, plus the checks a Table
Schema cannot express, written once here.

Generated (pandera.io.pandas_io.from_frictionless_schema): column types with coercion, strict
columns, required, unique, enum, pattern, minimum. pandera maps `date` to string and ignores
foreign keys, so both are added here from the same Table Schemas: ISO dates that exist, and
every foreign key as a membership check. Then the rules of the data contract: offsets give the
text, end after start, value_max only with ranges and not below value, date_end not before
date_start, dates that match their precision, no quote that is a title, no statistic that is
a year or a date.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.io.pandas_io import from_frictionless_schema

from . import schemas
from .csvio import read_strings
from .quotemarks import _looks_like_title
from .rows import Rows
from .schemas import SPAN_TABLES, TABLES
from .vocabulary import MONTH_PATTERN, PRECISION_LENGTHS

DATE_TEXT = re.compile(rf"^\s*((19|20)\d\d|\d{{4}}-\d{{2}}(-\d{{2}})?|\d{{1,2}}\s+({MONTH_PATTERN})(\s+\d{{4}})?|({MONTH_PATTERN})\s+\d{{1,2}}(,?\s+\d{{4}})?)\s*$", re.I)


@dataclass(frozen=True)
class Rule:
    """A check over one table's DataFrame: True per row that passes."""

    table: str
    column: str
    name: str
    test: Callable[[pd.DataFrame], pd.Series]


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """data/<table>.csv -> DataFrame of strings with empty cells as missing (pandera coerces)."""
    return read_strings(folder, table)


def generated_schema(schema_dir: Path, table: str) -> pa.DataFrameSchema:
    """Table Schema -> pandera DataFrameSchema, as pandera's frictionless reader makes it.
    Strings are pandas' python-backed StringDtype whether or not pyarrow is installed (pandera
    picks pyarrow's when it is present), so the generated schema is the same on every machine."""
    import pandas as pd

    schema = from_frictionless_schema(copy.deepcopy(schemas.table_schema(schema_dir, table)))
    strings = {name: {"dtype": pd.StringDtype("python")} for name, col in schema.columns.items() if str(col.dtype).startswith("string")}
    return schema.update_columns(strings) if strings else schema


def _iso_date(value) -> bool:
    if _missing(value):
        return True
    try:
        dt.date.fromisoformat(str(value))
        return len(str(value)) == 10
    except ValueError:
        return False


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")


def _dates_exist(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].map(_iso_date)


def _member(known: Iterable[str]) -> Callable[[pd.Series], pd.Series]:
    """A set of values -> a test of a column's values against it. The values are hashed once (an
    Index keeps its hash table), not once per call as Series.isin(set) does: a table checked in
    chunks against a million keys would otherwise hash the million keys again for every chunk."""
    index = pd.Index(list(known), dtype=object)
    return lambda values: pd.Series(index.get_indexer(values) >= 0, index=values.index)


def _resolves(column: str, known: frozenset[str]) -> Callable[[pd.DataFrame], pd.Series]:
    member = _member(known)
    return lambda df: df[column].isna() | member(df[column])


def schema_rules(schema_dir: Path, tables: dict[str, pd.DataFrame]) -> list[Rule]:
    """The checks pandera's generated schemas leave out, derived from the Table Schemas:
    date fields hold real ISO dates, and every foreign key resolves."""
    rules = []
    for table in TABLES:
        spec = schemas.table_schema(schema_dir, table)
        for field in spec["fields"]:
            if field["type"] == "date":
                rules.append(Rule(table, field["name"], "an ISO date (YYYY-MM-DD) that exists", _dates_exist(field["name"])))
        for fk in spec.get("foreignKeys", []):
            (col,), ref = fk["fields"], fk["reference"]
            target = ref.get("resource") or table
            (ref_col,) = ref["fields"]
            known = set(tables[target][ref_col].dropna()) if target in tables else set()
            rules.append(Rule(table, col, f"foreign key: a {target}.{ref_col} or empty", _resolves(col, frozenset(known))))
    return rules


def _rowwise(df: pd.DataFrame, ok: Callable[..., bool], *columns: str) -> pd.Series:
    """A rule over several cells of each row -> a boolean Series; zips the columns rather than
    building a Series per row (DataFrame.apply), which costs most of the guard on long tables."""
    return pd.Series([ok(*cells) for cells in zip(*(df[c] for c in columns), strict=True)], index=df.index, dtype=bool)


def contract_rules(articles: Mapping[str, str | None]) -> list[Rule]:
    """The data contract's rules over rows, written once."""

    def span_text(df: pd.DataFrame) -> pd.Series:
        def ok(document_id, start, end, quoted) -> bool:
            if document_id not in articles:
                return False
            text = articles[document_id]
            if text is None:
                return True  # text not held here: unverifiable, reported as a note
            try:
                start, end = int(start), int(end)
            except (TypeError, ValueError):
                return False
            return 0 <= start < end <= len(text) and text[start:end] == quoted
        return _rowwise(df, ok, "document_id", "start", "end", "text")

    def end_after_start(df):
        return _num(df["end"]) > _num(df["start"])

    listed = _member(articles)

    def known_article(df):
        return listed(df["document_id"])

    rules = []
    for t in SPAN_TABLES:
        rules += [
            Rule(t, "end", "end after start", end_after_start),
            Rule(t, "document_id", "span inside an article listed in documents whose file has that SHA-256", known_article),
            Rule(t, "text", "article[start:end] == text", span_text),
        ]

    def range_only(df):
        return df["value_max"].isna() | (df["qualifier"] == "range")

    def not_below(df):
        return df["value_max"].isna() | (_num(df["value_max"]) >= _num(df["value"]))

    def range_has_max(df):
        return (df["qualifier"] != "range") | df["value_max"].notna()

    def not_a_date(df):
        return ~df["text"].fillna("").str.match(DATE_TEXT)

    def not_a_title(df):
        def ok(document_id, start, end) -> bool:
            text = articles.get(document_id)
            if text is None:
                return True
            try:
                return not _looks_like_title(text, int(start), int(end))
            except (TypeError, ValueError):
                return True
        return _rowwise(df, ok, "document_id", "start", "end")

    def dates_ordered(df):
        return df["date_start"].isna() | df["date_end"].isna() | (df["date_end"] >= df["date_start"])

    def dates_match_precision(df):
        def ok(p, a, b) -> bool:
            if p == "unknown":
                return _missing(a) and _missing(b)
            if _missing(a) or _missing(b) or not (_iso_date(a) and _iso_date(b)):
                return False
            da, db = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
            if p == "month":
                nxt = (db.replace(day=28) + dt.timedelta(days=4))
                return da.day == 1 and (da.year, da.month) == (db.year, db.month) and (db + dt.timedelta(days=1)).day == 1 and nxt.month != db.month
            if p == "year":
                return (da.month, da.day, db.month, db.day) == (1, 1, 12, 31) and da.year == db.year
            return True  # day: one day or a span of days
        return _rowwise(df, ok, "date_precision", "date_start", "date_end")

    def published_matches_precision(df):
        def ok(date, precision) -> bool:
            return _missing(date) == (precision == "unknown") and (_missing(date) or len(str(date)) == PRECISION_LENGTHS.get(precision, -1))
        return _rowwise(df, ok, "published_date", "published_date_precision")

    rules += [
        Rule("statistics", "value_max", "value_max only with qualifier range", range_only),
        Rule("statistics", "value_max", "value_max not below value", not_below),
        Rule("statistics", "value_max", "a range has value_max", range_has_max),
        Rule("statistics", "text", "a statistic is not a year or a date", not_a_date),
        Rule("quotes", "text", "a quote is not a title", not_a_title),
        Rule("events", "date_end", "date_end not before date_start", dates_ordered),
        Rule("events", "date_precision", "dates match their precision", dates_match_precision),
        Rule("documents", "published_date", "published_date matches its precision", published_matches_precision),
    ]
    return rules


def load_articles(folder: Path, seeds_root: Path, documents: pd.DataFrame,
                  held: Mapping[str, tuple[str, str]] | None = None) -> tuple[dict[str, str | None], list[str]]:
    """documents rows -> ({document_id: text, or None when the file is not held here}, failures
    for files whose SHA-256 differs). `held` ({seed_path: (sha256, text)}) are files the caller
    has read and hashed already (the build's ingest): they are not read again."""
    import hashlib

    texts: dict[str, str | None] = {}
    failures: list[str] = []
    files: dict[str, tuple[str, str] | None] = dict(held or {})  # seed_path -> (sha256, text): each file read once
    for i, seed_path, document_id, sha256 in zip(documents.index, documents["seed_path"], documents["document_id"], documents["sha256"], strict=True):
        seed_path = str(seed_path)
        if seed_path not in files:
            path = next((p for p in (folder / seed_path, seeds_root / seed_path) if p.exists()), None)
            raw = path.read_bytes() if path is not None else None
            files[seed_path] = (hashlib.sha256(raw).hexdigest(), raw.decode("utf-8")) if raw is not None else None
        found = files[seed_path]
        if found is None:
            # A release bundle does not carry the (copyrighted) texts: offsets into this article
            # cannot be checked until `unhrc-news attach-texts` puts it back.
            texts[document_id] = None
            continue
        if found[0] != sha256:
            failures.append(f"documents row {i + 2} column sha256: value {sha256!r} fails 'the article file has this SHA-256'")
            continue
        texts[document_id] = found[1]
    return texts, failures


def missing_texts(folder: Path, seeds_root: Path) -> list[str]:
    """Document ids whose article file is neither in the package folder nor in the project."""
    documents = read_table(folder, "documents")
    texts, _ = load_articles(folder, seeds_root, documents)
    return sorted(d for d, t in texts.items() if t is None)


def _value(v) -> str:
    return "empty" if _missing(v) else repr(v)


@dataclass(frozen=True)
class Failure:
    """One failing cell (or table-level problem when row is None)."""

    table: str
    row: int | None  # DataFrame index; the CSV line is row + 2
    column: str | None
    value: object
    rule: str

    def line(self) -> str:
        if self.rule.startswith("!"):  # a table-level problem, already a sentence
            return f"{self.table}: {self.rule[1:]}"
        row = f" row {self.row + 2}" if self.row is not None else ""
        col = f" column {self.column}" if self.column else ""
        return f"{self.table}{row}{col}: value {_value(self.value)} fails '{self.rule}'"


def frame(rows: Sequence[dict], columns: list[str]) -> pd.DataFrame:
    """Built rows -> the DataFrame read_table would give for their CSV (strings, None for empty)."""
    if isinstance(rows, Rows):  # straight from the stored values, no dict per row
        df = pd.DataFrame.from_records(list(rows.values(columns)), columns=columns) if rows else pd.DataFrame(columns=columns)
    else:
        df = pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    # Vectorised str(): missing -> "", everything else its text, then "" -> None as read_table does.
    return df.astype(object).where(df.notna(), "").astype(str).astype(object).replace("", None)


def check_frames(tables: dict[str, pd.DataFrame], articles: Mapping[str, str | None], schema_dir: Path,
                 references: dict[str, pd.DataFrame] | None = None, *, unique: bool = True,
                 rules: list[Rule] | None = None) -> list[Failure]:
    """{table: DataFrame} + article texts -> every failing cell under the generated schemas, the
    schema-derived rules and the contract's rules. Foreign keys resolve against `references`
    (default: `tables` themselves), so a subset of rows can be checked against whole tables.
    unique=False leaves out the columns' uniqueness (a chunk of a table cannot judge it)."""
    failures: list[Failure] = []
    if rules is None:
        rules = schema_rules(schema_dir, references if references is not None else tables) + contract_rules(articles)
    for table, df in tables.items():
        schema = generated_schema(schema_dir, table)
        if not unique:
            schema = schema.update_columns({n: {"unique": False} for n, c in schema.columns.items() if c.unique})
        checks = [pa.Check(r.test, name=r.name, error=f"{r.column}|{r.name}") for r in rules if r.table == table]
        schema = pa.DataFrameSchema(columns=schema.columns, checks=checks, strict=schema.strict, coerce=schema.coerce, name=table)
        try:
            schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            failures += _failures(table, exc.failure_cases, df)
        except Exception as exc:  # pandera itself could not run (e.g. a column missing for a rule)
            failures.append(Failure(table, None, None, None, f"!cannot be checked ({exc.__class__.__name__}: {str(exc).splitlines()[0]})"))
    return failures


# Tables longer than this are checked in chunks of this many rows, by every guard: the chunk,
# not the table, sets the memory a guard needs. At 100,000 the guards' chunks were the build's
# peak at 5,000 articles (validate 663 MiB); at 10,000 validate peaks at about 560 MiB, for about
# a fifth more time in validate (docs/scaling.md).
CHUNK_ROWS = 10_000


def _csv_rows(folder: Path, table: str) -> int:
    """Data rows of a CSV (its records, not its lines: a quoted cell may hold a line break),
    counted once per version of the file: the three guards all ask."""
    path = Path(folder) / "data" / f"{table}.csv"
    stat = path.stat()
    return _count_records(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _count_records(path: str, _mtime_ns: int, _size: int) -> int:
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        row = con.execute("SELECT count(*) FROM read_csv(?, header = true, all_varchar = true)", [path]).fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def pandera_failures(folder: Path, seeds_root: Path, schema_dir: Path, held: Mapping[str, tuple[str, str]] | None = None,
                     chunk_rows: int = CHUNK_ROWS) -> list[str]:
    """A package folder -> one line per failing cell: table, row, column, value, rule. A
    package with a table longer than `chunk_rows` is checked chunk by chunk, in bounded memory,
    with the same lines (pandera_failures_chunked)."""
    try:
        long = any(_csv_rows(folder, t) > chunk_rows for t in TABLES)
    except Exception:  # an unreadable CSV: the whole-table reader names it
        long = False
    if long:
        return pandera_failures_chunked(folder, seeds_root, schema_dir, held, chunk_rows)
    tables, lines = {}, []
    for table in TABLES:
        try:
            tables[table] = read_table(folder, table)
        except Exception as exc:  # a cut or unreadable CSV: name it and go on with the rest
            lines.append(f"{table}: the CSV cannot be read ({exc.__class__.__name__}: {str(exc).splitlines()[0]})")
    if "documents" in tables:
        articles, missing = load_articles(folder, seeds_root, tables["documents"], held)
        lines += missing
    else:
        articles = {}
    return lines + [f.line() for f in check_frames(tables, articles, schema_dir)]


def _chunks(folder: Path, table: str, rows: int, usecols: list[str] | None = None):
    """data/<table>.csv -> DataFrames of at most `rows` rows, as read_table gives them (str,
    None for empty cells), indexed by their row in the whole table."""
    import pandas as pd

    reader = pd.read_csv(Path(folder) / "data" / f"{table}.csv", dtype=str, keep_default_na=False, na_filter=False,
                         chunksize=rows, usecols=usecols)
    for chunk in reader:
        yield chunk.astype(object).replace("", None)


def _unique_failures(folder: Path, schema_dir: Path, table: str, chunk_rows: int) -> list[Failure]:
    """Every row whose value in a unique column repeats, over the whole table, as pandera
    reports it ('field_uniqueness'): the column alone is read, never the table."""
    import pandas as pd

    out = []
    for name in unique_columns(schema_dir, table):
        try:
            column = pd.concat([c[name] for c in _chunks(folder, table, chunk_rows, [name])])
        except ValueError:  # the column is missing: reported as such by the chunks' schema check
            continue
        out += repeated_values(table, column)
    return out


def unique_columns(schema_dir: Path, table: str) -> list[str]:
    """A table -> the columns its Table Schema constrains to be unique."""
    return [f["name"] for f in schemas.table_schema(schema_dir, table)["fields"] if f.get("constraints", {}).get("unique")]


def repeated_values(table: str, column: pd.Series) -> list[Failure]:
    """A unique column (indexed by row) -> a failure for every row whose value repeats, as
    pandera reports it ('field_uniqueness')."""
    repeated = column[column.notna() & column.duplicated(keep=False)]
    return [Failure(table, int(i), str(column.name), v, "field_uniqueness") for i, v in repeated.items()]


def pandera_failures_chunked(folder: Path, seeds_root: Path, schema_dir: Path, held: Mapping[str, tuple[str, str]] | None = None,
                             chunk_rows: int = CHUNK_ROWS) -> list[str]:
    """pandera_failures for tables too long to hold: each table is read and checked `chunk_rows`
    rows at a time against the referenced key columns (read alone) and the article texts
    (each file read once); uniqueness is checked over whole columns by DuckDB. The same lines
    as the whole-table check, table by table."""
    import pandas as pd

    lines: list[str] = []
    references: dict[str, pd.DataFrame] = {}
    unreadable: set[str] = set()
    for table in TABLES:
        for fk in schemas.table_schema(schema_dir, table).get("foreignKeys", []):
            target, (col,) = fk["reference"].get("resource") or table, fk["reference"]["fields"]
            if target in unreadable or col in references.get(target, pd.DataFrame()).columns:
                continue
            try:
                keys = pd.concat([c[col] for c in _chunks(folder, target, chunk_rows, [col])], ignore_index=True)
            except Exception:  # reported below, where the table itself is read
                unreadable.add(target)
                continue
            references[target] = references.get(target, pd.DataFrame(index=keys.index)).assign(**{col: keys})
    articles: dict[str, str | None] = {}
    try:
        for documents in _chunks(folder, "documents", chunk_rows):
            texts, missing = load_articles(folder, seeds_root, documents, held)
            articles.update(texts)
            lines += missing
    except Exception:
        pass  # the documents table is reported unreadable below
    # the rules once (their sets of known keys are a table long), not once per chunk
    rules = schema_rules(schema_dir, references) + contract_rules(articles)
    for table in TABLES:
        failures: list[Failure] = []
        try:
            for chunk in _chunks(folder, table, chunk_rows):
                failures += check_frames({table: chunk}, articles, schema_dir, references, unique=False, rules=rules)
        except Exception as exc:  # a cut or unreadable CSV: name it and go on with the rest
            lines.append(f"{table}: the CSV cannot be read ({exc.__class__.__name__}: {str(exc).splitlines()[0]})")
            continue
        failures += _unique_failures(folder, schema_dir, table, chunk_rows)
        # a problem of the whole table (a missing column) is found in every chunk: said once
        lines += list(dict.fromkeys(f.line() for f in failures))
    return lines


def key_failures(tables: dict[str, pd.DataFrame], schema_dir: Path, unchanged: dict[str, pd.Series]) -> list[Failure]:
    """Whole-table checks, vectorised: primary keys unique over every row, and foreign keys of
    the rows the row-level guards did not see (`unchanged`) still resolving."""
    out: list[Failure] = []
    for table, df in tables.items():
        pk = schemas.primary_key(schema_dir, table)
        if all(c in df.columns for c in pk):
            for i in df.index[df.duplicated(subset=pk, keep=False)]:
                out.append(Failure(table, int(i), pk[0] if len(pk) == 1 else None, df.at[i, pk[0]] if len(pk) == 1 else None,
                                   f"primary key ({', '.join(pk)}) is unique"))
        for fk in schemas.table_schema(schema_dir, table).get("foreignKeys", []):
            (col,), ref = fk["fields"], fk["reference"]
            target = ref.get("resource") or table
            (ref_col,) = ref["fields"]
            if target not in tables or col not in df.columns:
                continue
            rows = df[unchanged.get(table, pd.Series(True, index=df.index))]
            bad = rows[rows[col].notna() & ~rows[col].isin(set(tables[target][ref_col].dropna()))]
            out += [Failure(table, int(i), col, bad.at[i, col], f"foreign key: a {target}.{ref_col} or empty") for i in bad.index]
    return out


def changed_failures(folder: Path, seeds_root: Path, schema_dir: Path, known: dict,
                     held: Mapping[str, tuple[str, str]] | None = None) -> tuple[list[str], dict[str, pd.Index], dict[str, pd.DataFrame]]:
    """A staged package + the row hashes of a package validated before -> (pandera lines for the
    new and changed rows plus the whole-table key checks, {table: index of changed rows}, the
    tables as read, for the other guards)."""
    from .delta import changed

    tables, lines = {}, []
    for table in TABLES:
        try:
            tables[table] = read_table(folder, table)
        except Exception as exc:
            lines.append(f"{table}: the CSV cannot be read ({exc.__class__.__name__}: {str(exc).splitlines()[0]})")
    masks = {t: changed(df, known.get(t)) for t, df in tables.items()}
    articles, missing = load_articles(folder, seeds_root, tables["documents"], held) if "documents" in tables else ({}, [])
    subset = {t: df[masks[t]] for t, df in tables.items()}
    failures = check_frames(subset, articles, schema_dir, references=tables)
    failures += key_failures(tables, schema_dir, {t: ~m for t, m in masks.items()})
    seen, out = set(), []
    for f in failures:  # a duplicate key inside the changed rows is found by both checks
        key = (f.table, f.row, f.rule) if "unique" in f.rule or "primary key" in f.rule else None
        if key is not None and (f.table, f.row, "key") in seen:
            continue
        if key is not None:
            seen.add((f.table, f.row, "key"))
        out.append(f.line())
    return lines + missing + out, {t: df.index[masks[t]] for t, df in tables.items()}, tables


def _failures(table: str, cases: pd.DataFrame, df: pd.DataFrame) -> list[Failure]:
    out, seen = [], set()
    for _, case in cases.iterrows():
        check = str(case["check"])
        index = case["index"]
        row = int(index) if index is not None and not pd.isna(index) else None
        if "|" in check:  # one of ours: report it once per row, at its own column
            column, rule = check.split("|", 1)
            key = (rule, index)
            if key in seen:
                continue
            seen.add(key)
            value = df.at[index, column] if index is not None and column in df.columns and index in df.index else None
        elif check in ("column_in_schema", "column_in_dataframe", "column_ordered"):
            what = {"column_in_schema": "is not in the Table Schema", "column_in_dataframe": "is missing from the CSV", "column_ordered": "is out of order"}[check]
            out.append(Failure(table, None, None, None, f"!column {case['failure_case']!r} {what} (fails '{check}')"))
            continue
        else:
            column, rule, value = case["column"], check, case["failure_case"]
        if column is not None and isinstance(column, float) and pd.isna(column):
            column = None
        out.append(Failure(table, row, column, value, rule))
    return out
