"""Pair quotation marks in news text, robust to scraping damage.

Text -> the spans between paired marks (what a quote's `text` column holds). Curly marks
pair by direction; straight and doubled-apostrophe marks pair by a left-to-right state
machine that reads each mark's neighbours. A mark that opens while a quotation is still open
means the earlier one lost its closing mark: it is closed at the end of its last complete
sentence. A straight mark that can only close (after a word, before a space) while nothing is
open is a stray: it is skipped. A text with no double marks at all quotes in single marks
(British style: 'we are concerned,' she said): those pair by the same neighbour reading, an
apostrophe inside a word never counting. Titles in quotation marks are recognised and set
apart, not returned as quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile("\u201c|\u201d|\u201e|``|''|\"")
_SINGLE = re.compile("\u2018|\u2019|'")
_SENTENCE_END = re.compile(r"[.!?](?=\s*[A-Z]|[A-Z])")
TITLE_CUES = {"titled", "entitled", "headlined", "dubbed"}
_SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "towards", "with", "from"}


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # first character inside the marks
    end: int    # one past the last character inside (the closing mark's offset, or a sentence end)
    closed: bool  # False when the closing mark is missing in the source
    title: bool  # True for a title in quotation marks ("the report titled “…”")


def _is_opening(text: str, i: int, width: int) -> bool:
    """Read a straight mark's neighbours: after a space or line start and before a word, it opens."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{:—–-":
        return not after.isspace()
    return False


def _is_closing(text: str, i: int, width: int) -> bool:
    """A straight mark after a non-space and before a space, punctuation or the end only closes."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-")


def _single_marks(text: str) -> list[tuple[int, int, bool]]:
    """Single quotation marks as (offset, width, opens): apostrophes inside words ('Libya's')
    and elisions ('90s) are not marks; a mark after a space opens, one before a space closes."""
    marks = []
    for m in _SINGLE.finditer(text):
        i = m.start()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isalnum() and after.isalnum():
            continue  # an apostrophe inside a word
        if m.group() != "\u2019" and (before.isspace() or before in "([{—–") and after.isalpha():
            marks.append((i, 1, True))
        elif m.group() != "\u2018" and not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
            marks.append((i, 1, False))
    return marks


def _pair_single(text: str) -> list[QuotedSpan]:
    """Pairs single marks in order; a closing mark with nothing open (a plural possessive,
    'the members' votes') is skipped, as is an opener never closed within its paragraph."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    for i, width, opens in _single_marks(text):
        if opens and open_at is None:
            open_at = i + width
        elif not opens and open_at is not None:
            if "\n" not in text[open_at:i]:
                spans.append(QuotedSpan(open_at, i, True, _looks_like_title(text, open_at, i)))
            open_at = None
        elif opens:
            open_at = i + width  # the earlier opener was an elision ('tis) or lost its closer
    return [s for s in spans if s.end > s.start]


def _looks_like_title(text: str, start: int, end: int) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[start:end])
    preceding = re.findall(r"[A-Za-z]+", text[max(0, start - 30):start])
    if preceding and preceding[-1].lower() in TITLE_CUES:
        return True
    content = [w for w in words if w.lower() not in _SMALL]
    if len(content) < 3 or re.search(r"[.!?]\W*$", text[start:end]):
        return False
    return sum(w[0].isupper() for w in content) / len(content) >= 0.8


def pair_quotes(text: str) -> list[QuotedSpan]:
    """Text -> every quoted span in order, titles flagged, unbalanced marks repaired."""
    if not _MARK.search(text):
        return _pair_single(text)
    spans: list[QuotedSpan] = []
    open_at: int | None = None  # offset of the first character inside the open quotation
    for m in _MARK.finditer(text):
        mark, i = m.group(), m.start()
        if mark in ('"', "''") and open_at is None and _is_closing(text, i, len(mark)):
            continue  # a stray closing mark ('faced a choice" to "act'): nothing to close
        opens = mark in ("\u201c", "\u201e", "``") or (mark in ('"', "''") and open_at is None)
        closes = mark == "\u201d" or (mark in ('"', "''") and open_at is not None)
        if mark in ('"', "''") and open_at is not None and _is_opening(text, i, len(mark)):
            # A straight mark that reads as an opener while a quotation is open: the open one
            # lost its closing mark. End it at its last sentence end, then open anew.
            ends = [s.end() for s in _SENTENCE_END.finditer(text, open_at, i)]
            if ends:
                spans.append(QuotedSpan(open_at, ends[-1], False, False))
                open_at = m.end()
                continue
        if closes and open_at is not None:
            spans.append(QuotedSpan(open_at, i, True, _looks_like_title(text, open_at, i)))
            open_at = None
        elif opens:
            if open_at is not None:  # a curly opener inside an open quotation: same repair
                ends = [s.end() for s in _SENTENCE_END.finditer(text, open_at, i)]
                if ends:
                    spans.append(QuotedSpan(open_at, ends[-1], False, False))
            open_at = m.end()
    if open_at is not None:
        ends = [s.end() for s in _SENTENCE_END.finditer(text, open_at)]
        end = ends[0] if ends else len(text.rstrip())
        spans.append(QuotedSpan(open_at, end, False, False))
    return [s for s in spans if s.end > s.start]
