"""Dates at a stated precision -> ISO start and end days."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from .vocabulary import MONTHS, WEEKDAY_NAMES, WEEKDAYS


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
            return f"{word} is named, but {day} is a {WEEKDAY_NAMES[actual]}"
    return None


# ------------------------------------------------------------ relative date expressions

# a full month name never takes the sentence's full stop; an abbreviation keeps its own ('Nov.')
_MONTH = r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
COUNTS = {w: n for n, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                       "eleven", "twelve"))} | {"a": 1, "an": 1}
DATE_EXPR = re.compile(
    # 'two years ago', 'a week ago': counted back from publication
    rf"(?P<ago>\b(?i:(?P<n>{_COUNT})\s+(?P<unit>year|month|week|day)s?\s+ago)\b)"
    rf"|(?P<range>(?:from\s+)?(?P<rm1>{_MONTH})\s+(?P<rd1>\d{{1,2}})\s+(?:to|until|-|–)\s+(?P<rm2>{_MONTH})?\s*(?P<rd2>\d{{1,2}})(?:,?\s+(?P<ry>\d{{4}}))?)"
    rf"|(?P<dmy>(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?)"
    rf"|(?P<mdy>(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}}))?)"
    rf"|(?P<my>(?P<m3>{_MONTH})(?:\s+(?P<y3>\d{{4}})|\s+(?P<ry3>last|this|next)\s+year\b)?)"
    rf"|(?P<wd>(?P<w>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?)"
    r"|(?P<rel>\b(?i:today|yesterday|tomorrow|(?:last|this|next)\s+(?:year|month|week))\b)"
    r"|(?P<year>\b(?i:in|since|by|until|from|of|early|late|mid-?)\s+(?P<y4>(?:19|20)\d\d)\b)",
)
FUTURE = re.compile(r"\b(will|would|shall|scheduled|to take place|is set to|are set to|plans? to|intends? to|upcoming|next)\b", re.I)


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(match: re.Match, published: str, future: bool) -> tuple[str, str, str] | None:
    """A DATE_EXPR match + publication date (YYYY[-MM[-DD]]) + tense -> (start, end, precision).

    Today/yesterday need a publication day; a weekday is the one before publication, or after
    it in a sentence about the future (the publication month, at month precision, when only the
    month of publication is known). Days and months without a year
    take the year that puts them nearest publication. None when it cannot be resolved."""
    g = match.groupdict()
    pub_year = int(published[:4]) if published else None
    pub = dt.date.fromisoformat(published) if len(published) == 10 else None

    def year_for(month: int, day: int, explicit: str | None) -> int | None:
        if explicit:
            return int(explicit)
        if pub_year is None:
            return None
        if pub is None:
            return pub_year
        # The year that puts the day nearest the publication date; news reports the recent past
        # and the near future, so 28 October in an article of 1 November is last week.
        options = [(abs((d - pub).days), y, d) for y in (pub_year - 1, pub_year, pub_year + 1) if (d := _day(y, month, day))]
        slack = dt.timedelta(days=1)
        tensed = [o for o in options if (o[2] >= pub - slack if future else o[2] <= pub + slack)]
        return min(tensed or options)[1] if options else pub_year

    if g["ago"]:
        n = int(g["n"]) if g["n"].isdigit() else COUNTS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "year" and pub_year is not None:
            return span_of(f"{pub_year - n:04d}")
        if unit == "month" and len(published) >= 7:
            months = int(published[:4]) * 12 + int(published[5:7]) - 1 - n
            return span_of(f"{months // 12:04d}-{months % 12 + 1:02d}")
        if unit == "week" and pub is not None:
            # 'two weeks ago': Monday to Sunday of that week
            monday = pub - dt.timedelta(days=pub.weekday()) - dt.timedelta(weeks=n)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), "day"
        if unit == "day" and pub is not None:
            back = pub - dt.timedelta(days=n)
            return back.isoformat(), back.isoformat(), "day"
        return None
    if g["range"]:
        m1 = MONTHS[g["rm1"].rstrip(".").lower()]
        m2 = MONTHS[g["rm2"].rstrip(".").lower()] if g["rm2"] else m1
        y = year_for(m1, int(g["rd1"]), g["ry"])
        a, b = (_day(y, m1, int(g["rd1"])), _day(y, m2, int(g["rd2"]))) if y else (None, None)
        return (a.isoformat(), b.isoformat(), "day") if a and b and a <= b else None
    if g["dmy"] or g["mdy"]:
        m = MONTHS[(g["m1"] or g["m2"]).rstrip(".").lower()]
        d = int(g["d1"] or g["d2"])
        y = year_for(m, d, g["y1"] or g["y2"])
        day = _day(y, m, d) if y else None
        return (day.isoformat(), day.isoformat(), "day") if day else None
    if g["my"]:
        after_word = re.search(r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Nn]ext|[Tt]his|[Oo]f)\s*$",
                               match.string[max(0, match.start("m3") - 8):match.start("m3")])
        if g["m3"].rstrip(".").lower() == "may" and not g["y3"] and not g["ry3"] and not (g["m3"] == "May" and after_word):
            return None  # 'may' is far more often the verb; 'in May', 'since May' name the month
        m = MONTHS[g["m3"].rstrip(".").lower()]
        if g["ry3"]:
            # 'in April last year': the year is counted from publication, whatever the month
            if pub_year is None:
                return None
            return span_of(f"{pub_year + {'last': -1, 'this': 0, 'next': 1}[g['ry3']]:04d}-{m:02d}")
        y = year_for(m, 1, g["y3"]) if (g["y3"] or pub is None) else year_for(m, min(pub.day, 28), None)
        if not g["y3"] and pub is None and len(published) == 7 and pub_year is not None:
            # published in a known month: 'in March' is the March before it, or after it in a
            # sentence about the future
            pm = int(published[5:7])
            y = pub_year if (m >= pm if future else m <= pm) else pub_year + (1 if future else -1)
        if y is None:
            return None
        return span_of(f"{y:04d}-{m:02d}")
    if g["wd"]:
        if pub is None and len(published) == 7:
            # 'on Wednesday' in an article known only to its month: that month (the day is
            # within the week before publication, which the month holds but for its first days)
            return span_of(published)
        if pub is None:
            return None
        want = WEEKDAYS[g["w"].lower()]
        delta = (want - pub.weekday()) % 7 if future else -((pub.weekday() - want) % 7)
        day = pub + dt.timedelta(days=delta)
        return day.isoformat(), day.isoformat(), "day"
    if g["rel"]:
        words = g["rel"].lower().split()
        if words[0] in ("today", "yesterday", "tomorrow"):
            if pub is None:
                return None
            day = pub + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[words[0]])
            return day.isoformat(), day.isoformat(), "day"
        shift = {"last": -1, "this": 0, "next": 1}[words[0]]
        if words[1] == "year" and pub_year:
            return span_of(f"{pub_year + shift:04d}")
        if words[1] == "week":
            # 'last week's strictures': Monday to Sunday of the week before publication's
            if pub is None:
                return None
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), "day"
        if words[1] == "month" and len(published) >= 7:
            y, m = int(published[:4]), int(published[5:7]) + shift
            y, m = (y - 1, 12) if m == 0 else (y + 1, 1) if m == 13 else (y, m)
            return span_of(f"{y:04d}-{m:02d}")
        return None
    if g["year"]:
        return span_of(g["y4"])
    return None


FUTURE_VERBS = {"schedule", "plan", "set", "expect", "due"}


def _future_at(doc, offset: int) -> bool | None:
    """The tense of the verb a date depends on: 'said on Tuesday' is past even in a sentence
    about what someone will do. None when the parse has no verb for it."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_.lower() in FUTURE_VERBS and tok.tag_ == "VBN" and not any(c.dep_ == "prt" for c in tok.children):
                return True  # 'is scheduled for', 'set for', but not 'set up in December'
            return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in tok.children) or tok.lower_ in ("will", "shall")
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


