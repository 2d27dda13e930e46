"""Stage 3, curate: reviewed annotations -> span rows with exact offsets (method=curated).

Reviewed records locate their spans by verbatim text; this stage turns each locator into
offsets, refuses ambiguity, overlaps and duplicates, and checks that what a record says
about its surroundings (speaker text, cue) is really in the article.
"""
from __future__ import annotations

from .annotations import Annotation
from .errors import InputError
from .spans import LocateError, Locator, Span, find_all, locate
from .state import Article, BuildState


def _place(ann: Annotation, name: str, article: Article, loc: Locator) -> list[Span]:
    try:
        return locate(article.text, loc)
    except LocateError as exc:
        raise InputError(ann.rel, name, exc.problem, exc.fix) from None


def _overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def _mentions(ann: Annotation, article: Article, furniture: list[Span]) -> list[dict]:
    """Mentions: longer names claim their span first, so 'US' inside 'US State Department'
    is not also a mention of the US. `occurrences: all` takes every occurrence that is not
    inside a longer mention or site furniture; a single-occurrence record that collides with
    another mention is an error."""
    rows: list[dict] = []
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


def curate_document(ann: Annotation, article: Article) -> tuple[dict[str, list[dict]], list[dict]]:
    """One reviewed article -> ({table: span rows}, rejected rows)."""
    furniture = [_single(ann, name, article, loc) for name, loc, _ in ann.boilerplate]
    out: dict[str, list[dict]] = {"actor_mentions": _mentions(ann, article, furniture), "quotes": [], "statistics": [], "event_evidence": []}
    seen: dict[tuple, str] = {}

    def claim(table: str, key: tuple, name: str) -> None:
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


def run(state: BuildState) -> None:
    """Fill state.spans ({table: rows with document_id, start, end, text, method}) and state.rejected."""
    spans: dict[str, list[dict]] = {t: [] for t in ("actor_mentions", "quotes", "statistics", "event_evidence")}
    for doc_id, ann in state.annotations.items():
        article = state.articles[doc_id]
        rows, rejected = curate_document(ann, article)
        for table, table_rows in rows.items():
            for r in table_rows:
                r.update(document_id=doc_id, text=article.text[r["start"]:r["end"]], method="curated")
            spans[table].extend(table_rows)
        state.rejected.extend({**r, "document_id": doc_id} for r in rejected)
    state.spans = spans
    counts = ", ".join(f"{len(v)} {k}" for k, v in spans.items())
    state.say(f"curate: {counts}; {len(state.rejected)} rejections with reasons")
