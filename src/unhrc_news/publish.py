"""Stage 8, publish: a validated staging folder -> data/ and datapackage.json.

The old data/ is moved aside, the new one moved in, the descriptor replaced, and the old copy
removed only after all three succeeded. Renames within one file system are atomic; a journal
(build/publish.journal) says how far a publish got, so that an error puts the old files back at
once, and a publish killed between two renames is undone or finished by the next build or
`unhrc-news validate`: readers find the old package or the new one, never a mixture.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil

from . import coverage, delta, ledger
from .config import Settings
from .state import BuildState, Row

HELD_BACK = "held-back.json"  # under build/: the machine rows the last published build left out


JOURNAL = "publish.journal"  # under build/: which phase a publish reached, for recovery


def _journal(s: Settings, phase: str, **facts: bool) -> None:
    path = s.build / JOURNAL
    tmp = path.with_suffix(".journal.tmp")
    tmp.write_text(json.dumps({"phase": phase, **facts}) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def recover(s: Settings) -> str | None:
    """Finish what an interrupted publish left: -> what was done, or None when nothing was.

    Killed during the swap (journal phase `swap`), the package published before is put back
    whole; killed after it (phase `clean`), the new package is complete and only the leftovers
    are removed. Either way readers find one consistent package again."""
    path = s.build / JOURNAL
    if not path.exists():
        return None
    try:
        facts = json.loads(path.read_text(encoding="utf-8") or "{}")
    except ValueError:  # cut short while being written: the swap had not begun, or had
        facts = {"phase": "swap", "had_data": True, "had_descriptor": True}
    backup = s.build / "previous"
    if facts.get("phase") == "swap":
        if (backup / "data").exists():
            if s.data.exists():
                shutil.rmtree(s.data)
            os.replace(backup / "data", s.data)
        elif not facts.get("had_data") and s.data.exists():
            shutil.rmtree(s.data)
        if (backup / "datapackage.json").exists():
            os.replace(backup / "datapackage.json", s.descriptor)
        elif not facts.get("had_descriptor"):
            s.descriptor.unlink(missing_ok=True)
        done = "restored the package published before an interrupted publish"
    else:
        done = "completed an interrupted publish (the new package was already in place)"
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(s.build / "staging", ignore_errors=True)
    path.unlink()
    return done


def ledger_of(state: BuildState) -> ledger.Ledger:
    """The package just published -> its ledger (ledger.py): the documents this build made,
    plus those an incremental build carried over as recorded."""
    carry = state.carry
    documents = {} if carry is None else {d: {**carry.ledger.documents[d], "stat": state.stats[d]} for d in carry.settled}
    held: dict[str, list[Row]] = {}
    for h in state.held_back:
        held.setdefault(h["document_id"], []).append(h)
    for doc in state.articles:
        documents[doc] = {"fp": state.fingerprints[doc], "sha256": state.hashes[doc], "stat": state.stats[doc], "reviewed": doc in state.annotations,
                          "candidates": state.doc_candidates.get(doc, {}), "held": held.get(doc, []),
                          "coverage": state.doc_counts[doc]}
    digest = hashlib.sha256(state.settings.descriptor.read_bytes()).hexdigest()
    files = {t: ledger.signature(state.settings.data / f"{t}.csv") for t in state.layouts}
    return ledger.Ledger(state.inputs, digest, documents, state.layouts, files)


def run(state: BuildState) -> None:
    """Swap the validated staging folder in: old package aside, new one in, descriptor last.
    A journal records the phase, so a publish killed at any point is undone or finished by the
    next build or `unhrc-news validate` (recover)."""
    s = state.settings
    staging = state.staged
    backup = s.build / "previous"
    if backup.exists():
        shutil.rmtree(backup)
    backup.mkdir(parents=True)
    had_data, had_descriptor = s.data.exists(), s.descriptor.exists()
    delta.forget(s)  # vouch again only once the new package is in place
    ledger.forget(s)
    if had_descriptor:
        shutil.copy2(s.descriptor, backup / "datapackage.json")
    _journal(s, "swap", had_data=had_data, had_descriptor=had_descriptor)
    try:
        if had_data:
            os.replace(s.data, backup / "data")
        os.replace(staging / "data", s.data)
        os.replace(staging / "datapackage.json", s.descriptor)
    except Exception:
        recover(s)
        raise
    _journal(s, "clean")
    recover(s)
    delta.remember(s)
    ledger.write(s, ledger_of(state))
    held = s.build / HELD_BACK
    held.write_text(json.dumps(state.held_back, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    state.say(f"publish: {s.rel(s.data)}/ and {s.rel(s.descriptor)} updated")
    if state.coverage is not None:
        state.say(coverage.summary(state.coverage, len(state.held_back)))
