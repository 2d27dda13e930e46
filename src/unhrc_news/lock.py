"""One build at a time per project: build/build.lock, held with flock for as long as a build
(or an `add`, which builds) runs. A second one stops at once with one line naming the first.

The lock is re-entrant within a process (`add` holds it and then builds) and is released by the
operating system when the process ends, however it ends: a killed build never leaves a stale lock.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from .config import Settings
from .errors import BuildError

_HELD: dict[str, int] = {}


class BuildBusy(BuildError):
    """Another process holds the project's build lock."""


@contextmanager
def project_lock(settings: Settings, what: str = "build") -> Iterator[None]:
    """Hold build/build.lock for the duration, or raise BuildBusy at once."""
    path = settings.build / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.resolve())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held open for the whole build)
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise BuildBusy(f"{settings.rel(path)}: another unhrc-news {holder} is running in this project. "
                        "Fix: wait for it to finish, then run this again") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"{what} (pid {os.getpid()})")
    fh.flush()
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        fh.close()
