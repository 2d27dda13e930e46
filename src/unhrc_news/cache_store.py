"""The extraction cache: one JSON file of candidates per key, in a local folder (the default,
build/cache/extract) or on shared storage named by an fsspec URL (UNHRC_NEWS_CACHE=
s3://bucket/unhrc-cache, gs://..., file:///mnt/shared/cache), so that several machines building
the same corpus extract each article once. Keys already hold everything the result depends on
(article hash, publication date, registry, model, code version: extract.py), so a shared cache
never serves a stale result."""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from .errors import CommandError


class CacheStore:
    """Keys -> JSON texts in a local folder or at an fsspec URL."""

    def __init__(self, folder: Path | None = None, url: str = ""):
        self.url = url.rstrip("/")
        self.folder = folder
        self._fs: Any = None
        if url:
            try:
                import fsspec
            except ImportError:
                raise CommandError("an extraction cache at a URL needs fsspec: pip install 'unhrc-news[cluster]'") from None
            try:
                self._fs, self._root = fsspec.core.url_to_fs(self.url)
                self._fs.makedirs(self._root, exist_ok=True)
            except (ImportError, ValueError, OSError) as exc:
                raise CommandError(f"UNHRC_NEWS_CACHE={url}: the extraction cache cannot be opened ({exc.__class__.__name__}: {exc}); "
                                   "install the fsspec driver for that storage (e.g. s3fs for s3://) or give a local folder") from None
        elif folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> str:
        return f"{self._root}/{key}.json"

    def has(self, key: str) -> bool:
        if self._fs is not None:
            return bool(self._fs.exists(self._path(key)))
        assert self.folder is not None
        return (self.folder / f"{key}.json").exists()

    def read(self, key: str) -> dict[str, Any]:
        if self._fs is not None:
            data = self._fs.cat_file(self._path(key))
        else:
            assert self.folder is not None
            data = (self.folder / f"{key}.json").read_bytes()
        result: dict[str, Any] = json.loads(data.decode("utf-8"))
        return result

    def write(self, key: str, result: dict[str, Any]) -> None:
        """Written whole or not at all: a reader never sees half a file."""
        data = json.dumps(result, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if self._fs is None:
            assert self.folder is not None
            target = self.folder / f"{key}.json"
            tmp = target.with_suffix(".json.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, target)
            return
        if "file" in _protocols(self._fs):
            # a shared folder: a name of this writer's own, then a rename (atomic on POSIX)
            part = f"{self._root}/.{key}.{uuid.uuid4().hex}.tmp"
            self._fs.pipe_file(part, data)
            self._fs.mv(part, self._path(key))
        else:
            self._fs.pipe_file(self._path(key), data)  # an object store puts an object whole

    def tidy(self) -> None:
        """Remove what a killed writer left in a local cache folder (a shared one is left alone:
        another machine may be writing there)."""
        if self._fs is None and self.folder is not None and self.folder.exists():
            for path in self.folder.glob("*.tmp"):
                path.unlink(missing_ok=True)


def _protocols(fs: Any) -> set[str]:
    protocol = fs.protocol
    return set(protocol) if isinstance(protocol, (tuple, list)) else {protocol}
