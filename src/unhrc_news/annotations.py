"""Read the reviewed inputs in seeds/ (actor registry, event registry, one annotation file
per article) into plain records, checking every key and value as it goes.

Every problem raises InputError naming the file, the entry and the fix. Keys are popped and
audited, so a misspelt key is an error rather than silently ignored.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import schemas
from .errors import InputError
from .spans import Locator
from .vocabulary import date_problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same safe subset, ~10x faster


class Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe YAML without implicit timestamps: an unquoted `date: 2017-02-30` stays the text the
    person wrote, so the calendar check can name the entry instead of YAML raising."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


MAX_YAML_BYTES = 5_000_000  # an annotation file of a long article is well under 1 MB
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)
STATUS_LINE = re.compile(r"^status:\s*[\"']?(\w+)", re.M)


def parse_yaml(text: str, rel: str) -> Any:
    """YAML text -> Python data; syntax errors name the line and column.

    Hostile input is refused before any value is built: files over MAX_YAML_BYTES, and any
    alias (`*name`), which could expand a few lines into gigabytes; the files here never need one."""
    if len(text) > MAX_YAML_BYTES:
        raise InputError(rel, "", f"the file holds {len(text):,} characters, more than the {MAX_YAML_BYTES:,} an annotation file may",
                         "split the work or remove what is not an annotation")
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
                raise InputError(rel, where, "a YAML alias (*name) is not allowed here",
                                 "write the value out in full; annotation files use no anchors or aliases")
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise InputError(rel, where, f"YAML syntax error: {exc.problem}", "correct the YAML at that line (quote text that contains ': ' or starts with a quote mark)") from None


def read_text(path: Path, rel: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(rel, f"byte {exc.start}", "the file is not UTF-8", "save it as UTF-8") from None


def read_yaml(path: Path, rel: str) -> Any:
    """YAML file -> Python data; syntax errors name the line and column."""
    return parse_yaml(read_text(path, rel), rel)


def annotation_status(text: str) -> str:
    """An annotation file's text -> `draft` or `reviewed`, from its `status:` line alone."""
    m = STATUS_LINE.search(text)
    return m[1] if m else "reviewed"


def draft_head(text: str) -> str:
    """A draft's text -> only its `status:` and `document:` blocks. A draft's records are
    proposals still under review and never read, and a package holds thousands of drafts:
    parsing only the head keeps ingest from growing with their size."""
    for m in TOP_KEY.finditer(text):
        if m[1] not in ("status", "document"):
            return text[: m.start()]
    return text


def read_part(text: str) -> str:
    """An annotation file's text -> the part a build reads: all of a reviewed annotation; a
    draft's head without its comment lines (a comment at column 0 is never YAML content), so
    that rewriting a draft's proposals or its header comment does not count as a change."""
    if annotation_status(text) != "draft":
        return text
    return "".join(line for line in draft_head(text).splitlines(keepends=True) if line.strip() and not line.startswith("#"))


