"""`unhrc-news add`: article files, saved web pages and manifests -> seeds/, ONE build, and a
review draft and review page per new article.

Inputs, each given on the command line (any mix, any number):
- a plain-text article (`.txt` or any other name): stored byte for byte;
- a saved web page (`.html`, `.htm`): trafilatura extracts the main text, title, date, site name
  and URL; the extracted text is what is stored and what offsets count on, and the page's own
  SHA-256 is recorded as `page_sha256`;
- a manifest (`.csv` or `.jsonl`): one article per row with its own metadata, columns
  `path` (relative to the manifest) or `text`, and optionally `url`, `title`, `publisher`,
  `published_date`, `language`.

Metadata given by a person (command line, manifest) is recorded with basis `supplied`, as is
what a saved page's metadata says; `stated` is kept for what the article text itself names.

Every input is checked before anything changes. A batch is all-or-nothing: one bad input
refuses the call, listing every problem; with `skip_bad` the good ones are added and the bad
ones listed. If the build then fails, the copied articles, checksums and drafts are taken back
out, so a failed `add` leaves the project as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .config import Settings
from .errors import InputError, InputErrors
from .ingest import MAX_CHARACTERS, SUMS, read_sums
from .vocabulary import EARLIEST_PUBLICATION, date_problem

PAGE_SUFFIXES = {".html", ".htm"}
MANIFEST_SUFFIXES = {".csv", ".jsonl"}
MANIFEST_COLUMNS = ("path", "text", "url", "title", "publisher", "published_date", "language")
MIN_WORDS = 20
NEAR_DUPLICATE = 0.9  # share of 5-word shingles two texts must share to be reported as one story


@dataclass
class Source:
    """One article to add: how messages name it, its text and its document metadata."""

    label: str
    text: str
    meta: dict = field(default_factory=dict)


@dataclass
class Added:
    document_id: str
    draft: Path
    page: Path
    held_back: int = 0


@dataclass
class AddResult:
    added: list[Added] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line per refused input (--skip-bad)
    known: list[str] = field(default_factory=list)  # inputs already in the package


# ------------------------------------------------------------------------------ checks

def check_text(label: str, raw: bytes) -> str:
    """Bytes of a candidate article -> its text, or InputError saying why it is not one."""
    if b"\x00" in raw:
        raise InputError(label, "", "the file is binary, not a text article", "give the article as a UTF-8 .txt file or a saved .html page")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"byte {exc.start}", f"the text is not UTF-8 ({exc.reason})", "convert it to UTF-8 first (e.g. `iconv -f cp1252 -t utf-8`)") from None
    return check_words(label, text)


def check_words(label: str, text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(label, "", "the article is empty", "give a file or `text` that holds the article")
    if len(text) > MAX_CHARACTERS:
        raise InputError(label, "", f"the article holds {len(text):,} characters, more than the {MAX_CHARACTERS:,} the extractor reads at once",
                         "check that the file is one article; split a longer text into its parts")
    words = len(text.split())
    if words < MIN_WORDS:
        raise InputError(label, "", f"the article holds only {words} words, too few for a news article", "give the full article text")
    return text


def check_date(label: str, entry: str, value: str, *, force: bool = False) -> str:
    """A publication date as typed -> the same, if it is YYYY-MM-DD, YYYY-MM or YYYY, exists,
    and (unless forced) lies between the UN's founding and today."""
    value = value.strip()
    if not value:
        return ""
    problem = date_problem(value)
    if problem and "calendar" in problem:
        raise InputError(label, entry, f"date {problem}", "check the month and day")
    if problem:
        raise InputError(label, entry, f"date {problem}", "give the publication date at the precision known, e.g. 2025-11-08")
    if value > dt.date.today().isoformat():
        raise InputError(label, entry, f"date {value} is after today", "give the date the article was published")
    if value < EARLIEST_PUBLICATION and not force:
        raise InputError(label, entry, f"date {value} is before {EARLIEST_PUBLICATION}, not a plausible date for news of the UN human-rights system",
                         "correct the date, or pass --force-date if it is right")
    return value


def check_url(label: str, entry: str, value: str) -> str:
    value = value.strip()
    if value and not re.fullmatch(r"https?://\S+", value):
        raise InputError(label, entry, f"url {value!r} is not an http(s) address", "give the article's address, e.g. https://news.example.org/story")
    return value


