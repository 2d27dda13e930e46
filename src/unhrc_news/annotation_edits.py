"""A reviewer's edits to one article's annotation file: YAML text in -> edits applied -> YAML text out.

The file is edited the way a person would edit it, comments and layout kept (ruamel.yaml's round
trip): with no edits the text comes back byte for byte, and an edit touches only its own lines,
so diffs stay readable. A machine proposal is an entry marked `# machine` (as `unhrc-news add`
writes drafts). Each proposal is
- accepted: the mark goes, the entry stays as written;
- corrected: fields set (a field given as None or "" is removed), the mark goes;
- rejected: the entry leaves its section for `rejected:`, with its table, text (and the
  occurrence that places it) and the reviewer's reason;
and a missed row is added at the end of its section. `status: reviewed` is refused while any
proposal is still marked. Checking the result against the article and the registries is the
build's job (`checks.check_document`): this module only edits.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

MACHINE_MARK = "# machine"
SECTIONS = ("mentions", "quotes", "statistics", "events")
# fields a reviewer may set per section (as in docs/annotation-guide.md)
FIELDS = {
    "mentions": ("actor", "text", "occurrence", "occurrences", "context"),
    "quotes": ("text", "occurrence", "context", "speaker", "speaker_text", "cue", "kind", "reason"),
    "statistics": ("text", "occurrence", "context", "value", "value_max", "unit", "measure", "measure_id", "qualifier", "source", "source_text", "reason"),
    "events": ("event", "text", "occurrence", "context"),
}
PLACING = ("text", "occurrence", "context")  # what a rejection keeps to find the span again


class EditError(ValueError):
    """An edit that cannot apply: names the section, the entry and the field concerned."""

    def __init__(self, message: str, section: str = "", index: int | None = None, field: str = ""):
        super().__init__(message)
        self.section, self.index, self.field = section, index, field


@dataclass
class Edit:
    """One reviewer action. `index` is the entry's 0-based position in its section, counted in
    the file as it was loaded (before any edit of the same save)."""

    action: str  # accept | correct | reject | add
    section: str
    index: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long line the reviewer wrote
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load(text: str) -> CommentedMap:
    data = _yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise EditError("the annotation file is not a YAML mapping")
    return data


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _comment(seq: CommentedSeq, i: int) -> str:
    token = seq.ca.items.get(i, [None])[0]
    return token.value if token is not None else ""


def is_machine(seq: CommentedSeq, i: int) -> bool:
    """Whether entry i of a section still carries the `# machine` mark."""
    return _comment(seq, i).lstrip().startswith(MACHINE_MARK)


def pending(data: CommentedMap) -> list[tuple[str, int]]:
    """The machine proposals nobody has accepted, corrected or rejected yet: (section, index)."""
    out = []
    for section in SECTIONS:
        seq = data.get(section)
        if isinstance(seq, CommentedSeq):
            out += [(section, i) for i in range(len(seq)) if is_machine(seq, i)]
    return out


def _unmark(seq: CommentedSeq, i: int) -> None:
    """Drop entry i's `# machine` mark, keeping any comment lines that follow it (a draft keeps
    its candidate actors and proposed events as comments after a section's last entry)."""
    value = _comment(seq, i)
    if not value.lstrip().startswith(MACHINE_MARK):
        return
    rest = value.split("\n", 1)[1] if "\n" in value else ""
    if rest:
        seq.ca.items[i][0] = CommentToken("\n" + rest, seq.ca.items[i][0].start_mark, None)
    else:
        del seq.ca.items[i]


def _remove(seq: CommentedSeq, i: int) -> None:
    """Delete entry i; comment lines after it (not its own mark) move to the entry before."""
    value = _comment(seq, i)
    rest = value.split("\n", 1)[1] if "\n" in value else ""
    del seq[i]
    if rest and len(seq):
        last = len(seq) - 1
        own = _comment(seq, last).split("\n", 1)[0]
        mark = seq.ca.items.get(last, [None])[0]
        seq.ca.items.setdefault(last, [None, None, None, None])[0] = CommentToken(
            (own + "\n" if own else "\n") + rest, mark.start_mark if mark is not None else None, None)


def _flow(values: dict[str, Any]) -> CommentedMap:
    entry = CommentedMap(values)
    entry.fa.set_flow_style()
    return entry


def _section(data: CommentedMap, name: str) -> CommentedSeq:
    if name not in SECTIONS:
        raise EditError(f"unknown section {name!r}; use one of {', '.join(SECTIONS)}", name)
    seq = data.get(name)
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        data[name] = seq
    return seq


def _check_fields(section: str, index: int | None, values: dict[str, Any]) -> None:
    for key in values:
        if key not in FIELDS[section]:
            raise EditError(f"{key!r} is not a field of {section}; use {', '.join(FIELDS[section])}", section, index, key)


def apply(text: str, edits: list[Edit], mark_reviewed: bool = False) -> str:
    """Annotation YAML + edits -> the edited YAML. Raises EditError naming the entry and field."""
    data = load(text)
    sections = {name: _section(data, name) for name in {e.section for e in edits}}
    originals = {name: list(seq) for name, seq in sections.items()}  # indexes refer to the file as loaded
    removed: list[tuple[str, Any]] = []
    for edit in edits:
        seq = sections[edit.section]
        if edit.action == "add":
            _check_fields(edit.section, None, edit.fields)
            if "text" not in edit.fields:
                raise EditError("a new entry needs the words it covers (`text`)", edit.section, None, "text")
            seq.append(_flow({k: v for k, v in edit.fields.items() if v not in (None, "")}))
            continue
        entries = originals[edit.section]
        if edit.index is None or not 0 <= edit.index < len(entries):
            raise EditError(f"there is no entry {edit.index} in {edit.section}", edit.section, edit.index)
        entry = entries[edit.index]
        if any(entry is e for _, e in removed):
            raise EditError("this entry was already rejected in the same save", edit.section, edit.index)
        at = next(i for i, e in enumerate(seq) if e is entry)
        if edit.action == "accept":
            _unmark(seq, at)
        elif edit.action == "correct":
            _check_fields(edit.section, edit.index, edit.fields)
            for key, value in edit.fields.items():
                if value in (None, ""):
                    entry.pop(key, None)
                else:
                    entry[key] = value
            _unmark(seq, at)
        elif edit.action == "reject":
            if not edit.reason.strip():
                raise EditError("a rejection needs a reason", edit.section, edit.index, "reason")
            rejected = data.get("rejected")
            if not isinstance(rejected, CommentedSeq):
                rejected = CommentedSeq()
                data["rejected"] = rejected
            if not rejected:
                rejected.fa.set_block_style()
            rejected.append(_flow({"table": edit.section, **{k: entry[k] for k in PLACING if k in entry}, "reason": edit.reason.strip()}))
            _remove(seq, at)
            removed.append((edit.section, entry))
        else:
            raise EditError(f"unknown action {edit.action!r}; use accept, correct, reject or add", edit.section, edit.index)
    if mark_reviewed:
        left = pending(data)
        if left:
            where = ", ".join(f"{s} {i + 1}" for s, i in left[:5]) + (" ..." if len(left) > 5 else "")
            raise EditError(f"{len(left)} machine proposal(s) still unchecked ({where}): accept, correct or reject each first")
        data["status"] = "reviewed"
    return dump(data)
