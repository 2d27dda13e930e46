"""Stage 8, publish: a validated staging folder -> data/ and datapackage.json.

The old data/ is moved aside, the new one moved in, the descriptor replaced, and the old copy
removed only after all three succeeded; any failure puts the old files back. Renames within
one file system are atomic, so a reader sees the old package or the new one.
"""
from __future__ import annotations

import json
import os
import shutil

from . import coverage, delta
from .state import BuildState

HELD_BACK = "held-back.json"  # under build/: the machine rows the last published build left out


def run(state: BuildState) -> None:
    s = state.settings
    staging = state.staged
    backup = s.build / "previous"
    if backup.exists():
        shutil.rmtree(backup)
    backup.mkdir(parents=True)
    had_data, had_descriptor = s.data.exists(), s.descriptor.exists()
    delta.forget(s)  # vouch again only once the new package is in place
    try:
        if had_data:
            os.replace(s.data, backup / "data")
        if had_descriptor:
            shutil.copy2(s.descriptor, backup / "datapackage.json")
        os.replace(staging / "data", s.data)
        os.replace(staging / "datapackage.json", s.descriptor)
    except BaseException:
        if (backup / "data").exists():
            if s.data.exists():
                shutil.rmtree(s.data)
            os.replace(backup / "data", s.data)
        if (backup / "datapackage.json").exists():
            os.replace(backup / "datapackage.json", s.descriptor)
        raise
    shutil.rmtree(backup)
    shutil.rmtree(staging, ignore_errors=True)
    delta.remember(s)
    held = s.build / HELD_BACK
    held.write_text(json.dumps(state.held_back, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    state.say(f"publish: {s.rel(s.data)}/ and {s.rel(s.descriptor)} updated")
    state.say(coverage.summary(coverage.measure(state.tables), len(state.held_back)))
