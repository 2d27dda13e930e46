"""The value every pipeline stage reads from and adds to."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .annotations import Actor, Annotation, Event
from .config import Settings


@dataclass(frozen=True)
class Article:
    document_id: str
    path: Path
    rel: str
    text: str
    sha256: str


@dataclass
class BuildState:
    settings: Settings
    say: Callable[[str], None] = lambda msg: None
    # ingest
    articles: dict[str, Article] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)  # reviewed articles only
    drafts: dict[str, Annotation] = field(default_factory=dict)  # review drafts: metadata only
    documents: list[dict] = field(default_factory=list)
    # extract: {document_id: {table: candidate rows, "candidate_actors": {...}}}
    machine: dict[str, dict] = field(default_factory=dict)
    # curate: span rows with offsets, still with raw values; machine events and actors of
    # unreviewed articles
    spans: dict[str, list[dict]] = field(default_factory=dict)
    machine_events: list[dict] = field(default_factory=list)
    candidate_actors: dict[str, dict] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)
    # how each machine row of a reviewed article was accounted for
    accounting: list[dict] = field(default_factory=list)
    # normalise: the final rows of every table
    tables: dict[str, list[dict]] = field(default_factory=dict)
    # screen: machine rows that break a contract rule, not published; row hashes of the
    # published package when build/validated.json vouches for it (delta.py), else None
    held_back: list[dict] = field(default_factory=list)
    known: dict | None = None
    # write
    staging: Path | None = None