def scalar(value: Any) -> str:
    """A YAML scalar -> text. Unquoted dates and numbers come back as the text written."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def preview(text: Any, width: int = 40) -> str:
    """A value -> a short quoted preview for messages; never renders a large structure."""
    if not isinstance(text, (str, int, float)):
        return f"<a {type(text).__name__}>"
    text = " ".join(str(text).split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass
class Entry:
    """One mapping from a YAML list, popped key by key; `done()` rejects leftovers."""

    rel: str
    name: str
    data: dict

    def pop(self, key: str, *, required: bool = False, default: Any = None) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                raise InputError(self.rel, self.name, f"the required key `{key}` is missing", f"add `{key}:` to this entry")
            self.data.pop(key, None)
            return default
        return self.data.pop(key)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.pop(key, required=required)
        if isinstance(value, (list, dict)):
            raise InputError(self.rel, self.name, f"`{key}` must be a single value, not a {type(value).__name__}", f"write `{key}: <text>`")
        out = scalar(value)
        if required and not out.strip():
            raise InputError(self.rel, self.name, f"`{key}` is empty", f"give a value for `{key}`")
        return out

    def choice(self, key: str, allowed: list[str], *, required: bool = False, default: str = "") -> str:
        value = self.text(key, required=required) or default
        if value and value not in allowed:
            raise InputError(self.rel, self.name, f"`{key}: {value}` is not an allowed value", f"use one of: {', '.join(allowed)}")
        return value

    def locator(self, *, word_boundary: bool) -> Locator:
        text = self.text("text", required=True)
        occurrence = self.pop("occurrence")
        context = self.pop("context")
        every = self.pop("occurrences")
        if every is not None and every != "all":
            raise InputError(self.rel, self.name, f"`occurrences: {every}` is not understood", "write `occurrences: all`, or `occurrence: N` for the N-th")
        given = [k for k, v in (("occurrence", occurrence), ("context", context), ("occurrences", every)) if v is not None]
        if len(given) > 1:
            raise InputError(self.rel, self.name, f"{' and '.join(given)} are both given", "keep one disambiguator")
        if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1):
            raise InputError(self.rel, self.name, f"`occurrence: {occurrence}` is not a positive whole number", "count occurrences from 1")
        return Locator(text, occurrence, scalar(context) if context is not None else None, every == "all", word_boundary)

    def new_id(self, seen: dict, what: str, fix_duplicate: str) -> str:
        """The entry's `id`, refused unless it is a slug not in `seen`."""
        value = self.text("id", required=True)
        if not SLUG.match(value):
            raise InputError(self.rel, self.name, f"id {value!r} is not a lowercase slug", "use lowercase letters, digits and single hyphens, e.g. `un-human-rights-council`")
        if value in seen:
            raise InputError(self.rel, self.name, f"duplicate {what} id {value!r}", fix_duplicate)
        return value

    def done(self) -> None:
        if self.data:
            extra = ", ".join(f"`{k}`" for k in sorted(map(str, self.data)))
            raise InputError(self.rel, self.name, f"unknown key(s) {extra}", "remove or correct them (see the comment block at the top of the file and docs/annotation-guide.md)")


