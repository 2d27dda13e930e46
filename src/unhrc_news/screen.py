"""Stage 5, screen: normalised rows -> the same rows without the machine proposals that break
a contract rule (held back, listed for review, never published).

A machine proposal is a draft: one misread number must not block its article, nor the build.
Every machine row goes through the rules the pandera guard applies to the published package
(types, enums, patterns, keys, offsets, ranges, dates); a machine row that fails is removed and
recorded in state.held_back with the rule it breaks. Removing a row can orphan others (an
event's actors and evidence), so the check repeats until no machine row fails. Curated rows
are never screened: when one breaks a rule the validate stage refuses the build, loudly.
"""
from __future__ import annotations

from . import coverage, delta, order, schemas
from .ledger import FullBuildNeeded
from .schemas import TABLES
from .state import BuildState, Row
from .table_checks import check_frames, frame

MAX_ROUNDS = 5  # each round can only orphan rows one foreign key further away


def _summary(table: str, row: Row) -> Row:
    """A held-back row -> what a reviewer needs to find and judge it."""
    keep = {
        "statistics": ("value", "value_max", "unit", "qualifier"),
        "quotes": ("speaker_actor_id", "kind", "cue"),
        "actor_mentions": ("actor_id",),
        "events": ("event_type", "date_start", "date_end", "date_precision", "date_text"),
        "event_actors": ("event_id", "actor_id", "role"),
        "event_evidence": ("event_id",),
        "actors": ("actor_id", "name", "actor_type", "country_code"),
    }.get(table, ())
    return {k: row.get(k) for k in keep if row.get(k) not in (None, "")}


def screen(state: BuildState) -> list[Row]:
    """Remove failing machine rows from state.tables -> the held-back records."""
    s = state.settings
    articles = {doc_id: art.text for doc_id, art in state.articles.items()}
    held: list[Row] = []
    # A machine event row names no document: it is listed under the article it came from.
    event_owners = order.machine_event_owners(state.tables["event_evidence"], state.tables["events"])
    for _ in range(MAX_ROUNDS):
        frames = {t: frame(state.tables[t], schemas.columns(s.schemas, t)) for t in TABLES}
        # Only machine rows are checked (curated ones fail loudly in validate), against whole
        # tables for their foreign keys; the index keeps each row's place in state.tables.
        # Rows equal to published ones passed these rules when they were published (delta.py).
        machine = {t: df[(df["method"] == "machine") & delta.changed(df, (state.known or {}).get(t))]
                   for t, df in frames.items() if "method" in df.columns}
        machine = {t: df for t, df in machine.items() if len(df)}
        if not machine:
            break
        failing: dict[str, dict[int, list[str]]] = {}
        for f in check_frames(machine, articles, s.schemas, references=frames):
            if f.row is None:
                continue
            rules = failing.setdefault(f.table, {}).setdefault(f.row, [])
            label = f"{f.column}: {f.rule}" if f.column else f.rule
            if label not in rules:
                rules.append(label)
        if not failing:
            break
        for table, rows in failing.items():
            for index in sorted(rows, reverse=True):
                row = state.tables[table].pop(index)
                held.append({
                    "table": table,
                    "document_id": order.owner(table, row, event_owners),
                    "start": row.get("start"),
                    "end": row.get("end"),
                    "text": row.get("text", ""),
                    "rules": rows[index],
                    "values": _summary(table, row),
                })
    held.sort(key=_held_order)
    return held


def _held_order(h: Row) -> tuple[str, str, int, list[str]]:
    return h["document_id"], h["table"], h["start"] if h["start"] is not None else -1, h["rules"]


def run(state: BuildState) -> None:
    """Fill state.held_back and state.coverage; state.tables keeps only the rows that may be
    published."""
    carry = state.carry
    # An incremental build screens all of its rows (they are few); a full one skips rows equal
    # to published ones when build/validated.json vouches for them.
    state.known = delta.trusted(state.settings) if carry is None else None
    held = screen(state)
    if carry is not None:
        if any(h["table"] == "actors" or not h["document_id"] for h in held):
            raise FullBuildNeeded("a candidate actor is held back, which can orphan rows of other articles")
        previous = carry.ledger.documents
        held = sorted([h for d in carry.settled for h in previous[d].get("held", [])] + held, key=_held_order)
    state.held_back = held
    counts = coverage.document_counts(state.tables)
    reviewed = {d["document_id"]: d["review_status"] == "reviewed" for d in state.tables["documents"]}
    if carry is not None:
        for d in carry.settled:
            counts[d] = carry.ledger.documents[d]["coverage"]
            reviewed[d] = bool(carry.ledger.documents[d].get("reviewed"))
    state.doc_counts = counts
    state.coverage = coverage.total(counts, reviewed)
    if state.held_back:
        by_table: dict[str, int] = {}
        for h in state.held_back:
            by_table[h["table"]] = by_table.get(h["table"], 0) + 1
        state.say("screen: " + ", ".join(f"{n} {t}" for t, n in sorted(by_table.items()))
                  + " machine row(s) held back for breaking a contract rule (listed in the review drafts)")
    else:
        state.say("screen: every machine row keeps the contract")