def _regular_file(label: str, path: Path) -> bytes:
    if path.is_symlink():
        raise InputError(label, "", "the path is a symbolic link", "give the article file itself, not a link to it")
    if not path.exists():
        raise InputError(label, "", "no such file", "give the path of an article (.txt), a saved page (.html) or a manifest (.csv, .jsonl)")
    if not path.is_file():
        raise InputError(label, "", "not a regular file", "give the path of an article file")
    return path.read_bytes()


# ------------------------------------------------------------------------------ readers

def read_page(label: str, raw: bytes) -> tuple[str, dict]:
    """A saved web page -> (main text, {title, date, sitename, url}) via trafilatura.

    The headline, which trafilatura puts on the first line, goes to `title`, not into the text:
    the stored articles hold the body only."""
    import trafilatura

    try:
        html = raw.decode("utf-8")
    except UnicodeDecodeError:
        html = raw.decode("latin-1")  # trafilatura reads the page's own charset declaration
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    meta = doc if isinstance(doc, dict) else {k: getattr(doc, k, None) for k in ("text", "title", "date", "sitename", "url")}
    text = meta.get("text") or ""
    if not text.strip():
        raise InputError(label, "", "no article text could be found in the page", "save the article's own page (not an index or a log-in page), or give its text as .txt")
    title = " ".join((meta.get("title") or "").split())
    lines = text.strip().split("\n")
    if title and lines and " ".join(lines[0].split()) == title:
        lines = lines[1:]
    text = "\n".join(line.rstrip() for line in lines if line.strip()) + "\n"
    found = {"title": title, "date": meta.get("date") or "", "sitename": " ".join((meta.get("sitename") or "").split()), "url": meta.get("url") or ""}
    return text, found


def source_of(label: str, raw: bytes, is_page: bool, given: dict) -> Source:
    """Bytes of an article or saved page + metadata a person gave -> Source with honest bases."""
    page: dict = {}
    page_sha = ""
    if is_page:
        text, page = read_page(label, raw)
        text = check_words(label, text)
        page_sha = hashlib.sha256(raw).hexdigest()
    else:
        text = check_text(label, raw)
    via = given.pop("_via", "the command line")
    notes = []
    publisher, date = given.get("publisher", "").strip(), given.get("published_date", "")
    if publisher:
        notes.append(f"publisher supplied on {via}")
    elif page.get("sitename"):
        publisher = page["sitename"]
        notes.append("publisher from the saved page's site name")
    if date:
        notes.append(f"publication date supplied on {via}")
    elif page.get("date"):
        date = check_date(label, "the page's date", page["date"][:10], force=bool(given.get("_force")))
        notes.append("publication date from the saved page's metadata")
    meta = {
        "publisher": publisher, "publisher_basis": "supplied" if publisher else "unknown",
        "published_date": date, "published_date_basis": "supplied" if date else "unknown",
        "url": given.get("url") or (page["url"] if re.fullmatch(r"https?://\S+", page.get("url", "")) else ""),
        "title": " ".join((given.get("title") or page.get("title", "")).split()),
        "page_sha256": page_sha,
        "text_quality": "clean",
        "notes": ("; ".join(notes) + "; not read from the article text.") if notes else "",
    }
    if is_page:
        meta["notes"] = (meta["notes"] + " " if meta["notes"] else "") + "Text extracted from a saved web page with trafilatura."
    return Source(label, text, meta)


def _given(label: str, entry: str, values: dict, via: str) -> dict:
    """Metadata a person typed -> checked values."""
    language = (values.get("language") or "").strip()
    if language and language.lower() not in ("en", "eng", "english"):
        raise InputError(label, entry, f"language {language!r} is not English", "only English articles can be added (documents.language allows `en`)")
    return {
        "publisher": " ".join((values.get("publisher") or "").split()),
        "published_date": check_date(label, entry or "--date", values.get("published_date") or "", force=bool(values.get("_force"))),
        "url": check_url(label, entry or "--url", values.get("url") or ""),
        "title": " ".join((values.get("title") or "").split()),
        "_via": via,
        "_force": bool(values.get("_force")),
    }


