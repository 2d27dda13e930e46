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

from pathlib import Path

from .errors import ValidationFailed
from .state import BuildState

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


def schema_dir_for(folder: Path, project_root: Path) -> Path:
    """The schemas a package folder carries (a release bundle), else the project's."""
    return folder / "schemas" if (folder / "schemas" / "tables").is_dir() else project_root / "schemas"


def validate_package(folder: Path, project_root: Path, *, guards: tuple[str, ...] = GUARDS, report: Path | None = None) -> list[str]:
    """A folder holding datapackage.json and data/ -> every failure found (empty when valid)."""
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        return [f"{descriptor}: no datapackage.json in this folder"]
    schema_dir = schema_dir_for(folder, project_root)
    failures: list[str] = []
    if "frictionless" in guards:
        failures += [f"[frictionless] {line}" for line in frictionless_failures(descriptor)]
    if "pandera" in guards:
        from .table_checks import pandera_failures

        failures += [f"[pandera] {line}" for line in pandera_failures(folder, project_root, schema_dir)]
    if "gx" in guards:
        from .expectations import gx_failures

        failures += [f"[gx] {line}" for line in gx_failures(folder, schema_dir, report)]
    return failures


def run(state: BuildState) -> None:
    """Validate the staged package with every guard; raise ValidationFailed so nothing is published."""
    report = state.settings.build / "validation-report.md"
    failures = validate_package(state.staging, state.settings.root, report=report)
    if failures:
        raise ValidationFailed(failures)
    state.say(f"validate: frictionless, pandera and Great Expectations pass ({state.settings.rel(report)})")
