"""Match machine event proposals to the event registry (seeds/events.yaml).

A machine event + the registry -> the registry event it reports, or None. A second article on
a known happening then adds evidence to the reviewed event instead of proposing a new one.
The rule is deliberately strict, since a wrong link puts an article's sentence under another
event: the same event type, at least two shared actors (one when the registry event has only
one, and then it must be the agent of both), and dates that fit (both dated: their spans, widened
by DATE_SLACK_DAYS, overlap; the proposal undated: the article appeared no earlier than the
event's first day and within REPORT_WINDOW_DAYS of its last).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from . import dates
from .annotations import Event

DATE_SLACK_DAYS = 3
REPORT_WINDOW_DAYS = 30


def _span(e: Event) -> tuple[dt.date, dt.date] | None:
    if e.date_start:
        return dt.date.fromisoformat(e.date_start), dt.date.fromisoformat(e.date_end or e.date_start)
    if e.date:
        start, end, _ = dates.span_of(e.date)
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return None


def _dates_fit(proposal: dict[str, Any], event: Event, published: str) -> bool:
    known = _span(event)
    if known is None:
        return not proposal["date_start"]  # an undated registry event matches only undated news
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    if proposal["date_start"]:
        start, end = dt.date.fromisoformat(proposal["date_start"]), dt.date.fromisoformat(proposal["date_end"] or proposal["date_start"])
        return start - slack <= known[1] and known[0] <= end + slack
    if len(published) != 10:
        return False
    day = dt.date.fromisoformat(published)
    return known[0] <= day <= known[1] + dt.timedelta(days=REPORT_WINDOW_DAYS)


def registry_event(proposal: dict[str, Any], events: dict[str, Event], published: str) -> str | None:
    """A machine event (type, actors [(id, role)], dates) -> the id of the one registry event it
    reports, or None when none fits or several do (ambiguous: left to review)."""
    actors = {a for a, _ in proposal["actors"]}
    agents = {a for a, r in proposal["actors"] if r == "agent"}
    fits = []
    for event in events.values():
        if event.type != proposal["event_type"]:
            continue
        theirs = {a for a, _ in event.actors}
        shared = actors & theirs
        if len(theirs) == 1:
            if not (shared and shared <= agents and shared <= {a for a, r in event.actors if r == "agent"}):
                continue
        elif len(shared) < 2:
            continue
        if _dates_fit(proposal, event, published):
            fits.append(event.id)
    return fits[0] if len(fits) == 1 else None
