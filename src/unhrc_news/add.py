"""`unhrc-news add`: new article files -> seeds/, a build, a review draft and a review page.

Every file is checked before anything changes; if the build then fails, the copied articles,
checksums and drafts are taken back out, so a failed `add` leaves the project as it was.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .annotations import DATE_FORMS
from .config import Settings
from .errors import InputError
from .ingest import SUMS, read_sums


@dataclass
class Added:
    document_id: str
    draft: Path
    page: Path


def check_article(path: Path) -> bytes:
    """A candidate file -> its bytes, or InputError saying why it is not an article."""
    if not path.is_file():
        raise InputError(str(path), "", "no such file", "give the path of a plain-text article")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(str(path), "", "the file is binary, not a text article", "give the article as a UTF-8 .txt file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"byte {exc.start}", f"the file is not UTF-8 ({exc.reason})", "convert it to UTF-8 first (e.g. `iconv -f cp1252 -t utf-8`)") from None
    if not text.strip():
        raise InputError(str(path), "", "the file is empty", "give a file that holds the article text")
    if len(text.split()) < 20:
        raise InputError(str(path), "", f"the file holds only {len(text.split())} words, too few for a news article", "give the full article text")
    return raw


def add_articles(paths: list[Path], settings: Settings, *, publisher: str = "", date: str = "",
                 say: Callable[[str], None] = lambda m: None) -> list[Added]:
    """Article files -> added documents (nothing for files already in the package)."""
    if date and not any(p.match(date) for p in DATE_FORMS.values()):
        raise InputError("--date", date, "not YYYY-MM-DD, YYYY-MM or YYYY", "give the publication date at the precision known")
    sums_path = settings.articles / SUMS
    sums = read_sums(sums_path, settings.rel(sums_path))
    known = {digest: name for name, digest in sums.items()}
    numbers = [int(m[1]) for name in sums if (m := re.match(r"(\d{3,})_", name))]
    next_number = max(numbers, default=-1) + 1
    new: list[tuple[str, bytes]] = []
    raws = [(Path(p), check_article(Path(p))) for p in paths]  # refuse a bad file before changing anything
    for path, raw in raws:
        digest = hashlib.sha256(raw).hexdigest()
        if digest in known:
            say(f"{path}: already in the package as {Path(known[digest]).stem}; nothing to do")
            continue
        doc_id = f"{next_number:03d}_{digest[:16]}"
        known[digest] = f"{doc_id}.txt"
        next_number += 1
        new.append((doc_id, raw))
    if not new:
        return []

    from .pipeline import build

    meta = {
        "publisher": publisher, "publisher_basis": "stated" if publisher else "unknown",
        "published_date": date, "published_date_basis": "stated" if date else "unknown",
        "text_quality": "clean",
        "notes": "Publisher and date given to `unhrc-news add` from the source page." if (publisher or date) else "",
    }
    old_sums = sums_path.read_bytes()
    written: list[Path] = []
    try:
        for doc_id, raw in new:
            target = settings.articles / f"{doc_id}.txt"
            target.write_bytes(raw)
            written.append(target)
            draft = settings.annotations / f"{doc_id}.yaml"
            draft.parent.mkdir(parents=True, exist_ok=True)
            draft.write_text(_meta_only(doc_id, meta), encoding="utf-8")
            written.append(draft)
        with open(sums_path, "ab") as fh:
            for doc_id, raw in new:
                fh.write(f"{hashlib.sha256(raw).hexdigest()}  {doc_id}.txt\n".encode())
        state = build(settings, say=say)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        sums_path.write_bytes(old_sums)
        raise
    from .nlp import load
    from .review import write_review

    nlp = load(settings.spacy_model)
    added = []
    for doc_id, _ in new:
        text = state.articles[doc_id].text
        draft, page = write_review(settings, doc_id, text, state.machine[doc_id], meta, nlp)
        added.append(Added(doc_id, draft, page))
        say(f"added {doc_id}: review draft {settings.rel(draft)}, review page {settings.rel(page)}")
    return added


def _meta_only(doc_id: str, meta: dict) -> str:
    from .review import _y

    body = "\n".join(f"  {k}: {_y(v)}" for k, v in meta.items())
    return f"# Review draft for seeds/articles/{doc_id}.txt (being built)\nstatus: draft\ndocument:\n{body}\n"
