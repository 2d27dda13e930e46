"""`unhrc-news status`: the published package + seeds/ -> where review stands, per document.

For each document: publisher, date, review status, whether a draft waits in seeds/annotations/,
machine and curated rows per span table, and machine rows held back by the last build. Then the
package's coverage figures (coverage.py). Reads data/ as published; articles added to seeds/
but not yet built are listed as such.
"""
from __future__ import annotations

import json

from . import coverage
from .annotations import annotation_status
from .config import Settings
from .publish import HELD_BACK

SHORT = {"actor_mentions": "mentions", "event_evidence": "evidence", "quotes": "quotes", "statistics": "statistics"}


def status_rows(settings: Settings) -> tuple[list[dict], coverage.Coverage]:
    """Project -> (one row per document, coverage of the published package)."""
    if not (settings.data / "documents.csv").exists():
        raise FileNotFoundError(f"no published package in {settings.rel(settings.data)}/: run `unhrc-news build` first")
    tables = coverage.read_tables(settings.root)
    counts = {doc: c["rows"] for doc, c in coverage.document_counts(tables).items()}
    held: dict[str, int] = {}
    held_path = settings.build / HELD_BACK
    if held_path.exists():
        for h in json.loads(held_path.read_text(encoding="utf-8")):
            held[h["document_id"]] = held.get(h["document_id"], 0) + 1
    rows = []
    published = set()
    for d in tables["documents"]:
        doc = d["document_id"]
        published.add(doc)
        ann = settings.annotations / f"{doc}.yaml"
        row = {"document_id": doc, "publisher": d["publisher"], "published_date": d["published_date"],
               "review_status": d["review_status"],
               "draft_waiting": "yes" if ann.exists() and annotation_status(ann.read_text(encoding="utf-8")) == "draft" else "no"}
        for table, short in SHORT.items():
            c = counts[doc][table]
            row[f"{short}_machine"], row[f"{short}_curated"] = c["machine"], c["curated"]
        row["held_back"] = held.get(doc, 0)
        rows.append(row)
    for path in sorted(settings.articles.glob("*.txt")):
        if path.stem not in published:
            rows.append({"document_id": path.stem, "publisher": "", "published_date": "", "review_status": "not built yet",
                         "draft_waiting": "yes" if (settings.annotations / f"{path.stem}.yaml").exists() else "no",
                         **{f"{s}_{m}": "" for s in SHORT.values() for m in ("machine", "curated")}, "held_back": ""})
    return rows, coverage.measure(tables)


def render_table(rows: list[dict], cov: coverage.Coverage) -> str:
    """Rows -> a plain-text table (machine/curated per span table) and the coverage summary."""
    from tabulate import tabulate

    shown = [[r["document_id"], r["publisher"], r["published_date"], r["review_status"], r["draft_waiting"],
              *[f"{r[f'{s}_machine']}/{r[f'{s}_curated']}" if r[f"{s}_machine"] != "" else "" for s in SHORT.values()],
              r["held_back"]] for r in rows]
    headers = ["document", "publisher", "date", "review", "draft", *[f"{s} m/c" for s in SHORT.values()], "held back"]
    waiting = sum(1 for r in rows if r["draft_waiting"] == "yes")
    return (tabulate(shown, headers=headers, tablefmt="simple") + "\n\n"
            + coverage.summary(cov, sum(r["held_back"] or 0 for r in rows)) + f"\ndrafts waiting for review: {waiting}")
