"""What the published package was built from -> the documents the next build must rebuild.

Adding ten articles to a package of thousands should cost about what adding them to a small
package costs. After every publish, build/ledger.json records, for the package just published:

- `inputs`: a fingerprint of everything shared by all documents (schemas/, the actor and event
  registries, the gazetteer, the spaCy model setting and this package's code);
- `descriptor`: the SHA-256 of the published datapackage.json (whose hashes cover every CSV);
- per document: a fingerprint of its own inputs (the article's SHA-256 and its annotation file),
  whether it is reviewed, the candidate actors its machine rows proposed, its machine rows held
  back, and its row counts for the coverage figures;
- the layout of every published CSV: which document owns each row (or none: the registries'
  rows and the actors table), its length in bytes and, for tables not ordered by document,
  its sort key.

The next build compares: when the shared inputs are the same, the published files still match
the descriptor and no document was removed, only the documents whose own inputs changed (plus
every reviewed document, which is cheap and keeps the registry checks and the quality report
whole) go through extract, curate, normalise and screen. The write stage then merges their
rows into the published CSVs byte for byte (merge.py), so the result is exactly what a full
build writes; validate runs every guard on the new rows and the whole-table checks on every
row; the database is updated in place. Anything unexpected (a held-back actor, a failing
guard, a database that is not the published one) makes the build start again in full, so an
incremental build never reports anything a full build would not.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings

Row = dict[str, Any]

NAME = "ledger.json"
FORMAT = 3
FULL_SHARE = 0.5  # when more than this share of documents changed, a full build is as cheap
SHARED_SEEDS = ("actors.yaml", "events.yaml", "gazetteer.yaml")


class FullBuildNeeded(Exception):
    """Raised inside an incremental build when only a full build can be exact; the pipeline
    catches it and starts again in full."""


def inputs_fingerprint(settings: Settings) -> str:
    """SHA-256 over what every document's rows depend on: schemas/, the registries, the model
    setting and the code of this package."""
    h = hashlib.sha256(f"{FORMAT}\0{settings.spacy_model}\0".encode())
    for p in sorted(settings.schemas.rglob("*")):
        if p.is_file():
            h.update(b"schemas/" + p.relative_to(settings.schemas).as_posix().encode() + b"\0" + p.read_bytes())
    for name in SHARED_SEEDS:
        p = settings.seeds / name
        h.update(f"seeds/{name}\0".encode() + (p.read_bytes() if p.exists() else b"-"))
    code = Path(__file__).parent
    for p in sorted(code.rglob("*.py")):
        h.update(p.relative_to(code).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def signature(path: Path) -> list[int] | None:
    """A file -> [size, mtime, ctime (ns), inode]: any write or rename changes it (as git's
    index relies on), or None when there is no such file."""
    try:
        return signature_of(os.lstat(path))
    except OSError:
        return None


def signature_of(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def document_fingerprint(article_sha256: str, annotation: bytes | None) -> str:
    """An article's hash and the part of its annotation file a build reads
    (annotations.read_part) -> the fingerprint of its own inputs."""
    h = hashlib.sha256(article_sha256.encode() + b"\0")
    h.update(b"-" if annotation is None else hashlib.sha256(annotation).digest())
    return h.hexdigest()


@dataclass
class Ledger:
    inputs: str = ""
    descriptor: str = ""
    documents: dict[str, Row] = field(default_factory=dict)
    layout: dict[str, Row] = field(default_factory=dict)
    files: dict[str, list[int] | None] = field(default_factory=dict)  # published CSV -> signature

    def to_json(self) -> str:
        """The ledger without the row-by-row layouts (those go to LAYOUT, as arrays)."""
        layout = {t: entry for t, entry in self.layout.items() if "runs" in entry}
        return json.dumps({"format": FORMAT, "inputs": self.inputs, "descriptor": self.descriptor,
                           "documents": self.documents, "layout": layout, "files": self.files},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


# Tables not ordered by document have one layout entry per row: hundreds of thousands in a
# package of thousands of articles. They are kept as NumPy arrays in an .npz file beside the
# ledger (no pickles), which loads in milliseconds where JSON takes a good part of a second.
LAYOUT = "ledger-layout.npz"
ARRAYS = ("names", "owner", "bytes", "key")


def read(settings: Settings) -> Ledger | None:
    """build/ledger.json and its layout arrays -> Ledger, or None when missing, unreadable, of
    another format, or not written together."""
    import numpy as np

    try:
        data: dict[str, Any] = json.loads((settings.build / NAME).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        layout: dict[str, Row] = dict(data.get("layout") or {})
        with np.load(settings.build / LAYOUT, allow_pickle=False) as arrays:
            if str(arrays["descriptor"]) != data.get("descriptor"):
                return None
            for name in arrays.files:
                if "." in name:
                    table, kind = name.split(".", 1)
                    layout.setdefault(table, {})[kind] = arrays[name]
    except (OSError, ValueError, KeyError):
        return None
    for entry in layout.values():
        if "names" in entry:
            entry["names"] = entry["names"].tolist()
    return Ledger(data.get("inputs", ""), data.get("descriptor", ""), data.get("documents") or {}, layout, data.get("files") or {})


def write(settings: Settings, ledger: Ledger) -> None:
    """Ledger -> build/ledger.json and its layout arrays (the arrays first: the JSON names the
    descriptor both describe, so a ledger interrupted between the two is not used)."""
    import numpy as np

    settings.build.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {"descriptor": np.array(ledger.descriptor)}
    for table, entry in ledger.layout.items():
        if "key" in entry:
            arrays.update({f"{table}.{kind}": np.asarray(entry[kind]) for kind in ARRAYS})
    tmp = settings.build / (LAYOUT + ".tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, settings.build / LAYOUT)
    path = settings.build / NAME
    tmp_json = path.with_name(NAME + ".tmp")
    tmp_json.write_text(ledger.to_json(), encoding="utf-8")
    os.replace(tmp_json, path)


def refresh(settings: Settings, documents: list[str]) -> None:
    """After `add` rewrites the drafts of the articles it just built (adding their proposals),
    record the drafts' new signatures where the part a build reads is unchanged, so the next
    build does not read them again. Only build/ledger.json changes; nothing else is trusted."""
    from .annotations import read_part

    ledger = read(settings)
    if ledger is None:
        return
    for doc in documents:
        entry = ledger.documents.get(doc)
        path = settings.annotations / f"{doc}.yaml"
        if entry is None or not path.exists():
            continue
        part = read_part(path.read_text(encoding="utf-8")).encode("utf-8")
        if document_fingerprint(entry.get("sha256", ""), part) == entry.get("fp"):
            entry["stat"] = [entry["stat"][0], signature(path)]
    path = settings.build / NAME
    tmp = path.with_name(NAME + ".tmp")
    tmp.write_text(ledger.to_json(), encoding="utf-8")
    os.replace(tmp, path)


def forget(settings: Settings) -> None:
    (settings.build / NAME).unlink(missing_ok=True)
    (settings.build / LAYOUT).unlink(missing_ok=True)


@dataclass
class Carry:
    """The plan of an incremental build: the ledger of the published package, the documents
    to rebuild, and the bytes of the published CSVs and descriptor the merge starts from."""

    ledger: Ledger
    dirty: set[str]
    order: list[str]  # every document id, sorted: the published order
    published: Mapping[str, bytes] = field(default_factory=dict)  # table -> CSV bytes, read when asked for
    descriptor: bytes = b""

    @property
    def settled(self) -> list[str]:
        return [d for d in self.order if d not in self.dirty]


def plan(settings: Settings, fingerprints: dict[str, str], say: Callable[[str], None], ledger: Ledger) -> Carry | None:
    """Every document's fingerprint and the ledger of the published package -> a Carry when an
    incremental build can be exact, else None (saying why)."""
    if not settings.descriptor.exists():
        return None
    raw = settings.descriptor.read_bytes()
    if ledger.descriptor != hashlib.sha256(raw).hexdigest():
        say("build: the published package is not the one build/ledger.json describes; building in full")
        return None
    if ledger.inputs != inputs_fingerprint(settings):
        say("build: schemas/, the registries or the code changed since the last build; building every document")
        return None
    removed = set(ledger.documents) - set(fingerprints)
    if removed:
        say(f"build: {len(removed)} article(s) removed since the last build; building every document")
        return None
    dirty = {d for d, fp in fingerprints.items()
             if ledger.documents.get(d, {}).get("fp") != fp or ledger.documents[d].get("reviewed")}
    if len(dirty) > FULL_SHARE * len(fingerprints):
        return None
    published = PublishedFiles()
    for resource in json.loads(raw).get("resources", []):
        path = settings.root / resource.get("path", "")
        # A file whose size, times and inode are those recorded when it was published is the
        # file hashed then, and is read when the merge asks for it; any other is hashed now.
        if ledger.files.get(resource["name"]) == signature(path) and resource["name"] in ledger.layout:
            published.paths[resource["name"]] = (path, ledger.files[resource["name"]])
            continue
        data = path.read_bytes() if path.is_file() else b""
        if resource.get("hash") != "sha256:" + hashlib.sha256(data).hexdigest() or resource["name"] not in ledger.layout:
            say(f"build: {settings.rel(path)} does not match datapackage.json; building in full")
            return None
        published.read[resource["name"]] = data
    return Carry(ledger, dirty, sorted(fingerprints), published, raw)


class PublishedFiles(Mapping[str, bytes]):
    """{table: the published CSV's bytes}, each read when asked for: a large package's tables
    are not all held at once (the merge takes them one at a time). Only stages before publish may
    ask: after it, the files are the new package's."""

    def __init__(self) -> None:
        self.paths: dict[str, tuple[Path, list[int] | None]] = {}  # with the signature recorded at publish
        self.read: dict[str, bytes] = {}  # files hashed when the build was planned

    def __getitem__(self, table: str) -> bytes:
        if table in self.read:
            return self.read[table]
        path, recorded = self.paths[table]
        data = path.read_bytes() if path.is_file() else b""
        if signature(path) != recorded:  # changed since the build was planned: start again in full
            raise FullBuildNeeded(f"{path.name} changed during the build")
        return data

    def __iter__(self) -> Iterator[str]:
        return iter([*self.read, *self.paths])

    def __len__(self) -> int:
        return len(self.read) + len(self.paths)
