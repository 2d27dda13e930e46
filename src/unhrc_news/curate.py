"""Stage 3, curate: machine proposals + reviewed annotations -> span rows with exact offsets.

Machine extraction proposes, review decides. For a reviewed article the rows are the reviewed
records (method=curated) and every machine row must be accounted for: confirmed (a record with
the same span and values), corrected (a record on the same or an overlapping span that says
otherwise), rejected (under `rejected:` with a reason) or inside declared boilerplate. A machine
row nothing accounts for stops the build, listed. An article not yet reviewed publishes its
machine rows (method=machine), which normalise builds straight from the extraction cache.

Reviewed records locate their spans by verbatim text; this stage turns each locator into
offsets, refuses ambiguity, overlaps and duplicates, and checks that what a record says about
its surroundings (speaker text, cue) is really in the article.
"""
from __future__ import annotations

from collections.abc import Iterator

from .annotations import Annotation
from .errors import InputError
from .schemas import SPAN_TABLES
from .spans import LocateError, Locator, Span, find_all, locate
from .state import Article, BuildState, Row
from .vocabulary import overlaps_any as _overlaps


def _place(ann: Annotation, name: str, article: Article, loc: Locator) -> list[Span]:
    try:
        return locate(article.text, loc)
    except LocateError as exc:
        raise InputError(ann.rel, name, exc.problem, exc.fix) from None


def _mentions(ann: Annotation, article: Article, furniture: list[Span]) -> list[Row]:
    """Mentions: longer names claim their span first, so 'US' inside 'US State Department'
    is not also a mention of the US. `occurrences: all` takes every occurrence that is not
    inside a longer mention or site furniture; a single-occurrence record that collides with
    another mention is an error."""
    rows: list[Row] = []
    taken: list[Span] = []
    order = sorted(range(len(ann.mentions)), key=lambda i: (-len(ann.mentions[i][1].text), i))
    for i in order:
        name, loc, actor = ann.mentions[i]
        spans = _place(ann, name, article, loc)
        if loc.every:
            spans = [sp for sp in spans if not _overlaps(sp, taken) and not _overlaps(sp, furniture)]
            if not spans:
                raise InputError(ann.rel, name, "every occurrence is already inside a longer mention or furniture", "remove this record; it adds nothing")
        else:
            for sp in spans:
                if _overlaps(sp, taken):
                    raise InputError(ann.rel, name, f"the span {sp[0]}-{sp[1]} overlaps another mention", "remove one of the two, or point this one at another occurrence")
        for start, end in spans:
            taken.append((start, end))
            rows.append({"actor_id": actor, "start": start, "end": end, "record": name})
    return rows


def _check_in_article(ann: Annotation, name: str, article: Article, key: str, text: str) -> None:
    if text and not find_all(article.text, text, word_boundary=True):
        raise InputError(ann.rel, name, f"{key} {text!r} does not occur in the article", f"copy `{key}` from the article as written")


def _single(ann: Annotation, name: str, article: Article, loc: Locator) -> Span:
    spans = _place(ann, name, article, loc)
    if len(spans) != 1:
        raise InputError(ann.rel, name, "`occurrences: all` is only for mentions", "name one occurrence with `occurrence:` or `context:`")
    return spans[0]


def furniture_of(ann: Annotation, article: Article) -> list[Span]:
    """The spans an annotation declares as boilerplate (site furniture)."""
    return [_single(ann, name, article, loc) for name, loc, _ in ann.boilerplate]


def curate_document(ann: Annotation, article: Article, furniture: list[Span]) -> tuple[dict[str, list[Row]], list[Row]]:
    """One reviewed article and its boilerplate spans -> ({table: span rows}, rejected rows)."""
    out: dict[str, list[Row]] = {"actor_mentions": _mentions(ann, article, furniture), "quotes": [], "statistics": [], "event_evidence": []}
    seen: dict[tuple[object, ...], str] = {}

    def claim(table: str, key: tuple[object, ...], name: str) -> None:
        if (table, *key) in seen:
            raise InputError(ann.rel, name, f"duplicate of {seen[(table, *key)]}: the same {table} span is annotated twice", "delete one of the two records")
        seen[(table, *key)] = name

    for name, loc, rec in ann.quotes:
        start, end = _single(ann, name, article, loc)
        claim("quotes", (start, end), name)
        _check_in_article(ann, name, article, "speaker_text", rec["speaker_text"])
        _check_in_article(ann, name, article, "cue", rec["cue"])
        out["quotes"].append({**rec, "start": start, "end": end, "record": name})
    for name, loc, rec in ann.statistics:
        start, end = _single(ann, name, article, loc)
        claim("statistics", (start, end), name)
        _check_in_article(ann, name, article, "source_text", rec["source_text"])
        out["statistics"].append({**rec, "start": start, "end": end, "record": name})
    for name, loc, event_id in ann.evidence:
        start, end = _single(ann, name, article, loc)
        claim("event_evidence", (event_id, start), name)
        out["event_evidence"].append({"event_id": event_id, "start": start, "end": end, "record": name})
    rejected = []
    for name, loc, rec in ann.rejected:
        start, end = _single(ann, name, article, loc)
        claim(f"rejected {rec['table']}", (start, end), name)
        live = {(r["start"], r["end"]) for r in out[rec["table"]]}
        if (start, end) in live:
            raise InputError(ann.rel, name, f"the span is both rejected and annotated as a row of {rec['table']}", "keep the record or the rejection, not both")
        rejected.append({**rec, "start": start, "end": end, "text": article.text[start:end], "record": name})
    return out, rejected


