"""The wheel on its own: installed by `make tools` into build/tools/wheel-env with only the
dependencies pyproject.toml declares, it runs the release commands a maintainer uses (`diff`,
`release --dry-run`, `bundle`, `publish --dry-run`). A dependency the wheel forgets fails here."""
from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, tag_version

ENV = REPO / "build/tools/wheel-env"
UNHRC = ENV / "bin/unhrc-news"


def _site_packages() -> Path:
    found = sorted(ENV.glob("lib/python*/site-packages/unhrc_news"))
    assert found, f"the wheel is not installed in {ENV}: run `make tools` (make test does)"
    return found[0]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel_env() -> Path:
    installed = _site_packages()
    assert _digest(installed) == _digest(REPO / "src/unhrc_news"), \
        f"{ENV} holds an older wheel than src/: run `make tools` (make test does)"
    return UNHRC


def run(unhrc: Path, root: Path, *args: str) -> subprocess.CompletedProcess:
    # only the wheel's environment: no PYTHONPATH, no project .venv on PATH
    env = {"PATH": f"{unhrc.parent}:/usr/bin:/bin", "HOME": str(root.parent), "LANG": "C.UTF-8"}
    for name in ("UNHRC_NEWS_CACHE", "UNHRC_NEWS_TOOLS"):  # the session's extraction cache; cffconvert
        if os.environ.get(name):
            env[name] = os.environ[name]
    return subprocess.run([str(unhrc), "--root", str(root), *args], capture_output=True, text=True, env=env, cwd=root)


def test_the_wheel_declares_what_the_release_commands_import(wheel_env, built):
    version = (built / "schemas/package.yaml").read_text(encoding="utf-8").split("version: ", 1)[1].split()[0]
    plan = run(wheel_env, built, "release", "--bump", "minor", "--dry-run")  # the first release
    assert plan.returncode == 0, plan.stderr[-3000:]
    assert "dry run: would set version" in plan.stdout

    tag_version(built)
    (built / "seeds/actors.yaml").write_text((built / "seeds/actors.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    diff = run(wheel_env, built, "diff", f"v{version}")
    assert diff.returncode == 0, diff.stderr[-3000:]
    (built / "seeds/actors.yaml").write_text((built / "seeds/actors.yaml").read_text(encoding="utf-8")[:-1], encoding="utf-8")

    bundle = run(wheel_env, built, "bundle")
    assert bundle.returncode == 0, bundle.stderr[-3000:]
    assert (built / "build/release" / version / f"unhrc-news-{version}.zip").exists()

    for service in (["zenodo"], ["huggingface", "--repo", "someone/unhrc-news"], ["ckan", "--base-url", "https://data.example.org"],
                    ["github", "--repo", "someone/unhrc-news"]):
        publish = run(wheel_env, built, "publish", "--to", *service, "--dry-run")
        assert publish.returncode == 0, (service, publish.stderr[-3000:])
        assert f"[dry-run] {service[0]}" in publish.stdout


def test_the_installed_wheel_carries_and_loads_the_package(wheel_env, tmp_path):
    """pip install of the wheel puts the tables under <prefix>/share/unhrc-news, where load()
    finds them from any folder."""
    code = ("import unhrc_news, pathlib; q = unhrc_news.load('quotes'); "
            f"print(len(q), pathlib.Path(unhrc_news.__file__).is_relative_to(pathlib.Path(r'{ENV}')))")
    out = subprocess.run([str(ENV / "bin/python"), "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr[-2000:]
    rows = sum(1 for _ in (REPO / "data/quotes.csv").open(encoding="utf-8")) - 1
    assert out.stdout.split() == [str(rows), "True"]
