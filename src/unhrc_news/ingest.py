"""Stage 1, ingest: seeds/ -> verified article texts, registries, annotations, document rows.

Articles are read as bytes, checked against seeds/articles/SHA256SUMS and decoded as strict
UTF-8; anything else stops the build with a message naming the file and the fix.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from . import ledger, schemas
from .annotations import DocumentMeta, read_actors, read_annotation, read_events, read_part
from .errors import InputError
from .state import Article, BuildState
from .vocabulary import precision_of

SUMS = "SHA256SUMS"
MAX_CHARACTERS = 1_000_000  # spaCy's max_length: what the extractor reads in one piece
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def read_sums(path: Path, rel: str) -> dict[str, str]:
    """SHA256SUMS (sha256sum format) -> {file name: hex digest}."""
    if not path.exists():
        raise InputError(rel, "", "the checksum file is missing", "recreate it with `cd seeds/articles && sha256sum *.txt > SHA256SUMS`")
    sums: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([0-9a-f]{64}) [ *](\S+)", line.strip())
        if not m:
            raise InputError(rel, f"line {n}", "not a `<sha256>  <file>` line", "regenerate the line with `sha256sum <file>`")
        if m[2] in sums:
            raise InputError(rel, f"line {n}", f"{m[2]} is listed twice", "keep one line per article")
        sums[m[2]] = m[1]
    return sums


def read_article(path: Path, rel: str, expected: str) -> Article:
    """One article file -> Article, refusing links, changed, non-UTF-8, empty or oversized text."""
    try:
        regular = stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        regular = False
    if not regular:
        raise InputError(rel, "", "the article is a link or not a regular file", "put the article's own text in seeds/articles/ with `unhrc-news add`")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected:
        raise InputError(
            rel, "sha256",
            f"the article has changed: its SHA-256 is {digest[:12]}…, SHA256SUMS says {expected[:12]}…",
            "restore the original text (articles are kept verbatim); a new version of an article is a new article, added with `unhrc-news add`",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(rel, f"byte {exc.start}", f"the article is not UTF-8 ({exc.reason})", "convert it to UTF-8 (e.g. `iconv -f cp1252 -t utf-8`) and update SHA256SUMS") from None
    if text.startswith("\ufeff"):
        raise InputError(rel, "byte 0", "the article starts with a byte-order mark", "save it as UTF-8 without BOM")
    if not text.strip():
        raise InputError(rel, "", "the article is empty", "remove the file and its SHA256SUMS line, or put the article text in it")
    if len(text) > MAX_CHARACTERS:
        raise InputError(rel, "", f"the article holds {len(text):,} characters, more than the {MAX_CHARACTERS:,} the extractor reads at once",
                         "split it into its parts, each added as an article")
    return Article(path.stem, path, rel, text, digest)


def document_row(make: schemas.RowMaker, article: Article, meta: DocumentMeta, reviewed: bool) -> dict[str, Any]:
    """An article and what its annotation says of it -> its documents row."""
    date = meta.published_date
    precision = precision_of(date)
    return make("documents", {
        "document_id": article.document_id,
        "seed_path": article.rel,
        "sha256": article.sha256,
        "characters": len(article.text),
        "words": len(article.text.split()),
        "publisher": meta.publisher,
        "publisher_basis": meta.publisher_basis,
        "published_date": date,
        "published_date_precision": precision,
        "published_date_basis": meta.published_date_basis,
        "url": meta.url,
        "title": meta.title,
        "page_sha256": meta.page_sha256,
        "language": "en",
        "text_quality": meta.text_quality,
        "review_status": "reviewed" if reviewed else "unreviewed",
        "notes": meta.notes,
    })


def _listing(folder: Path, suffix: str) -> dict[str, list[int] | None]:
    """A folder -> {file name: signature (ledger.signature)} for its files ending in suffix,
    sorted by name (links and other non-regular files included: read_article refuses them)."""
    if not folder.is_dir():
        return {}
    with os.scandir(folder) as entries:
        found = {e.name: ledger.signature_of(e.stat(follow_symlinks=False)) for e in entries
                 if e.name.endswith(suffix) and not e.name.startswith(".")}  # as glob("*"): no hidden files
    return dict(sorted(found.items()))


def _read_part(path: Path) -> bytes:
    """An annotation file -> the bytes of the part a build reads (annotations.read_part)."""
    raw = path.read_bytes()
    try:
        return read_part(raw.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return raw  # refused with its message when it is parsed


def run(state: BuildState) -> None:
    """Fill state.articles, actors, events, annotations and documents from seeds/."""
    s = state.settings
    sums_path = s.articles / SUMS
    sums = read_sums(sums_path, s.rel(sums_path))
    # Files listed with os.scandir, which hands over each file's signature with its name: at
    # thousands of articles, pathlib objects and separate stat calls cost more than the reading.
    listed = _listing(s.articles, ".txt")
    names = set(listed)
    articles_rel = s.rel(s.articles)
    for name in listed:
        if name not in sums:
            raise InputError(f"{articles_rel}/{name}", "", "the article is not listed in SHA256SUMS", "add it with `unhrc-news add`, or append `sha256sum` output for it to seeds/articles/SHA256SUMS")
        if not DOC_ID.match(name[:-4]):
            raise InputError(f"{articles_rel}/{name}", "", f"the file stem {name[:-4]!r} cannot be a document id", "rename it to lowercase letters, digits, '_' and '-'")
    for name in sorted(sums):
        if name not in names:
            raise InputError(s.rel(sums_path), name, "listed in SHA256SUMS but the file is missing", "restore the article or remove its line")
    if not listed:
        raise InputError(s.rel(s.articles), "", "there are no articles", "add articles with `unhrc-news add PATH`")

    actors_path = s.seeds / "actors.yaml"
    state.actors = read_actors(actors_path, s.rel(actors_path), s.schemas)
    events_path = s.seeds / "events.yaml"
    state.events = read_events(events_path, s.rel(events_path), s.schemas, state.actors)
    annotated = {name[:-5]: sig for name, sig in _listing(s.annotations, ".yaml").items()}
    for doc in annotated:
        if f"{doc}.txt" not in names:
            raise InputError(s.rel(s.annotations / f"{doc}.yaml"), "", f"no article {doc}.txt in seeds/articles", "rename the file after its article, or remove it")

    # Each article's fingerprint: from the ledger when its files' size, times and inode are
    # the ones recorded there (as git's index does; any write changes ctime), else read and
    # hashed. Every article a build rebuilds is read and checked against SHA256SUMS.
    previous = ledger.read(s) if state.incremental and not s.full_build else None
    recorded = previous.documents if previous is not None else {}
    articles: dict[str, Article] = {}

    def read(name: str) -> Article:
        return read_article(s.articles / name, f"{articles_rel}/{name}", sums[name])

    for name, sig in listed.items():
        doc = name[:-4]
        state.stats[doc] = [sig, annotated.get(doc)]
        state.hashes[doc] = sums[name]
        entry = recorded.get(doc, {})
        if entry.get("stat") == state.stats[doc] and entry.get("sha256") == sums[name]:
            state.fingerprints[doc] = entry["fp"]
            continue
        articles[doc] = read(name)
        state.fingerprints[doc] = ledger.document_fingerprint(sums[name], _read_part(s.annotations / f"{doc}.yaml") if doc in annotated else None)
    state.inputs = ledger.inputs_fingerprint(s)
    state.carry = ledger.plan(s, state.fingerprints, state.say, previous) if previous is not None else None
    todo = state.carry.dirty if state.carry is not None else set(state.fingerprints)
    for doc in sorted(todo - set(articles)):
        articles[doc] = read(f"{doc}.txt")
    # An incremental build parses and rebuilds only the articles in its plan.
    state.articles = {doc: articles[doc] for doc in sorted(articles) if doc in todo}
    for doc in sorted(todo & set(annotated)):
        p = s.annotations / f"{doc}.yaml"
        found = read_annotation(p, s.rel(p), s.schemas, state.actors, state.events)
        if found.status == "reviewed":
            state.annotations[doc] = found
        else:
            state.drafts[doc] = found
    make = schemas.RowMaker(s.schemas)
    for doc_id, art in state.articles.items():
        meta = state.annotations.get(doc_id) or state.drafts.get(doc_id)
        state.documents.append(document_row(make, art, meta.document if meta else DocumentMeta(), doc_id in state.annotations))
    reviewed = len(state.annotations)
    scope = ""
    if state.carry is not None:
        reviewed += sum(1 for d in state.carry.settled if recorded[d].get("reviewed"))
        scope = f"; rebuilding {len(todo)} (new, changed or reviewed), the rest as published"
    state.say(f"ingest: {len(state.fingerprints)} articles ({reviewed} reviewed), {len(state.actors)} actors, {len(state.events)} events{scope}")
