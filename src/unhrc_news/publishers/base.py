"""The publishing runner shared by every service."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CommandError


@dataclass
class Request:
    method: str
    url: str
    json: Any = None
    data: bytes | None = None
    files: dict | None = None  # multipart: {field: (filename, bytes, content type)}
    form: dict | None = None
    headers: dict = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"{self.method} {self.url}"]
        if self.json is not None:
            body = json.dumps(self.json, ensure_ascii=False)
            parts.append(f"json {body if len(body) <= 300 else body[:297] + '...'}")
        if self.data is not None:
            parts.append(f"body {len(self.data):,} bytes ({self.headers.get('Content-Type', '')})")
        if self.files:
            parts.append("multipart " + ", ".join(f"{k}={v[0]} ({len(v[1]):,} bytes)" for k, v in self.files.items()))
        if self.form:
            parts.append(f"form {self.form}")
        return "  ".join(parts)


class PublishError(CommandError):
    def __init__(self, message: str):
        super().__init__(message)


@dataclass
class Release:
    """What a publisher uploads: the bundle folder, its files and the package metadata."""

    folder: Path
    version: str
    descriptor: dict
    archive: Path
    notes: str = ""

    def file(self, name: str) -> Path:
        return self.folder / name


class Publisher:
    """A service: its steps (names), the request each makes, what each response teaches."""

    service = ""
    token_env = ""
    default_base = ""
    sandbox_base: str | None = None
    public_step = ""  # the step after which the version is public

    def __init__(self, release: Release, base_url: str, options: dict):
        self.release, self.base, self.options = release, base_url.rstrip("/"), options

    def owner_name(self, what: str) -> str:
        """--repo OWNER/NAME, or PublishError saying it is needed."""
        repo = self.options.get("repo")
        if not repo or "/" not in repo:
            raise PublishError(f"{self.service}: give the {what} as --repo OWNER/NAME")
        return str(repo)

    def files(self) -> list[str]:
        """The files of the release folder this service uploads (default: the bundle and its sums)."""
        return [self.release.archive.name, "SHA256SUMS"]

    def steps(self, state: dict) -> list[str]:
        raise NotImplementedError

    def request(self, step: str, state: dict) -> Request:
        raise NotImplementedError

    def learn(self, step: str, state: dict, response: Any) -> None:
        """Record what a response says (ids, upload URLs) in the state."""

    def warnings(self) -> list[str]:
        """What the user should know before anything is sent (said by dry runs too)."""
        return []

    def auth(self, token: str) -> dict:
        return {"Authorization": f"Bearer {token}"}

    def done_message(self, state: dict) -> str:
        return "published"


def _redact(text: str, token: str | None) -> str:
    """Every copy of the token -> ***; always before any truncation, so no part of it survives."""
    return text.replace(token, "***") if token else text


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def check_transport(url: str) -> None:
    """Refuse to send a token anywhere but over https (plain http only to this machine)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        return
    raise PublishError(f"refusing to send the token to {parts.scheme}://{parts.hostname or '?'}: only https is allowed "
                       "(plain http only to localhost, for tests); give an https:// --base-url")


def publish(publisher: Publisher, *, dry_run: bool = False, say: Callable[[str], None] = print, session=None) -> dict:
    """Run a publisher's steps, resuming from its state file; return the final state."""
    import requests

    release = publisher.release
    state_path = release.folder / f"publish-{publisher.service}.json"
    state: dict = json.loads(state_path.read_text(encoding="utf-8")) if state_path.exists() and not dry_run else {"done": []}
    if state.get("published"):
        say(f"{publisher.service}: version {release.version} is already published ({publisher.done_message(state)}); nothing to do")
        return state
    token = os.environ.get(publisher.token_env, "")
    if not token and not dry_run:
        raise PublishError(f"{publisher.service}: no token: set the environment variable {publisher.token_env} "
                           "(tokens are read from the environment only, never from files or options)")
    session = session or requests.Session()
    check_transport(publisher.base)
    for warning in publisher.warnings():
        say(f"warning: {warning}")
    for step in publisher.steps(state):
        if step in state["done"]:
            continue
        req = publisher.request(step, state)
        if dry_run:
            say(f"[dry-run] {publisher.service} {step}: {req.describe()}  (Authorization: ***)")
            publisher.learn(step, state, None)
            state["done"].append(step)
            continue
        check_transport(req.url)
        headers = {**publisher.auth(token), **req.headers}
        try:
            resp = session.request(req.method, req.url, json=req.json, data=req.data if req.files is None else req.form,
                                   files=req.files, headers=headers, timeout=300)
            ok = resp.status_code < 400 or (resp.status_code == 409 and step == "create_repo")
            if not ok:
                raise PublishError(f"HTTP {resp.status_code}: {' '.join(_redact(resp.text, token).split())[:300]}")
            body = resp.json() if resp.content and "json" in resp.headers.get("Content-Type", "") else {}
            try:
                publisher.learn(step, state, body)
            except (KeyError, TypeError, AttributeError, IndexError) as exc:
                raise PublishError(f"unexpected answer ({exc.__class__.__name__}: {exc}): {' '.join(_redact(json.dumps(body)[:2000], token).split())[:200]}") from None
        except (PublishError, requests.RequestException, ValueError) as exc:
            finished = ", ".join(state["done"]) or "nothing"
            public = "The version is not public yet." if publisher.public_step not in state["done"] else "The version is public."
            raise PublishError(
                f"{publisher.service}: step '{step}' failed ({_redact(str(exc), token)}). Done so far: {finished}. {public} "
                f"Run the same command again to resume from '{step}'; the state is in {state_path}."
            ) from None
        state["done"].append(step)
        state_path.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
        say(f"{publisher.service} {step}: ok")
    if not dry_run:
        # published once every step is done (a resumed run must still upload what is missing)
        state["published"] = True
        state_path.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
        say(f"{publisher.service}: {publisher.done_message(state)}")
    return state


PUBLISHERS: dict[str, type[Publisher]] = {}


def register(cls: type[Publisher]) -> type[Publisher]:
    PUBLISHERS[cls.service] = cls
    return cls


def load_release(folder: Path) -> Release:
    """build/release/<version>/ -> Release, read from the bundle itself."""
    import re
    import zipfile

    archives = sorted(folder.glob("unhrc-news-*.zip"))
    if not archives:
        raise PublishError(f"no release bundle in {folder}: build it with `unhrc-news bundle` (or `unhrc-news release`)")
    archive = archives[-1]
    with zipfile.ZipFile(archive) as z:
        prefix = z.namelist()[0].split("/", 1)[0]
        descriptor = json.loads(z.read(f"{prefix}/datapackage.json"))
        changelog = z.read(f"{prefix}/CHANGELOG.md").decode("utf-8") if f"{prefix}/CHANGELOG.md" in z.namelist() else ""
    m = re.search(r"^## .*?(?=^## |\Z)", changelog, re.M | re.S)
    return Release(folder, descriptor["version"], descriptor, archive, m[0].strip() if m else "")
