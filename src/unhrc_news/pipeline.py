"""The order of the build, declared once. Each stage is a module with one entry, run(state)."""
from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Callable

from . import curate, database, evaluate, extract, heap, ingest, normalise, publish, screen, validate, write
from .config import Settings
from .ledger import FullBuildNeeded
from .lock import project_lock
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
    """seeds/ -> published data/ and datapackage.json, the database and the quality report (or
    stop after stage `until`).

    Only the documents whose inputs changed are rebuilt when build/ledger.json allows it
    (ledger.py); the output is the same as rebuilding all. A stage that refuses its input raises
    at once, so later stages never run. Nothing is
    published before validate passes: an error up to publish leaves data/ and datapackage.json
    as they were. The two stages after publish (database, evaluate) only derive files under
    build/ and docs/ from the package just published; an error there leaves that package in place."""
    settings = settings or Settings()
    with project_lock(settings, "build"):
        tidy(settings, say)
        try:
            return run_stages(BuildState(settings, say=say), until)
        except FullBuildNeeded as why:  # raised before publish: nothing has changed yet
            say(f"build: {why}; building every document")
            return run_stages(BuildState(settings, say=say, incremental=False), until)


def run_stages(state: BuildState, until: str | None) -> BuildState:
    # What is loaded before the stages (the libraries) and what ingest reads (for a large
    # package, the ledger) lives for the whole build: kept out of the garbage collector's full
    # scans, which would otherwise walk it again and again as the stages allocate.
    gc.freeze()
    try:
        for name, stage in STAGES:
            t0 = time.perf_counter()
            stage(state)
            # what the stage freed goes back to the system: the next stage starts low (heap.py)
            heap.release()
            state.say(f"  ({name} took {time.perf_counter() - t0:.2f}s)")
            if name == "ingest":
                gc.freeze()
            if name == until:
                break
    finally:
        gc.unfreeze()
    return state


def tidy(settings: Settings, say: Callable[[str], None] = lambda m: None) -> None:
    """Before a build (holding the lock, so no other build is writing): finish or undo an
    interrupted publish, and remove temporary files a killed process left behind."""
    done = publish.recover(settings)
    if done:
        say(f"publish: {done}")
    stale = [*settings.build.glob("*.tmp"), *(settings.root / "docs").glob("*.tmp")]
    for path in stale:
        path.unlink(missing_ok=True)
    if not settings.cache_url:  # a shared cache is left alone: another machine may be writing there
        settings.cache_store().tidy()
    shutil.rmtree(settings.build / "staging-changed", ignore_errors=True)


def evaluate_project(settings: Settings, *, write: bool = True) -> str:
    """Project -> the Markdown report of machine vs reviewed rows (`unhrc-news eval`), written
    to docs/ when asked. Builds up to the screen stage only: nothing is published."""
    state = build(settings, until="screen")
    markdown = evaluate.report(state)
    if write:
        evaluate.write_report(state, markdown)
    return markdown
