"""Review in the browser: a local web app over seeds/ (Starlette + Jinja2, served by uvicorn).

Settings -> an ASGI app. Pages: the documents with their review state (/), one document with
its article and every record of its annotation (/doc/<id>). JSON: save a document's edits
(/api/doc/<id>/save), search the actor registry (/api/actors?q=), add a registry actor or event
(/api/actors, /api/events). Saving applies the edits (annotation_edits), writes the annotation
file, and checks the document at once (document_check): problems come back with the record and
field each concerns.

Safety: the server binds 127.0.0.1 only (cli); every request that changes a file carries the
session's token (a random value in the page, sent back in a header); files are reached only
through document ids matched against seeds/articles, never through a path from the request; a
save names the version of the file it edited (its SHA-256 as loaded) and is refused when the file
changed since, so two tabs never overwrite each other silently.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from ruamel.yaml.comments import CommentedSeq
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import annotation_edits as edits
from .annotations import annotation_status, parse_yaml, read_actors, read_events
from .config import Settings
from .document_check import check_document
from .errors import InputError
from .registry_edits import add_actor, add_event
from .review import WORD_BOUNDED
from .spans import LocateError, Locator, locate
from .state import Article

DOC_ID = re.compile(r"^[0-9]{3}_[0-9a-f]{16}$")
KINDS = {"mentions": "actor", "quotes": "quote", "statistics": "stat", "events": "event"}


@dataclass
class Session:
    settings: Settings
    token: str


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _paths(s: Settings, doc_id: str) -> tuple[Path, Path] | None:
    """A document id from a request -> (article, annotation) paths, or None: only ids of the
    form the project gives and that name an article in seeds/articles are ever turned into paths."""
    if not DOC_ID.match(doc_id):
        return None
    article = s.seeds / "articles" / f"{doc_id}.txt"
    if not article.is_file():
        return None
    return article, s.seeds / "annotations" / f"{doc_id}.yaml"


def _registries(s: Settings):
    actors = read_actors(s.seeds / "actors.yaml", s.rel(s.seeds / "actors.yaml"), s.schemas)
    events = read_events(s.seeds / "events.yaml", s.rel(s.seeds / "events.yaml"), s.schemas, actors)
    return actors, events


def _span_of(text: str, section: str, record: dict[str, Any]) -> tuple[int, int] | None:
    """Where a record's words are in the article, or None when they cannot be placed (yet)."""
    words = record.get("text")
    if not isinstance(words, str) or not words:
        return None
    occurrence = record.get("occurrence")
    loc = Locator(words, occurrence if isinstance(occurrence, int) else None, record.get("context"),
                  record.get("occurrences") == "all", WORD_BOUNDED[section])
    try:
        found = locate(text, loc)
    except LocateError:
        return None
    return found[0] if found else None


def records(text: str, data: Any) -> list[dict[str, Any]]:
    """An annotation's records -> rows for the page: section, index, fields, span, machine mark."""
    out = []
    for section in edits.SECTIONS:
        seq = data.get(section)
        if not isinstance(seq, CommentedSeq):
            continue
        for index, record in enumerate(seq):
            span = _span_of(text, section, dict(record))
            out.append({"section": section, "index": index, "kind": KINDS[section], "fields": {k: record[k] for k in record},
                        "start": span[0] if span else None, "end": span[1] if span else None,
                        "machine": edits.is_machine(seq, index)})
    return out