def manifest_rows(path: Path) -> list[tuple[str, dict]]:
    """A .csv or .jsonl manifest -> [(entry name, {column: value})], columns audited."""
    label = str(path)
    raw = _regular_file(label, path)
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"byte {exc.start}", "the manifest is not UTF-8", "save it as UTF-8") from None
    rows: list[tuple[str, dict]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(content))
        unknown = [c for c in reader.fieldnames or [] if c not in MANIFEST_COLUMNS and c != "date"]
        if unknown:
            raise InputError(label, "header", f"unknown column(s) {', '.join(map(repr, unknown))}", f"use only: {', '.join(MANIFEST_COLUMNS)}")
        for n, row in enumerate(reader, 2):
            if None in row:
                raise InputError(label, f"line {n}", "more cells than columns", "quote cells that contain commas")
            rows.append((f"line {n}", {k: (v or "") for k, v in row.items()}))
    else:
        for n, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(label, f"line {n}", f"not a JSON object ({exc.msg})", "write one JSON object per line") from None
            if not isinstance(row, dict):
                raise InputError(label, f"line {n}", "not a JSON object", "write one JSON object per line, e.g. {\"path\": \"a.txt\", \"publisher\": \"...\"}")
            unknown = [k for k in row if k not in MANIFEST_COLUMNS and k != "date"]
            if unknown:
                raise InputError(label, f"line {n}", f"unknown key(s) {', '.join(map(repr, unknown))}", f"use only: {', '.join(MANIFEST_COLUMNS)}")
            bad = [k for k, v in row.items() if v is not None and not isinstance(v, str)]
            if bad:
                raise InputError(label, f"line {n}", f"{', '.join(bad)} must be text", "quote every value, e.g. \"published_date\": \"2025-11-08\"")
            rows.append((f"line {n}", {k: (v or "") for k, v in row.items()}))
    if not rows:
        raise InputError(label, "", "the manifest lists no articles", "give one row per article")
    return rows


def manifest_sources(path: Path, defaults: dict) -> tuple[list[Source], list[InputError]]:
    """A manifest -> (sources, problems with single rows). A manifest that cannot be read at all
    raises instead."""
    sources, problems = [], []
    for entry, row in manifest_rows(path):
        label = f"{path}"
        try:
            if "date" in row:
                if row.get("published_date"):
                    raise InputError(label, entry, "both `date` and `published_date` are given", "keep `published_date`")
                row["published_date"] = row.pop("date")
            given = _given(label, entry, {**{k: row.get(k) or defaults.get(k, "") for k in ("publisher", "published_date", "url", "title", "language")},
                                          "_force": defaults.get("_force")}, "the manifest")
            has_path, has_text = bool(row.get("path", "").strip()), bool(row.get("text", "").strip())
            if has_path == has_text:
                raise InputError(label, entry, "give exactly one of `path` and `text`", "point `path` at the article file (relative to the manifest), or put the article in `text`")
            if has_path:
                target = Path(row["path"].strip())
                target = target if target.is_absolute() else path.parent / target
                raw = _regular_file(f"{label}: {entry}: {row['path'].strip()}", target)
                source = source_of(f"{label}: {entry}", raw, target.suffix.lower() in PAGE_SUFFIXES, given)
            else:
                source = source_of(f"{label}: {entry}", row["text"].encode("utf-8"), False, given)
            sources.append(source)
        except InputError as exc:
            problems.append(exc)
    return sources, problems


def gather(paths: list[Path], defaults: dict) -> tuple[list[Source], list[InputError]]:
    """Command-line inputs -> (sources in input order, every problem found)."""
    sources: list[Source] = []
    problems: list[InputError] = []
    for path in paths:
        label = str(path)
        try:
            if path.suffix.lower() in MANIFEST_SUFFIXES:
                more, bad = manifest_sources(path, defaults)
                sources += more
                problems += bad
                continue
            given = _given(label, "", dict(defaults), "the command line")
            sources.append(source_of(label, _regular_file(label, path), path.suffix.lower() in PAGE_SUFFIXES, given))
        except InputError as exc:
            problems.append(exc)
    return sources, problems


# ------------------------------------------------------------------------------ add

