"""Table diffs between two versions of the package, by primary key, with daff.

Two package folders (or git revisions) -> per table the rows added, removed and changed with
their cell-level changes, the schema changes, and the version bump they require under the
Frictionless Data Package Version recipe: major for removed or retyped fields and stricter
constraints, minor for new rows, fields or resources, patch for data fixes and metadata.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import daff

BUMPS = ("patch", "minor", "major")


@dataclass
class TableDiff:
    table: str
    key: list[str]
    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    changed: list[tuple[tuple, list[tuple[str, str, str]]]] = field(default_factory=list)  # key, [(column, old, new)]


@dataclass
class PackageDiff:
    tables: dict[str, TableDiff]
    schema_changes: list[tuple[str, str]]  # (bump, description)
    metadata_changes: list[str]

    def required_bump(self) -> str | None:
        levels = [b for b, _ in self.schema_changes]
        if any(t.added for t in self.tables.values()):
            levels.append("minor")
        if any(t.removed or t.changed for t in self.tables.values()) or self.metadata_changes:
            levels.append("patch")
        return max(levels, key=BUMPS.index) if levels else None


def package_folder(ref: str, repo: Path, workdir: Path) -> Path:
    """A folder holding a package, or a git revision (tag, commit) whose package is extracted."""
    path = Path(ref)
    if (path / "datapackage.json").exists():
        return path.resolve()
    out = workdir / ref.replace("/", "_")
    out.mkdir(parents=True, exist_ok=True)
    try:
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref, "datapackage.json", "data", "schemas/tables"],
                                 check=True, capture_output=True).stdout
    except subprocess.CalledProcessError as exc:
        raise ValueError(f"{ref!r} is neither a folder with a datapackage.json nor a git revision of {repo} "
                         f"holding one ({exc.stderr.decode(errors='replace').strip()})") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(out, filter="data")
    return out


def _rows(folder: Path, resource: dict) -> list[list[str]]:
    path = folder / resource["path"]
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def diff_table(name: str, key: list[str], old: list[list[str]], new: list[list[str]]) -> TableDiff:
    """Two tables (header first) -> rows added, removed and changed by primary key (daff)."""
    result = TableDiff(name, key)
    if not old and not new:
        return result
    header = new[0] if new else old[0]
    old = old or [header]
    new = new or [header]
    flags = daff.CompareFlags()
    for k in key:
        flags.addPrimaryKey(k)
    flags.show_unchanged = False
    alignment = daff.Coopy.compareTables(daff.PythonTableView(old), daff.PythonTableView(new), flags).align()
    out: list[list] = []
    daff.TableDiff(alignment, flags).hilite(daff.PythonTableView(out))
    if not out:
        return result
    cols = [str(c) for c in out[0][1:]]
    idx = [cols.index(k) for k in key if k in cols]
    for row in out[1:]:
        action, cells = row[0], ["" if c is None else str(c) for c in row[1:]]
        ident = tuple(cells[i].split("->")[-1] for i in idx)
        if action == "+++":
            result.added.append(ident)
        elif action == "---":
            result.removed.append(ident)
        elif action == "->":
            changes = []
            for c, cell in zip(cols, cells, strict=True):
                if "->" in cell:
                    before, after = cell.split("->", 1)
                    changes.append((c, before, after))
            result.changed.append((ident, changes))
    return result


def _schema_changes(old: dict, new: dict) -> list[tuple[str, str]]:
    changes = []
    old_res = {r["name"]: r for r in old.get("resources", [])}
    new_res = {r["name"]: r for r in new.get("resources", [])}
    for name in sorted(old_res.keys() - new_res.keys()):
        changes.append(("major", f"resource {name} removed"))
    for name in sorted(new_res.keys() - old_res.keys()):
        changes.append(("minor", f"resource {name} added"))
    for name in sorted(old_res.keys() & new_res.keys()):
        of = {f["name"]: f for f in old_res[name]["schema"]["fields"]}
        nf = {f["name"]: f for f in new_res[name]["schema"]["fields"]}
        for col in sorted(of.keys() - nf.keys()):
            changes.append(("major", f"{name}.{col} removed or renamed"))
        for col in sorted(nf.keys() - of.keys()):
            changes.append(("minor", f"{name}.{col} added"))
        for col in sorted(of.keys() & nf.keys()):
            a, b = of[col], nf[col]
            if a["type"] != b["type"]:
                changes.append(("major", f"{name}.{col} type {a['type']} -> {b['type']}"))
            ca, cb = a.get("constraints", {}), b.get("constraints", {})
            for k in sorted(ca.keys() | cb.keys()):
                if ca.get(k) == cb.get(k):
                    continue
                looser = (k not in cb and k != "enum") or (k == "enum" and k in ca and k in cb and set(ca[k]) < set(cb[k])) \
                    or (k == "minimum" and k in ca and k in cb and cb[k] < ca[k]) or (k == "required" and not cb.get(k))
                changes.append(("minor" if looser else "major", f"{name}.{col} constraint {k}: {ca.get(k)!r} -> {cb.get(k)!r}"))
        if old_res[name]["schema"].get("primaryKey") != new_res[name]["schema"].get("primaryKey"):
            changes.append(("major", f"{name} primary key changed"))
    return changes


def diff_packages(old: Path, new: Path) -> PackageDiff:
    """Two package folders -> PackageDiff."""
    od = json.loads((old / "datapackage.json").read_text(encoding="utf-8"))
    nd = json.loads((new / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    old_res = {r["name"]: r for r in od.get("resources", [])}
    for r in nd.get("resources", []):
        pk = r["schema"].get("primaryKey", [])
        pk = [pk] if isinstance(pk, str) else pk
        tables[r["name"]] = diff_table(r["name"], pk, _rows(old, old_res[r["name"]]) if r["name"] in old_res else [], _rows(new, r))
    meta = [k for k in sorted(od.keys() | nd.keys()) if k not in ("resources", "version", "created") and od.get(k) != nd.get(k)]
    return PackageDiff(tables, _schema_changes(od, nd), [f"{k} changed" for k in meta])


def _fmt_key(key: tuple) -> str:
    return ", ".join(key)


def render_text(d: PackageDiff, limit: int = 20) -> str:
    lines = []
    for change in d.schema_changes:
        lines.append(f"schema ({change[0]}): {change[1]}")
    for m in d.metadata_changes:
        lines.append(f"metadata: {m}")
    for t in d.tables.values():
        lines.append(f"{t.table}: {len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed")
        for k in t.added[:limit]:
            lines.append(f"  + {_fmt_key(k)}")
        for k in t.removed[:limit]:
            lines.append(f"  - {_fmt_key(k)}")
        for k, cells in t.changed[:limit]:
            lines.append(f"  ~ {_fmt_key(k)}: " + "; ".join(f"{c}: {a!r} -> {b!r}" for c, a, b in cells))
        shown = min(limit, len(t.added)) + min(limit, len(t.removed)) + min(limit, len(t.changed))
        if shown < len(t.added) + len(t.removed) + len(t.changed):
            lines.append(f"  ... {len(t.added) + len(t.removed) + len(t.changed) - shown} more")
    lines.append(f"required version bump: {d.required_bump() or 'none (no changes)'}")
    return "\n".join(lines)


def render_markdown(d: PackageDiff, ids: int = 0) -> str:
    """A package diff -> Markdown: rows added, removed and changed per table; with `ids` > 0,
    also the keys of up to that many rows of each kind and the columns each change touched."""
    lines = ["| table | added | removed | changed |", "|---|---:|---:|---:|"]
    lines += [f"| {t.table} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |" for t in d.tables.values()]
    if ids:
        def keys(rows: list) -> str:
            shown = ", ".join("/".join(str(v) for v in k) for k in rows[:ids])
            return shown + (f" and {len(rows) - ids} more" if len(rows) > ids else "")
        detail = []
        for t in d.tables.values():
            if t.added:
                detail.append(f"- {t.table}: added {keys(t.added)}")
            if t.removed:
                detail.append(f"- {t.table}: removed {keys(t.removed)}")
            if t.changed:
                changes = [f"{'/'.join(str(v) for v in k)} ({', '.join(sorted({c for c, _, _ in cols}))})" for k, cols in t.changed[:ids]]
                more = f" and {len(t.changed) - ids} more" if len(t.changed) > ids else ""
                detail.append(f"- {t.table}: changed {', '.join(changes)}{more}")
        if detail:
            lines += ["", *detail]
    if d.schema_changes:
        lines += ["", "Schema changes:", ""] + [f"- {desc} ({bump})" for bump, desc in d.schema_changes]
    if d.metadata_changes:
        lines += ["", "Metadata: " + "; ".join(d.metadata_changes)]
    return "\n".join(lines)


def diff_refs(old: str, new: str, repo: Path) -> PackageDiff:
    with tempfile.TemporaryDirectory() as tmp:
        return diff_packages(package_folder(old, repo, Path(tmp)), package_folder(new, repo, Path(tmp)))
