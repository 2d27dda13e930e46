"""Stage 7, validate: a package folder -> every failure, one line each, from three guards.

- Frictionless: types, constraints, primary and foreign keys, byte counts and hashes, from
  datapackage.json.
- pandera: schemas generated from the Table Schemas plus the data contract's rules
  (table_checks.py), including the offsets: article[start:end] == text for every span row.
- Great Expectations: the suites in schemas/expectations/ (expectations.py), column-level and
  dataset-level; a Markdown report goes to build/validation-report.md.

Each line says guard, table, row, column, value and rule. The build runs the same function on
its staging folder before anything is published.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import heap
from .errors import ValidationFailed
from .state import BuildState

if TYPE_CHECKING:
    import pandas as pd

GUARDS = ("frictionless", "pandera", "gx")


def frictionless_failures(descriptor: Path) -> list[str]:
    """datapackage.json -> one line per Frictionless error: table, row, column, message."""
    from frictionless import Package

    try:
        report = Package(str(descriptor)).validate()
    except Exception as exc:  # a descriptor that cannot even be read
        return [f"package: datapackage.json cannot be read ({exc.__class__.__name__}: {str(exc).splitlines()[0]})"]
    lines = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None)
            where = f"{task.name}" + (f" row {row}" if row else "") + (f" column {col}" if col else "")
            lines.append(f"{where}: [{err.type}] {err.message}")
    for err in report.errors:
        lines.append(f"package: [{err.type}] {err.message}")
    return lines


def rows_package(folder: Path, contents: dict[str, bytes], *, keys: bool) -> Path:
    """A package folder and CSV bytes for some of its rows -> a sibling folder <folder>-changed
    holding just those rows under the same descriptor, without byte counts and hashes (checked on
    whole files elsewhere), without the sources of other documents, without foreign keys (their
    targets are not all there) and, unless `keys`, without primary keys and unique constraints
    (checked on whole tables elsewhere)."""
    import copy
    import shutil

    sub = folder.parent / f"{folder.name}-changed"
    if sub.exists():
        shutil.rmtree(sub)
    (sub / "data").mkdir(parents=True)
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    # Only the sources (one per article) of the documents rows given: a package of thousands of
    # articles would otherwise have Frictionless check thousands of them for a few new rows.
    import io

    given = {r.get("seed_path") for r in csv.DictReader(io.StringIO(contents.get("documents", b"").decode("utf-8"), newline=""))}
    if "sources" in desc:
        desc["sources"] = [src for src in desc["sources"] if not isinstance(src, dict) or src.get("path") in given]
    for resource in desc["resources"]:
        (sub / resource["path"]).write_bytes(contents.get(resource["name"], b""))
        resource.pop("bytes", None)
        resource.pop("hash", None)
        schema = resource["schema"] = copy.deepcopy(resource["schema"])
        schema.pop("foreignKeys", None)
        if not keys:
            schema.pop("primaryKey", None)
            for f in schema["fields"]:
                f.get("constraints", {}).pop("unique", None)
    (sub / "datapackage.json").write_text(json.dumps(desc, indent=2, ensure_ascii=False), encoding="utf-8")
    return sub


def frictionless_changed(folder: Path, changed_rows: dict[str, pd.Index], tables: dict[str, pd.DataFrame]) -> list[str]:
    """Frictionless on the changed rows only: a copy of the package holding just those rows
    (rows_package); row numbers in the messages are mapped back to the full tables."""
    import shutil

    if not any(len(ix) for ix in changed_rows.values()):
        return []  # nothing new: every row was checked when it was published
    contents, rows_of = {}, {}
    for name, df in tables.items():  # an unreadable table is reported by the pandera guard
        keep = changed_rows.get(name, df.index[:0])
        contents[name] = df.loc[keep].to_csv(index=False, na_rep="", lineterminator="\n").encode("utf-8")
        rows_of[name] = list(keep)
    sub = rows_package(folder, contents, keys=False)
    lines = []
    for line in frictionless_failures(sub / "datapackage.json"):
        m = re.match(r"^(\w+) row (\d+)(.*)$", line, re.S)
        if m and m[1] in rows_of and 0 <= int(m[2]) - 2 < len(rows_of[m[1]]):
            line = f"{m[1]} row {rows_of[m[1]][int(m[2]) - 2] + 2}{m[3]}"
        lines.append(line)
    shutil.rmtree(sub, ignore_errors=True)
    return lines


def _csv_chunks(path: Path, rows: int) -> Iterator[tuple[list[str], list[list[str]]]]:
    """A CSV file -> (header, [records]) a chunk of at most `rows` records at a time, streamed
    (a quoted cell may hold a line break: records, not lines)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        chunk: list[list[str]] = []
        for record in reader:
            chunk.append(record)
            if len(chunk) == rows:
                yield header, chunk
                chunk = []
        if chunk:
            yield header, chunk


