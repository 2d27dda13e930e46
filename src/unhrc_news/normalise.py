"""Stage 4, normalise: span rows, unreviewed articles' machine candidates and registries -> the
final rows of all eight tables, held compactly (rows.py).

Dates become ISO start/end days with their precision, numbers become exact decimals
checked against the words of the article, and every row gets its content-derived id.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from . import dates, ids, order, schemas
from .errors import InputError
from .event_match import registry_event
from .measures import measure_for, read_measures, sentence_around
from .numbers import format_number, parse_quantity
from .rows import Rows
from .schemas import TABLES
from .state import BuildState, Row


def _decimal(rel: str, name: str, key: str, value: str) -> Decimal | None:
    if value == "":
        return None
    try:
        return Decimal(value.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise InputError(rel, name, f"`{key}: {value}` is not a number", "write digits only, e.g. 21700000000") from None


def statistic_row(make: schemas.RowMaker, rel: str, row: dict[str, Any]) -> dict[str, Any]:
    """A curated statistic -> its table row, after checking its numbers against its words."""
    name = row["record"]
    value = _decimal(rel, name, "value", row["value"])
    value_max = _decimal(rel, name, "value_max", row["value_max"])
    parsed = parse_quantity(row["text"])
    if parsed is None and value is None:
        raise InputError(rel, name, f"the number in {row['text']!r} cannot be read", "give `value:` (and `value_max:` for a range)")
    if parsed is not None:
        if value is None:
            value, value_max = parsed.value, parsed.value_max if value_max is None else value_max
        mismatch = [
            f"{k} {format_number(mine)} (the text says {format_number(theirs)})"
            for k, mine, theirs in (("value", value, parsed.value), ("value_max", value_max, parsed.value_max))
            if (mine is None) != (theirs is None) or (mine is not None and mine != theirs)
        ]
        if parsed.qualifier != row["qualifier"]:
            mismatch.append(f"qualifier {row['qualifier']} (the text says {parsed.qualifier})")
        if parsed.unit and parsed.unit != row["unit"]:
            mismatch.append(f"unit {row['unit']} (the text says {parsed.unit})")
        if mismatch:
            raise InputError(rel, name, "the annotation disagrees with the article: " + "; ".join(mismatch), "correct the annotation to what the article says")
    if value_max is not None and row["qualifier"] != "range":
        raise InputError(rel, name, "`value_max` is given but the qualifier is not `range`", "drop value_max or use qualifier: range")
    if row["qualifier"] == "range" and (value is None or value_max is None or value_max < value):
        raise InputError(rel, name, "a range needs value_max not below value", "give both bounds")
    return span_row(make, "statistics", {**row, "value": format_number(value), "value_max": format_number(value_max)})


MAKE_ID = {
    "actor_mentions": ("mention_id", lambda r: ids.mention_id(r["document_id"], r["start"], r["end"], r["actor_id"])),
    "quotes": ("quote_id", lambda r: ids.quote_id(r["document_id"], r["start"], r["end"])),
    "statistics": ("statistic_id", lambda r: ids.statistic_id(r["document_id"], r["start"], r["end"])),
}


def span_row(make: schemas.RowMaker, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A span row as curate leaves it (with working keys such as `record`) -> its table row:
    the content-derived id plus exactly the table's columns."""
    key, make_id = MAKE_ID.get(table, ("", None))
    values = {c: row[c] for c in make.columns(table) if c != key}
    if make_id is not None:
        values[key] = make_id(row)
    return make(table, values)


def event_row(make: schemas.RowMaker, e: dict[str, Any], method: str) -> dict[str, Any]:
    return make("events", {k: e[k] for k in make.columns("events") if k != "method"} | {"method": method})