def add_articles(paths: list[Path], settings: Settings, *, publisher: str = "", date: str = "", url: str = "", title: str = "",
                 skip_bad: bool = False, force_date: bool = False, say: Callable[[str], None] = lambda m: None) -> AddResult:
    """Inputs -> AddResult: every new article copied into seeds/, one build, drafts and pages.

    Raises InputErrors (every problem, one line each) when an input is bad and skip_bad is off;
    nothing changes then. Holds the project's build lock throughout: two `add`s, or an `add`
    and a build, never interleave."""
    from .lock import project_lock

    with project_lock(settings, "add"):
        return _add(paths, settings, publisher=publisher, date=date, url=url, title=title, skip_bad=skip_bad, force_date=force_date, say=say)


def _add(paths: list[Path], settings: Settings, *, publisher: str, date: str, url: str, title: str, skip_bad: bool, force_date: bool,
         say: Callable[[str], None]) -> AddResult:
    defaults = {"publisher": publisher, "published_date": date, "url": url, "title": title, "_force": force_date}
    _given("command line", "", dict(defaults), "the command line")  # a bad --date refuses the call
    sources, problems = gather(paths, defaults)
    result = AddResult(skipped=[str(p) for p in problems])
    if problems and not skip_bad:
        raise InputErrors(problems)
    sums_path = settings.articles / SUMS
    sums = read_sums(sums_path, settings.rel(sums_path))
    known = {digest: name for name, digest in sums.items()}
    numbers = [int(m[1]) for name in sums if (m := re.match(r"(\d{3,})_", name))]
    next_number = max(numbers, default=-1) + 1
    new: list[tuple[str, bytes, Source]] = []
    for source in sources:
        raw = source.text.encode("utf-8")
        digest = hashlib.sha256(raw).hexdigest()
        if digest in known:
            result.known.append(f"{source.label}: already in the package as {Path(known[digest]).stem}; nothing to do")
            say(result.known[-1])
            continue
        doc_id = f"{next_number:03d}_{digest[:16]}"
        known[digest] = f"{doc_id}.txt"
        next_number += 1
        new.append((doc_id, raw, source))
    if not new:
        return result
    for line in near_duplicates(settings, [(doc_id, raw.decode("utf-8"), source.label) for doc_id, raw, source in new]):
        result.known.append(line)
        say(line)

    from .pipeline import build

    old_sums = sums_path.read_bytes()
    written: list[Path] = []
    try:
        for doc_id, raw, source in new:
            target = settings.articles / f"{doc_id}.txt"
            target.write_bytes(raw)
            written.append(target)
            draft = settings.annotations / f"{doc_id}.yaml"
            draft.parent.mkdir(parents=True, exist_ok=True)
            draft.write_text(_meta_only(doc_id, source.meta), encoding="utf-8")
            written.append(draft)
        with open(sums_path, "ab") as fh:
            for doc_id, raw, _ in new:
                fh.write(f"{hashlib.sha256(raw).hexdigest()}  {doc_id}.txt\n".encode())
        say(f"add: {len(new)} new article(s); building once")
        state = build(settings, say=say)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        sums_path.write_bytes(old_sums)
        raise
    from .review import write_review

    held: dict[str, list[dict]] = {}
    for h in state.held_back:
        held.setdefault(h["document_id"], []).append(h)
    for doc_id, raw, source in new:
        text = raw.decode("utf-8")  # the article as ingest read it (the build lets the texts go after validate)
        draft, page = write_review(settings, doc_id, text, state.machine[doc_id], source.meta, held.get(doc_id, []))
        result.added.append(Added(doc_id, draft, page, len(held.get(doc_id, []))))
        extra = f"; {len(held[doc_id])} machine row(s) held back, listed in the draft" if doc_id in held else ""
        say(f"added {doc_id} ({source.label}): review draft {settings.rel(draft)}, review page {settings.rel(page)}{extra}")
    from . import ledger

    ledger.refresh(settings, [doc_id for doc_id, _, _ in new])
    return result


def _shingles(text: str, n: int = 5) -> set[int]:
    """A text -> CRC-32s of its runs of n words (lower-cased): stable across processes."""
    words = re.findall(r"\w+", text.lower())
    return {zlib.crc32(" ".join(words[i:i + n]).encode("utf-8")) for i in range(max(1, len(words) - n + 1))}


