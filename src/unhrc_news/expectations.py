"""Great Expectations guard (GX Core 1.x): one expectation suite per table, stored as JSON in
schemas/expectations/<table>.json without volatile ids.

The suites are generated: column-level expectations from the Table Schemas (columns in order,
required, unique, enum, pattern, minimum, compound primary keys) and dataset-level ones from
schemas/expectations/dataset.yaml (row-count ranges: a table that shrinks fails). Editorial
targets such as the share of reviewed rows are not expectations: they are reported
(coverage.py) and may be demanded by a release (schemas/editorial.yaml). They run in an ephemeral context through a Checkpoint, with analytics
off; results become one line per failure and a Markdown report in build/.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from . import schemas
from .config import quiet_libraries
from .csvio import read_strings
from .schemas import SPAN_TABLES, TABLES

SUITE_DIR = "expectations"


def _gx():
    quiet_libraries()
    import great_expectations as gx

    return gx


def expectation_configs(schema_dir: Path, table: str) -> list[dict]:
    """Table Schema + dataset.yaml -> [{type, kwargs, meta}] for one table (deterministic)."""
    spec = schemas.table_schema(schema_dir, table)
    with open(schema_dir / SUITE_DIR / "dataset.yaml", encoding="utf-8") as fh:
        dataset = yaml.safe_load(fh) or {}
    out = [{"type": "expect_table_columns_to_match_ordered_list",
            "kwargs": {"column_list": [f["name"] for f in spec["fields"]]}, "meta": {"from": "table schema: fields"}}]
    for f in spec["fields"]:
        c, name = f.get("constraints", {}), f["name"]
        if c.get("required"):
            out.append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": name}, "meta": {"from": "table schema: required"}})
        if c.get("unique"):
            out.append({"type": "expect_column_values_to_be_unique", "kwargs": {"column": name}, "meta": {"from": "table schema: unique"}})
        if "enum" in c:
            out.append({"type": "expect_column_values_to_be_in_set", "kwargs": {"column": name, "value_set": list(c["enum"])}, "meta": {"from": "table schema: enum"}})
        if "pattern" in c:
            pattern = re.sub(r"\((?!\?)", "(?:", c["pattern"])  # GX uses str.contains: groups only warn
            out.append({"type": "expect_column_values_to_match_regex", "kwargs": {"column": name, "regex": f"^(?:{pattern})$"}, "meta": {"from": "table schema: pattern"}})
        if "minimum" in c:
            out.append({"type": "expect_column_values_to_be_between", "kwargs": {"column": name, "min_value": c["minimum"]}, "meta": {"from": "table schema: minimum"}})
    pk = schemas.primary_key(schema_dir, table)
    if len(pk) > 1:
        out.append({"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": pk}, "meta": {"from": "table schema: primaryKey"}})
    if table in SPAN_TABLES:
        out.append({"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["document_id", "start", "end"] + (["actor_id"] if table == "actor_mentions" else ["event_id"] if table == "event_evidence" else [])},
                    "meta": {"from": "dataset: one row per span"}})
    conf = (dataset.get("tables") or {}).get(table, {})
    if "rows" in conf:
        lo, hi = conf["rows"]
        out.append({"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": lo, "max_value": hi}, "meta": {"from": "dataset.yaml: rows"}})
    return out


def suite_json(schema_dir: Path, table: str) -> str:
    """One table's suite as GX writes it (ExpectationSuite.to_json_dict), ids stripped."""
    gx = _gx()
    gx.get_context(mode="ephemeral")
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=table)
    for conf in expectation_configs(schema_dir, table):
        suite.add_expectation(ExpectationConfiguration(**conf).to_domain_obj())
    data = suite.to_json_dict()
    data.pop("id", None)
    data.get("meta", {}).pop("great_expectations_version", None)
    for e in data["expectations"]:
        e.pop("id", None)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _frame(folder: Path, schema_dir: Path, table: str, read: pd.DataFrame | None = None) -> pd.DataFrame:
    """data/<table>.csv (or the same table already read as strings) -> numbers as numbers."""
    df = read.copy() if read is not None else read_strings(folder, table)
    for f in schemas.table_schema(schema_dir, table)["fields"]:
        if f["type"] in ("integer", "number") and f["name"] in df.columns:
            df[f["name"]] = pd.to_numeric(df[f["name"]], errors="coerce")
    return df


