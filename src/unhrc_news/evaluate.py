"""Stage 10, evaluate: machine rows vs reviewed rows on every reviewed article.

State after curate -> precision, recall and F1 per table, speaker accuracy for quotes, value
and qualifier accuracy for statistics, and the misses; rendered as Markdown to
docs/extraction-quality.md. Spans must match exactly (mentions also by actor); an event
matches when its evidence sentence overlaps a reviewed evidence span, and is then scored by
attribute: type, date, actors and merge (one machine event per reviewed happening).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .coverage import Coverage
from .state import BuildState, Row
from .vocabulary import overlaps

DOC_PATH = "docs/extraction-quality.md"


@dataclass
class TableScore:
    machine: int = 0
    reviewed: int = 0
    tp_machine: int = 0  # machine rows that match a reviewed row
    tp_reviewed: int = 0  # reviewed rows matched by a machine row
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (right, of)

    @property
    def precision(self) -> float | None:
        return self.tp_machine / self.machine if self.machine else None

    @property
    def recall(self) -> float | None:
        return self.tp_reviewed / self.reviewed if self.reviewed else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None or r is None or p + r == 0 else 2 * p * r / (p + r)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:69] + "…"


def _exact(score: TableScore, doc: str, machine: list[Row], reviewed: list[Row], key: Callable[[Row], Any],
           checks: dict[str, Callable[[Row], Any]]) -> None:
    index = {key(r): r for r in reviewed}
    mkeys = {key(m) for m in machine}
    score.machine += len(machine)
    score.reviewed += len(reviewed)
    for m in machine:
        r = index.get(key(m))
        if r is None:
            score.false_positives.append(f"{doc} {_clip(m['text'])!r}")
            continue
        score.tp_machine += 1
        for name, fn in checks.items():
            right, of = score.accuracy.get(name, (0, 0))
            score.accuracy[name] = (right + (fn(m) == fn(r)), of + 1)
    for r in reviewed:
        if key(r) in mkeys:
            score.tp_reviewed += 1
        else:
            score.false_negatives.append(f"{doc} {_clip(r['text'])!r}")


def _overlap(score: TableScore, doc: str, machine: list[Row], reviewed: list[Row]) -> None:
    hit = lambda a, b: overlaps((a["start"], a["end"]), (b["start"], b["end"]))
    score.machine += len(machine)
    score.reviewed += len(reviewed)
    for m in machine:
        if any(hit(m, r) for r in reviewed):
            score.tp_machine += 1
        else:
            score.false_positives.append(f"{doc} {_clip(m['text'])!r}")
    for r in reviewed:
        if any(hit(m, r) for m in machine):
            score.tp_reviewed += 1
        else:
            score.false_negatives.append(f"{doc} {_clip(r['text'])!r}")


def score(state: BuildState) -> dict[str, TableScore]:
    """Reviewed articles -> {table: TableScore}."""
    scores = {t: TableScore() for t in ("actor_mentions", "quotes", "statistics", "events")}
    by_doc: dict[str, dict[str, list[Row]]] = {}
    for table, rows in state.spans.items():
        for r in rows:
            if r["method"] == "curated":
                by_doc.setdefault(r["document_id"], {}).setdefault(table, []).append(r)
    for doc in sorted(state.annotations):
        machine, reviewed = state.machine.get(doc, {}), by_doc.get(doc, {})
        _exact(scores["actor_mentions"], doc, machine.get("actor_mentions", []), reviewed.get("actor_mentions", []),
               lambda r: (r["start"], r["end"], r["actor_id"]), {})
        _exact(scores["quotes"], doc, machine.get("quotes", []), reviewed.get("quotes", []), lambda r: (r["start"], r["end"]),
               {"speaker": lambda r: r["speaker_actor_id"], "kind": lambda r: r["kind"], "cue": lambda r: r["cue"]})
        _exact(scores["statistics"], doc, machine.get("statistics", []), reviewed.get("statistics", []), lambda r: (r["start"], r["end"]),
               {"value": lambda r: (str(r["value"]), str(r["value_max"])), "qualifier": lambda r: r["qualifier"], "unit": lambda r: r["unit"]})
        # Several reviewed records may share one evidence span; score each span once.
        spans = {(r["start"], r["end"]): r for r in reviewed.get("event_evidence", [])}
        _overlap(scores["events"], doc, machine.get("events", []), list(spans.values()))
        _event_attributes(scores["events"], machine.get("events", []), reviewed.get("event_evidence", []), state.events)
    return scores


def _registry_date(event: Any) -> str:
    from .dates import span_of

    return event.date_start or (span_of(event.date)[0] if event.date else "")


def _event_attributes(score: TableScore, machine: list[Row], evidence: list[Row], registry: dict[str, Any]) -> None:
    """Machine events whose evidence overlaps a reviewed event's -> accuracy of type, date
    (first day, or both undated), actors (every reviewed actor proposed) and merge (the reviewed
    event's sentences in this article that the machine found all in one machine event)."""
    def spans_of(m: Row) -> list[tuple[int, int]]:
        return [(e[0], e[1]) for e in m.get("evidence") or [[m["start"], m["end"], m["text"]]]]

    owner: dict[str, set[int]] = {}  # reviewed event id -> the machine events holding its sentences
    for k, m in enumerate(machine):
        for r in evidence:
            if any(overlaps(span, (r["start"], r["end"])) for span in spans_of(m)):
                owner.setdefault(r["event_id"], set()).add(k)
    for event_id, holders in sorted(owner.items()):
        event = registry.get(event_id)
        if event is None:
            continue
        best = machine[min(holders)]
        checks = {
            "type": best["event_type"] == event.type,
            "date": best["date_start"] == _registry_date(event),
            "actors": {a for a, _ in event.actors} <= {a for a, _ in best["actors"]},
            "merge": len(holders) == 1,
        }
        for name, ok in checks.items():
            right, of = score.accuracy.get(name, (0, 0))
            score.accuracy[name] = (right + ok, of + 1)


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render(scores: dict[str, TableScore], documents: int, cov: Coverage | None = None) -> str:
    lines = [
        "# Extraction quality",
        "",
        "Machine extraction compared with the reviewed rows of every reviewed article",
        f"({documents} articles). Generated by `unhrc-news eval` and by every build; do not edit.",
        "Quotes, statistics and mentions match on exact offsets (mentions also on the actor);",
        "an event matches when its evidence sentence overlaps a reviewed evidence span; matched events",
        "are scored by attribute (type; date: same first day or both undated; actors: every reviewed",
        "actor proposed; merge: the reviewed event's sentences found all in one machine event).",
        "",
        "| table | machine rows | reviewed rows | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for table, s in scores.items():
        lines.append(f"| {table} | {s.machine} | {s.reviewed} | {_fmt(s.precision)} | {_fmt(s.recall)} | {_fmt(s.f1)} |")
    lines += ["", "Accuracy on matched rows:", "", "| table | attribute | right | of | accuracy |", "|---|---|---:|---:|---:|"]
    for table, s in scores.items():
        for name, (right, of) in s.accuracy.items():
            lines.append(f"| {table} | {name} | {right} | {of} | {_fmt(right / of if of else None)} |")
    if cov is not None:
        from .coverage import markdown

        lines += ["", "## Review coverage of the package", "",
                  "Editorial figures, reported by every build and by `unhrc-news status`; never a reason to refuse",
                  "a build (a release may demand a minimum: schemas/editorial.yaml).", "", *markdown(cov)]
    lines += ["", "## Misses", ""]
    for table, s in scores.items():
        if s.false_negatives or s.false_positives:
            lines.append(f"### {table}")
            lines += [f"- missed (reviewed, not proposed): {x}" for x in s.false_negatives]
            lines += [f"- not in the reviewed rows (proposed): {x}" for x in s.false_positives]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


DEVSET_NOTES = "docs/extraction-devset.md"  # hand-written: figures measured on articles the rules were not written for


def report(state: BuildState) -> str:
    """Build state -> the whole report: the generated scores, then the hand-written dev-set
    figures (docs/extraction-devset.md, included verbatim when present)."""
    markdown = render(score(state), len(state.annotations), state.coverage)
    notes = state.settings.root / DEVSET_NOTES
    if notes.exists():
        markdown += "\n" + notes.read_text(encoding="utf-8")
    return markdown


def write_report(state: BuildState, markdown: str) -> None:
    path = state.settings.root / DOC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == markdown:
        return
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(markdown, encoding="utf-8")
    os.replace(tmp, path)


def run(state: BuildState) -> None:
    """Write docs/extraction-quality.md from this build's machine and reviewed rows."""
    if not state.annotations:
        return
    write_report(state, report(state))
    state.say(f"evaluate: {DOC_PATH} written")
