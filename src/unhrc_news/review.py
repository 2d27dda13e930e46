"""Review material for an article the machine has read: a YAML draft pre-filled with every
proposal, and a self-contained HTML page showing the article with each proposed span marked by
kind, for people without the review app (`unhrc-news review`)."""
from __future__ import annotations

import json
from pathlib import Path

from .spans import find_all

WORD_BOUNDED = {"mentions": True, "statistics": True, "quotes": False, "events": False}
HEADER = """\
# Review draft for seeds/articles/{doc}.txt, written by `unhrc-news add` from the machine's proposals.
# Every record below is a machine proposal (marked `# machine`). For each: keep it, correct it, or
# delete it and list it under `rejected:` with a reason; add what the machine missed. Events must
# exist in seeds/events.yaml: paste the proposed entries at the end of this file there (one entry
# per real-world event; reuse an existing id when another article reports the same event).
# Fill in `document:` (publisher, date, their basis, notes). When every record is checked, set
# `status: reviewed`: from then on this file decides the article's rows.
# The highlighted article is in build/review/{doc}.html.
"""


def _y(value) -> str:
    """A value -> a YAML flow scalar (JSON strings are valid YAML)."""
    if value is None or value == "":
        return '""'
    return json.dumps(value, ensure_ascii=False)


def locator(text: str, start: int, end: int, section: str) -> str:
    """A span -> `text: ..., occurrence: N` that finds exactly it (occurrence only when needed)."""
    piece = text[start:end]
    hits = find_all(text, piece, word_boundary=WORD_BOUNDED[section])
    out = f"text: {_y(piece)}"
    if len(hits) > 1 and (start, end) in hits:
        out += f", occurrence: {hits.index((start, end)) + 1}"
    return out


DOCUMENT_KEYS = ("publisher", "publisher_basis", "published_date", "published_date_basis", "url", "title", "page_sha256", "text_quality", "notes")


def document_block(meta: dict) -> str:
    """Document metadata -> the `document:` mapping of an annotation file (empty keys left out,
    except the four every document states)."""
    lines = ["document:"]
    for key in DOCUMENT_KEYS:
        value = meta.get(key, "")
        if value or key in ("publisher", "publisher_basis", "published_date", "published_date_basis"):
            lines.append(f"  {key}: {_y(value)}")
    return "\n".join(lines)


def _held_lines(held: list[dict]) -> list[str]:
    """Machine rows held back by the screen stage -> comment lines for the draft."""
    if not held:
        return []
    out = ["# Held back: machine proposals that break a contract rule, so not published. Before",
           "# `status: reviewed`, add a corrected record above for each, or list it under `rejected:`."]
    for h in held:
        values = ", ".join(f"{k}: {v}" for k, v in h["values"].items())
        where = f" at {h['start']}-{h['end']}" if h.get("start") is not None else ""
        out.append(f"#  - {h['table']} {_y(h['text'])}{where} ({values}) breaks {'; '.join(h['rules'])}")
    return out


