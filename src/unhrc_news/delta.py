"""What the last published build validated -> the rows a new build need not check again.

Adding ten articles to a package of thousands must not cost like validating thousands. When
build/validated.json vouches for the published package (the SHA-256 of its datapackage.json,
whose hashes cover every CSV, and a version of the schemas and guard code), a row that is
byte-for-byte a published row has passed every row-level rule already. The build then runs
the row-level guards (Frictionless, pandera, the screen of machine rows) on new and changed
rows only, and the whole-table checks (keys, foreign keys, row counts, the Great Expectations
suites) on every row. Without the marker (a fresh clone), or when the schemas or the guard code
changed, everything is checked. `unhrc-news validate` always checks everything.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from .config import Settings
from .csvio import read_strings

MARKER = "validated.json"
GUARD_CODE = ("table_checks.py", "expectations.py", "validate.py", "quotemarks.py", "delta.py", "schemas.py", "write.py", "csvio.py", "vocabulary.py")


def guard_version(settings: Settings) -> str:
    """SHA-256 over schemas/ and the guard code: a change to either re-checks every row."""
    h = hashlib.sha256()
    for p in sorted(settings.schemas.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(settings.schemas).as_posix().encode() + b"\0" + p.read_bytes())
    here = Path(__file__).parent
    for name in GUARD_CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def row_hashes(df: pd.DataFrame) -> np.ndarray:
    """A table as read (strings, None for empty) -> one 64-bit hash per row, over its values."""
    if not len(df):
        return np.array([], dtype=np.uint64)
    return pd.util.hash_pandas_object(df.astype(object).fillna("\0"), index=False).to_numpy()


def changed(df: pd.DataFrame, known: np.ndarray | None) -> pd.Series:
    """Rows of df that no trusted published row equals (all rows when nothing is trusted)."""
    if known is None:
        return pd.Series(True, index=df.index)
    return pd.Series(~np.isin(row_hashes(df), known), index=df.index)


def trusted(settings: Settings) -> dict[str, np.ndarray] | None:
    """The published package's row hashes per table, if build/validated.json vouches for it."""
    marker = settings.build / MARKER
    if not marker.exists() or not settings.descriptor.exists():
        return None
    try:
        vouched = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return None
    raw = settings.descriptor.read_bytes()
    if vouched.get("descriptor") != hashlib.sha256(raw).hexdigest() or vouched.get("guards") != guard_version(settings):
        return None
    out = {}
    for resource in json.loads(raw).get("resources", []):
        path = settings.root / resource["path"]
        if not path.is_file() or resource.get("hash") != "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest():
            return None
        out[resource["name"]] = row_hashes(read_strings(settings.root, resource["name"]))
    return out


def remember(settings: Settings) -> None:
    """Vouch for the package just published (it passed every guard in this build)."""
    marker = settings.build / MARKER
    data = {"descriptor": hashlib.sha256(settings.descriptor.read_bytes()).hexdigest(), "guards": guard_version(settings)}
    tmp = marker.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(marker)


def forget(settings: Settings) -> None:
    (settings.build / MARKER).unlink(missing_ok=True)
