"""Stage 2, extract: article texts -> machine candidates (mentions, quotes, statistics, events).

The spaCy model is loaded once per process. Articles run in parallel on every core when there
are enough of them to repay starting the workers, with a progress bar, and each article's
result is cached under build/cache/extract/, keyed by the article's hash, its publication date,
the actor registry, the model and the extractor code: a rebuild after adding one article
extracts only that article.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from .annotations import read_non_actors
from .errors import CommandError
from .extractors.events import extract_events
from .extractors.mentions import Gazetteer, Registry, country_code, extract_mentions, furniture_spans, inquiry_bodies
from .extractors.quotes import extract_quotes
from .extractors.statistics import extract_statistics
from .nlp import load
from .quotemarks import pair_quotes
from .state import BuildState, Row

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .cache_store import CacheStore

PARALLEL_MIN = 16  # fewer articles than this are faster in-process than starting workers
_CODE_FILES = ("extract.py", "nlp.py", "numbers.py", "dates.py", "quotemarks.py", "spans.py", "ids.py",
               "extractors/mentions.py", "extractors/quotes.py", "extractors/statistics.py", "extractors/events.py")


def read_gazetteer(path: Path, rel: str) -> Gazetteer:
    """seeds/gazetteer.yaml (optional) -> Gazetteer, its shape checked."""
    from .annotations import read_yaml, top_level
    from .errors import InputError

    if not path.exists():
        return Gazetteer({})
    data = top_level(rel, read_yaml(path, rel), {"names", "keywords", "institutions", "memberships", "titles",
                                                          "demonyms", "capitals", "acting"})
    names = data.get("names") or {}
    def entry_ok(n: object) -> bool:  # a name, or {name: [other names of the same body]}
        return isinstance(n, str) or (isinstance(n, dict) and len(n) == 1 and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v) for k, v in n.items()))

    if not isinstance(names, dict) or not all(isinstance(v, list) and all(entry_ok(n) for n in v) for v in names.values()):
        raise InputError(rel, "names", "`names` must map an actor type to a list of names (a name may list its other names)",
                         "write e.g. `ngo: [Human Rights Watch, {Amnesty International: [Amnesty]}]`")
    keywords = data.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, dict) and set(k) == {"type", "words"} and isinstance(k["words"], list) for k in keywords):
        raise InputError(rel, "keywords", "each entry needs `type` and a list of `words`", "write e.g. `- {type: ngo, words: [Watch, Foundation]}`")
    from . import schemas

    types = set(schemas.enum(schemas.SCHEMAS, "actors", "actor_type"))
    institutions = data.get("institutions") or {}
    if not isinstance(institutions, dict) or not all(isinstance(v, list) and all(entry_ok(w) for w in v) for v in institutions.values()):
        raise InputError(rel, "institutions", "`institutions` must map an actor type to a list of words", "write e.g. `military: [army, armed forces]`")
    bad = sorted({str(t) for t in names if t not in types} | {str(k["type"]) for k in keywords if k["type"] not in types}
                 | {str(t) for t in institutions if t not in types})
    if bad:
        raise InputError(rel, "", f"unknown actor type(s) {', '.join(bad)}", f"use one of: {', '.join(sorted(types))}")
    memberships = data.get("memberships") or {}
    if not isinstance(memberships, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in memberships.items()):
        raise InputError(rel, "memberships", "`memberships` must map a body's name to the name of the body that elects its members",
                         "write e.g. `UN Human Rights Council: UN General Assembly`")
    titles = data.get("titles") or {}
    if not isinstance(titles, dict) or not all(isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
                                               for k, v in titles.items()):
        raise InputError(rel, "titles", "`titles` must map a body's name to a list of the titles of the person heading it",
                         "write e.g. `United Nations: [Secretary-General, UN chief]`")
    places = {}
    for key in ("demonyms", "capitals"):
        listed = data.get(key) or {}
        if not isinstance(listed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in listed.items()):
            raise InputError(rel, key, f"`{key}` must map a word to a country's name", "write e.g. `Venezuelan: Venezuela`")
        unknown = sorted(k for k, v in listed.items() if not country_code(v))
        if unknown:
            raise InputError(rel, key, f"not a country's name for {', '.join(unknown)}",
                             "give the country's name as ISO 3166 (pycountry) knows it, e.g. `Iranian: Iran`")
        places[key] = listed
    acting = data.get("acting") or []
    if not isinstance(acting, list) or not all(isinstance(w, str) for w in acting):
        raise InputError(rel, "acting", "`acting` must be a list of words", "write e.g. `acting: [authorities, forces]`")
    return Gazetteer.from_data({"names": names, "keywords": keywords, "institutions": institutions, "memberships": memberships,
                                "titles": titles, **places, "acting": acting})


def code_version() -> str:
    """SHA-256 over the extractor's source: any change to the rules invalidates the cache."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def extract_text(nlp: Language, registry: Registry, document_id: str, text: str, published: str) -> Row:
    """One article -> its candidates, JSON-ready. Pure given the model and the registry."""
    doc = nlp(text)
    return extract_doc(doc, registry, document_id, published)


