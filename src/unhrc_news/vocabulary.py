"""Words and shapes every stage shares, written once: English month and weekday names, the
precisions an ISO date can have, and when two spans overlap.

Names are spelt out rather than taken from `calendar`, whose names follow the process locale.
"""
from __future__ import annotations

import re

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MONTHS: dict[str, int] = {
    **{m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)},
    **{m.lower(): i for i, m in enumerate(MONTH_ABBREVIATIONS, 1)},
    "sept": 9,
}
"""Lower-case month name or abbreviation -> month number (1-12)."""
WEEKDAYS: dict[str, int] = {d.lower(): i for i, d in enumerate(WEEKDAY_NAMES)}
"""Lower-case weekday name -> datetime.date.weekday() number (Monday 0)."""

MONTH_PATTERN = "|".join(MONTH_NAMES)
"""Full month names as a regular-expression alternation (no group)."""

PRECISION_LENGTHS: dict[str, int] = {"day": 10, "month": 7, "year": 4}
"""Precision -> length of its ISO form: YYYY-MM-DD, YYYY-MM, YYYY."""
DATE_FORMS: dict[str, re.Pattern[str]] = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


EARLIEST_PUBLICATION = "1945"  # the UN's founding: an earlier date for news about it is a typo


def date_problem(value: str, forms: tuple[str, ...] = ("day", "month", "year")) -> str | None:
    """An ISO date at one of `forms` -> None, or what is wrong with it: the shape, or a day
    the calendar does not have (2025-02-30)."""
    import datetime as dt

    form = next((f for f in forms if DATE_FORMS[f].match(value)), None)
    if form is None:
        return f"{value!r} is not {' or '.join({'day': 'YYYY-MM-DD', 'month': 'YYYY-MM', 'year': 'YYYY'}[f] for f in forms)}"
    try:
        dt.date.fromisoformat({"day": value, "month": value + "-01", "year": value + "-01-01"}[form])
    except ValueError:
        return f"{value!r} is not a day of the calendar"
    return None


def precision_of(iso: str) -> str:
    """'2017-03-20' -> 'day', '2025-02' -> 'month', '2013' -> 'year', anything else -> 'unknown'."""
    return next((p for p, form in DATE_FORMS.items() if form.match(iso)), "unknown")


Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    """Two end-exclusive spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(span: Span, spans: list[Span]) -> bool:
    return any(overlaps(span, other) for other in spans)