def _csv_bytes(header: list[str], records: list[list[str]]) -> bytes:
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    return buf.getvalue().encode("utf-8")


def _file_failures(folder: Path) -> list[str]:
    """Bytes and hash of every resource, in Frictionless's words ([byte-count], [hash-count]),
    the file read in blocks."""
    import hashlib

    lines = []
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc.get("resources", []):
        h, size = hashlib.sha256(), 0
        with open(folder / r["path"], "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
                size += len(block)
        if "bytes" in r and r["bytes"] != size:
            lines.append(f"{r['name']}: [byte-count] The data source does not match the expected byte count: expected is \"{r['bytes']}\" and actual is \"{size}\"")
        if "hash" in r and r["hash"].removeprefix("sha256:") != h.hexdigest():
            lines.append(f"{r['name']}: [hash-count] The data source does not match the expected hash count: "
                         f"expected is \"{r['hash'].removeprefix('sha256:')}\" and actual is \"{h.hexdigest()}\"")
    return lines


def _key_failures(folder: Path, desc: dict[str, Any], chunk_rows: int) -> list[str]:
    """Unique fields, primary keys and foreign keys over whole tables, in Frictionless's words,
    reading the key columns alone."""
    import pandas as pd

    def columns(resource: dict[str, Any], cols: list[str]) -> pd.DataFrame:
        path = folder / resource["path"]
        parts = list(pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, usecols=cols, chunksize=chunk_rows))
        df = pd.concat(parts) if parts else pd.DataFrame(columns=cols)
        return df.replace("", None)[cols]

    def repeats(keys: pd.DataFrame) -> Iterator[tuple[int, int]]:
        # (csv row, csv row of its first occurrence) for every row repeating an earlier one.
        # Vectorised: a table of millions of rows is never walked, nor its keys put in a dict.
        repeated = keys[keys.duplicated(keep=False)]
        first_row: dict[tuple[Any, ...], int] = {}
        for i, key in zip(repeated.index, repeated.itertuples(index=False, name=None), strict=True):
            if key in first_row:
                yield i + 2, first_row[key]
            else:
                first_row[key] = i + 2

    by_name = {r["name"]: r for r in desc["resources"]}
    found: list[tuple[str, int, int, str]] = []  # (table, csv row, order, line)
    for order, r in enumerate(desc["resources"]):
        schema = r["schema"]
        names = [f["name"] for f in schema["fields"]]
        for pos, f in enumerate(schema["fields"], start=1):
            if f.get("constraints", {}).get("unique"):
                col = columns(r, [f["name"]])
                for row, first in repeats(col[col[f["name"]].notna()]):
                    found.append((r["name"], row, order, f"{r['name']} row {row} column {f['name']}: [unique-error] Row at position \"{row}\" "
                                  f"has unique constraint violation in field \"{f['name']}\" at position \"{pos}\": the same as in the row at position {first}"))
        pk = schema.get("primaryKey")
        pk = [pk] if isinstance(pk, str) else list(pk or [])
        if pk and all(c in names for c in pk):
            for row, first in repeats(columns(r, pk)):
                found.append((r["name"], row, order, f"{r['name']} row {row}: [primary-key] Row at position \"{row}\" violates the primary key: the same as in the row at position {first}"))
        for fk in schema.get("foreignKeys", []):
            (col,), ref = fk["fields"], fk["reference"]
            target = by_name.get(ref.get("resource") or r["name"])
            if target is None or col not in names:
                continue
            (ref_col,) = ref["fields"]
            known = set(columns(target, [ref_col])[ref_col].dropna())
            values = columns(r, [col])[col]
            for i, v in values[values.notna() & ~values.isin(known)].items():
                found.append((r["name"], i + 2, order, f"{r['name']} row {i + 2}: [foreign-key] Row at position \"{i + 2}\" violates the foreign key: "
                              f"for \"{col}\": values \"{v}\" not found in the lookup table \"{target['name']}\" as \"{ref_col}\""))
    return [line for *_, line in sorted(found, key=lambda x: (x[2], x[1]))]


