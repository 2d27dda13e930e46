"""Shared fixtures: a throw-away copy of the project, built once or on demand."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unhrc_news.config import Settings
from unhrc_news.pipeline import build

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def shared_extraction_cache(tmp_path_factory: pytest.TempPathFactory):
    """One extraction cache for the whole session: each copy of the project would otherwise
    run spaCy over the same articles again. Keys include the article hash, registry, model and
    code, so sharing cannot serve a stale result."""
    import os

    # cffconvert lives in its own environment (it needs an older jsonschema); build it once, in
    # the checkout's build/tools, rather than once per copy of the project.
    os.environ.setdefault("UNHRC_NEWS_TOOLS", str(REPO / "build" / "tools"))
    path = tmp_path_factory.mktemp("extract-cache")
    old = os.environ.get("UNHRC_NEWS_CACHE")
    os.environ["UNHRC_NEWS_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("UNHRC_NEWS_CACHE", None)
    else:
        os.environ["UNHRC_NEWS_CACHE"] = old


def copy_project(dest: Path) -> Path:
    """The inputs of a build (seeds/, schemas/) copied to dest; returns dest."""
    for name in ("seeds", "schemas"):
        shutil.copytree(REPO / name, dest / name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, unbuilt copy of the project's inputs."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One built copy shared by read-only tests."""
    root = copy_project(tmp_path_factory.mktemp("package"))
    build(Settings(root=root))
    return root


@pytest.fixture
def built(package: Path, tmp_path: Path) -> Path:
    """A private copy of the package built once per session, for a test that changes it:
    inputs, published tables, descriptor and build outputs (not the staging folders)."""
    root = tmp_path / "built"
    shutil.copytree(package, root, ignore=shutil.ignore_patterns("staging", "previous", "*.tmp"))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every published file under root -> its bytes."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").glob("*"))}
    files["datapackage.json"] = (root / "datapackage.json").read_bytes()
    return files


NEW_ARTICLE = REPO / "tests/fixtures/new_article.txt"


def add_new_article(root: Path) -> str:
    """Add the fixture article to a package copy as a maintainer would -> its document id."""
    from click.testing import CliRunner

    from unhrc_news.cli import main

    result = CliRunner().invoke(main, ["--root", str(root), "add", str(NEW_ARTICLE), "--publisher", "Example Wire", "--date", "2025-03-05"])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


GIT_IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def tag_version(root: Path) -> str:
    """Commit a package copy and tag its version as `release` would -> the tagged commit."""
    import json
    import os
    import subprocess

    env = {**os.environ, **GIT_IDENTITY}
    version = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", "-a", f"v{version}", "-m", version]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)
    return subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