def _describe(table: str, result, df: pd.DataFrame) -> list[str]:
    conf = result.expectation_config
    kind, kwargs = conf.type, conf.kwargs
    column = kwargs.get("column")
    res = result.result or {}
    rule = kind + ("" if "mostly" not in kwargs else f" (mostly {kwargs['mostly']})")
    if result.exception_info and result.exception_info.get("raised_exception"):
        return [f"{table}{' column ' + column if column else ''}: cannot run {kind}: {result.exception_info.get('exception_message', '')[:200]}"]
    indexes = res.get("unexpected_index_list") or []
    if column and indexes and "mostly" not in kwargs:
        lines = []
        for i in indexes[:20]:
            i = i if isinstance(i, int) else i.get("index", i) if isinstance(i, dict) else i
            value = df.at[i, column] if i in df.index else "?"
            shown = "empty" if value is None or (not isinstance(value, str) and pd.isna(value)) else repr(value)
            lines.append(f"{table} row {int(i) + 2} column {column}: value {shown} fails {rule}")
        if len(indexes) > 20:
            lines.append(f"{table} column {column}: {len(indexes) - 20} more rows fail {rule}")
        return lines
    observed = res.get("observed_value")
    if observed is None and "unexpected_percent" in res:
        observed = f"{100 - res['unexpected_percent']:.1f}% of rows pass"
    where = f" column {column}" if column else (f" columns {', '.join(kwargs['column_list'])}" if "column_list" in kwargs else "")
    return [f"{table}{where}: observed {observed!r} fails {rule} {json.dumps({k: v for k, v in kwargs.items() if k not in ('column', 'column_list', 'mostly', 'batch_id')})}"]


# Expectations about a whole table: on a subset of rows they would say nothing (or the wrong
# thing), so when only changed rows go through GX these are evaluated here on every row.
TABLE_LEVEL = ("expect_table_columns_to_match_ordered_list", "expect_table_row_count_to_be_between",
               "expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")


def _kwargs_text(kwargs: dict) -> str:
    return json.dumps({k: v for k, v in kwargs.items() if k not in ("column", "column_list", "mostly", "batch_id")})


def table_level_failures(table: str, df: pd.DataFrame, conf: dict, count: int | None = None) -> list[str]:
    """One whole-table expectation on every row of df -> failure lines in GX's wording. `count`
    is the table's row count when df holds only some of its rows."""
    kind, kwargs = conf["type"], conf["kwargs"]
    if kind == "expect_table_columns_to_match_ordered_list":
        if list(df.columns) != list(kwargs["column_list"]):
            return [f"{table} columns {', '.join(kwargs['column_list'])}: observed {list(df.columns)!r} fails {kind} {_kwargs_text(kwargs)}"]
        return []
    if kind == "expect_table_row_count_to_be_between":
        lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
        n = len(df) if count is None else count
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            return [f"{table}: observed {n!r} fails {kind} {_kwargs_text(kwargs)}"]
        return []
    if kind == "expect_column_values_to_be_unique":
        column = kwargs["column"]
        values = df[column]
        dup = df.index[values.notna() & values.duplicated(keep=False)]
        lines = [f"{table} row {int(i) + 2} column {column}: value {values.at[i]!r} fails {kind}" for i in dup[:20]]
        if len(dup) > 20:
            lines.append(f"{table} column {column}: {len(dup) - 20} more rows fail {kind}")
        return lines
    cols = kwargs["column_list"]
    dup = df.duplicated(subset=cols, keep=False)
    if dup.any():
        return [f"{table} columns {', '.join(cols)}: observed {f'{100 * (1 - dup.mean()):.1f}% of rows pass'!r} fails {kind} {_kwargs_text(kwargs)}"]
    return []


