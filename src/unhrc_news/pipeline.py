"""The order of the build, declared once. Each stage is a module with one entry, run(state)."""
from __future__ import annotations

import time
from typing import Callable

from . import curate, database, evaluate, extract, ingest, normalise, publish, screen, validate, write
from .config import Settings
from .state import BuildState

STAGES: tuple[tuple[str, Callable[[BuildState], None]], ...] = (
    ("ingest", ingest.run),
    ("extract", extract.run),
    ("curate", curate.run),
    ("normalise", normalise.run),
    ("screen", screen.run),
    ("write", write.run),
    ("validate", validate.run),
    ("publish", publish.run),
    ("database", database.run),
    ("evaluate", evaluate.run),
)


def build(settings: Settings | None = None, *, say: Callable[[str], None] = lambda m: None, until: str | None = None) -> BuildState:
    """seeds/ -> published data/ and datapackage.json (or stop after stage `until`).

    Any error leaves the published files as they were: nothing is published before validate."""
    state = BuildState(settings or Settings(), say=say)
    for name, stage in STAGES:
        t0 = time.perf_counter()
        stage(state)
        say(f"  ({name} took {time.perf_counter() - t0:.2f}s)")
        if name == until:
            break
    return state
