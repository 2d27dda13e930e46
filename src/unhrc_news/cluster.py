"""Extraction on a Dask distributed cluster: [(document_id, text, published)] -> the same
(document_id, candidates) pairs the local process pool yields, in input order.

Each worker loads the spaCy model once, when it joins (a WorkerPlugin), and keeps it with the
registry for every article it is given; the scheduler only moves article texts out and JSON-ready
results back. The results are those of `extract.extract_text`, so a cluster build is
byte-identical to a local one and shares its cache. Install the `cluster` extra
(dask and distributed) on the client and on every worker, with the same model.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from distributed import Client, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .errors import CommandError

if TYPE_CHECKING:
    from .extractors.mentions import Registry

PLUGIN = "unhrc-news-extractor"
# Articles sent per task: enough to keep a worker busy between round trips, few enough to
# spread a small build over every worker.
BATCH = 16
CONNECT_TIMEOUT = "20s"
IN_FLIGHT = 4  # batches queued per worker thread: none idles between round trips


class ExtractorPlugin(WorkerPlugin):
    """Loads the model once on each worker, when the plugin is registered or the worker joins,
    and holds it with the registry for every article the worker is given."""

    name = PLUGIN

    def __init__(self, model: str, registry: Registry):
        self.model, self.registry = model, registry
        self.nlp: Any = None

    def setup(self, worker: Any) -> None:
        from .nlp import load

        self.nlp = load(self.model)


def _extract_batch(batch: list[tuple[str, str, str]]) -> list[tuple[str, dict]]:
    from .extract import extract_text

    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, ExtractorPlugin)
    return [(doc_id, extract_text(plugin.nlp, plugin.registry, doc_id, text, published)) for doc_id, text, published in batch]


def connect(address: str) -> Any:
    """A scheduler address ('tcp://host:8786') -> a distributed Client, or a CommandError that
    says what is missing."""
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise CommandError(f"cannot reach the Dask scheduler at {address} ({exc}); start one with `dask scheduler` "
                           "and workers with `dask worker ADDRESS`, or unset UNHRC_NEWS_CLUSTER") from None


def extract_on_cluster(client: Any, jobs: list[tuple[str, str, str]], model: str, registry: Registry,
                       progress: Any = None) -> Iterator[tuple[str, dict]]:
    """Jobs -> (document_id, candidates) in input order, extracted by the cluster's workers.

    Batches are submitted a few per worker thread at a time, more as each returns: a million
    articles never travel to the scheduler at once, and the results waiting for an earlier batch
    stay few."""
    if not client.scheduler_info().get("workers"):
        client.wait_for_workers(1, timeout=60)
    client.register_plugin(ExtractorPlugin(model, registry), name=PLUGIN)
    threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    batches = iter(enumerate(jobs[i:i + BATCH] for i in range(0, len(jobs), BATCH)))
    running = as_completed()
    index: dict[str, int] = {}

    def submit() -> None:
        for k, batch in batches:
            future = client.submit(_extract_batch, batch, pure=False)
            index[future.key] = k
            running.add(future)
            return

    for _ in range(IN_FLIGHT * max(1, threads)):
        submit()
    done: dict[int, list[tuple[str, dict]]] = {}
    at = 0
    for future in running:
        k = index.pop(future.key)
        done[k] = future.result()
        future.release()
        if progress is not None:
            progress.update(len(done[k]))
        submit()
        while at in done:  # yield in input order, as soon as the next batch is in
            yield from done.pop(at)
            at += 1
