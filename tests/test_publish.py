"""Contract tests of the publishers against a local HTTP server that checks the request
sequence and payloads each service documents. These are contract tests, not live ones: no
request leaves this machine."""
from __future__ import annotations

import base64
import email.parser
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from conftest import tag_version
from unhrc_news.cli import main
from unhrc_news.config import Settings
from unhrc_news.release import build_bundle

TOKEN = "s3cret-token-value"


class FakeService:
    """Answers like the service; records (method, path, headers, body); can fail one request."""

    def __init__(self, answer):
        self.answer, self.calls, self.fail_on = answer, [], None
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                call = (self.command, self.path, dict(self.headers), body)
                if service.fail_on and service.fail_on(call):
                    service.fail_on = None
                    status, payload = 500, {"message": "server error"}
                else:
                    service.calls.append(call)
                    status, payload = service.answer(service, *call)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = _any

        return Handler

    def paths(self):
        return [(m, p.split("?")[0]) for m, p, _, _ in self.calls]


@pytest.fixture
def release(built):
    bundle = build_bundle(Settings(root=built), commit=tag_version(built))
    return built, bundle


def run(built, *args, env_token=True):
    env = {"ZENODO_TOKEN": TOKEN, "HF_TOKEN": TOKEN, "CKAN_API_KEY": TOKEN, "GITHUB_TOKEN": TOKEN} if env_token else {}
    return CliRunner().invoke(main, ["--root", str(built), "publish", *args], env=env)


# ---------------------------------------------------------------- Zenodo

def zenodo_answer(svc, method, path, headers, body):
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    if (method, path) == ("POST", "/api/deposit/depositions"):
        return 201, {"id": 77, "links": {"bucket": f"{svc.url}/api/files/b-77"}}
    if method == "PUT" and path.startswith("/api/files/b-77/"):
        assert headers["Content-Type"] == "application/octet-stream"
        return 201, {"key": path.rsplit("/", 1)[1], "size": len(body)}
    if (method, path) == ("PUT", "/api/deposit/depositions/77"):
        meta = json.loads(body)["metadata"]
        assert meta["upload_type"] == "dataset" and meta["creators"] and meta["license"] == "cc-by-4.0" and meta["version"]
        return 200, {"id": 77}
    if (method, path) == ("POST", "/api/deposit/depositions/77/actions/publish"):
        return 202, {"doi": "10.5072/zenodo.77", "links": {"record_html": f"{svc.url}/records/77"}}
    return 404, {"message": f"unexpected {method} {path}"}


def test_zenodo_sequence_and_payloads(release):
    built, bundle = release
    svc = FakeService(zenodo_answer)
    result = run(built, "--to", "zenodo", "--base-url", svc.url)
    assert result.exit_code == 0, result.output
    assert svc.paths() == [("POST", "/api/deposit/depositions"), ("PUT", f"/api/files/b-77/{bundle.archive.name}"),
                           ("PUT", "/api/files/b-77/SHA256SUMS"), ("PUT", "/api/deposit/depositions/77"),
                           ("POST", "/api/deposit/depositions/77/actions/publish")]
    assert svc.calls[1][3] == bundle.archive.read_bytes()
    assert "DOI 10.5072/zenodo.77" in result.output and TOKEN not in result.output


def test_zenodo_failure_midway_is_reported_and_resumes(release):
    built, bundle = release
    svc = FakeService(zenodo_answer)
    svc.fail_on = lambda call: call[0] == "PUT" and call[1].endswith("/SHA256SUMS")
    first = run(built, "--to", "zenodo", "--base-url", svc.url)
    assert first.exit_code == 1
    assert "step 'upload:SHA256SUMS' failed (HTTP 500" in first.output
    assert f"Done so far: create, upload:{bundle.archive.name}. The version is not public yet." in first.output
    assert "Run the same command again to resume from 'upload:SHA256SUMS'" in first.output and TOKEN not in first.output
    assert not any(p == ("POST", "/api/deposit/depositions/77/actions/publish") for p in svc.paths())
    second = run(built, "--to", "zenodo", "--base-url", svc.url)
    assert second.exit_code == 0, second.output
    assert svc.paths().count(("POST", "/api/deposit/depositions")) == 1  # resumed, not restarted
    assert svc.paths()[-1] == ("POST", "/api/deposit/depositions/77/actions/publish")
    third = run(built, "--to", "zenodo", "--base-url", svc.url)
    assert "already published" in third.output and len(svc.calls) == 5


def test_dry_run_sends_nothing_and_needs_no_token(release):
    built, _ = release
    svc = FakeService(zenodo_answer)
    result = run(built, "--to", "zenodo", "--base-url", svc.url, "--dry-run", env_token=False)
    assert result.exit_code == 0 and svc.calls == []
    assert result.output.count("[dry-run] zenodo") == 5 and "Authorization: ***" in result.output


def test_missing_token_is_a_clear_error(release):
    built, _ = release
    result = run(built, "--to", "zenodo", "--base-url", "http://127.0.0.1:9", env_token=False)
    assert result.exit_code == 1 and "set the environment variable ZENODO_TOKEN" in result.output


# ---------------------------------------------------------------- Hugging Face