MACHINE_TABLE = {"actor_mentions": "actor_mentions", "quotes": "quotes", "statistics": "statistics", "events": "event_evidence"}
SAME = {  # the values a reviewed record must share with a machine row to confirm it
    "actor_mentions": ("actor_id",),
    "quotes": ("speaker_actor_id", "kind"),
    "statistics": ("value", "value_max", "qualifier"),
    "event_evidence": (),
}


def _spans_of(rows: list[Row]) -> Iterator[Row]:
    """Machine rows -> one row per evidence span: an event told in several sentences has several."""
    for m in rows:
        for start, end, text in m.get("evidence") or [[m["start"], m["end"], m["text"]]]:
            yield m if (start, end) == (m["start"], m["end"]) else {**m, "start": start, "end": end, "text": text}


def account(doc_id: str, machine: Row, rows: dict[str, list[Row]], rejected: list[Row], furniture: list[Span]) -> tuple[list[Row], list[str]]:
    """Machine rows of a reviewed article -> (how each was accounted for, those nothing accounts for)."""
    ledger, missing = [], []
    for mtable, table in MACHINE_TABLE.items():
        for m in _spans_of(machine.get(mtable, [])):
            span = (m["start"], m["end"])
            same = [r for r in rows[table] if (r["start"], r["end"]) == span]
            near = [r for r in rows[table] if _overlaps(span, [(r["start"], r["end"])])]
            if same:
                agree = any(all(str(r.get(k, "")) == str(m.get(k, "")) for k in SAME[table]) for r in same)
                status = "confirmed" if agree else "corrected"
            elif near:
                status = "corrected"
            elif any(r["table"] == table and _overlaps(span, [(r["start"], r["end"])]) for r in rejected):
                status = "rejected"
            elif _overlaps(span, furniture):
                status = "boilerplate"
            else:
                label = f" ({m['actor_id']})" if table == "actor_mentions" else ""
                text = m["text"] if len(m["text"]) <= 60 else m["text"][:59] + "…"
                missing.append(f"{mtable} {text!r}{label} at {m['start']}-{m['end']}")
                continue
            ledger.append({"document_id": doc_id, "table": table, "start": m["start"], "end": m["end"], "status": status})
    return ledger, missing


def run(state: BuildState) -> None:
    """Fill state.spans (reviewed articles: {table: rows with document_id, start, end, text,
    method}), state.rejected, state.accounting; the unreviewed articles."""
    spans: dict[str, list[Row]] = {t: [] for t in SPAN_TABLES}
    unaccounted: list[tuple[str, list[str]]] = []
    proposed = dict.fromkeys(MACHINE_TABLE, 0)
    for doc_id, article in state.articles.items():
        ann = state.annotations.get(doc_id)
        if ann is None:
            # its rows (method=machine) are built by normalise straight from the extraction
            # cache, one article at a time, never held here as span rows
            state.unreviewed.append(doc_id)
            continue
        found = state.machine.get(doc_id, {})
        for table in proposed:
            proposed[table] += len(found.get(table, []))
        furniture = furniture_of(ann, article)
        rows, rejected = curate_document(ann, article, furniture)
        for table, table_rows in rows.items():
            for r in table_rows:
                r.update(document_id=doc_id, text=article.text[r["start"]:r["end"]], method="curated")
            spans[table].extend(table_rows)
        state.rejected.extend({**r, "document_id": doc_id} for r in rejected)
        ledger, missing = account(doc_id, found, rows, rejected, furniture)
        if missing:
            unaccounted.append((ann.rel, missing))
        state.accounting.extend(ledger)
    if unaccounted:
        # every reviewed article's open proposals at once: a rule change can add several
        rel, missing = unaccounted[0]
        more = "".join(f"; and in {r}: " + "; ".join(m) for r, m in unaccounted[1:])
        raise InputError(
            rel, "machine proposals",
            f"{len(missing)} not accounted for: " + "; ".join(missing) + more,
            "for each, add the reviewed record it should be, or list it under `rejected:` with the table, its text and a reason",
        )
    state.spans = spans
    counts = ", ".join(f"{len(v)} {k}" for k, v in spans.items())
    tally: dict[str, int] = {}
    for row in state.accounting:
        tally[row["status"]] = tally.get(row["status"], 0) + 1
    state.say(f"curate: {len(state.unreviewed)} unreviewed articles publish their machine rows; in reviewed articles, machine proposals "
              + ", ".join(f"{v} {k}" for k, v in proposed.items()) + f"; reviewed rows {counts}; {len(state.rejected)} rejections with reasons; "
              + "machine rows: " + (", ".join(f"{v} {k}" for k, v in sorted(tally.items())) or "none"))