def entries(rel: str, section: str, items: Any, label: str = "text") -> list[Entry]:
    """A YAML list of mappings -> Entries named like `quotes[2] ('I asked him…')`."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise InputError(rel, section, f"`{section}` must be a list, not a {type(items).__name__}", f"write each item as `- key: value` under `{section}:`")
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputError(rel, f"{section}[{i}]", "this item is not a mapping", "write it as `- key: value, ...`")
        hint = item.get(label) or item.get("id") or ""
        out.append(Entry(rel, f"{section}[{i}] ({preview(hint)})" if hint else f"{section}[{i}]", dict(item)))
    return out


def top_level(rel: str, data: Any, allowed: set[str]) -> dict:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(rel, "", "the file must hold a mapping at the top level", f"start it with one of: {', '.join(sorted(allowed))}")
    extra = set(map(str, data)) - allowed
    if extra:
        raise InputError(rel, "", f"unknown top-level key(s) {', '.join(sorted(extra))}", f"use only: {', '.join(sorted(allowed))}")
    return data


# ---------------------------------------------------------------- registries

@dataclass
class Actor:
    id: str
    name: str
    type: str
    country: str
    parent: str
    wikidata: str
    aliases: list[str]
    notes: str


def read_non_actors(path: Path, rel: str) -> dict[str, str]:
    """seeds/actors.yaml `non_actors` -> {name: reason}: names never to propose as actors."""
    data = top_level(rel, read_yaml(path, rel), {"actors", "non_actors"})
    out: dict[str, str] = {}
    for e in entries(rel, "non_actors", data.get("non_actors"), label="name"):
        out[e.text("name", required=True)] = e.text("reason", required=True)
        e.done()
    return out


def read_actors(path: Path, rel: str, schema_dir: Path) -> dict[str, Actor]:
    """seeds/actors.yaml -> {actor_id: Actor}; ids unique, parents known, codes well-formed."""
    data = top_level(rel, read_yaml(path, rel), {"actors", "non_actors"})
    types = schemas.enum(schema_dir, "actors", "actor_type")
    actors: dict[str, Actor] = {}
    for e in entries(rel, "actors", data.get("actors"), label="id"):
        aid = e.new_id(actors, "actor", "give each actor one entry; merge the two or rename one")
        aliases = e.pop("aliases", default=[])
        if not isinstance(aliases, list):
            raise InputError(rel, e.name, "`aliases` must be a list", "write `aliases: [name, other name]`")
        actor = Actor(
            id=aid,
            name=e.text("name", required=True),
            type=e.choice("type", types, required=True),
            country=e.text("country"),
            parent=e.text("parent"),
            wikidata=e.text("wikidata"),
            aliases=[scalar(a) for a in aliases],
            notes=e.text("notes"),
        )
        e.done()
        if actor.country and not re.fullmatch(r"[A-Z]{3}", actor.country):
            raise InputError(rel, e.name, f"country {actor.country!r} is not an ISO 3166-1 alpha-3 code", "use three capital letters, e.g. USA, GBR, PSE")
        if actor.wikidata and not re.fullmatch(r"Q[1-9]\d*", actor.wikidata):
            raise InputError(rel, e.name, f"wikidata {actor.wikidata!r} is not a QID", "write it as Q followed by digits, or leave it out when unsure")
        actors[aid] = actor
    for a in actors.values():
        if a.parent and a.parent not in actors:
            raise InputError(rel, f"actors ({a.id!r})", f"unknown parent actor id {a.parent!r}", "add that actor to the registry or correct the id")
    return actors


@dataclass
class Event:
    id: str
    type: str
    plover: str
    date: str
    date_start: str
    date_end: str
    date_text: str
    status: str
    summary: str
    actors: list[tuple[str, str]]


def read_events(path: Path, rel: str, schema_dir: Path, actors: dict[str, Actor]) -> dict[str, Event]:
    """seeds/events.yaml -> {event_id: Event}; types, PLOVER, dates, actors and roles checked."""
    data = top_level(rel, read_yaml(path, rel), {"events"})
    types = schemas.enum(schema_dir, "events", "event_type")
    plover = schemas.enum(schema_dir, "events", "plover_type")
    statuses = schemas.enum(schema_dir, "events", "status")
    roles = schemas.enum(schema_dir, "event_actors", "role")
    events: dict[str, Event] = {}
    for e in entries(rel, "events", data.get("events"), label="id"):
        eid = e.new_id(events, "event", "give each real-world event one entry and point every article's evidence at it")
        raw_actors = e.pop("actors", required=True)
        if not isinstance(raw_actors, dict) or not raw_actors:
            raise InputError(rel, e.name, "`actors` must map actor ids to roles", "write `actors: {usa: agent, unhrc: target}`")
        pairs: list[tuple[str, str]] = []
        for aid, role in raw_actors.items():
            if aid not in actors:
                raise InputError(rel, e.name, f"unknown actor id {aid!r}", "add the actor to seeds/actors.yaml or correct the id")
            for r in role if isinstance(role, list) else [role]:
                if r not in roles:
                    raise InputError(rel, e.name, f"role {r!r} of {aid!r} is not an allowed value", f"use one of: {', '.join(roles)}")
                pairs.append((aid, r))
        event = Event(
            id=eid,
            type=e.choice("type", types, required=True),
            plover=e.choice("plover", plover),
            date=e.text("date"),
            date_start=e.text("date_start"),
            date_end=e.text("date_end"),
            date_text=e.text("date_text"),
            status=e.choice("status", statuses, required=True),
            summary=e.text("summary", required=True),
            actors=pairs,
        )
        e.done()
        if event.date and (event.date_start or event.date_end):
            raise InputError(rel, e.name, "both `date` and `date_start`/`date_end` are given", "use `date` for one day, month or year, or `date_start` and `date_end` for a span of days")
        if event.date and (problem := date_problem(event.date)):
            raise InputError(rel, e.name, f"date {problem}", "write the date at the precision the article gives")
        if bool(event.date_start) != bool(event.date_end):
            raise InputError(rel, e.name, "only one of `date_start` and `date_end` is given", "give both (YYYY-MM-DD), or use `date`")
        for key in ("date_start", "date_end"):
            value = getattr(event, key)
            if value and (problem := date_problem(value, ("day",))):
                raise InputError(rel, e.name, f"{key} {problem}", "write a full ISO date that exists")
        if event.status == "occurred" and (event.date or event.date_start) and (event.date or event.date_start) > dt.date.today().isoformat():
            raise InputError(rel, e.name, f"an event with status occurred is dated {event.date or event.date_start}, after today",
                             "correct the date, or give the status `scheduled` or `announced`")
        if (event.date or event.date_start) and not event.date_text:
            raise InputError(rel, e.name, "a date is given without `date_text`", "quote the words the date was resolved from, e.g. `on Friday`")
        events[eid] = event
    return events


# ---------------------------------------------------------------- per-article annotations

@dataclass
class DocumentMeta:
    publisher: str = ""
    publisher_basis: str = "unknown"
    published_date: str = ""
    published_date_basis: str = "unknown"
    text_quality: str = "clean"
    notes: str = ""
    url: str = ""
    title: str = ""
    page_sha256: str = ""


@dataclass
class Annotation:
    """One article's reviewed annotations: records still carry locators, not offsets."""

    rel: str
    document: DocumentMeta
    status: str = "reviewed"
    boilerplate: list[tuple[str, Locator, str]] = field(default_factory=list)
    mentions: list[tuple[str, Locator, str]] = field(default_factory=list)
    quotes: list[tuple[str, Locator, dict]] = field(default_factory=list)
    statistics: list[tuple[str, Locator, dict]] = field(default_factory=list)
    evidence: list[tuple[str, Locator, str]] = field(default_factory=list)
    rejected: list[tuple[str, Locator, dict]] = field(default_factory=list)