def extract_doc(doc: Doc, registry: Registry, document_id: str, published: str) -> Row:
    furniture = furniture_spans(doc.text)
    mentions, candidates = extract_mentions(doc, registry, furniture, published[:4])

    def actor_type(actor_id: str) -> str:
        return registry.type_of(actor_id) or candidates.get(actor_id, {}).get("actor_type", "")

    quotes = extract_quotes(doc, mentions, actor_type)
    quoted = [(q.start, q.end) for q in pair_quotes(doc.text)]
    return {
        "actor_mentions": mentions,
        "candidate_actors": candidates,
        "quotes": quotes,
        "statistics": [s for s in extract_statistics(doc, mentions) if not _within(s, furniture)],
        "events": extract_events(doc, mentions, document_id, published, quoted, furniture, quotes, actor_type, inquiry_bodies(candidates),
                                 registry.electors()),
    }


def _within(row: Row, spans: list[tuple[int, int]]) -> bool:
    return any(s <= row["start"] and row["end"] <= e for s, e in spans)


# Worker processes keep the model and registry in globals: loaded once per worker, not per article.
_WORKER: Row = {}


def _init_worker(model: str, registry: Registry) -> None:
    _WORKER["nlp"] = load(model)
    _WORKER["registry"] = registry


def _work(job: tuple[str, str, str]) -> tuple[str, Row]:
    document_id, text, published = job
    return document_id, extract_text(_WORKER["nlp"], _WORKER["registry"], document_id, text, published)


def extract_many(jobs: list[tuple[str, str, str]], model: str, registry: Registry, *, workers: int | None = None,
                 progress: bool | None = None, cluster: str = "") -> Iterator[tuple[str, Row]]:
    """[(document_id, text, published)] -> yields (document_id, candidates) in input order.

    Uses a process pool of `workers` (default: all cores) when there are PARALLEL_MIN jobs or
    more, or the Dask cluster whose scheduler is at `cluster` (cluster.py); the progress bar
    shows on a terminal (progress=None) or when asked."""
    if not jobs:
        return  # everything cached: no model to load
    workers = workers or os.cpu_count() or 1
    bar = tqdm(total=len(jobs), desc="extract", unit="article", disable=(None if progress is None else not progress), leave=False)
    try:
        if cluster:
            try:
                from .cluster import connect, extract_on_cluster
            except ImportError:
                raise CommandError("extraction on a cluster needs dask and distributed: pip install 'unhrc-news[cluster]'") from None

            with connect(cluster) as client:
                yield from extract_on_cluster(client, jobs, model, registry, bar)
        elif workers > 1 and len(jobs) >= PARALLEL_MIN:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model, registry)) as pool:
                for result in pool.map(_work, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 8) or 1))):
                    bar.update()
                    yield result
        else:
            _init_worker(model, registry)
            for job in jobs:
                result = _work(job)
                bar.update()
                yield result
    finally:
        bar.close()


class CachedCandidates(Mapping[str, Row]):
    """{document_id: candidates}, read from the extraction cache when asked for rather than held:
    thousands of articles' candidates would otherwise stay in memory for the whole build, when
    each is read once (curate) or twice (evaluate, add)."""

    def __init__(self, store: CacheStore, keys: dict[str, str]):
        self._store = store
        self._keys = keys

    def __getitem__(self, document_id: str) -> Row:
        return self._store.read(self._keys[document_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def run(state: BuildState) -> None:
    """Make sure the cache holds every article's candidates, extracting those it does not; set
    state.machine to read them from there."""
    s = state.settings
    actors_path = s.seeds / "actors.yaml"
    gazetteer_path = s.seeds / "gazetteer.yaml"
    registry = Registry(state.actors, set(read_non_actors(actors_path, s.rel(actors_path))), read_gazetteer(gazetteer_path, s.rel(gazetteer_path)))
    registry_hash = hashlib.sha256(actors_path.read_bytes() + (gazetteer_path.read_bytes() if gazetteer_path.exists() else b"")).hexdigest()[:16]
    version = code_version()
    published = {d["document_id"]: d["published_date"] for d in state.documents}
    store = s.cache_store()
    keys, todo = {}, []
    for doc_id, art in state.articles.items():
        keys[doc_id] = hashlib.sha256("|".join((art.sha256, published[doc_id], registry_hash, s.spacy_model, version)).encode()).hexdigest()[:24]
        if not store.has(keys[doc_id]):
            todo.append((doc_id, art.text, published[doc_id]))
    for doc_id, result in extract_many(todo, s.spacy_model, registry, cluster=s.cluster):
        store.write(keys[doc_id], result)
    state.machine = CachedCandidates(store, keys)
    state.say(f"extract: {len(todo)} of {len(state.articles)} articles extracted ({len(state.articles) - len(todo)} cached)")
