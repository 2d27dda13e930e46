"""Review material for an article the machine has read: a YAML draft pre-filled with every
proposal, and an HTML page showing the article with each proposed span highlighted by kind
(spaCy's displaCy span renderer)."""
from __future__ import annotations

import json
from functools import lru_cache
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


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en")  # tokens only: the trained pipeline is not needed for a page


def review_html(text: str, machine: dict) -> str:
    """Article + machine candidates -> an HTML page with every proposed span highlighted."""
    from spacy import displacy

    doc = _tokenizer().make_doc(text)
    spans, colours = [], {}
    palette = {"ACTOR": "#a6cee3", "QUOTE": "#b2df8a", "STAT": "#fdbf6f", "EVENT": "#cab2d6"}
    items = [("ACTOR", m, m["actor_id"]) for m in machine.get("actor_mentions", [])]
    items += [("QUOTE", q, q["speaker_actor_id"] or "no speaker") for q in machine.get("quotes", [])]
    items += [("STAT", s, f"{s['value']} {s['unit']} {s['qualifier']}") for s in machine.get("statistics", [])]
    items += [("EVENT", {**e, "start": ev[0], "end": ev[1]}, f"{e['event_type']} {e['date_start'] or ''}".strip())
              for e in machine.get("events", []) for ev in e.get("evidence") or [[e["start"], e["end"], e["text"]]]]
    for kind, row, detail in items:
        label = f"{kind}: {detail}"
        span = doc.char_span(row["start"], row["end"], label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
            colours[label] = palette[kind]
    doc.spans["proposals"] = spans
    return displacy.render(doc, style="span", page=True, options={"spans_key": "proposals", "colors": colours})


def write_review(settings, document_id: str, text: str, machine: dict, meta: dict, held: list[dict] | None = None) -> tuple[Path, Path]:
    """Write seeds/annotations/<id>.yaml (draft) and build/review/<id>.html; return both paths."""
    draft = settings.annotations / f"{document_id}.yaml"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text(draft_yaml(document_id, text, machine, meta, held), encoding="utf-8")
    page = settings.build / "review" / f"{document_id}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(review_html(text, machine), encoding="utf-8")
    return draft, page
