"""The value every pipeline stage reads from and adds to."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .annotations import Actor, Annotation, Event
from .config import Settings
from .coverage import Coverage
from .ledger import Carry
from .rows import Rows

Row = dict[str, Any]
"""One table row, or a candidate row still carrying working keys."""


@dataclass(frozen=True)
class Article:
    """One article as ingest read it; `text` is emptied once validate has passed (validate.py)."""
    document_id: str
    path: Path
    rel: str
    text: str
    sha256: str


@dataclass
class BuildState:
    settings: Settings
    say: Callable[[str], None] = lambda msg: None
    incremental: bool = True  # may rebuild only changed documents (ledger.py); off after a fallback
    # ingest: every document's input fingerprint, the shared inputs' fingerprint, and the plan of
    # an incremental build (None: a full build). In an incremental build, articles, annotations,
    # drafts and documents hold only the documents being rebuilt.
    fingerprints: dict[str, str] = field(default_factory=dict)
    stats: dict[str, list[Any]] = field(default_factory=dict)  # size, times, inode of article and annotation
    hashes: dict[str, str] = field(default_factory=dict)  # every article's SHA-256, as SHA256SUMS lists it
    inputs: str = ""
    carry: Carry | None = None
    # ingest
    articles: dict[str, Article] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)  # reviewed articles only
    drafts: dict[str, Annotation] = field(default_factory=dict)  # review drafts: metadata only
    documents: list[Row] = field(default_factory=list)
    # extract: {document_id: {table: candidate rows, "candidate_actors": {...}}}, each read from
    # the extraction cache when asked for (extract.CachedCandidates)
    machine: Mapping[str, Row] = field(default_factory=dict)
    # curate: span rows of reviewed articles with offsets, still with raw values (evaluate reads
    # them too); the unreviewed articles, in document order, whose machine rows normalise builds
    # from the extraction cache. Normalise fills the candidate actors of unreviewed articles.
    spans: dict[str, list[Row]] = field(default_factory=dict)
    unreviewed: list[str] = field(default_factory=list)
    candidate_actors: dict[str, Row] = field(default_factory=dict)
    doc_candidates: dict[str, dict[str, Row]] = field(default_factory=dict)  # per document, as proposed
    rejected: list[Row] = field(default_factory=list)
    # how each machine row of a reviewed article was accounted for
    accounting: list[Row] = field(default_factory=list)
    # normalise: the final rows of every table (emptied by write in a full build, which validates
    # the staged files instead)
    tables: dict[str, Rows] = field(default_factory=dict)
    # screen: machine rows that break a contract rule, not published; row hashes of the
    # published package when build/validated.json vouches for it (delta.py), else None
    held_back: list[Row] = field(default_factory=list)
    known: dict[str, Any] | None = None
    coverage: Coverage | None = None  # of the whole package
    doc_counts: dict[str, dict[str, Any]] = field(default_factory=dict)  # per document, for the ledger
    # write: each table's layout and row count (ledger.py), and (incremental builds) the CSV of
    # this build's rows and the published rows they replace (CSV rows without header)
    layouts: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    fresh: dict[str, bytes] = field(default_factory=dict)
    replaced: dict[str, bytes] = field(default_factory=dict)
    staging: Path | None = None

    @property
    def staged(self) -> Path:
        """The staging folder; only stages after write may ask."""
        if self.staging is None:
            raise RuntimeError("nothing is staged: the write stage has not run")
        return self.staging