# MinHash with locality-sensitive hashing: 20 hash functions in 5 bands of 4. Two texts that
# share 90% of their shingles land in one band's bucket with probability above 99%; texts that
# merely share a few sentences almost never do. Only bucket-mates are compared exactly, so
# finding near-duplicates costs about the same per article whatever the size of the package.
_PRIME = 4294967311  # a prime above 2**32
_RNG = __import__("random").Random(20261126)
_A = [_RNG.randrange(1, 2**31) for _ in range(20)]
_B = [_RNG.randrange(0, 2**32) for _ in range(20)]
_BANDS, _ROWS = 5, 4


def _signature(shingles: set[int]) -> np.ndarray:
    """Shingles -> their 20 MinHash values (5 bands of 4)."""
    h = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    a = np.array(_A, dtype=np.uint64)[:, None]
    b = np.array(_B, dtype=np.uint64)[:, None]
    return ((a * h[None, :] + b) % np.uint64(_PRIME)).min(axis=1)


SKETCH_AGREEMENT = 12  # of the 20 MinHash values
SKETCHES = "sketches.npz"  # under build/cache/: article names and their MinHash values


def near_duplicates(settings: Settings, new: list[tuple[str, str, str]]) -> list[str]:
    """New articles -> a note for each that is nearly the text of an article already in the
    package or earlier in the batch (same story, a few characters apart: >= 90% of 5-word runs
    shared). Every article's MinHash values are kept in build/cache/sketches.npz (article file
    names carry their hash, so an entry never goes stale); a candidate shares all four values of
    some band with the new article and at least 12 of the 20 (a 90% share does so almost
    surely), and only candidates are read and compared exactly. The comparison with every
    article is one array operation, so a package of thousands costs milliseconds."""
    cache_path = settings.build / "cache" / SKETCHES
    cached: dict[str, np.ndarray] = {}
    try:
        with np.load(cache_path, allow_pickle=False) as data:
            cached = dict(zip(data["names"].tolist(), data["mins"], strict=True))
    except (OSError, ValueError, KeyError):
        pass
    names = sorted(n[:-4] for n in os.listdir(settings.articles) if n.endswith(".txt") and not n.startswith("."))
    mins = np.empty((len(names) + len(new), _BANDS * _ROWS), dtype=np.uint64)
    changed = set(cached) != set(names)
    for i, name in enumerate(names):
        if name not in cached:
            cached[name] = _signature(_shingles((settings.articles / f"{name}.txt").read_text(encoding="utf-8")))
        mins[i] = cached[name]
    fresh: dict[str, set[int]] = {}

    def shingles_of(name: str) -> set[int]:
        if name not in fresh:
            fresh[name] = _shingles((settings.articles / f"{name}.txt").read_text(encoding="utf-8"))
        return fresh[name]

    notes = []
    count = len(names)
    for doc_id, text, label in new:
        fresh[doc_id] = _shingles(text)
        mine = _signature(fresh[doc_id])
        equal = mins[:count] == mine
        band_hit = equal.reshape(count, _BANDS, _ROWS).all(axis=2).any(axis=1)
        for i in map(int, np.flatnonzero(band_hit & (equal.sum(axis=1) >= SKETCH_AGREEMENT))):
            other = names[i]
            theirs = shingles_of(other)
            share = len(fresh[doc_id] & theirs) / max(1, len(fresh[doc_id] | theirs))
            if share >= NEAR_DUPLICATE:
                notes.append(f"note: {label} is nearly the text of {other} ({share:.0%} of its 5-word runs are shared); "
                             f"added as {doc_id} all the same: remove one of the two if they are the same article")
                break
        mins[count] = mine
        names.append(doc_id)
        count += 1
        changed = True
    if changed:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_name(SKETCHES + ".tmp.npz")
        np.savez(tmp, names=np.array(names, dtype=str), mins=mins[:count])
        os.replace(tmp, cache_path)
    return notes


def _meta_only(doc_id: str, meta: dict) -> str:
    from .review import document_block

    return f"# Review draft for seeds/articles/{doc_id}.txt (being built)\nstatus: draft\n{document_block(meta)}\n"