def highlighted(text: str, rows: list[dict[str, Any]]) -> str:
    """Article text + located records -> HTML paragraphs with each record's words marked.
    Marks never overlap: where spans nest or cross, the shorter one is drawn inside a split."""
    cuts = sorted({0, len(text)} | {r["start"] for r in rows if r["start"] is not None} | {r["end"] for r in rows if r["end"] is not None})
    parts = []
    for a, b in itertools.pairwise(cuts):
        covering = [r for r in rows if r["start"] is not None and r["start"] <= a and b <= r["end"]]
        piece = html.escape(text[a:b])
        for r in sorted(covering, key=lambda r: r["end"] - r["start"]):
            piece = (f'<mark class="{r["kind"]}{" machine" if r["machine"] else ""}" data-ref="{r["section"]}-{r["index"]}">'
                     f"{piece}</mark>")
        parts.append(piece)
    body = "".join(parts)
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", body)]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def proposals(yaml_text: str, actors: dict[str, Any], events: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A draft's comment blocks -> (candidate actors, proposed events) not yet in the registries.
    `unhrc-news add` writes them as commented YAML after the mentions and at the end of the file."""
    candidates, proposed = [], []
    for line in yaml_text.splitlines():
        if line.startswith("#  - {id:"):
            try:
                entry = parse_yaml(line[1:].strip()[2:], "draft")
            except InputError:
                continue
            if isinstance(entry, dict) and entry.get("id") not in actors:
                candidates.append(entry)
    block = yaml_text.split("# Proposed entries for seeds/events.yaml", 1)
    if len(block) == 2:
        body = "\n".join(line[1:] for line in block[1].splitlines()[1:] if line.startswith("#"))
        try:
            listed = parse_yaml(body, "draft") or []
        except InputError:
            listed = []
        proposed = [e for e in listed if isinstance(e, dict) and e.get("id") not in events]
    return candidates, proposed


def likely_duplicates(name: str, actors: dict[str, Any], limit: int = 3) -> list[str]:
    """A candidate's name -> registry actors with a similar name or alias ('Amnesty' and
    'Amnesty International'), best first: offered before a new registry entry is made."""
    import difflib

    wanted = name.lower()
    scored = []
    for a in actors.values():
        names = [a.name, *a.aliases]
        best = max(difflib.SequenceMatcher(None, wanted, n.lower()).ratio() for n in names)
        if best >= 0.75 or any(wanted in n.lower() or n.lower() in wanted for n in names if len(n) > 3):
            scored.append((-best, a.id))
    return [aid for _, aid in sorted(scored)[:limit]]


def _documents(s: Settings) -> list[dict[str, Any]]:
    out = []
    for article in sorted((s.seeds / "articles").glob("*.txt")):
        doc_id = article.stem
        ann = s.seeds / "annotations" / f"{doc_id}.yaml"
        row: dict[str, Any] = {"id": doc_id, "status": "unannotated", "publisher": "", "date": "", "waiting": 0}
        if ann.exists():
            text = ann.read_text(encoding="utf-8")
            row["status"] = annotation_status(text)
            try:
                data = edits.load(text)
            except Exception:  # a file broken by hand: listed, opened to show the problem
                row["status"] += " (unreadable)"
                out.append(row)
                continue
            meta = data.get("document") or {}
            row.update(publisher=str(meta.get("publisher") or ""), date=str(meta.get("published_date") or ""),
                       waiting=len(edits.pending(data)))
        out.append(row)
    return out


def templates() -> Environment:
    """The package's Jinja2 templates (src/unhrc_news/templates), HTML autoescaped."""
    return Environment(loader=PackageLoader("unhrc_news", "templates"), autoescape=select_autoescape(["html"]))