def draft_yaml(document_id: str, text: str, machine: dict, meta: dict, held: list[dict] | None = None) -> str:
    """Machine candidates of one article (and those held back) -> the text of its review draft."""
    lines = [HEADER.format(doc=document_id), "status: draft", document_block(meta)]
    withheld = {(h["table"], h["start"], h["end"]) for h in held or []}
    table_of = {"events": "event_evidence"}
    machine = {k: [r for r in v if (table_of.get(k, k), r.get("start"), r.get("end")) not in withheld] if isinstance(v, list) else v
               for k, v in machine.items()}
    lines.append("mentions:")
    for m in machine.get("actor_mentions", []):
        lines.append(f"  - {{actor: {m['actor_id']}, {locator(text, m['start'], m['end'], 'mentions')}}}  # machine")
    candidates = machine.get("candidate_actors", {})
    if candidates:
        lines.append("# Candidate actors (not in seeds/actors.yaml yet; add them there, or correct the mentions):")
        for actor_id, c in sorted(candidates.items()):
            country = f", country: {c['country_code']}" if c["country_code"] else ""
            lines.append(f"#  - {{id: {actor_id}, name: {_y(c['name'])}, type: {c['actor_type']}{country}}}")
    lines.append("quotes:")
    for q in machine.get("quotes", []):
        speaker = f"speaker: {q['speaker_actor_id']}, " if q["speaker_actor_id"] else ""
        lines.append(f"  - {{{locator(text, q['start'], q['end'], 'quotes')}, {speaker}speaker_text: {_y(q['speaker_text'])}, cue: {_y(q['cue'])}, kind: {q['kind']}}}  # machine")
    lines.append("statistics:")
    for s in machine.get("statistics", []):
        extra = f", value_max: {s['value_max']}" if s["value_max"] else ""
        source = f", source: {s['source_actor_id']}" if s["source_actor_id"] else ""
        lines.append(
            f"  - {{{locator(text, s['start'], s['end'], 'statistics')}, value: {s['value']}{extra}, unit: {_y(s['unit'])}, "
            f"measure: {_y(s['measure'] or 'TODO: what is counted')}, qualifier: {s['qualifier']}{source}, source_text: {_y(s['source_text'])}}}  # machine"
        )
    lines.append("events:")
    registry = []
    for e in machine.get("events", []):
        slug = f"{document_id[:3]}-{e['event_type'].replace('_', '-')}-{e['start']}"
        for start, end, _words in e.get("evidence") or [[e["start"], e["end"], e["text"]]]:  # each sentence telling it
            lines.append(f"  - {{event: {slug}, {locator(text, start, end, 'events')}}}  # machine")
        date = f"\n#    date_start: {e['date_start']}\n#    date_end: {e['date_end']}\n#    date_text: {_y(e['date_text'])}" if e["date_start"] else ""
        if e["date_start"] and not e["date_text"]:
            # the registry dates an event only from the article's words: a date the machine took
            # from the publication day is offered as a note, not as the event's date
            date = f"\n#    # the machine dated it {e['date_start']} (the publication day); give date and date_text from the article to keep a date"
        plover = f"\n#    plover: {e['plover_type']}" if e["plover_type"] else ""
        actors = ", ".join(f"{a}: {r}" for a, r in e["actors"])
        registry.append(f"#  - id: {slug}\n#    type: {e['event_type']}{plover}{date}\n#    status: {e['status']}\n#    summary: {_y(e['summary'])}\n#    actors: {{{actors}}}")
    lines.append("rejected: []")
    lines += _held_lines(held or [])
    if registry:
        lines.append("\n# Proposed entries for seeds/events.yaml (dates from `date_text`; precision follows from the dates):")
        lines.extend(registry)
    return "\n".join(lines) + "\n"


def review_html(document_id: str, text: str, machine: dict, meta: dict) -> str:
    """Article + machine candidates -> a self-contained HTML page for people without the app:
    a header (id, publisher, date, status), a legend, the text as written with its paragraphs,
    every proposal marked by kind without overlapping labels, and a table of the proposals
    (events with their actors and date, candidate actors marked as such)."""
    from .review_app import highlighted, templates

    candidates = machine.get("candidate_actors", {})

    def who(actor_id: str) -> str:
        return f"{actor_id} (candidate)" if actor_id in candidates else actor_id

    rows: list[dict] = []
    for m in machine.get("actor_mentions", []):
        rows.append({"kind": "actor", "start": m["start"], "end": m["end"], "detail": who(m["actor_id"])})
    for q in machine.get("quotes", []):
        rows.append({"kind": "quote", "start": q["start"], "end": q["end"],
                     "detail": f"speaker {who(q['speaker_actor_id']) if q['speaker_actor_id'] else 'none'}; cue {q['cue'] or '-'}; {q['kind']}"})
    for st in machine.get("statistics", []):
        top = f"-{st['value_max']}" if st.get("value_max") else ""
        rows.append({"kind": "stat", "start": st["start"], "end": st["end"], "detail": f"{st['value']}{top} {st['unit']} ({st['qualifier']}): {st['measure']}"})
    for e in machine.get("events", []):
        actors = ", ".join(f"{who(a)} {r}" for a, r in e["actors"])
        date = e["date_start"] + (f" to {e['date_end']}" if e["date_end"] and e["date_end"] != e["date_start"] else "") if e["date_start"] else "undated"
        for start, end, _words in e.get("evidence") or [[e["start"], e["end"], e["text"]]]:
            rows.append({"kind": "event", "start": start, "end": end, "detail": f"{e['event_type']}, {date}, {e['status']}: {actors}. {e['summary']}"})
    marks = [{**r, "section": r["kind"], "index": k, "machine": True} for k, r in enumerate(rows)]
    env = templates()
    css = (Path(__file__).parent / "static" / "review.css").read_text(encoding="utf-8")
    return env.get_template("static_page.html").render(
        doc_id=document_id, meta=meta, article=highlighted(text, marks), rows=sorted(marks, key=lambda r: (r["start"], r["end"])),
        text=text, css=css, candidates=candidates)


def write_review(settings, document_id: str, text: str, machine: dict, meta: dict, held: list[dict] | None = None) -> tuple[Path, Path]:
    """Write seeds/annotations/<id>.yaml (draft) and build/review/<id>.html; return both paths."""
    draft = settings.annotations / f"{document_id}.yaml"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text(draft_yaml(document_id, text, machine, meta, held), encoding="utf-8")
    page = settings.build / "review" / f"{document_id}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(review_html(document_id, text, machine, meta), encoding="utf-8")
    return draft, page