def frictionless_failures_chunked(folder: Path, chunk_rows: int) -> list[str]:
    """frictionless_failures for tables too long to hold: Frictionless checks the descriptor and
    the cells of each table a chunk of `chunk_rows` rows at a time (rows_package, row numbers
    mapped back); what needs whole tables (unique fields, primary and foreign keys, bytes and
    hashes) is checked here over the key columns alone, and said in Frictionless's words."""
    import shutil

    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    headers = {}
    for r in desc["resources"]:
        with open(folder / r["path"], encoding="utf-8", newline="") as fh:
            headers[r["name"]] = next(csv.reader(fh), [])
    empty = {name: _csv_bytes(h, []) for name, h in headers.items()}
    seen: set[str] = set()
    for r in desc["resources"]:
        offset = 0
        for header, records in _csv_chunks(folder / r["path"], chunk_rows):
            sub = rows_package(folder, {**empty, r["name"]: _csv_bytes(header, records)}, keys=False)
            for line in frictionless_failures(sub / "datapackage.json"):
                m = re.match(r"^(\w+) row (\d+)(.*)$", line, re.S)
                if m and m[1] == r["name"]:
                    row = int(m[2]) + offset
                    line = f"{m[1]} row {row}" + re.sub(r'position "(\d+)"', lambda x, o=offset: f'position "{int(x[1]) + o}"', m[3], count=1)
                if line not in seen:  # a header problem is found in every chunk: said once
                    seen.add(line)
                    lines.append(line)
            shutil.rmtree(sub, ignore_errors=True)
            offset += len(records)
    return _file_failures(folder) + lines + _key_failures(folder, desc, chunk_rows)


def hash_failures(folder: Path) -> list[str]:
    """Every resource's bytes and SHA-256 against datapackage.json (what Frictionless checks on
    whole files; the changed-rows copy cannot)."""
    import hashlib

    lines = []
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc.get("resources", []):
        path = folder / r["path"]
        raw = path.read_bytes() if path.is_file() else b""
        digest = "sha256:" + hashlib.sha256(raw).hexdigest()
        if r.get("hash") != digest or r.get("bytes") != len(raw):
            lines.append(f"{r['name']}: the file has {len(raw)} bytes and {digest[:19]}…, datapackage.json says {r.get('bytes')} bytes and {str(r.get('hash'))[:19]}…")
    return lines


