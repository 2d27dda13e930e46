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

import pandas as pd

from . import coverage, delta, order, schemas
from .ledger import FullBuildNeeded
from .schemas import TABLES
from .state import BuildState, Row
from .table_checks import Failure, Rule, check_frames, contract_rules, frame, repeated_values, schema_rules, unique_columns

MAX_ROUNDS = 5  # each round can only orphan rows one foreign key further away
# Machine rows checked at a time: the chunk, not the package, sets the memory. The chunk's
# frames are many small strings, and what the allocator cannot hand back after them stays with
# the process for the rest of the build: 5,000 rows left 45 MiB less behind than 20,000 at
# 5,000 articles, for 1.5 s more (docs/scaling.md).
SCREEN_ROWS = 5_000


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


def _references(state: BuildState) -> dict[str, pd.DataFrame]:
    """The columns foreign keys point at, whole: all the rules need of the other tables."""
    s = state.settings
    wanted: dict[str, set[str]] = {}
    for table in TABLES:
        for fk in schemas.table_schema(s.schemas, table).get("foreignKeys", []):
            wanted.setdefault(fk["reference"].get("resource") or table, set()).update(fk["reference"]["fields"])
    return {t: frame(state.tables[t], sorted(cols)) for t, cols in wanted.items()}


def _machine_failures(state: BuildState, table: str, rules: list[Rule], articles: dict[str, str]) -> dict[int, list[str]]:
    """A table's machine rows not vouched for by the published package, checked SCREEN_ROWS at a
    time -> {row index in state.tables[table]: the rules it breaks}."""
    s = state.settings
    columns = schemas.columns(s.schemas, table)
    rows = state.tables[table]
    known = (state.known or {}).get(table)
    positions = [i for i, r in enumerate(rows) if r.get("method") == "machine"]
    unique = unique_columns(s.schemas, table)
    seen: list[pd.DataFrame] = []  # the unique columns of the rows checked: repeats are judged over all of them
    failures: list[Failure] = []
    for at in range(0, len(positions), SCREEN_ROWS):
        chunk = positions[at:at + SCREEN_ROWS]
        df = frame([rows[i] for i in chunk], columns).set_axis(chunk)
        # Rows equal to published ones passed these rules when they were published (delta.py).
        df = df[delta.changed(df, known)]
        if not len(df):
            continue
        failures += check_frames({table: df}, articles, s.schemas, unique=False, rules=rules)
        seen.append(df[unique])
    if seen:
        checked = pd.concat(seen)
        failures += [f for name in unique for f in repeated_values(table, checked[name])]
    failing: dict[int, list[str]] = {}
    for f in failures:
        if f.row is None:
            continue
        found = failing.setdefault(f.row, [])
        label = f"{f.column}: {f.rule}" if f.column else f.rule
        if label not in found:
            found.append(label)
    return failing


def screen(state: BuildState) -> list[Row]:
    """Remove failing machine rows from state.tables -> the held-back records.

    Only machine rows are checked (curated ones fail loudly in validate), a chunk at a time,
    against the whole tables' key columns for their foreign keys: a large package is never
    copied whole into DataFrames."""
    s = state.settings
    articles = {doc_id: art.text for doc_id, art in state.articles.items()}
    held: list[Row] = []
    # A machine event row names no document: it is listed under the article it came from.
    event_owners = order.machine_event_owners(state.tables["event_evidence"], state.tables["events"])
    for _ in range(MAX_ROUNDS):
        rules = schema_rules(s.schemas, _references(state)) + contract_rules(articles)
        failing = {t: f for t in TABLES if (f := _machine_failures(state, t, rules, articles))}
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