REJECTABLE = {"mentions": "actor_mentions", "actor_mentions": "actor_mentions", "quotes": "quotes", "statistics": "statistics", "events": "event_evidence", "event_evidence": "event_evidence"}


def read_annotation(path: Path, rel: str, schema_dir: Path, actors: dict[str, Actor], events: dict[str, Event]) -> Annotation:
    """seeds/annotations/<document_id>.yaml -> Annotation; ids, enums and keys checked."""
    return annotation_from_text(read_text(path, rel), rel, schema_dir, actors, events)


def annotation_from_text(text: str, rel: str, schema_dir: Path, actors: dict[str, Actor], events: dict[str, Event]) -> Annotation:
    """An annotation file's text -> Annotation (as read_annotation, for text not yet saved)."""
    if annotation_status(text) == "draft":
        text = draft_head(text)
    data = top_level(rel, parse_yaml(text, rel), {"status", "document", "boilerplate", "mentions", "quotes", "statistics", "events", "rejected"})
    status = scalar(data.get("status") or "reviewed")
    if status not in ("reviewed", "draft"):
        raise InputError(rel, "status", f"`status: {status}` is not an allowed value", "use `reviewed` once every record is checked, `draft` before")

    def known_actor(e: Entry, aid: str, key: str) -> str:
        if aid and aid not in actors:
            raise InputError(rel, e.name, f"unknown actor id {aid!r} in `{key}`", "add the actor to seeds/actors.yaml or correct the id")
        return aid

    doc = data.get("document") or {}
    if not isinstance(doc, dict):
        raise InputError(rel, "document", "`document` must be a mapping", "write `document:` followed by indented keys")
    d = Entry(rel, "document", dict(doc))
    basis = schemas.enum(schema_dir, "documents", "published_date_basis")
    meta = DocumentMeta(
        publisher=d.text("publisher"),
        publisher_basis=d.choice("publisher_basis", schemas.enum(schema_dir, "documents", "publisher_basis"), default="unknown"),
        published_date=d.text("published_date"),
        published_date_basis=d.choice("published_date_basis", basis, default="unknown"),
        text_quality=d.choice("text_quality", schemas.enum(schema_dir, "documents", "text_quality"), default="clean"),
        notes=" ".join(d.text("notes").split()),
        url=d.text("url").strip(),
        title=" ".join(d.text("title").split()),
        page_sha256=d.text("page_sha256").strip(),
    )
    d.done()
    if meta.url and not re.fullmatch(r"https?://\S+", meta.url):
        raise InputError(rel, "document", f"url {meta.url!r} is not an http(s) address", "give the article's web address, e.g. https://news.example.org/story, or leave `url` out")
    if meta.page_sha256 and not re.fullmatch(r"[0-9a-f]{64}", meta.page_sha256):
        raise InputError(rel, "document", f"page_sha256 {meta.page_sha256!r} is not a SHA-256", "give the 64 lowercase hex digits of `sha256sum page.html`, or leave it out")
    if meta.published_date and (problem := date_problem(meta.published_date)):
        raise InputError(rel, "document", f"published_date {problem}", "write the date at the precision known, quoted")
    if meta.published_date > dt.date.today().isoformat():
        raise InputError(rel, "document", f"published_date {meta.published_date} is after today", "correct the publication date")
    if bool(meta.published_date) == (meta.published_date_basis == "unknown"):
        raise InputError(rel, "document", f"published_date {meta.published_date!r} does not fit published_date_basis {meta.published_date_basis!r}", "give a date with basis stated, supplied or inferred, or no date with basis unknown")
    if bool(meta.publisher) == (meta.publisher_basis == "unknown"):
        raise InputError(rel, "document", f"publisher {meta.publisher!r} does not fit publisher_basis {meta.publisher_basis!r}", "give a publisher with basis stated, supplied or inferred, or none with basis unknown")
    if "inferred" in (meta.publisher_basis, meta.published_date_basis) and not meta.notes:
        raise InputError(rel, "document", "an inferred publisher or date has no `notes` saying how", "explain the inference in `notes`")

    ann = Annotation(rel, meta, status)
    if status == "draft":
        return ann  # a draft's records are proposals still under review: only its metadata counts
    for e in entries(rel, "boilerplate", data.get("boilerplate")):
        loc = e.locator(word_boundary=False)
        ann.boilerplate.append((e.name, loc, e.text("reason", required=True)))
        e.done()
    for e in entries(rel, "mentions", data.get("mentions")):
        aid = known_actor(e, e.text("actor", required=True), "actor")
        ann.mentions.append((e.name, e.locator(word_boundary=True), aid))
        e.done()
    kinds = schemas.enum(schema_dir, "quotes", "kind")
    for e in entries(rel, "quotes", data.get("quotes")):
        loc = e.locator(word_boundary=False)
        rec = {
            "speaker_actor_id": known_actor(e, e.text("speaker"), "speaker"),
            "speaker_text": e.text("speaker_text"),
            "kind": e.choice("kind", kinds, required=True),
            "cue": e.text("cue"),
            "reason": e.text("reason"),
        }
        e.done()
        ann.quotes.append((e.name, loc, rec))
    qualifiers = schemas.enum(schema_dir, "statistics", "qualifier")
    measure_ids = schemas.enum(schema_dir, "statistics", "measure_id")
    for e in entries(rel, "statistics", data.get("statistics")):
        loc = e.locator(word_boundary=True)
        rec = {
            "value": e.text("value"),
            "value_max": e.text("value_max"),
            "unit": e.text("unit", required=True),
            "measure": e.text("measure", required=True),
            "measure_id": e.choice("measure_id", measure_ids),
            "qualifier": e.choice("qualifier", qualifiers, required=True),
            "source_actor_id": known_actor(e, e.text("source"), "source"),
            "source_text": e.text("source_text"),
            "reason": e.text("reason"),
        }
        e.done()
        ann.statistics.append((e.name, loc, rec))
    for e in entries(rel, "events", data.get("events")):
        eid = e.text("event", required=True)
        if eid not in events:
            raise InputError(rel, e.name, f"unknown event id {eid!r}", "add the event to seeds/events.yaml or correct the id")
        ann.evidence.append((e.name, e.locator(word_boundary=False), eid))
        e.done()
    for e in entries(rel, "rejected", data.get("rejected")):
        table = e.choice("table", sorted(REJECTABLE), required=True)
        loc = e.locator(word_boundary=table in ("mentions", "actor_mentions", "statistics"))
        ann.rejected.append((e.name, loc, {"table": REJECTABLE[table], "reason": e.text("reason", required=True)}))
        e.done()
    return ann
