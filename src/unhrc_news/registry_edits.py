"""Add an actor or an event to the registries (seeds/actors.yaml, seeds/events.yaml) from review.

Fields -> one new entry appended at the end of the file's list, written the way the file already
writes its entries (actors on one flow line, events as a block), so the diff is the new lines
only. The file is then read back by the build's own reader; if that refuses it, the original is
put back and the error (file, entry, fix) is raised: the registry never holds a bad entry.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .annotations import SLUG, read_actors, read_events
from .config import Settings
from .errors import InputError

ACTOR_KEYS = ("id", "name", "type", "country", "parent", "wikidata", "aliases", "notes")
EVENT_KEYS = ("id", "type", "plover", "date", "date_start", "date_end", "date_text", "status", "summary", "actors")


def _y(value: Any) -> str:
    """A value -> YAML flow text (JSON strings are YAML; plain words stay plain)."""
    if (isinstance(value, str) and SLUG.match(value)) or (isinstance(value, str) and value.replace(" ", "").isalnum()):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(_y(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _append(path: Path, lines: str, check) -> None:
    original = path.read_text(encoding="utf-8")
    updated = original.rstrip("\n") + "\n" + lines
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(updated, encoding="utf-8")
    os.replace(tmp, path)
    try:
        check()
    except InputError:
        path.write_text(original, encoding="utf-8")  # never leave an entry the build refuses
        raise


def _fields(values: dict[str, Any], keys: tuple[str, ...], rel: str) -> dict[str, Any]:
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise InputError(rel, "new entry", f"unknown field(s) {', '.join(unknown)}", f"use only {', '.join(keys)}")
    return {k: values[k] for k in keys if values.get(k) not in (None, "", [], {})}


def add_actor(settings: Settings, values: dict[str, Any]) -> dict[str, Any]:
    """{id, name, type, ...} -> the actor appended to seeds/actors.yaml (read back and checked)."""
    path = settings.seeds / "actors.yaml"
    rel = settings.rel(path)
    entry = _fields(values, ACTOR_KEYS, rel)
    line = "  - {" + ", ".join(f"{k}: {_y(v)}" for k, v in entry.items()) + "}\n"
    _append(path, line, lambda: read_actors(path, rel, settings.schemas))
    return entry


def add_event(settings: Settings, values: dict[str, Any]) -> dict[str, Any]:
    """{id, type, status, summary, actors: {id: role}, ...} -> the event appended to
    seeds/events.yaml (read back with the actor registry and checked)."""
    path = settings.seeds / "events.yaml"
    rel = settings.rel(path)
    entry = _fields(values, EVENT_KEYS, rel)
    lines: list[str] = []
    for key, value in entry.items():
        if key == "actors":
            if not isinstance(value, dict):
                raise InputError(rel, "new entry", "`actors` must map actor ids to roles", "send e.g. {\"usa\": \"agent\"}")
            text = "{" + ", ".join(f"{a}: {_y(r)}" for a, r in value.items()) + "}"
        else:
            text = _y(str(value)) if key not in ("date", "date_start", "date_end") else json.dumps(str(value))
        lines.append(("  - " if not lines else "    ") + f"{key}: {text}")
    actors_path = settings.seeds / "actors.yaml"
    _append(path, "\n".join(lines) + "\n",
            lambda: read_events(path, rel, settings.schemas, read_actors(actors_path, settings.rel(actors_path), settings.schemas)))
    return entry