KNOWN_PROFILES = ("https://datapackage.org/profiles/2.0/datapackage.json",)
REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def reference_problems(folder: Path) -> list[str]:
    """datapackage.json -> one line per reference that would make a validator leave the folder:
    a remote or absolute `path`, a `schema` or `dialect` given by reference, an unknown `$schema`
    profile. Frictionless would fetch these; a package of ours never needs them."""
    try:
        desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"package: datapackage.json is not JSON ({exc.__class__.__name__}); nothing else was read"]
    lines = []
    if not isinstance(desc, dict):
        return ["package: datapackage.json must hold an object"]
    profile = desc.get("$schema")
    if profile is not None and profile not in KNOWN_PROFILES:
        lines.append(f"package: $schema {str(profile)[:80]!r} is not the Data Package v2 profile; refused without fetching it")
    for i, r in enumerate(desc.get("resources") or []):
        name = r.get("name", f"resource {i + 1}") if isinstance(r, dict) else f"resource {i + 1}"
        if not isinstance(r, dict):
            lines.append(f"{name}: not an object")
            continue
        raw_path = r.get("path")
        paths: list[Any] = raw_path if isinstance(raw_path, list) else [raw_path]
        for p in paths:
            if isinstance(p, str) and (REMOTE.match(p) or p.startswith("/") or ".." in Path(p).parts):
                lines.append(f"{name}: path {p[:80]!r} leaves the package folder; refused without reading it (paths are relative, inside the folder)")
        for key in ("schema", "dialect", "$schema"):
            value = r.get(key)
            if isinstance(value, str):
                lines.append(f"{name}: {key} given by reference ({value[:80]!r}); refused without fetching it (this package's resources carry inline {key}s)")
    return lines


def foreign_sql(folder: Path) -> list[str]:
    """SQL files a package folder carries that are not this installation's own views. They are
    never executed (views come from the installed package), but a package that carries them is
    not what unhrc-news publishes."""
    from .config import bundled_schemas

    ours = {p.name: p.read_bytes() for p in (bundled_schemas() / "sql").glob("*.sql")}
    return [f"package: schemas/sql/{p.name} is not one of the views this unhrc-news ships (never executed; remove it)"
            for p in sorted((folder / "schemas" / "sql").glob("*")) if ours.get(p.name) != p.read_bytes()]


def schema_dir_for(folder: Path, project_root: Path) -> Path:
    """The schemas a package folder carries (a release bundle), else the project's."""
    return folder / "schemas" if (folder / "schemas" / "tables").is_dir() else project_root / "schemas"


def frictionless_for(folder: Path, chunk_rows: int | None = None) -> list[str]:
    """Frictionless on a package folder, whole (the default) or, when a table is longer than
    `chunk_rows` (table_checks.CHUNK_ROWS), a chunk at a time in bounded memory."""
    from .table_checks import CHUNK_ROWS, _csv_rows

    chunk_rows = chunk_rows or CHUNK_ROWS
    try:
        desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        long = any(_csv_rows(folder, r["name"]) > chunk_rows for r in desc.get("resources", []))
    except Exception:
        long = False  # whatever cannot be read is for Frictionless itself to name
    if long:
        try:
            return frictionless_failures_chunked(folder, chunk_rows)
        except (OSError, ValueError, KeyError, csv.Error):
            pass  # a file the chunked reader cannot take apart (not UTF-8, no header): Frictionless names it, whole
    return frictionless_failures(folder / "datapackage.json")


def validate_package(folder: Path, project_root: Path, *, guards: tuple[str, ...] = GUARDS, report: Path | None = None,
                     known: dict[str, Any] | None = None, held: Mapping[str, tuple[str, str]] | None = None,
                     chunk_rows: int | None = None) -> list[str]:
    """A folder holding datapackage.json and data/ -> every failure found (empty when valid).

    With `known` (row hashes of a package validated before, delta.py), the row-level guards
    look only at rows not among them; keys, foreign keys and Great Expectations see every row."""
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        return [f"{descriptor}: no datapackage.json in this folder"]
    references = reference_problems(folder)
    if references:  # nothing is read from a package that points outside itself
        return [f"[package] {line}" for line in references]
    schema_dir = schema_dir_for(folder, project_root)
    failures: list[str] = [f"[package] {line}" for line in foreign_sql(folder)]
    if known is not None:
        from .table_checks import changed_failures

        failures += [f"[hashes] {line}" for line in hash_failures(folder)]
        lines, changed_rows, tables = changed_failures(folder, project_root, schema_dir, known, held)
        if "frictionless" in guards:
            failures += [f"[frictionless] {line}" for line in frictionless_changed(folder, changed_rows, tables)]
        if "pandera" in guards:
            failures += [f"[pandera] {line}" for line in lines]
    if known is None and "frictionless" in guards:
        failures += [f"[frictionless] {line}" for line in frictionless_for(folder, chunk_rows)]
        heap.release()  # each guard starts from what the one before it freed (heap.py)
    if known is None and "pandera" in guards:
        from .table_checks import pandera_failures

        failures += [f"[pandera] {line}" for line in pandera_failures(folder, project_root, schema_dir, held, **({"chunk_rows": chunk_rows} if chunk_rows else {}))]
        heap.release()
    if "gx" in guards:
        from .expectations import gx_failures

        failures += [f"[gx] {line}" for line in gx_failures(folder, schema_dir, report, changed_rows if known is not None else None,
                                                                      tables if known is not None else None, chunk_rows=chunk_rows)]
    return failures


