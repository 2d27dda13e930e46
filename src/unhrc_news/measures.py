"""schemas/measures.yaml -> the controlled vocabulary of statistics.measure_id, and the rule
that gives a statistic its measure id from its unit, its `measure` words and its sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import InputError

VOCABULARY = "measures.yaml"
ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    description: str
    units: tuple[str, ...]
    words: re.Pattern[str]


def read_measures(schema_dir: Path) -> tuple[Measure, ...]:
    """schemas/measures.yaml -> its measures in order, each entry's shape checked (re-read when
    the file changes: a long-lived process must see edits)."""
    path = Path(schema_dir) / VOCABULARY
    return _read(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read(where: str, _mtime_ns: int) -> tuple[Measure, ...]:
    path = Path(where)
    rel = f"schemas/{VOCABULARY}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(rel, "", f"not valid YAML ({exc})", "correct the YAML syntax") from None
    entries = data.get("measures") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise InputError(rel, "measures", "`measures` must map measure ids to entries", "write `measures:` followed by `some-id: {label: ..., ...}`")
    out = []
    for key, entry in entries.items():
        name = f"measures.{key}"
        if not isinstance(key, str) or not ID.fullmatch(key):
            raise InputError(rel, name, f"{key!r} is not a measure id", "use lowercase words joined by hyphens, e.g. people-killed")
        if not isinstance(entry, dict) or set(entry) != {"label", "description", "units", "words"}:
            raise InputError(rel, name, "an entry needs exactly label, description, units and words", "give the four keys")
        units, words = entry["units"], entry["words"]
        if not (isinstance(units, list) and units and all(isinstance(u, str) for u in units)):
            raise InputError(rel, name, "`units` must be a list of units", "write e.g. `units: [person, count]`")
        if not (isinstance(words, list) and words and all(isinstance(w, str) for w in words)):
            raise InputError(rel, name, "`words` must be a list of regular expressions", "write e.g. `words: ['killed', 'deaths?']`")
        try:
            pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)
        except re.error as exc:
            raise InputError(rel, name, f"a pattern in `words` is not a regular expression ({exc})", "correct the pattern") from None
        out.append(Measure(key, str(entry["label"]), " ".join(str(entry["description"]).split()), tuple(units), pattern))
    return tuple(out)


def measure_for(measures: tuple[Measure, ...], unit: str, measure: str, sentence: str) -> str:
    """A statistic's unit, measure words and sentence -> the first fitting measure id, or ''.

    The measure words decide first ('votes against' beats a sentence that also says 'votes');
    the sentence only when no entry fits them ('killing 1,400' names no measure words)."""
    fitting = [m for m in measures if unit in m.units]
    for text in (measure, sentence):
        for m in fitting:
            if text and m.words.search(text):
                return m.id
    return ""


SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018A-Z0-9])|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of the article holding text[start:end] (cut at a full stop, question or
    exclamation mark followed by a capital, or a line break)."""
    lo = 0
    for stop in SENTENCE_END.finditer(text, 0, start):
        lo = stop.end()
    after = SENTENCE_END.search(text, end)
    return text[lo:after.start() + 1 if after else len(text)]
