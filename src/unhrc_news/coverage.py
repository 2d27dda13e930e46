"""Editorial figures: how much of a package a person has reviewed, and how many quotes name
their speaker. Reported by every build, `unhrc-news status`, docs/extraction-quality.md and the
dataset card; demanded only by a release whose schemas/editorial.yaml sets a minimum.

Tables (lists of row dicts, as built or as read from data/*.csv) -> Coverage.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .csvio import read_records
from .errors import InputError
from .schemas import SPAN_TABLES

FIGURES = {
    "curated_share": "share of span-table rows reviewed (method=curated)",
    "named_speaker_share": "share of quotes with a named speaker (speaker_actor_id set)",
}


@dataclass
class Coverage:
    """Counts of machine and curated rows per table, overall and per document."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> {machine, curated}
    quotes: int = 0
    named_quotes: int = 0
    documents: int = 0
    reviewed_documents: int = 0

    @property
    def curated_share(self) -> float | None:
        curated = sum(self.rows.get(t, {}).get("curated", 0) for t in SPAN_TABLES)
        total = curated + sum(self.rows.get(t, {}).get("machine", 0) for t in SPAN_TABLES)
        return curated / total if total else None

    @property
    def named_speaker_share(self) -> float | None:
        return self.named_quotes / self.quotes if self.quotes else None

    def figure(self, name: str) -> float | None:
        return getattr(self, name)


def measure(tables: dict[str, list[dict]]) -> Coverage:
    """{table: rows} -> Coverage over the whole package."""
    docs = tables.get("documents", [])
    reviewed = {d["document_id"]: d.get("review_status") == "reviewed" for d in docs}
    return total(document_counts(tables), reviewed)


def document_counts(tables: Mapping[str, Sequence[dict]]) -> dict[str, dict]:
    """{table: rows} -> {document_id: {"rows": {table: {machine, curated}}, "quotes", "named"}}."""
    out: dict[str, dict] = {d["document_id"]: _empty() for d in tables.get("documents", [])}
    for table in SPAN_TABLES:
        for r in tables.get(table, []):
            counts = out.setdefault(r["document_id"], _empty())["rows"][table]
            counts[r["method"]] = counts.get(r["method"], 0) + 1
    for q in tables.get("quotes", []):
        entry = out[q["document_id"]]
        entry["quotes"] += 1
        entry["named"] += 1 if q.get("speaker_actor_id") else 0
    return out


def _empty() -> dict:
    return {"rows": {t: {"machine": 0, "curated": 0} for t in SPAN_TABLES}, "quotes": 0, "named": 0}


def total(counts: dict[str, dict], reviewed: dict[str, bool]) -> Coverage:
    """Per-document counts and {document_id: reviewed?} -> Coverage of all of them."""
    cov = Coverage(rows={t: {"machine": 0, "curated": 0} for t in SPAN_TABLES})
    for entry in counts.values():
        for table, c in entry["rows"].items():
            for method, n in c.items():
                cov.rows[table][method] = cov.rows[table].get(method, 0) + n
        cov.quotes += entry["quotes"]
        cov.named_quotes += entry["named"]
    cov.documents = len(reviewed)
    cov.reviewed_documents = sum(reviewed.values())
    return cov


def percent(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def summary(cov: Coverage, held_back: int = 0) -> str:
    """Coverage -> the one-line figure a build prints."""
    per_table = ", ".join(f"{t} {c['curated']}/{c['curated'] + c['machine']}" for t, c in cov.rows.items())
    line = (f"coverage: {cov.reviewed_documents} of {cov.documents} articles reviewed; "
            f"{percent(cov.curated_share)} of span rows curated ({per_table}); "
            f"{percent(cov.named_speaker_share)} of quotes name their speaker ({cov.named_quotes}/{cov.quotes})")
    if held_back:
        line += f"; {held_back} machine row(s) held back for breaking a contract rule (listed in the review drafts)"
    return line


def markdown(cov: Coverage) -> list[str]:
    """Coverage -> Markdown lines (a table of machine and curated rows, and the two shares)."""
    lines = [f"{cov.reviewed_documents} of {cov.documents} articles reviewed.", "",
             "| table | curated rows | machine rows | curated share |", "|---|---:|---:|---:|"]
    for t, c in cov.rows.items():
        total = c["curated"] + c["machine"]
        lines.append(f"| {t} | {c['curated']} | {c['machine']} | {percent(c['curated'] / total if total else None)} |")
    lines += ["", f"- {FIGURES['curated_share']}: {percent(cov.curated_share)}",
              f"- {FIGURES['named_speaker_share']}: {percent(cov.named_speaker_share)} ({cov.named_quotes} of {cov.quotes})"]
    return lines


def read_tables(folder: Path, tables: tuple[str, ...] = ("documents", *SPAN_TABLES)) -> dict[str, list[dict]]:
    """A package folder -> {table: rows as string dicts} for the tables coverage needs."""
    return {table: read_records(folder, table) for table in tables}


def release_minimums(schema_dir: Path) -> dict[str, float]:
    """schemas/editorial.yaml -> {figure: minimum share} for the figures a release demands."""
    path = schema_dir / "editorial.yaml"
    rel = "schemas/editorial.yaml"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    minimums = data.get("release_minimums") or {}
    if not isinstance(minimums, dict):
        raise InputError(rel, "release_minimums", "must be a mapping of figure to share", f"write e.g. `curated_share: 0.5` under it; figures: {', '.join(FIGURES)}")
    out = {}
    for name, value in minimums.items():
        if name not in FIGURES:
            raise InputError(rel, f"release_minimums.{name}", "not a known figure", f"use one of: {', '.join(FIGURES)}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise InputError(rel, f"release_minimums.{name}", f"{value!r} is not a share between 0 and 1", "write e.g. 0.5, or null to only report it")
        out[name] = float(value)
    return out


def shortfalls(cov: Coverage, minimums: dict[str, float]) -> list[str]:
    """Figures below the release minimums -> one phrase each (empty when the release may go)."""
    out = []
    for name, minimum in sorted(minimums.items()):
        value = cov.figure(name)
        if value is None or value < minimum:
            out.append(f"{name} is {percent(value)}, below the minimum {percent(minimum)}")
    return out
