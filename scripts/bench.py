"""Benchmarks, each as a ratio to a baseline measured in the same process.

1. The seed build: each stage against reading and hashing the same articles.
4. DuckDB: building the database and running every view on the same synthetic package,
   against reading the CSVs with pandas.
3. Validation guards: Frictionless, pandera and Great Expectations, each on a synthetic
   package of 1,000,000 rows per table (BENCH_VALIDATION_ROWS), each in a process of its own,
   against reading the same CSVs with pandas: time and peak memory.
6. Extraction on a cluster: 20,000 synthetic articles (BENCH_CLUSTER_ARTICLES) by the local
   process pool and by a Dask LocalCluster of as many worker processes, as a ratio.
2. Extraction at scale: synthetic corpora of N articles (sentences of the seed articles
   recombined, fixed random seed), for each N in its own process:
   - bare spaCy: nlp.pipe over the texts on every core (the baseline),
   - a cold build of a project holding the N articles (extraction on every core with its
     cache, tables, validation), with the extract stage's time against bare spaCy,
   - a no-change rebuild (every article served from the cache),
   - peak memory of the main process and of the largest worker.

5. Growing the package: N synthetic articles added to the seed project from one manifest in
   one `add` call (against bare nlp.pipe over the same texts, with peak memory), then 10 more
   added to the package of N: the cost of adding 10 should barely depend on N.

Usage: make bench   (or: .venv/bin/python scripts/bench.py [--sizes 100,1000,5000] [--repeat 5])
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds" / "articles"


def seed_build(repeat: int) -> None:
    from unhrc_news.config import Settings
    from unhrc_news.pipeline import STAGES, build

    def baseline(root: Path) -> None:
        for p in sorted((root / "seeds/articles").glob("*.txt")):
            hashlib.sha256(p.read_bytes()).hexdigest()
            p.read_text(encoding="utf-8")

    def timed(fn) -> float:
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("seeds", "schemas"):
            shutil.copytree(REPO / name, root / name)
        settings = Settings(root=root)
        build(settings)  # warm the extraction cache and the model
        base = timed(lambda: baseline(root))
        until_write = timed(lambda: build(settings, until="write"))
        full = timed(lambda: build(settings))
        tracemalloc.start()
        build(settings)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print("== seed build (4 articles, extraction cached)")
    print(f"stages: {' -> '.join(name for name, _ in STAGES)}")
    print(f"baseline (read + hash the articles): {base * 1e3:9.2f} ms")
    print(f"build up to write (no validation):   {until_write * 1e3:9.2f} ms  ratio {until_write / base:9.1f}x")
    print(f"full build (validate, publish, eval):{full * 1e3:9.2f} ms  ratio {full / base:9.1f}x")
    print(f"peak traced Python memory of a build:{peak / 2**20:9.2f} MiB")


def stage_recorder() -> tuple[dict[str, float], Callable[[str], None]]:
    """-> (stage times, a `say` for build/add that fills them from its '(stage took Ns)' lines)."""
    times: dict[str, float] = {}

    def say(msg: str) -> None:
        m = re.match(r"\s+\((\w+) took ([\d.]+)s\)", msg)
        if m:
            times[m[1]] = float(m[2])
    return times, say


def synthetic_corpus(n: int, seed: int = 13) -> list[str]:
    """N articles of 12-20 sentences drawn from the seed articles (deterministic)."""
    sentences = []
    for p in sorted(SEEDS.glob("*.txt")):
        for line in p.read_text(encoding="utf-8").splitlines():
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 6]
    rng = random.Random(seed)
    return ["\n".join(rng.sample(sentences, rng.randint(12, 20))) + "\n" for _ in range(n)]


def one_size(n: int) -> dict:
    """Run in a fresh process: bare spaCy, cold build, no-change rebuild for N articles."""
    from unhrc_news.config import Settings
    from unhrc_news.nlp import load
    from unhrc_news.pipeline import build

    texts = synthetic_corpus(n)
    words = sum(len(t.split()) for t in texts)
    settings = Settings()
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "schemas", root / "schemas")
        (root / "seeds/articles").mkdir(parents=True)
        for name in ("actors.yaml", "events.yaml", "gazetteer.yaml"):  # the registries extraction reads
            shutil.copy(REPO / "seeds" / name, root / "seeds" / name)
        (root / "seeds/annotations").mkdir()
        sums = []
        for i, text in enumerate(texts):
            raw = text.encode("utf-8")
            digest = hashlib.sha256(raw).hexdigest()
            name = f"{i:05d}_{digest[:16]}.txt"
            (root / "seeds/articles" / name).write_bytes(raw)
            sums.append(f"{digest}  {name}")
        (root / "seeds/articles/SHA256SUMS").write_text("\n".join(sums) + "\n")
        # The event registry needs reviewed evidence; this corpus has none. Its dataset-level
        # expectations are its own: no reviewed rows, any size.
        (root / "seeds/events.yaml").write_text("events: []\n")
        (root / "schemas/expectations/dataset.yaml").write_text("tables: {}\n")
        # In a process of its own: generating imports Great Expectations and pandera, which a
        # build imports only at its validate stage; imported here first, they would sit under
        # the build's memory and not be the build's (docs/scaling.md).
        subprocess.run([str(Path(sys.executable).with_name("unhrc-news")), "--root", str(root), "generate"], check=True, capture_output=True)
        os.environ.pop("UNHRC_NEWS_CACHE", None)
        stage_times, say = stage_recorder()
        t0 = time.perf_counter()
        build(Settings(root=root), say=say)
        cold = time.perf_counter() - t0
        extract_time = stage_times.get("extract", float("nan"))
        t0 = time.perf_counter()
        build(Settings(root=root))
        warm = time.perf_counter() - t0
        rows = sum(p.read_text(encoding="utf-8").count("\n") for p in (root / "data").glob("*.csv")) - 8
    # The peaks of the builds, before bare spaCy runs in this process: its model and the Docs
    # it unpickles are not the build's memory.
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    nlp = load(settings.spacy_model)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=workers, batch_size=32):
        pass
    bare = time.perf_counter() - t0
    return {"n": n, "words": words, "bare": bare, "extract": extract_time, "cold": cold, "warm": warm,
            "rows": rows, "self_rss": self_rss, "child_rss": child_rss, "workers": workers}


def scale(sizes: list[int]) -> None:
    print("\n== extraction at scale (synthetic articles from seed sentences; each size in its own process)")
    print(f"{'N':>6} {'words':>9} {'bare spaCy':>11} {'art/s':>7} {'extract':>9} {'art/s':>7} {'ratio':>6} "
          f"{'cold build':>11} {'rebuild':>9} {'rows':>8} {'main MiB':>9} {'worker MiB':>10}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['n']:>6} {r['words']:>9} {r['bare']:>10.1f}s {r['n'] / r['bare']:>7.1f} {r['extract']:>8.1f}s "
              f"{r['n'] / r['extract']:>7.1f} {r['extract'] / r['bare']:>5.2f}x {r['cold']:>10.1f}s {r['warm']:>8.1f}s "
              f"{r['rows']:>8} {r['self_rss']:>9.0f} {r['child_rss']:>10.0f}")
    print("ratio = extract stage / bare nlp.pipe over the same texts (lower is better; 2.00x = half of bare speed).")
    print("rebuild = a second build with nothing changed (every article from the extraction cache).")
    print("main MiB / worker MiB = peak resident memory of the process running both builds / of its largest worker.")


def seed_project(root: Path) -> None:
    """A copy of the project's inputs (the four reviewed seed articles, registries, schemas)."""
    for name in ("seeds", "schemas"):
        shutil.copytree(REPO / name, root / name)