def machine_rows(state: BuildState, make: schemas.RowMaker, doc_id: str, published: str,
                 linked: Callable[..., dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """One unreviewed article's machine candidates (read from the extraction cache) -> its rows
    of every span table, events and event_actors (method=machine); the candidate actors its
    mentions use go to state.doc_candidates. A happening the event registry already holds gets
    this article's evidence, not a new event."""
    found = state.machine.get(doc_id, {})
    used = {m["actor_id"] for m in found.get("actor_mentions", [])}
    state.doc_candidates[doc_id] = {a: info for a, info in found.get("candidate_actors", {}).items() if a in used}
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in ("actor_mentions", "quotes", "statistics", "event_evidence", "events", "event_actors")}
    for m in found.get("actor_mentions", []):
        out["actor_mentions"].append(span_row(make, "actor_mentions", {**m, "document_id": doc_id, "method": "machine"}))
    evidence = []
    for e in found.get("events", []):
        known = registry_event(e, state.events, published)
        for start, end, text in e.get("evidence") or [[e["start"], e["end"], e["text"]]]:
            evidence.append({"event_id": known or e["event_id"], "start": start, "end": end, "text": text,
                             "document_id": doc_id, "method": "machine"})
        if known is None:
            out["events"].append(event_row(make, e, "machine"))
            out["event_actors"] += [make("event_actors", {"event_id": e["event_id"], "actor_id": a, "role": r, "method": "machine"})
                                    for a, r in e["actors"]]
    out["event_evidence"] = [span_row(make, "event_evidence", r) for r in evidence]
    reported = reporting_events(evidence)
    for q in found.get("quotes", []):
        out["quotes"].append(span_row(make, "quotes", {**q, "document_id": doc_id, "method": "machine", "event_id": reported({**q, "document_id": doc_id})}))
    for st in found.get("statistics", []):
        out["statistics"].append(span_row(make, "statistics", linked({**st, "document_id": doc_id, "method": "machine"}, reported)))
    return out


def event_rows(state: BuildState, rel: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Event registry -> (events rows, event_actors rows), for events some article reports."""
    reported = {r["event_id"] for r in state.spans["event_evidence"] if r["method"] == "curated"}
    make = schemas.RowMaker(state.settings.schemas)
    events, event_actors = [], []
    for event in state.events.values():
        name = f"events ({event.id!r})"
        if event.id not in reported:
            raise InputError(rel, name, "no article gives evidence for this event", "add an `events:` record with its sentence to the annotation of an article that reports it, or remove the event")
        try:
            if event.date_start:
                start, end, precision = event.date_start, event.date_end, "day"
                dates.span_of(start), dates.span_of(end)
            else:
                start, end, precision = dates.span_of(event.date)
        except ValueError as exc:
            raise InputError(rel, name, f"the date does not exist ({exc})", "correct the date") from None
        if end < start:
            raise InputError(rel, name, f"date_end {end} is before date_start {start}", "swap or correct the dates")
        if precision == "day" and start == end:
            conflict = dates.weekday_conflict(event.date_text, start)
            if conflict:
                raise InputError(rel, name, f"date_text and date disagree: {conflict}", "resolve the weekday against the article's publication date again")
        events.append(event_row(make, {
            "event_id": event.id, "event_type": event.type, "plover_type": event.plover,
            "date_start": start, "date_end": end, "date_precision": precision, "date_text": event.date_text,
            "status": event.status, "summary": event.summary,
        }, "curated"))
        for actor_id, role in event.actors:
            event_actors.append(make("event_actors", {"event_id": event.id, "actor_id": actor_id, "role": role, "method": "curated"}))
    return events, event_actors


def reporting_events(evidence: list[dict[str, Any]]) -> Callable[[dict[str, Any]], str]:
    """Evidence rows -> a function giving a span row (a quote, a statistic) the event whose
    evidence sentence in the same article holds it: the shortest such sentence, then the first
    event id; '' when none does. Derived, so reviewed and machine rows link alike."""
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for r in evidence:
        by_doc.setdefault(r["document_id"], []).append((r["start"], r["end"], r["event_id"]))
    for spans in by_doc.values():
        spans.sort(key=lambda s: (s[1] - s[0], s[2]))

    def event_of(row: dict[str, Any]) -> str:
        return next((e for a, b, e in by_doc.get(row["document_id"], ()) if a <= row["start"] and row["end"] <= b), "")
    return event_of


def candidate_actors(state: BuildState) -> dict[str, Row]:
    """Candidate actors of every unreviewed article -> one entry per id, the first article (in
    document order) naming it giving its name and type. Articles an incremental build does not
    rebuild give what the ledger recorded for them."""
    out: dict[str, Row] = {}
    carry = state.carry
    for doc_id in carry.order if carry is not None else sorted(state.articles):
        found = state.doc_candidates.get(doc_id) if carry is None or doc_id in carry.dirty else \
            carry.ledger.documents[doc_id].get("candidates")
        for actor_id, info in (found or {}).items():
            out.setdefault(actor_id, info)
    return out


def run(state: BuildState) -> None:
    """Fill state.tables with the rows of every published table, sorted for stable output."""
    s = state.settings
    make = schemas.RowMaker(s.schemas)
    rels = {doc: ann.rel for doc, ann in state.annotations.items()}
    # reviewed articles' rows from their span rows; unreviewed articles' straight from the
    # extraction cache, one article at a time
    mentions = [span_row(make, "actor_mentions", r) for r in state.spans["actor_mentions"]]
    reported = reporting_events(state.spans["event_evidence"])
    quotes = [span_row(make, "quotes", {**r, "event_id": reported(r)}) for r in state.spans["quotes"]]
    vocabulary = read_measures(s.schemas)

    def linked(r: dict[str, Any], event_of: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
        # a reviewed record may name its measure; otherwise the vocabulary's words decide
        measure_id = r.get("measure_id") or measure_for(
            vocabulary, r["unit"], r["measure"], sentence_around(state.articles[r["document_id"]].text, r["start"], r["end"]))
        return {**r, "event_id": event_of(r), "measure_id": measure_id}
    statistics = [statistic_row(make, rels[r["document_id"]], linked(r, reported)) for r in state.spans["statistics"]]
    evidence = [span_row(make, "event_evidence", r) for r in state.spans["event_evidence"]]
    events, event_actors = event_rows(state, s.rel(s.seeds / "events.yaml"))
    # rows go into compact tables (rows.py) as they are made: a large package is never held as
    # one dict per row
    built = {t: Rows(make.columns(t), folder=s.build) for t in TABLES}
    for table, rows in (("documents", state.documents), ("actor_mentions", mentions), ("events", events),
                        ("event_actors", event_actors), ("event_evidence", evidence), ("quotes", quotes), ("statistics", statistics)):
        built[table].extend(rows)
    published = {d["document_id"]: d["published_date"] for d in state.documents}
    for doc_id in state.unreviewed:
        for table, rows in machine_rows(state, make, doc_id, published.get(doc_id, ""), linked).items():
            built[table].extend(rows)
    state.candidate_actors = candidate_actors(state)
    actors = [
        make("actors", {
            "actor_id": a.id, "name": a.name, "actor_type": a.type, "country_code": a.country,
            "parent_actor_id": a.parent, "wikidata_id": a.wikidata, "aliases": " | ".join(a.aliases), "notes": a.notes,
            "method": "curated",
        })
        for a in state.actors.values()
    ]
    actors += [
        make("actors", {
            "actor_id": actor_id, "name": c["name"], "actor_type": c["actor_type"], "country_code": c["country_code"],
            "parent_actor_id": "", "wikidata_id": "", "aliases": "", "notes": "proposed by machine extraction; not yet reviewed",
            "method": "machine",
        })
        for actor_id, c in sorted(state.candidate_actors.items()) if actor_id not in state.actors
    ]
    built["actors"].extend(actors)
    for table in TABLES:
        built[table].sort(key=order.sort_key(table))
    state.tables = built
    state.say("normalise: " + ", ".join(f"{len(v)} {k}" for k, v in state.tables.items()))
