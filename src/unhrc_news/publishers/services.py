"""The four services, each as its API documentation describes the upload of a new version."""
from __future__ import annotations

import base64
import json

from .base import Publisher, Request, register


@register
class Zenodo(Publisher):
    """developers.zenodo.org: create a deposition, PUT each file into its bucket, set the
    metadata, then publish (the only step that makes anything public)."""

    service = "zenodo"
    token_env = "ZENODO_TOKEN"
    default_base = "https://zenodo.org"
    sandbox_base = "https://sandbox.zenodo.org"
    public_step = "publish"

    def steps(self, state):
        return ["create", *[f"upload:{f}" for f in self.files()], "metadata", "publish"]

    def request(self, step, state):
        dep = f"{self.base}/api/deposit/depositions"
        if step == "create":
            return Request("POST", dep, json={})
        if step.startswith("upload:"):
            name = step.split(":", 1)[1]
            bucket = state.get("bucket", f"{self.base}/api/files/<bucket>")
            return Request("PUT", f"{bucket}/{name}", data=self.release.file(name).read_bytes(), headers={"Content-Type": "application/octet-stream"})
        if step == "metadata":
            meta = json.loads(self.release.file(".zenodo.json").read_text(encoding="utf-8"))
            return Request("PUT", f"{dep}/{state.get('id', '<id>')}", json={"metadata": meta})
        return Request("POST", f"{dep}/{state.get('id', '<id>')}/actions/publish")

    def learn(self, step, state, response):
        if step == "create":
            state["id"] = response["id"] if response else "<id>"
            state["bucket"] = response["links"]["bucket"] if response else f"{self.base}/api/files/<bucket>"
        if step == "publish" and response:
            state["doi"] = response.get("doi", "")
            state["url"] = response.get("links", {}).get("record_html") or response.get("links", {}).get("html", "")

    def done_message(self, state):
        return f"published {self.release.version}: DOI {state.get('doi', '?')} {state.get('url', '')}".strip()


@register
class HuggingFace(Publisher):
    """huggingface.co Hub HTTP API: create the dataset repository, push every file in one commit
    (NDJSON commit API; one commit is all or nothing), then tag the commit with the version."""

    service = "huggingface"
    token_env = "HF_TOKEN"
    default_base = "https://huggingface.co"
    public_step = "commit"

    def steps(self, state):
        return ["create_repo", "commit", "tag"]

    def uploads(self) -> dict[str, bytes]:
        root = self.release.folder
        import zipfile

        out = {"README.md": (root / "metadata/huggingface/README.md").read_bytes()}
        with zipfile.ZipFile(self.release.archive) as z:
            for name in z.namelist():
                inner = name.split("/", 1)[1]
                if inner.startswith("data/") or inner in ("datapackage.json", "CITATION.cff", "SHA256SUMS"):
                    out[inner] = z.read(name)
        return out

    def request(self, step, state):
        repo = self.owner_name("dataset repository")
        if step == "create_repo":
            owner, name = repo.split("/", 1)
            return Request("POST", f"{self.base}/api/repos/create", json={"type": "dataset", "name": name, "organization": owner, "private": False})
        if step == "commit":
            lines = [{"key": "header", "value": {"summary": f"unhrc-news {self.release.version}", "description": "Release bundle files"}}]
            lines += [{"key": "file", "value": {"path": path, "encoding": "base64", "content": base64.b64encode(data).decode()}}
                      for path, data in sorted(self.uploads().items())]
            body = "\n".join(json.dumps(x) for x in lines).encode()
            return Request("POST", f"{self.base}/api/datasets/{repo}/commit/main", data=body, headers={"Content-Type": "application/x-ndjson"})
        return Request("POST", f"{self.base}/api/datasets/{repo}/tag/{state.get('commit', 'main')}", json={"tag": f"v{self.release.version}", "message": f"unhrc-news {self.release.version}"})

    def learn(self, step, state, response):
        if step == "commit":
            state["commit"] = (response or {}).get("commitOid", "main")
            state["url"] = (response or {}).get("commitUrl", "")

    def done_message(self, state):
        return f"published {self.release.version} to {self.base}/datasets/{self.options.get('repo')} (commit {state.get('commit', '?')})"