COMPARED = re.compile(r"\b(?:than|compared (?:to|with)|relative to|versus|vs\.?)\s+(?:the\s+|in\s+)?$", re.I)


def find_dates(text: str, published: str, lo: int = 0, hi: int | None = None, doc=None) -> list[dict]:
    """Date expressions in text[lo:hi], resolved -> [{start, end, text, date_start, date_end, precision}].

    The tense that decides between last Friday and next Friday is that of the verb the date
    depends on when a parse (doc) is given, else that of the sentence outside quotations."""
    hi = len(text) if hi is None else hi
    # The tense is the reporter's: words inside quotation marks are the speaker's.
    narration = re.sub(r"[\u201c\"][^\u201d\"]*[\u201d\"]?", " ", text[lo:hi])
    sentence_future = bool(FUTURE.search(narration))
    out = []
    for m in DATE_EXPR.finditer(text, lo, hi):
        if COMPARED.search(text, max(lo, m.start() - 24), m.start()):
            continue  # 'less than last year', 'compared with 2024': a yardstick, not a date of the happening
        local = _future_at(doc, m.start()) if doc is not None else None
        future = sentence_future if local is None else local
        resolved = resolve(m, published, future)
        if resolved:
            out.append({"start": m.start(), "end": m.end(), "text": m.group(), "date_start": resolved[0], "date_end": resolved[1], "precision": resolved[2]})
    return out
