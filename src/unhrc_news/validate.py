"""Stage 6, validate: a package folder -> a list of failures, one line each.

Frictionless checks types, constraints, primary and foreign keys, byte counts and hashes.
The span check proves every offset: article[start:end] == text for every span row, against
the article file whose SHA-256 the documents table records.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from .errors import ValidationFailed
from .state import BuildState

SPAN_TABLES = ("actor_mentions", "event_evidence", "quotes", "statistics")


def frictionless_failures(descriptor: Path) -> list[str]:
    """datapackage.json -> one line per Frictionless error: table, row, column, message."""
    from frictionless import Package

    report = Package(str(descriptor)).validate()
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


def _read(folder: Path, table: str) -> list[dict]:
    with open(folder / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def span_failures(folder: Path, seeds_root: Path) -> list[str]:
    """Package folder -> failures where a span row's text is not its article's characters."""
    failures: list[str] = []
    texts: dict[str, str] = {}
    for n, doc in enumerate(_read(folder, "documents"), 2):
        candidates = [folder / doc["seed_path"], seeds_root / doc["seed_path"]]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            failures.append(f"documents row {n} column seed_path: article {doc['seed_path']} not found next to the package or in {seeds_root}")
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != doc["sha256"]:
            failures.append(f"documents row {n} column sha256: {doc['seed_path']} does not match the recorded SHA-256")
            continue
        texts[doc["document_id"]] = raw.decode("utf-8")
    for table in SPAN_TABLES:
        for n, row in enumerate(_read(folder, table), 2):
            text = texts.get(row["document_id"])
            if text is None:
                continue
            try:
                start, end = int(row["start"]), int(row["end"])
            except ValueError:
                continue  # a type error Frictionless reports
            actual = text[start:end]
            if not (0 <= start < end <= len(text)) or actual != row["text"]:
                failures.append(f"{table} row {n} column text: article[{start}:{end}] is {actual!r}, the row says {row['text']!r}")
    return failures


def validate_package(folder: Path, seeds_root: Path) -> list[str]:
    """A folder holding datapackage.json and data/ -> every failure found (empty when valid)."""
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        return [f"{descriptor}: no datapackage.json in this folder"]
    failures = frictionless_failures(descriptor)
    try:
        failures += span_failures(folder, seeds_root)
    except (OSError, KeyError, csv.Error) as exc:
        failures.append(f"spans: cannot check offsets ({exc})")
    return failures


def run(state: BuildState) -> None:
    """Validate the staged package; raise ValidationFailed so nothing is published."""
    failures = validate_package(state.staging, state.settings.root)
    if failures:
        raise ValidationFailed(failures)
    state.say("validate: frictionless and offsets pass")
