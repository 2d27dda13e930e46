"""Parse the number phrases news articles use into exact values.

"$21.7 billion" -> 21700000000 USD; "more than 71,000" -> 71000 more_than;
"four to five years" -> 4..5 year range; "tens of thousands" -> 10000 vague;
"two-thirds" -> 0.6667 share, approximately.
Decimal arithmetic keeps values exact; floats never touch them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
}
SCALES = {"hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
QUALIFIERS = (
    (r"more than|over|upwards of|in excess of", "more_than"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"about|around|approximately|nearly|almost|some|roughly|close to|an estimated", "approximately"),
    (r"up to|at most|no more than", "at_most"),
    (r"fewer than|less than|under", "less_than"),
)
CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
UNIT_WORDS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "day": "day", "days": "day",
    "percent": "percent", "per cent": "percent", "%": "percent", "dollars": "USD", "dollar": "USD",
}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# Compound number words are one number: "sixty-three", "forty seven", "one hundred and twenty".
_COMPOUND = (rf"(?:(?:{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+hundred(?:\s+and)?\s+)?"
             rf"(?:{_TENS})[\s-](?:{_UNITS})\b"
             rf"|(?:{_UNITS})\s+hundred(?:\s+and\s+(?:(?:{_TENS})[\s-](?:{_UNITS})|{_TENS}|{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?\b")
# Fractions with a numerator word: "two-thirds", "three quarters", "one-fifth". Their value is
# a share of the whole (unit `share`), to four decimals; a share that four decimals cannot hold
# exactly (two-thirds: 0.6667) is approximate. The numerator is never a count of its own.
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
                "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
                "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_FRACTION = rf"(?P<fnum>{_UNITS})[\s-](?P<fden>{'|'.join(sorted(DENOMINATORS, key=len, reverse=True))})"
SHARE_PLACES = Decimal("0.0001")
_WORD = _COMPOUND + "|" + "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
_SCALE = "|".join(SCALES)


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    value_max: Decimal | None
    qualifier: str
    unit: str | None


def _atom(token: str) -> Decimal:
    token = " ".join(token.strip().lower().split())
    if token in WORDS:
        return Decimal(WORDS[token])
    if re.search(r"[a-z]", token):  # compound number words: text2num reads them
        from text_to_num import text2num

        return Decimal(text2num(token, "en"))
    return Decimal(token.replace(",", ""))


def _scaled(number: str, scale: str | None) -> Decimal:
    value = _atom(number)
    return value * SCALES[scale.lower()] if scale else value


_ONE = rf"(?P<cur>US\$|\$|€|£)?\s*(?P<num>{_NUM}|{_WORD})(?:\s*(?P<scale>{_SCALE}))?"
_RANGE = rf"(?P<cur>US\$|\$|€|£)?\s*(?P<num>{_NUM}|{_WORD})\s*(?:to|-|–|and)\s*(?:US\$|\$|€|£)?\s*(?P<num2>{_NUM}|{_WORD})(?:\s*(?P<scale>{_SCALE}))?"
_VAGUE = rf"(?P<vague>tens|hundreds|dozens|thousands|millions)\s+of\s+(?P<scale>(?:{_SCALE})s)"
_TAIL = r"(?:\s*(?:of\s+)?(?P<unit>per cent|percent|%|years?|months?|days?|dollars?))?"
_QUAL = "|".join(p for p, _ in QUALIFIERS)

# One pattern that finds number phrases in running text (parse_quantity reads each one):
# an optional qualifier, then a vague amount, a range or a single number, then a unit.
SCAN = re.compile(
    rf"(?:\b(?:{_QUAL})\s+)?"
    rf"(?:(?:\b(?:tens|hundreds|dozens|thousands|millions)\s+of\s+(?:(?:{_SCALE})s)\b(?:\s+of\s+dollars\b)?)"
    rf"|\b{_FRACTION.replace('?P<fnum>', '').replace('?P<fden>', '')}\b"
    rf"|(?:(?:US\$|\$|€|£)\s*|\b)(?:{_NUM}|{_WORD})\b"
    rf"(?:\s*(?:{_SCALE})\b)?"
    rf"(?:\s*(?:to|-|–)\s*(?:US\$|\$|€|£)?\s*(?:{_NUM}|{_WORD})\b(?:\s*(?:{_SCALE})\b)?)?"
    rf"(?:\s*(?:%|\s(?:per cent|percent|years?|months?|days?)\b))?)",
    re.I,
)

def parse_quantity(text: str) -> Quantity | None:
    """A number phrase (the whole of `text`) -> Quantity, or None when it is not one."""
    s = " ".join(text.split())
    qualifier = "exact"
    for pattern, name in QUALIFIERS:
        m = re.match(rf"(?:{pattern})\s+", s, re.I)
        if m:
            qualifier, s = name, s[m.end():]
            break
    m = re.fullmatch(_VAGUE + _TAIL, s, re.I)
    if m:
        base = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6}[m["vague"].lower()]
        unit = UNIT_WORDS.get((m["unit"] or "").lower())
        return Quantity(Decimal(base) * SCALES[m["scale"].lower()[:-1]], None, "vague", unit)
    m = re.fullmatch(_FRACTION, s, re.I)
    if m:
        share = Decimal(WORDS[m["fnum"].lower()]) / DENOMINATORS[m["fden"].lower()]
        rounded = share.quantize(SHARE_PLACES)
        if rounded != share and qualifier == "exact":
            qualifier = "approximately"
        return Quantity(rounded, None, qualifier, "share")
    # One number first: "sixty-three" is 63, not the range 60 to 3.
    m = re.fullmatch(_ONE + _TAIL, s, re.I)
    if m:
        unit = CURRENCIES.get(m["cur"] or "") or UNIT_WORDS.get((m["unit"] or "").lower())
        return Quantity(_scaled(m["num"], m["scale"]), None, qualifier, unit)
    m = re.fullmatch(_RANGE + _TAIL, s, re.I)
    if m:
        lo, hi = _scaled(m["num"], m["scale"]), _scaled(m["num2"], m["scale"])
        unit = CURRENCIES.get(m["cur"] or "") or UNIT_WORDS.get((m["unit"] or "").lower())
        return Quantity(lo, hi, "range", unit)
    return None


def format_number(value: Decimal | int | float | str | None) -> str:
    """A number -> its plain decimal text for CSV: no exponent, no trailing zeros ('21700000000')."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")
