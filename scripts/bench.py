"""Benchmark the build: time per stage on the seed corpus, as a ratio to a baseline measured
in the same process (reading and hashing the same articles), so figures compare across machines.

Usage: make bench   (or: .venv/bin/python scripts/bench.py [--repeat N])
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from unhrc_news.config import Settings
from unhrc_news.pipeline import STAGES, build

REPO = Path(__file__).resolve().parents[1]


def baseline(root: Path) -> None:
    for p in sorted((root / "seeds/articles").glob("*.txt")):
        hashlib.sha256(p.read_bytes()).hexdigest()
        p.read_text(encoding="utf-8")


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("seeds", "schemas"):
            shutil.copytree(REPO / name, root / name)
        settings = Settings(root=root)
        base = timed(lambda: baseline(root), args.repeat)
        until_write = timed(lambda: build(settings, until="write"), args.repeat)
        full = timed(lambda: build(settings), args.repeat)
        tracemalloc.start()
        build(settings)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"stages: {' -> '.join(name for name, _ in STAGES)}")
    print(f"baseline (read + hash the articles): {base * 1e3:8.2f} ms")
    print(f"build up to write (no validation):   {until_write * 1e3:8.2f} ms  ratio {until_write / base:8.1f}x")
    print(f"full build (validate + publish):     {full * 1e3:8.2f} ms  ratio {full / base:8.1f}x")
    print(f"peak traced memory of a full build:  {peak / 2**20:8.2f} MiB")


if __name__ == "__main__":
    main()