def create_app(settings: Settings, token: str | None = None) -> Starlette:
    """Settings -> the review app. `token` defaults to a fresh random value per app."""
    session = Session(settings, token or secrets.token_urlsafe(24))
    env = templates()

    def page(name: str, **values: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(token=session.token, **values))

    def allowed(request: Request) -> bool:
        return secrets.compare_digest(request.headers.get("x-review-token", ""), session.token)

    async def index(request: Request) -> Response:
        return page("index.html", documents=_documents(settings))

    async def document(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        paths = _paths(settings, doc_id)
        if paths is None:
            return HTMLResponse("No such document.", status_code=404)
        article, annotation = paths
        text = article.read_text(encoding="utf-8")
        if not annotation.exists():
            return HTMLResponse("This article has no annotation yet: run `unhrc-news add` or `unhrc-news build` first.", status_code=404)
        yaml_text = annotation.read_text(encoding="utf-8")
        data = edits.load(yaml_text)
        rows = records(text, data)
        actors, events = _registries(settings)
        meta = data.get("document") or {}
        candidates, proposed = proposals(yaml_text, actors, events)
        for c in candidates:
            c["similar"] = likely_duplicates(str(c.get("name", "")), actors)
        for r in rows:  # what the registry says about a record's actor or event, shown beside it
            fields = r["fields"]
            for key in ("actor", "speaker", "source"):
                if fields.get(key) and fields[key] not in actors:
                    r.setdefault("notes", []).append(f"{key} {fields[key]} is a candidate, not in the registry yet")
            event = events.get(fields.get("event")) if r["section"] == "events" else None
            if event is not None:
                date = event.date or (f"{event.date_start} to {event.date_end}" if event.date_start else "undated")
                roles = ", ".join(f"{a} {role}" for a, role in event.actors)
                r.setdefault("notes", []).append(f"{event.type}{' / ' + event.plover if event.plover else ''}, {date}, {event.status}: {roles}")
        return page("document.html", doc_id=doc_id, meta=meta, status=annotation_status(yaml_text), rows=rows,
                    article=highlighted(text, rows), version=_sha(yaml_text), waiting=len(edits.pending(data)),
                    event_ids=sorted(events), actor_count=len(actors), candidates=candidates, proposed=proposed)

    async def save(request: Request) -> Response:
        if not allowed(request):
            return JSONResponse({"error": "missing or wrong session token: reload the page"}, status_code=403)
        doc_id = request.path_params["doc_id"]
        paths = _paths(settings, doc_id)
        if paths is None:
            return JSONResponse({"error": "no such document"}, status_code=404)
        article_path, annotation = paths
        body = await request.json()
        current = annotation.read_text(encoding="utf-8")
        if body.get("version") != _sha(current):
            return JSONResponse({"error": "the annotation changed since this page was opened (another tab or an editor saved it); "
                                          "reload to see that version, then make your edits again"}, status_code=409)
        try:
            wanted = [edits.Edit(e["action"], e["section"], e.get("index"), e.get("fields") or {}, e.get("reason") or "")
                      for e in body.get("edits") or []]
            new_text = edits.apply(current, wanted)
        except (KeyError, TypeError) as exc:
            return JSONResponse({"error": f"malformed edit: {exc}"}, status_code=400)
        except edits.EditError as exc:
            return JSONResponse({"problems": [{"section": exc.section, "index": exc.index, "field": exc.field, "message": str(exc)}]}, status_code=422)
        text = article_path.read_text(encoding="utf-8")
        article = Article(doc_id, article_path, settings.rel(article_path), text, "")
        actors, events = _registries(settings)
        problems = check_document(new_text, settings.rel(annotation), article, settings.schemas, actors, events)
        if body.get("mark_reviewed"):
            if problems:
                return JSONResponse({"problems": [p.__dict__ for p in problems], "error": "fix these before marking it reviewed"}, status_code=422)
            try:
                new_text = edits.apply(new_text, [], mark_reviewed=True)
            except edits.EditError as exc:
                return JSONResponse({"problems": [], "error": str(exc)}, status_code=422)
        _write(annotation, new_text)
        data = edits.load(new_text)
        return JSONResponse({"version": _sha(new_text), "status": annotation_status(new_text), "waiting": len(edits.pending(data)),
                             "problems": [p.__dict__ for p in problems]})

    async def actor_search(request: Request) -> Response:
        q = request.query_params.get("q", "").lower().strip()
        actors, _ = _registries(settings)
        hits = [{"id": a.id, "name": a.name, "type": a.type} for a in actors.values()
                if q and (q in a.id or q in a.name.lower() or any(q in x.lower() for x in a.aliases))]
        return JSONResponse(hits[:20])

    def registry_route(add):
        async def route(request: Request) -> Response:
            if not allowed(request):
                return JSONResponse({"error": "missing or wrong session token: reload the page"}, status_code=403)
            try:
                result = add(settings, await request.json())
            except InputError as exc:
                return JSONResponse({"error": str(exc)}, status_code=422)
            return JSONResponse(result)
        return route

    static = Path(__file__).parent / "static"
    return Starlette(routes=[
        Route("/", index),
        Route("/doc/{doc_id}", document),
        Route("/api/doc/{doc_id}/save", save, methods=["POST"]),
        Route("/api/actors", actor_search, methods=["GET"]),
        Route("/api/actors", registry_route(add_actor), methods=["POST"]),
        Route("/api/events", registry_route(add_event), methods=["POST"]),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ])


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