def increment_failures(state: BuildState, report: Path) -> list[str]:
    """An incremental build's staged package -> every failure of its new rows under all three
    guards, plus the whole-table checks: row counts and keys (see ledger.py for why the
    published rows need no second look)."""
    import shutil

    from .expectations import gx_failures
    from .table_checks import check_frames, frame

    folder = state.staged
    references = reference_problems(folder)
    if references:
        return [f"[package] {line}" for line in references]
    s = state.settings
    # No second hashing of the staged files: write computed their hashes from these very bytes.
    failures = [f"[package] {line}" for line in foreign_sql(folder)]
    # The new rows (and every registry row) as a package of their own, keys within them checked
    # there, hashes and keys across whole tables here and in the merge.
    sub = rows_package(folder, state.fresh, keys=True)
    failures += [f"[frictionless] {line}" for line in frictionless_failures(sub / "datapackage.json")]
    desc = json.loads((sub / "datapackage.json").read_text(encoding="utf-8"))
    columns = {t: [f["name"] for f in r["schema"]["fields"]] for t, r in ((r["name"], r) for r in desc["resources"])}
    frames = {t: frame(rows, columns[t]) for t, rows in state.tables.items()}
    texts = {art.document_id: art.text for art in state.articles.values()}
    failures += [f"[pandera] {f.line()}" for f in check_frames(frames, texts, s.schemas)]
    failures += [f"[gx] {line}" for line in gx_failures(sub, s.schemas, report, {t: df.index for t, df in frames.items()}, frames,
                                                       counts=state.row_counts)]
    shutil.rmtree(sub, ignore_errors=True)
    return failures


def run(state: BuildState) -> None:
    """Validate the staged package with every guard; raise ValidationFailed so nothing is published."""
    report = state.settings.build / "validation-report.md"
    if state.carry is not None:
        from .ledger import FullBuildNeeded

        if increment_failures(state, report):  # the full build names them, exactly as it always does
            raise FullBuildNeeded("a guard fails on the new rows")
        state.say("validate: frictionless, pandera and Great Expectations pass (the rebuilt documents' rows; "
                  f"keys and row counts of every row; {state.settings.rel(report)})")
        let_texts_go(state)
        return
    # The articles ingest read and hashed are handed on rather than read again.
    held = {art.rel: (art.sha256, art.text) for art in state.articles.values()}
    failures = validate_package(state.staged, state.settings.root, report=report, known=state.known, held=held)
    if failures:
        raise ValidationFailed(failures)
    scope = "new and changed rows, keys on every row" if state.known is not None else "every row"
    state.say(f"validate: frictionless, pandera and Great Expectations pass ({scope}; {state.settings.rel(report)})")
    let_texts_go(state)


def let_texts_go(state: BuildState) -> None:
    """Past validate nothing reads the article texts (publish needs the articles' ids, the
    database the published CSVs): they are let go, so the stages after validate do not sit on
    them (27 MiB at 5,000 articles; docs/scaling.md). Each Article keeps its id, path and hash."""
    state.articles = {doc: replace(art, text="") for doc, art in state.articles.items()}