def hf_answer(svc, method, path, headers, body):
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    if (method, path) == ("POST", "/api/repos/create"):
        assert json.loads(body) == {"type": "dataset", "name": "unhrc-news", "organization": "me", "private": False}
        return 200, {"url": f"{svc.url}/datasets/me/unhrc-news"}
    if (method, path) == ("POST", "/api/datasets/me/unhrc-news/commit/main"):
        assert headers["Content-Type"] == "application/x-ndjson"
        lines = [json.loads(l) for l in body.decode().splitlines()]
        assert lines[0]["key"] == "header"
        files = {l["value"]["path"]: base64.b64decode(l["value"]["content"]) for l in lines[1:]}
        assert {"README.md", "datapackage.json", "data/quotes.csv"} <= set(files)
        assert b"config_name: quotes" in files["README.md"]
        return 200, {"commitOid": "abc123", "commitUrl": f"{svc.url}/datasets/me/unhrc-news/commit/abc123"}
    if (method, path) == ("POST", "/api/datasets/me/unhrc-news/tag/abc123"):
        assert json.loads(body)["tag"].startswith("v")
        return 200, {}
    return 404, {"message": f"unexpected {method} {path}"}


def test_huggingface_sequence_and_payloads(release):
    built, _ = release
    svc = FakeService(hf_answer)
    result = run(built, "--to", "huggingface", "--base-url", svc.url, "--repo", "me/unhrc-news")
    assert result.exit_code == 0, result.output
    assert svc.paths() == [("POST", "/api/repos/create"), ("POST", "/api/datasets/me/unhrc-news/commit/main"), ("POST", "/api/datasets/me/unhrc-news/tag/abc123")]


def test_huggingface_has_no_sandbox(release):
    built, _ = release
    result = run(built, "--to", "huggingface", "--sandbox", "--repo", "me/x")
    assert result.exit_code == 1 and "huggingface has no sandbox" in result.output


# ---------------------------------------------------------------- CKAN

def ckan_answer(svc, method, path, headers, body):
    assert headers["Authorization"] == TOKEN
    if path == "/api/3/action/package_create":
        package = json.loads(body)
        # private only inside an organisation: CKAN refuses private=true without owner_org
        assert package["private"] is (package.get("owner_org") == "un-data")
        assert package["title"] and package["name"].startswith("unhrc-news-")
        return 200, {"success": True, "result": {"id": "pkg-1", "name": package["name"]}}
    if path == "/api/3/action/resource_create":
        message = email.parser.BytesParser().parsebytes(f"Content-Type: {headers['Content-Type']}\r\n\r\n".encode() + body)
        parts = {p.get_param("name", header="content-disposition"): p for p in message.get_payload()}
        name = parts["name"].get_payload()
        assert parts["package_id"].get_payload() == "pkg-1" and parts["upload"].get_filename() == name
        return 200, {"success": True, "result": {"id": f"res-{name}"}}
    if path == "/api/3/action/package_patch":
        assert json.loads(body) == {"id": "pkg-1", "private": False}
        return 200, {"success": True, "result": {"id": "pkg-1"}}
    return 404, {"success": False}


def test_ckan_sequence_and_payloads(release):
    built, _bundle = release
    svc = FakeService(ckan_answer)
    result = run(built, "--to", "ckan", "--base-url", svc.url, "--owner-org", "un-data")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert svc.paths() == [("POST", "/api/3/action/package_create"), ("POST", "/api/3/action/resource_create"),
                           ("POST", "/api/3/action/resource_create"), ("POST", "/api/3/action/package_patch")]


def test_ckan_without_an_organisation_publishes_public_and_says_so_first(release):
    built, _bundle = release
    dry = run(built, "--to", "ckan", "--base-url", "https://data.example.org", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines()[0].startswith("warning: ckan: no --owner-org")
    assert "package_patch" not in dry.output
    svc = FakeService(ckan_answer)
    result = run(built, "--to", "ckan", "--base-url", svc.url)
    assert result.exit_code == 0, result.output
    assert [p for _, p in svc.paths()] == ["/api/3/action/package_create", "/api/3/action/resource_create", "/api/3/action/resource_create"]


# ---------------------------------------------------------------- GitHub

def github_answer(svc, method, path, headers, body):
    assert headers["Authorization"] == f"Bearer {TOKEN}" and headers["Accept"] == "application/vnd.github+json"
    assert headers["X-GitHub-Api-Version"] == "2022-11-28"
    if (method, path) == ("POST", "/repos/me/unhrc-news/releases"):
        payload = json.loads(body)
        assert payload["draft"] is True and payload["tag_name"].startswith("v")
        return 201, {"id": 9, "upload_url": f"{svc.url}/uploads/repos/me/unhrc-news/releases/9/assets{{?name,label}}"}
    if method == "POST" and path.startswith("/uploads/repos/me/unhrc-news/releases/9/assets?name="):
        return 201, {"name": path.split("=", 1)[1]}
    if (method, path) == ("PATCH", "/repos/me/unhrc-news/releases/9"):
        assert json.loads(body) == {"draft": False}
        return 200, {"html_url": f"{svc.url}/me/unhrc-news/releases/tag/v"}
    return 404, {"message": f"unexpected {method} {path}"}


def test_github_sequence_and_payloads(release):
    built, bundle = release
    svc = FakeService(github_answer)
    result = run(built, "--to", "github", "--base-url", svc.url, "--repo", "me/unhrc-news")
    assert result.exit_code == 0, result.output
    assert [p for p in svc.paths()] == [("POST", "/repos/me/unhrc-news/releases"), ("POST", "/uploads/repos/me/unhrc-news/releases/9/assets"),
                                        ("POST", "/uploads/repos/me/unhrc-news/releases/9/assets"), ("POST", "/uploads/repos/me/unhrc-news/releases/9/assets"),
                                        ("PATCH", "/repos/me/unhrc-news/releases/9")]
    assert svc.calls[1][1].endswith(f"name={bundle.archive.name}") and svc.calls[1][3] == bundle.archive.read_bytes()
