"""Check one article's annotation at once, without a build: every problem, each at its entry.

Annotation text + the article + the registries -> a list of Problems. The build stops at the
first bad record; a reviewer saving in the browser needs all of them, next to the record each
concerns. So the file is checked as a whole for its structure and metadata, then record by
record (read, then located in the article: the build's own readers, `annotation_from_text` and
`curate_document`), and finally as a whole again for what only shows between records (the same
span twice, a rejected span still annotated). A draft is checked as if it were reviewed: that is
what saving it as reviewed will need.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .annotation_edits import SECTIONS, dump, load
from .annotations import Actor, Event, annotation_from_text, parse_yaml
from .curate import curate_document, furniture_of
from .errors import InputError
from .state import Article

RECORD_SECTIONS = (*SECTIONS, "boilerplate", "rejected")


@dataclass(frozen=True)
class Problem:
    section: str  # "" for the file as a whole, "document" for its metadata
    index: int | None  # the record's 0-based position in its section
    field: str  # the key concerned, when the message names one
    message: str  # "<problem>. Fix: <fix>"


def _field(error: InputError) -> str:
    named = re.findall(r"`(\w+)`", error.problem)
    if named:
        return named[0]
    if "event id" in error.problem:
        return "event"
    return "text" if re.search(r"\btext\b.*\b(not in|occurs|appears)|not found", error.problem) else ""


def _problem(error: InputError, section: str, index: int | None) -> Problem:
    return Problem(section, index, _field(error), f"{error.problem}. Fix: {error.fix}")


def _read(text: str, rel: str, article: Article, schema_dir: Path, actors: dict[str, Actor], events: dict[str, Event]) -> None:
    ann = annotation_from_text(text, rel, schema_dir, actors, events)
    curate_document(ann, article, furniture_of(ann, article))


def check_document(text: str, rel: str, article: Article, schema_dir: Path,
                   actors: dict[str, Actor], events: dict[str, Event]) -> list[Problem]:
    """Annotation text -> every problem found, record by record; [] when the file would build."""
    try:
        parse_yaml(text, rel)
        data = load(text)
    except InputError as exc:
        return [_problem(exc, "", None)]
    except Exception as exc:  # ruamel's own syntax errors, which the build's reader reports as InputError
        return [Problem("", None, "", str(exc).splitlines()[0])]
    data["status"] = "reviewed"
    head: dict[str, Any] = {k: data[k] for k in data if k not in RECORD_SECTIONS}
    problems: list[Problem] = []
    try:
        _read(dump(_subset(data, head, {})), rel, article, schema_dir, actors, events)
    except InputError as exc:
        return [_problem(exc, "document" if exc.entry.startswith("document") else "", None)]
    boilerplate = {"boilerplate": data["boilerplate"]} if data.get("boilerplate") else {}
    for section in RECORD_SECTIONS:
        for index, record in enumerate(data.get(section) or []):
            if section == "boilerplate":
                only = {section: [record]}
            else:
                only = {**boilerplate, section: [record]}
            try:
                _read(dump(_subset(data, head, only)), rel, article, schema_dir, actors, events)
            except InputError as exc:
                problems.append(_problem(exc, section, index))
    if problems:
        return problems
    try:
        _read(dump(data), rel, article, schema_dir, actors, events)
    except InputError as exc:
        where, at = _locate(exc.entry)
        problems.append(_problem(exc, where, at))
    return problems


def _subset(data: Any, head: dict[str, Any], records: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    out = CommentedMap(head)
    for section, items in records.items():
        seq = CommentedSeq(items)
        out[section] = seq
    return out


def _locate(entry: str) -> tuple[str, int | None]:
    """An InputError's entry ('quotes[3] ...') -> (section, 0-based index) when it names one."""
    m = re.match(r"(\w+)\[(\d+)\]", entry)
    return (m.group(1), int(m.group(2)) - 1) if m else ("", None)
