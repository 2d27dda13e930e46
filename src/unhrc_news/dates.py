"""Dates at a stated precision -> ISO start and end days."""
from __future__ import annotations

import calendar
import datetime as dt
import re

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


def span_of(date: str) -> tuple[str, str, str]:
    """'2017-03-20' | '2025-02' | '2013' -> (start, end, precision); '' -> ('', '', 'unknown').

    Raises ValueError for a date that does not exist (e.g. 2025-02-30)."""
    if not date:
        return "", "", "unknown"
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day.isoformat(), day.isoformat(), "day"
    if len(parts) == 2:
        y, m = parts
        last = calendar.monthrange(y, m)[1]
        return dt.date(y, m, 1).isoformat(), dt.date(y, m, last).isoformat(), "month"
    (y,) = parts
    return dt.date(y, 1, 1).isoformat(), dt.date(y, 12, 31).isoformat(), "year"


def weekday_conflict(date_text: str, day: str) -> str | None:
    """A weekday named in date_text that `day` (YYYY-MM-DD) is not, else None."""
    actual = dt.date.fromisoformat(day).weekday()
    for word in re.findall(r"[A-Za-z]+", date_text):
        wanted = WEEKDAYS.get(word.lower())
        if wanted is not None and wanted != actual:
            return f"{word} is named, but {day} is a {calendar.day_name[actual]}"
    return None