def write_manifest(folder: Path, texts: list[str], name: str) -> Path:
    """Texts -> article files and a CSV manifest naming each with a publisher and a date."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / f"{name}.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "publisher", "published_date", "url"])
        for i, text in enumerate(texts):
            (folder / f"{name}-{i:05d}.txt").write_text(text, encoding="utf-8")
            w.writerow([f"{name}-{i:05d}.txt", "Synthetic Wire", f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", f"https://wire.example.org/{name}/{i}"])
    return manifest


def timed_add(root: Path, manifest: Path) -> tuple[float, float, dict[str, float]]:
    """`add` of one manifest -> (seconds in all, seconds of the extract stage, stage times)."""
    from unhrc_news.add import add_articles
    from unhrc_news.config import Settings

    stage_times, say = stage_recorder()
    t0 = time.perf_counter()
    add_articles([manifest], Settings(root=root), say=say)
    return time.perf_counter() - t0, stage_times.get("extract", 0.0), stage_times


def batch_add_one(n: int) -> dict:
    """Run in a fresh process: a project of the seed articles, N synthetic articles added from
    one manifest in one call (against bare nlp.pipe over the same texts), then 10 more."""
    from unhrc_news.config import Settings
    from unhrc_news.nlp import load
    from unhrc_news.pipeline import build

    texts = synthetic_corpus(n + 10, seed=29)
    bulk, ten = texts[:n], texts[n:]
    nlp = load(Settings().spacy_model)
    t0 = time.perf_counter()
    for _ in nlp.pipe(bulk, n_process=os.cpu_count() or 1, batch_size=32):
        pass
    bare = time.perf_counter() - t0
    os.environ.pop("UNHRC_NEWS_CACHE", None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        seed_project(root)
        build(Settings(root=root))
        total, extract_s, bulk_stages = timed_add(root, write_manifest(Path(tmp) / "in", bulk, "bulk"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ten_total, ten_extract, stages = timed_add(root, write_manifest(Path(tmp) / "in", ten, "ten"))
    return {"n": n, "bare": bare, "add": total, "add_extract": extract_s, "peak": peak,
            "ten": ten_total, "ten_extract": ten_extract, "ten_stages": stages, "add_stages": bulk_stages,
            "child_rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def batch_add(sizes: list[int]) -> None:
    print("\n== growing the package: N articles added from one manifest in one call, then 10 more (each N in its own process)")
    print(f"{'N':>6} {'bare spaCy':>11} {'add N':>9} {'ratio':>7} {'main MiB':>9} {'worker MiB':>10} {'add 10':>8} {'w/o extract':>12}")
    results = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--add-one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{n:>6} {r['bare']:>10.1f}s {r['add']:>8.1f}s {r['add'] / r['bare']:>6.2f}x {r['peak']:>9.0f} {r['child_rss']:>10.0f} "
              f"{r['ten']:>7.1f}s {r['ten'] - r['ten_extract']:>11.1f}s")
    print("ratio = the whole `add` of N articles (extraction, drafts, one build) / bare nlp.pipe over the same texts.")
    print("add 10 = adding 10 more articles to the package of N; w/o extract = the same without the extract stage.")
    if len(results) > 1:
        small, large = results[0], results[-1]
        ratio = (large["ten"] - large["ten_extract"]) / (small["ten"] - small["ten_extract"])
        print(f"adding 10 to {large['n']} articles vs to {small['n']} (extraction excluded): {ratio:.2f}x (target <= 2x)")
        print("stages of the last add 10: " + ", ".join(f"{k} {v:.2f}s" for k, v in large["ten_stages"].items()))


def synthetic_package(folder: Path, n: int) -> None:
    """A valid package of n rows in every table (span rows slice one synthetic article)."""
    import csv

    from unhrc_news import schemas as S
    from unhrc_news.schemas import TABLES

    shutil.copytree(REPO / "schemas", folder / "schemas")
    # the seed package's row-count expectations are its own: a synthetic package has none
    (folder / "schemas/expectations/dataset.yaml").write_text("tables: {}\n")
    from unhrc_news.generate import write_all
    write_all(folder)
    (folder / "seeds/articles").mkdir(parents=True)
    article = "".join(f"word{i % 10} " for i in range(50000))
    raw = article.encode("utf-8")
    (folder / "seeds/articles/synthetic.txt").write_bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()

    def span(i: int) -> tuple[int, int, str]:
        start = (i % 49999) * 6
        return start, start + 5, article[start:start + 5]

    def h(prefix: str, i: int) -> str:
        return f"{prefix}_{hashlib.sha1(str(i).encode()).hexdigest()[:12]}"

    doc = lambda i: f"d{i:07d}"
    actor = lambda i: f"a{i:07d}"
    event = lambda i: f"ev{i:07d}"
    rows = {
        "documents": lambda i: {"document_id": doc(i), "seed_path": "seeds/articles/synthetic.txt", "sha256": digest, "characters": len(article),
                                "words": 50000, "publisher": "", "publisher_basis": "unknown", "published_date": "2025-01-01",
                                "published_date_precision": "day", "published_date_basis": "stated", "language": "en",
                                "text_quality": "clean", "review_status": "reviewed", "notes": ""},
        "actors": lambda i: {"actor_id": actor(i), "name": f"Actor {i}", "actor_type": "person", "country_code": "", "parent_actor_id": "",
                             "wikidata_id": "", "aliases": "", "notes": "", "method": "curated"},
        "actor_mentions": lambda i: dict(zip(("start", "end", "text"), span(i), strict=True), mention_id=h("m", i), document_id=doc(i), actor_id=actor(i), method="curated"),
        "events": lambda i: {"event_id": event(i), "event_type": "statement", "plover_type": "", "date_start": "2025-01-01", "date_end": "2025-01-01",
                             "date_precision": "day", "date_text": "on 1 January", "status": "occurred", "summary": "An event.", "method": "curated"},
        "event_actors": lambda i: {"event_id": event(i // 2), "actor_id": actor(i), "role": "agent", "method": "curated"},  # two actors per event
        "event_evidence": lambda i: dict(zip(("start", "end", "text"), span(i), strict=True), event_id=event(i), document_id=doc(i), method="curated"),
        "quotes": lambda i: dict(zip(("start", "end", "text"), span(i), strict=True), quote_id=h("q", i), document_id=doc(i), speaker_actor_id=actor(i),
                                 speaker_text="she", kind="direct", cue="said", method="curated"),
        "statistics": lambda i: dict(zip(("start", "end", "text"), span(i), strict=True), statistic_id=h("s", i), document_id=doc(i), value=i, value_max="",
                                     unit="person", measure="people", qualifier="exact", source_actor_id="", source_text="", method="curated"),
    }
    (folder / "data").mkdir()
    desc = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    for table in TABLES:
        cols = S.columns(folder / "schemas", table)
        path = folder / "data" / f"{table}.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for i in range(n):
                w.writerow(rows[table](i))
        data = path.read_bytes()
        for r in desc["resources"]:
            if r["name"] == table:
                r["bytes"], r["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")


@contextlib.contextmanager
def synthetic_with_baseline(n: int):
    """A synthetic package of n rows per table -> (folder, seconds pandas takes to read its CSVs)."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_package(folder, n)
        t0 = time.perf_counter()
        for p in sorted((folder / "data").glob("*.csv")):
            pd.read_csv(p, dtype=str, keep_default_na=False)
        base = time.perf_counter() - t0
        print(f"{'baseline: pandas.read_csv of the 8 tables':<44} {base:8.2f} s")
        yield folder, base


