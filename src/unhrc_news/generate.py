"""Artefacts generated from the Table Schemas: pandera schemas (YAML), Great Expectations
suites (JSON) and the data dictionary (Markdown). `unhrc-news generate` writes them; a test
fails when a committed copy has drifted from what the schemas generate."""
from __future__ import annotations

import json
from pathlib import Path

from . import schemas
from .measures import read_measures
from .schemas import TABLES


def data_dictionary(schema_dir: Path) -> str:
    """Table Schemas -> docs/data-dictionary.md."""
    lines = ["# Data dictionary", "",
             "Generated from `schemas/tables/*.schema.json`, `schemas/measures.yaml` and `schemas/sql/*.sql` "
             "by `unhrc-news generate`; do not edit.", ""]
    for table in TABLES:
        spec = schemas.table_schema(schema_dir, table)
        lines += [f"## {table}", "", spec.get("description", ""), "",
                  f"Primary key: {', '.join(f'`{c}`' for c in schemas.primary_key(schema_dir, table))}.  "]
        fks = spec.get("foreignKeys", [])
        if fks:
            refs = [f"`{fk['fields'][0]}` -> `{fk['reference'].get('resource') or table}.{fk['reference']['fields'][0]}`" for fk in fks]
            lines.append(f"Foreign keys: {', '.join(refs)}.")
        lines += ["", "| column | type | required | constraints | description | example |", "|---|---|---|---|---|---|"]
        for f in spec["fields"]:
            c = dict(f.get("constraints", {}))
            required = "yes" if c.pop("required", False) else ""
            parts = []
            if c.pop("unique", False):
                parts.append("unique")
            if "enum" in c:
                parts.append("one of " + ", ".join(f"`{v}`" for v in c.pop("enum")))
            for k, v in sorted(c.items()):
                parts.append(f"{k} `{v}`")
            example = f"`{f['example']}`" if "example" in f else ""
            desc = f.get("description", "").replace("|", "\\|")
            lines.append(f"| `{f['name']}` | {f['type']} | {required} | {'; '.join(parts).replace('|', '&#124;')} | {desc} | {example} |")
        lines.append("")
    lines += measures_section(schema_dir)
    lines += views_section(schema_dir)
    return "\n".join(lines).rstrip() + "\n"


def measure_enum(schema_dir: Path) -> str:
    """schemas/measures.yaml -> statistics.schema.json with the vocabulary's ids as the enum of
    measure_id (the rest of the file as written)."""
    path = schema_dir / "tables" / "statistics.schema.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    for f in spec["fields"]:
        if f["name"] == "measure_id":
            f.setdefault("constraints", {})["enum"] = [m.id for m in read_measures(schema_dir)]
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def measures_section(schema_dir: Path) -> list[str]:
    """The vocabulary of statistics.measure_id as a data-dictionary section."""
    lines = ["## Measures (`statistics.measure_id`)", "",
             "The controlled vocabulary in `schemas/measures.yaml`, in the order its entries are tried.", "",
             "| measure_id | label | units | description |", "|---|---|---|---|"]
    for m in read_measures(schema_dir):
        lines.append(f"| `{m.id}` | {m.label} | {', '.join(m.units)} | {m.description} |")
    return [*lines, ""]


def views_section(schema_dir: Path) -> list[str]:
    """The SQL views (schemas/sql/*.sql) as a data-dictionary section: each view's header
    comment, its columns with their DuckDB types (from the view created over empty tables
    typed by the Table Schemas), and a query to start from."""
    import duckdb

    from .database import create_table_sql, view_files

    con = duckdb.connect(":memory:")
    for table in TABLES:
        con.execute(create_table_sql(schema_dir, table))
    lines = ["## Views", "",
             "SQL views over the tables, in `build/unhrc_news.duckdb` and in `unhrc_news.connect()`; "
             "defined in `schemas/sql/`.", ""]
    for path in view_files(schema_dir):
        sql = path.read_text(encoding="utf-8")
        con.execute(sql)
        view = path.stem
        about = " ".join(line.removeprefix("--").strip() for line in sql.splitlines() if line.startswith("--"))
        about = about.removeprefix(f"{view}:").strip()
        about = about[:1].upper() + about[1:]
        cols = con.execute(f'DESCRIBE "{view}"').fetchall()
        lines += [f"### {view}", "", about, "",
                  "| column | type |", "|---|---|", *[f"| `{c[0]}` | {c[1]} |" for c in cols], "",
                  "```sql", f"SELECT * FROM {view} LIMIT 5;", "```", ""]
    con.close()
    return lines


def artefacts(root: Path) -> dict[Path, str]:
    """Project root -> {path: content} of every generated file."""
    from .expectations import suite_json
    from .table_checks import generated_schema

    schema_dir = root / "schemas"
    out: dict[Path, str] = {schema_dir / "tables" / "statistics.schema.json": measure_enum(schema_dir)}
    for table in TABLES:
        out[schema_dir / "pandera" / f"{table}.yaml"] = generated_schema(schema_dir, table).to_yaml() or ""
        out[schema_dir / "expectations" / f"{table}.json"] = suite_json(schema_dir, table)
    out[root / "docs" / "data-dictionary.md"] = data_dictionary(schema_dir)
    return out


def write_all(root: Path) -> list[Path]:
    """Write every generated artefact; return those whose content changed. The measure enum
    goes into the statistics schema first: everything else is generated from the schemas."""
    changed = []
    schema = root / "schemas" / "tables" / "statistics.schema.json"
    content = measure_enum(root / "schemas")
    if schema.read_text(encoding="utf-8") != content:
        schema.write_text(content, encoding="utf-8")
        changed.append(schema)
    for path, content in artefacts(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            if path not in changed:
                changed.append(path)
    return changed