def _streamed_table_level(folder: Path, table: str, whole: list[dict], chunk_rows: int) -> list[str]:
    """A long table's whole-table expectations -> the lines table_level_failures gives over the
    whole table, without holding its columns: each chunk's key columns are reduced to one 64-bit
    hash a row (8 bytes, not a Python string a cell), repeats among the hashes are the candidates,
    and only the candidates' values are read again to confirm them (so a hash collision never
    reports a repeat)."""
    import numpy as np

    from .table_checks import _chunks

    header = list(pd.read_csv(Path(folder) / "data" / f"{table}.csv", nrows=0).columns)
    keyed = [e for e in whole if e["type"] in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")]
    keys = [[e["kwargs"]["column"]] if "column" in e["kwargs"] else list(e["kwargs"]["column_list"]) for e in keyed]
    needed = sorted({c for cols in keys for c in cols if c in header}) or header[:1]
    hashes: list[list[np.ndarray]] = [[] for _ in keyed]
    present: list[list[np.ndarray]] = [[] for _ in keyed]
    count = 0
    for chunk in _chunks(folder, table, chunk_rows, needed):
        count += len(chunk)
        for k, cols in enumerate(keys):
            part = chunk.reindex(columns=cols)
            hashes[k].append(pd.util.hash_pandas_object(part, index=False).to_numpy())
            present[k].append(part.iloc[:, 0].notna().to_numpy())
    candidates: list[np.ndarray] = []
    for k in range(len(keyed)):
        h = np.concatenate(hashes[k]) if hashes[k] else np.empty(0, dtype="uint64")
        mask = pd.Series(h).duplicated(keep=False).to_numpy(copy=True)
        if len(keys[k]) == 1:  # a unique column ignores its empty cells
            mask &= np.concatenate(present[k]) if present[k] else np.empty(0, dtype=bool)
        candidates.append(np.flatnonzero(mask))
    del hashes, present
    wanted = np.unique(np.concatenate(candidates)) if candidates else np.empty(0, dtype="int64")
    # the candidate rows' own values, as _chunks reads them, indexed by their row in the table
    picked = pd.concat([chunk.loc[chunk.index.intersection(wanted)] for chunk in _chunks(folder, table, chunk_rows, needed)]) \
        if len(wanted) else pd.DataFrame(columns=needed)
    picked = picked.reindex(columns=header)
    lines: list[str] = []
    slot = {id(e): k for k, e in enumerate(keyed)}
    for e in whole:
        if id(e) in slot:
            rows = picked.loc[picked.index.intersection(candidates[slot[id(e)]])]
            if e["type"] == "expect_compound_columns_to_be_unique":
                repeats = int(rows.duplicated(subset=e["kwargs"]["column_list"], keep=False).sum())
                if repeats:
                    kwargs = e["kwargs"]
                    lines.append(f"{table} columns {', '.join(kwargs['column_list'])}: observed "
                                 f"{f'{100 * (1 - repeats / count):.1f}% of rows pass'!r} fails {e['type']} {_kwargs_text(kwargs)}")
                continue
            lines += table_level_failures(table, rows, e)
            continue
        # the column list and the row count need only the header and the number of rows
        lines += table_level_failures(table, pd.DataFrame(columns=header), e, count)
    return lines


def gx_failures_chunked(folder: Path, schema_dir: Path, table: str, chunk_rows: int, summary: list[str]) -> list[str]:
    """One table too long to hold -> GX's failure lines: the whole-table expectations evaluated
    here over the columns they need (read alone), the column expectations run by GX a chunk of
    `chunk_rows` rows at a time (row numbers are the whole table's)."""
    from .table_checks import _chunks

    stored = json.loads((schema_dir / SUITE_DIR / f"{table}.json").read_text(encoding="utf-8"))["expectations"]
    whole = [e for e in stored if e["type"] in TABLE_LEVEL]
    failures = _streamed_table_level(folder, table, whole, chunk_rows)
    summary.append(f"| {table} (whole table) | {len(whole)} | {len(whole) - len(failures)} | {len(failures)} |")
    rest = {table: [e for e in stored if e["type"] not in TABLE_LEVEL]}
    for chunk in _chunks(folder, table, chunk_rows):
        failures += _run_suites([table], {table: _frame(folder, schema_dir, table, chunk)}, rest, summary)
    return failures


def gx_failures(folder: Path, schema_dir: Path, report: Path | None = None, rows: dict | None = None,
                tables: dict[str, pd.DataFrame] | None = None, counts: dict[str, int] | None = None,
                chunk_rows: int | None = None) -> list[str]:
    """A package folder -> one line per failed expectation (per row where GX names rows).

    With `rows` ({table: index of new and changed rows}), GX runs the column expectations on
    those rows only and the whole-table ones (columns, row counts, uniqueness) run here on every
    row; a table with no changed rows needs no GX run, and a build that changed nothing does
    not even import GX. `counts` gives the tables' row counts when `tables` hold only the new rows
    of an incremental build (ledger.py)."""
    from .table_checks import CHUNK_ROWS, _csv_rows

    frames: dict[str, pd.DataFrame] = {}
    failures: list[str] = []
    summary: list[str] = []
    chunk_rows = chunk_rows or CHUNK_ROWS
    for table in TABLES:
        try:
            long = rows is None and tables is None and _csv_rows(folder, table) > chunk_rows
        except Exception:
            long = False  # an unreadable CSV is named by the whole-table reader below
        if long:  # too long to hold: checked a chunk at a time, in bounded memory
            failures += gx_failures_chunked(folder, schema_dir, table, chunk_rows, summary)
            continue
        try:
            frames[table] = _frame(folder, schema_dir, table, (tables or {}).get(table))
        except Exception as exc:
            failures.append(f"{table}: the CSV cannot be read ({exc.__class__.__name__}: {str(exc).splitlines()[0]})")
    stored = {t: json.loads((schema_dir / SUITE_DIR / f"{t}.json").read_text(encoding="utf-8"))["expectations"] for t in frames}
    todo = list(frames)
    if rows is not None:
        todo = []
        for table, df in frames.items():
            whole = [e for e in stored[table] if e["type"] in TABLE_LEVEL]
            lines = [line for e in whole for line in table_level_failures(table, df, e, (counts or {}).get(table))]
            failures += lines
            stored[table] = [e for e in stored[table] if e["type"] not in TABLE_LEVEL]
            subset = rows.get(table, df.index[:0])
            frames[table] = df.loc[subset]
            if len(subset):
                todo.append(table)
            summary.append(f"| {table} (whole table) | {len(whole)} | {len(whole) - len(lines)} | {len(lines)} |")
    if todo:
        failures += _run_suites(todo, frames, stored, summary)
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        scope = "every row" if rows is None else "new and changed rows (column expectations); every row (whole-table expectations)"
        text = ["# Great Expectations validation report", "", f"Package: `{folder}`", "", f"Rows checked: {scope}.", "",
                "| table | expectations | passed | failed |", "|---|---:|---:|---:|", *summary, ""]
        if failures:
            text += ["## Failures", "", *[f"- {f}" for f in failures], ""]
        report.write_text("\n".join(text), encoding="utf-8")
    return failures


# One GX context per process, with each distinct set of suites registered once: importing GX
# (~3 s), loading the suites (~0.6 s) and making assets and checkpoints (~0.2 s) are paid once,
# not by every validation (docs/benchmarks.md has the measurements).
_CONTEXTS: dict[str, tuple[Any, dict[str, tuple[Any, Any]]]] = {}


def _suites_key(tables: list[str], stored: dict[str, list[dict[str, Any]]]) -> str:
    return hashlib.sha256(json.dumps({t: stored[t] for t in sorted(tables)}, sort_keys=True).encode()).hexdigest()


def _checkpoints(tables: list[str], stored: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[Any, Any]]:
    """Suites -> {table: (validation definition, checkpoint)}, registered once per process."""
    key = _suites_key(tables, stored)
    if key not in _CONTEXTS:
        gx = _gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

        ctx = gx.get_context(mode="ephemeral")
        ctx.variables.progress_bars = ProgressBarsConfig(globally=False)  # one line per failure, no bars
        source = ctx.data_sources.add_pandas(f"unhrc_news_{key[:8]}")
        made = {}
        for table in tables:
            suite = ctx.suites.add(gx.ExpectationSuite(name=f"{table}_{key[:8]}"))
            for e in stored[table]:
                suite.add_expectation(ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e.get("meta")).to_domain_obj())
            batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe(f"{table}-all")
            definition = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"{table}_{key[:8]}", data=batch, suite=suite))
            # Pass/fail only: the full result (every failing index) is asked for again only for a
            # table that fails, which is rare and costs the same as asking every time.
            checkpoint = ctx.checkpoints.add(gx.Checkpoint(name=f"{table}-checkpoint-{key[:8]}", validation_definitions=[definition],
                                                           result_format={"result_format": "BOOLEAN_ONLY"}))
            made[table] = (definition, checkpoint)
        _CONTEXTS[key] = (ctx, made)
    return _CONTEXTS[key][1]