def measured(code: str) -> tuple[float, float, str]:
    """Python code run in a fresh process -> (seconds, peak resident MiB of that process polled
    every 50 ms, its last line of output)."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watch, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, watch.memory_info().rss)
        time.sleep(0.05)
    out, err = proc.communicate()
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(err[-2000:])
    return took, peak / 2**20, (out.strip().splitlines() or [""])[-1]


def guards(n: int) -> None:
    """Each guard on a synthetic package of n rows per table, in a process of its own, against
    reading the same CSVs with pandas in a process of its own: time and peak memory."""
    print(f"\n== validation guards on a synthetic package of {n:,} rows per table ({8 * n:,} rows), each in its own process")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_package(folder, n)
        base, base_mib, _ = measured(f"import pandas as pd, pathlib\nfor p in sorted(pathlib.Path({str(folder)!r}, 'data').glob('*.csv')): "
                                     "pd.read_csv(p, dtype=str, keep_default_na=False)")
        print(f"{'baseline: pandas.read_csv of the 8 tables':<44} {base:8.2f} s  {base_mib:8.0f} MiB")
        for guard in ("frictionless", "pandera", "gx"):
            code = (f"import pathlib\nfrom unhrc_news.validate import validate_package\nf = pathlib.Path({str(folder)!r})\n"
                    f"failures = validate_package(f, f, guards=({guard!r},))\n"
                    "print('valid' if not failures else f'{len(failures)} failures, first: {failures[0][:80]}')")
            took, mib, status = measured(code)
            print(f"{guard:<44} {took:8.2f} s  ratio {took / base:7.1f}x  {mib:8.0f} MiB  ({mib / base_mib:4.1f}x)  {status}")


def cluster_vs_local(n: int) -> None:
    """Extraction of n synthetic articles by the local process pool and by a Dask LocalCluster
    of as many single-threaded worker processes, both without a cache: the ratio, and whether
    the results are identical."""
    from distributed import Client, LocalCluster

    from unhrc_news.annotations import read_actors, read_non_actors
    from unhrc_news.cluster import extract_on_cluster
    from unhrc_news.config import Settings
    from unhrc_news.extract import extract_many, read_gazetteer
    from unhrc_news.extractors.mentions import Registry

    settings = Settings(root=REPO)
    actors = REPO / "seeds/actors.yaml"
    registry = Registry(read_actors(actors, "seeds/actors.yaml", settings.schemas), set(read_non_actors(actors, "seeds/actors.yaml")),
                        read_gazetteer(REPO / "seeds/gazetteer.yaml", "seeds/gazetteer.yaml"))
    jobs = [(f"{i:06d}", text, "2025-06-01") for i, text in enumerate(synthetic_corpus(n))]
    workers = os.cpu_count() or 1
    print(f"\n== extraction of {n:,} synthetic articles: local process pool vs Dask LocalCluster ({workers} worker processes)")
    t0 = time.perf_counter()
    local = dict(extract_many(jobs, settings.spacy_model, registry, workers=workers, progress=False))
    local_s = time.perf_counter() - t0
    print(f"{'local process pool':<44} {local_s:8.1f} s  {n / local_s:7.1f} articles/s")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        remote = dict(extract_on_cluster(client, jobs, settings.spacy_model, registry))
        cluster_s = time.perf_counter() - t0
    same = json.dumps(local, sort_keys=True) == json.dumps(remote, sort_keys=True)
    print(f"{'Dask LocalCluster':<44} {cluster_s:8.1f} s  {n / cluster_s:7.1f} articles/s  ratio {cluster_s / local_s:5.2f}x  "
          f"results {'identical' if same else 'DIFFERENT'}")


def database(n: int) -> None:
    """Build the DuckDB database and run every view on a synthetic package of n rows per table,
    against reading the same CSVs with pandas."""
    import duckdb

    from unhrc_news.database import build_database, view_files

    print(f"\n== DuckDB on a synthetic package of {n:,} rows per table")
    with synthetic_with_baseline(n) as (folder, base):
        t0 = time.perf_counter()
        db = build_database(folder, folder / "build" / "unhrc_news.duckdb")
        took = time.perf_counter() - t0
        print(f"{'build the database (typed, keys, comments)':<44} {took:8.2f} s  ratio {took / base:7.1f}x")
        con = duckdb.connect(str(db), read_only=True)
        for view in view_files(folder / "schemas"):
            t0 = time.perf_counter()
            rows = len(con.execute(f"SELECT * FROM {view.stem}").fetchall())
            took = time.perf_counter() - t0
            print(f"{'view ' + view.stem:<44} {took:8.2f} s  ratio {took / base:7.1f}x  {rows:,} rows")
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100,1000,5000"))
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--add-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--add-sizes", default=os.environ.get("BENCH_ADD_SIZES", "100,1000,5000"))
    ap.add_argument("--validation-rows", type=int, default=int(os.environ.get("BENCH_VALIDATION_ROWS", "1000000")))
    ap.add_argument("--cluster-articles", type=int, default=int(os.environ.get("BENCH_CLUSTER_ARTICLES", "20000")))
    ap.add_argument("--only", choices=["seed", "scale", "add", "cluster", "guards", "database"], help="run one section")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return
    if args.add_one:
        print(json.dumps(batch_add_one(args.add_one)))
        return
    if args.only in (None, "seed"):
        seed_build(args.repeat)
    if args.only in (None, "scale"):
        scale([int(x) for x in args.sizes.split(",") if x])
    if args.only in (None, "add"):
        batch_add([int(x) for x in args.add_sizes.split(",") if x])
    if args.only in (None, "cluster"):
        cluster_vs_local(args.cluster_articles)
    if args.only in (None, "guards"):
        guards(args.validation_rows)
    if args.only in (None, "database"):
        database(args.validation_rows)


if __name__ == "__main__":
    main()
