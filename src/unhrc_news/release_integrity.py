"""A release bundle is the tagged version, nothing else: checks against the version's git tag.

Project folder + version -> the commit of tag v<version>, or a ReleaseDrift naming what differs.
`bundle` and `publish` call it, so that an edit made after a release (a seed, a table, the code)
can never travel in that version's bundle: the edit needs a new version. The bundle records the
commit it was built from (RELEASE-COMMIT), and `publish` checks that too.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import CommandError

# what makes a version: everything `release` commits and everything the bundle carries
RELEASE_PATHS = ("datapackage.json", "README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", "pyproject.toml",
                 "data", "schemas", "seeds", "src", "docs")
COMMIT_FILE = "RELEASE-COMMIT"


class ReleaseDrift(CommandError):
    """The working tree is not the tagged version (or there is no tag)."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def tag_commit(root: Path, version: str) -> str | None:
    """v<version> -> the commit it tags, or None when the tag (or the repository) is missing."""
    out = _git(root, "rev-parse", "--verify", "--quiet", f"v{version}^{{commit}}")
    return out.stdout.strip() or None if out.returncode == 0 else None


def differences(root: Path, version: str) -> list[str]:
    """Paths of the release that differ between the working tree and tag v<version>:
    changed, added (untracked, not ignored) or deleted."""
    paths = [p for p in RELEASE_PATHS if (root / p).exists() or _git(root, "cat-file", "-e", f"v{version}:{p}").returncode == 0]
    changed = _git(root, "diff", "--name-only", f"v{version}", "--", *paths).stdout.split()
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", *paths).stdout.split()
    return sorted(set(changed) | set(untracked))


def require_tagged(root: Path, version: str, action: str) -> str:
    """-> the commit of v<version> when the working tree is exactly that version; else raises
    ReleaseDrift with one line saying what differs and what to do."""
    commit = tag_commit(root, version)
    if commit is None:
        raise ReleaseDrift(f"cannot {action} {version}: there is no git tag v{version}; release it first with "
                           f"`unhrc-news release --bump ...`, which commits and tags the version")
    drift = differences(root, version)
    if drift:
        more = f" and {len(drift) - 3} more" if len(drift) > 3 else ""
        raise ReleaseDrift(f"cannot {action} {version}: the working tree differs from tag v{version} in {', '.join(drift[:3])}{more}; "
                           f"release a new version for these changes, or `git stash` / `git checkout v{version}` to {action} {version} as released")
    return commit


def bundle_commit(archive: Path) -> str:
    """A release zip -> the commit it records in RELEASE-COMMIT ('' when none)."""
    import zipfile

    with zipfile.ZipFile(archive) as z:
        names = [n for n in z.namelist() if n.endswith("/" + COMMIT_FILE)]
        return z.read(names[0]).decode("utf-8").strip() if names else ""