@register
class Ckan(Publisher):
    """docs.ckan.org action API. With --owner-org: package_create (private, in the organisation),
    resource_create with the upload for each file, then package_patch private=false to make the
    version public. CKAN keeps private only the datasets of an organisation (it refuses
    private=true without owner_org), so without --owner-org the dataset is created public and
    visible while its files upload: the run says so, the dry run first."""

    service = "ckan"
    token_env = "CKAN_API_KEY"
    default_base = ""
    sandbox_base = "https://demo.ckan.org"
    public_step = "make_public"

    def __init__(self, release, base_url, options):
        super().__init__(release, base_url, options)
        if not self.private():
            self.public_step = "package_create"  # public from its creation

    def private(self) -> bool:
        return bool(self.options.get("owner_org"))

    def warnings(self) -> list[str]:
        if self.private():
            return []
        return ["ckan: no --owner-org: CKAN keeps a dataset private only inside an organisation, so this one is created "
                "public and is visible while its files upload; give --owner-org ORG to upload privately and publish last"]

    def steps(self, state):
        return ["package_create", *[f"resource:{f}" for f in self.files()], *(["make_public"] if self.private() else [])]

    def auth(self, token):
        return {"Authorization": token}

    def request(self, step, state):
        action = f"{self.base}/api/3/action"
        if step == "package_create":
            package = json.loads(self.release.file("metadata/ckan.json").read_text(encoding="utf-8"))
            package = {k: v for k, v in package.items() if k != "resources"}
            package["name"] = f"{package['name']}-{self.release.version.replace('.', '-')}"
            package["private"] = self.private()
            if self.private():
                package["owner_org"] = self.options["owner_org"]
            return Request("POST", f"{action}/package_create", json=package)
        if step.startswith("resource:"):
            name = step.split(":", 1)[1]
            return Request("POST", f"{action}/resource_create", form={"package_id": state.get("id", "<id>"), "name": name},
                           files={"upload": (name, self.release.file(name).read_bytes(), "application/octet-stream")})
        return Request("POST", f"{action}/package_patch", json={"id": state.get("id", "<id>"), "private": False})

    def learn(self, step, state, response):
        if step == "package_create":
            state["id"] = (response or {}).get("result", {}).get("id", "<id>")
            state["name"] = (response or {}).get("result", {}).get("name", "")

    def done_message(self, state):
        return f"published {self.release.version} as {self.base}/dataset/{state.get('name', '?')}"


@register
class GitHub(Publisher):
    """docs.github.com REST API: create a draft release for the tag, upload each asset, then
    turn the draft into a release (the only public step)."""

    service = "github"
    token_env = "GITHUB_TOKEN"
    default_base = "https://api.github.com"
    public_step = "publish"

    def files(self) -> list[str]:
        return [self.release.archive.name, "SHA256SUMS", "CITATION.cff"]

    def steps(self, state):
        return ["create_release", *[f"asset:{f}" for f in self.files()], "publish"]

    def auth(self, token):
        return {"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}

    def request(self, step, state):
        api = f"{self.base}/repos/{self.owner_name('repository')}/releases"
        if step == "create_release":
            return Request("POST", api, json={"tag_name": f"v{self.release.version}", "name": f"unhrc-news {self.release.version}",
                                              "body": self.release.notes[:5000], "draft": True})
        if step.startswith("asset:"):
            name = step.split(":", 1)[1]
            upload = state.get("upload_url", f"{self.base}/uploads/<id>/assets")
            ctype = "application/zip" if name.endswith(".zip") else "text/plain"
            return Request("POST", f"{upload}?name={name}", data=self.release.file(name).read_bytes(), headers={"Content-Type": ctype})
        return Request("PATCH", f"{api}/{state.get('id', '<id>')}", json={"draft": False})

    def learn(self, step, state, response):
        if step == "create_release":
            state["id"] = (response or {}).get("id", "<id>")
            state["upload_url"] = (response or {}).get("upload_url", f"{self.base}/uploads/<id>/assets").split("{")[0]
        if step == "publish":
            state["url"] = (response or {}).get("html_url", "")

    def done_message(self, state):
        return f"published {self.release.version}: {state.get('url', '')}"
