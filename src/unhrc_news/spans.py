"""Find a reviewer's verbatim text in an article and return exact offsets.

Annotations never carry hand-typed offsets: a record names its text, plus a disambiguator
when the text occurs more than once (``occurrence`` counting from 1, a ``context`` string that
contains the text exactly once, or ``occurrences: all``).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

Span = tuple[int, int]

QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "\u00a0": " "})


class LocateError(ValueError):
    """The text cannot be placed; the message says why and what to add."""

    def __init__(self, problem: str, fix: str):
        self.problem, self.fix = problem, fix
        super().__init__(f"{problem}. Fix: {fix}")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _bounded(article: str, start: int, end: int) -> bool:
    """True unless the match cuts a word: 'US' must not match inside 'USA' or 'BUS'."""
    text = article[start:end]
    if _is_word(text[0]) and start > 0 and _is_word(article[start - 1]):
        return False
    return not (_is_word(text[-1]) and end < len(article) and _is_word(article[end]))


def find_all(article: str, text: str, *, word_boundary: bool = True, lo: int = 0, hi: int | None = None) -> list[Span]:
    """Every (start, end) where `text` occurs in article[lo:hi], overlapping matches included."""
    hi = len(article) if hi is None else hi
    spans, i = [], article.find(text, lo, hi)
    while i != -1:
        end = i + len(text)
        if not word_boundary or _bounded(article, i, end):
            spans.append((i, end))
        i = article.find(text, i + 1, hi)
    return spans


def _near_miss(article: str, text: str) -> str:
    """A hint for text that is not in the article: case, quote marks, spacing, Unicode form."""
    fold = lambda s: " ".join(unicodedata.normalize("NFC", s).translate(QUOTE_FOLD).split())
    if text.lower() in article.lower():
        return "it occurs with different capitals; copy the capitals from the article"
    if fold(text) in fold(article):
        return "it occurs with different quotation marks, dashes or spacing; copy it from the article character for character"
    words = text.split()
    if len(words) > 3:
        head = " ".join(words[:3])
        if head in article:
            return f"the beginning ({head!r}) occurs, so the text differs further on; copy it from the article character for character"
    return "copy the text from the article character for character (the article is never edited)"


@dataclass(frozen=True)
class Locator:
    """How a record finds its text: exactly one of occurrence, context, every (or none)."""

    text: str
    occurrence: int | None = None
    context: str | None = None
    every: bool = False
    word_boundary: bool = True


def locate(article: str, loc: Locator) -> list[Span]:
    """Article text + locator -> the spans it names (one, or all for `every`).

    Raises LocateError when the text is absent, ambiguous, or the disambiguator does not fit.
    """
    text = loc.text
    if not text:
        raise LocateError("the text is empty", "give the verbatim text of the span")
    if loc.context is not None:
        ctx_hits = find_all(article, loc.context, word_boundary=False)
        if not ctx_hits:
            raise LocateError(f"context {loc.context!r} is not in the article", _near_miss(article, loc.context))
        if len(ctx_hits) > 1:
            raise LocateError(f"context {loc.context!r} occurs {len(ctx_hits)} times", "lengthen the context until it occurs once")
        c0, c1 = ctx_hits[0]
        hits = find_all(article, text, word_boundary=loc.word_boundary, lo=c0, hi=c1)
        if len(hits) != 1:
            raise LocateError(
                f"the text occurs {len(hits)} times inside its context {loc.context!r}",
                "choose a context that contains the text exactly once",
            )
        return hits
    hits = find_all(article, text, word_boundary=loc.word_boundary)
    if not hits:
        raise LocateError("the text is not in the article", _near_miss(article, text))
    if loc.every:
        return hits
    if loc.occurrence is not None:
        if not 1 <= loc.occurrence <= len(hits):
            raise LocateError(
                f"occurrence {loc.occurrence} asked for, but the text occurs {len(hits)} time(s)",
                f"use an occurrence from 1 to {len(hits)}",
            )
        return [hits[loc.occurrence - 1]]
    if len(hits) > 1:
        starts = ", ".join(str(s) for s, _ in hits[:6])
        raise LocateError(
            f"the text occurs {len(hits)} times (at offsets {starts})",
            f"add `occurrence: N` (1 to {len(hits)}), a `context:` that contains it once, or `occurrences: all`",
        )
    return hits
