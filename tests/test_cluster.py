"""Extraction on a Dask cluster: the same package, byte for byte, as the local process pool."""
from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import copy_project, snapshot
from unhrc_news.config import Settings
from unhrc_news.pipeline import build

distributed = pytest.importorskip("distributed")  # the `cluster` extra; in the lock, so always present here


def test_a_build_on_a_local_cluster_is_byte_identical_to_the_local_engine(package, tmp_path):
    from distributed import LocalCluster, get_task_stream

    from unhrc_news.cluster import PLUGIN

    root = copy_project(tmp_path / "on-cluster")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client, get_task_stream(client) as tasks:
        # a cache of its own, so that every article is extracted on the cluster
        settings = dataclasses.replace(Settings(root=root), cluster=cluster.scheduler_address, cache_override=tmp_path / "cache")
        build(settings)
        loaded = client.run(lambda dask_worker: PLUGIN in dask_worker.plugins and dask_worker.plugins[PLUGIN].nlp is not None)
    assert list(loaded.values()) == [True, True]  # one model on each worker
    assert any(t["key"].startswith("_extract_batch") for t in tasks.data)
    assert len(list((tmp_path / "cache").glob("*.json"))) == len(list((root / "seeds/articles").glob("*.txt")))
    assert snapshot(root) == snapshot(package)


def test_an_unreachable_scheduler_is_a_clear_error(project, monkeypatch):
    from unhrc_news import cluster
    from unhrc_news.errors import CommandError

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "2s")
    settings = dataclasses.replace(Settings(root=project), cluster="tcp://127.0.0.1:1", cache_override=project / "cache")
    with pytest.raises(CommandError, match=re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:1")):
        build(settings)


@pytest.mark.parametrize("scheme", ["memory", "file"])
def test_an_extraction_cache_on_shared_storage_serves_every_build_the_same_package(package, tmp_path, scheme):
    """UNHRC_NEWS_CACHE as an fsspec URL: the first build extracts into it, a build of another
    checkout (another machine) reads every article from it, and both publish the package the
    local cache gives."""
    import fsspec

    url = f"memory://unhrc-test-{tmp_path.name}/cache" if scheme == "memory" else (tmp_path / "shared").as_uri()
    said: list[str] = []
    first = copy_project(tmp_path / "first")
    build(dataclasses.replace(Settings(root=first), cache_url=url), say=said.append)
    fs, root = fsspec.core.url_to_fs(url)
    articles = len(list((first / "seeds/articles").glob("*.txt")))
    assert len([p for p in fs.ls(root, detail=False) if p.endswith(".json")]) == articles
    assert not (first / "build/cache/extract").exists() or not list((first / "build/cache/extract").glob("*.json"))
    second = copy_project(tmp_path / "second")
    said.clear()
    build(dataclasses.replace(Settings(root=second), cache_url=url), say=said.append)
    assert f"extract: 0 of {articles} articles extracted ({articles} cached)" in said
    assert snapshot(first) == snapshot(second) == snapshot(package)


def test_a_cache_url_no_driver_can_open_is_a_clear_error(project):
    from unhrc_news.errors import CommandError

    settings = dataclasses.replace(Settings(root=project), cache_url="nosuchscheme://bucket/cache")
    with pytest.raises(CommandError, match=re.escape("UNHRC_NEWS_CACHE=nosuchscheme://bucket/cache: the extraction cache cannot be opened")):
        build(settings)


def test_unhrc_news_cache_takes_a_folder_or_a_url(monkeypatch, tmp_path):
    monkeypatch.setenv("UNHRC_NEWS_CACHE", "s3://bucket/unhrc-cache")
    assert (Settings().cache_url, Settings().cache_override) == ("s3://bucket/unhrc-cache", None)
    monkeypatch.setenv("UNHRC_NEWS_CACHE", str(tmp_path / "cache"))
    assert (Settings().cache_url, Settings().cache_override) == ("", tmp_path / "cache")
