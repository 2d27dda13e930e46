"""Memory a build stage has freed -> handed back to the operating system before the next stage.

CPython returns its small-object arenas once they are empty, but larger blocks (a DataFrame's
columns, a table's CSV, the strings of a chunk of rows) come from the C library's allocator,
which keeps what is freed for reuse. After a stage that allocated a lot (the screen's frames,
the guards' chunks) the process would stay at that high-water mark and the next stage's
allocations would come on top of it. glibc's `malloc_trim` gives the free pages back; where it
does not exist (macOS, musl) nothing is done and nothing else changes.
"""
from __future__ import annotations

import ctypes
import functools
import gc
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


def release() -> None:
    """Collect unreachable cycles, then hand the allocator's free memory back (glibc only)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