def _release_batches(tables: list[str], stored: dict[str, list[dict[str, Any]]]) -> None:
    """Drop the DataFrames GX keeps in its execution engine's batch caches after a run: in a
    long-lived process (a batch `add`, then another) they would keep the last tables validated
    in memory, hundreds of thousands of rows, and slow everything after."""
    key = _suites_key(tables, stored)
    if key not in _CONTEXTS:
        return
    for source in _CONTEXTS[key][0].data_sources.all().values():
        engine = source.get_execution_engine()
        engine.batch_manager.reset_batch_cache()
        engine.batch_manager.batch_data_cache.clear()
        # The engine's metric cache (no public way to clear it in GX 1.x) keeps every run's
        # metrics, keyed by batch: values and index lists the size of the tables validated.
        metrics = getattr(engine, "_metric_cache", None)
        if isinstance(metrics, dict):
            metrics.clear()


def _run_suites(tables: list[str], frames: dict[str, pd.DataFrame], stored: dict[str, list[dict[str, Any]]], summary: list[str]) -> list[str]:
    """Run each table's stored expectations through a GX Checkpoint -> failure lines."""
    try:
        return _run_each(tables, frames, stored, summary)
    finally:
        _release_batches(tables, stored)


def _run_each(tables: list[str], frames: dict[str, pd.DataFrame], stored: dict[str, list[dict[str, Any]]], summary: list[str]) -> list[str]:
    failures: list[str] = []
    for table, (definition, checkpoint) in _checkpoints(tables, stored).items():
        df = frames[table]
        run = checkpoint.run(batch_parameters={"dataframe": df})
        for validation in run.run_results.values():
            stats = validation.statistics
            summary.append(f"| {table} | {stats['evaluated_expectations']} | {stats['successful_expectations']} | {stats['unsuccessful_expectations']} |")
            if not validation.success:
                detail = definition.run(batch_parameters={"dataframe": df}, result_format="COMPLETE")
                for result in detail.results:
                    if not result.success:
                        failures += _describe(table, result, df)
    return failures
