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
    annotations: dict[str, Annotation] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    # curate: span rows with offsets, still with raw values
    spans: dict[str, list[dict]] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)
    # normalise: the final rows of every table
    tables: dict[str, list[dict]] = field(default_factory=dict)
    # write
    staging: Path | None = None
