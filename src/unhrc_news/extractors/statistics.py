"""Statistics: number phrases with value, qualifier, unit, measure and source.

Doc + mentions -> statistic candidates. numbers.SCAN finds the phrases, numbers.parse_quantity
reads them; this module throws out what is not a measured number (years, dates, clock times,
identifiers, ordinals, the pronoun 'one'), splits vote tallies ('93 to 24') into their two
counts, and reads the counted noun and the asserting actor from the parse.
"""
from __future__ import annotations

import re

from ..numbers import SCAN, format_number, parse_quantity
from ..vocabulary import MONTHS, WEEKDAYS

ID_WORDS = {"resolution", "article", "item", "paragraph", "section", "no", "no.", "number", "page", "chapter", "rule", "law", "decree", "session", "cycle", "code", "flight", "route"}
PERSON_NOUNS = {"people", "person", "persons", "civilian", "civilians", "child", "children", "woman", "women", "man", "men",
                "hostage", "hostages", "refugee", "refugees", "death", "deaths", "casualty", "casualties", "dead", "victim", "victims",
                "detainee", "detainees", "prisoner", "prisoners", "worker", "workers", "journalist", "journalists", "resident", "residents"}
TALLY = re.compile(r"\b(\d+)\s+votes?\s+(?:to|against)\s+(\d+)\b", re.I)
VOTE_WORDS = re.compile(r"\b(vot\w*|in favou?r|against|abstain\w*|abstention\w*|adopted|passed|rejected)\b", re.I)
SPEAKING_VERBS = {"say", "tell", "add", "warn", "note", "argue", "claim", "insist", "explain", "describe", "write", "report"}
SOURCE_VERBS = {"report", "say", "estimate", "find", "show", "count", "record", "document", "tally", "confirm"}


def _excluded(text: str, start: int, end: int, doc) -> bool:
    """Years, dates, clock times, identifiers, ordinals and the pronoun 'one' are not statistics."""
    phrase = text[start:end]
    before, after = text[max(0, start - 12):start], text[end:end + 24]
    if re.search(r"\.\d{4,}", phrase) or re.search(r"\d{5,}-\d|\d-\d{5,}", phrase):
        return True  # 1.1997328-2252531678: an identifier, not a decimal or a range
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end) if "\n" in text[end:] else len(text)
    if not re.search(r"[A-Za-z]{2}", text[line_start:start] + text[end:line_end]):
        return True  # a number alone on its line is a page or image id
    if not text[line_start:start].strip() and re.match(r"[.)]\s", after):
        return True  # '1. China did not support...': a list item's number
    if re.search(r"\b[A-Z]+-$", before):
        return True  # 'COVID-19', 'G-20', 'F-16': part of a name
    if re.match(r"[-/.:]\d|\w", after) or re.search(r"(\d[-/.:]|\w)$", before):
        return True  # part of an identifier, a date like 2023-11-01, a time like 10:30, or a word
    prev_words = [w.rstrip(".") for w in re.findall(r"[A-Za-z.]+", before.lower())]
    next_words = re.findall(r"[A-Za-z]+", after.lower())
    if (prev_words and prev_words[-1] in MONTHS.keys() | WEEKDAYS.keys() | ID_WORDS) or (next_words and next_words[0] in MONTHS):
        return True  # 'Nov. 8', '8 November', 'Tuesday 4', 'resolution 1325'
    if re.match(r"\s*(?:GMT|UTC|CET|CEST|EST|EDT|PST|BST|hrs|hours\s+(?:GMT|UTC|local))\b|\s*h\b", after):
        return True  # a clock time: '2200 GMT', '1400 hrs'
    if re.fullmatch(r"\s*(?:1[89]|20)\d\d\s*(?:-|–|to|and)\s*(?:(?:1[89]|20)\d\d|\d\d)\s*", phrase):
        return True  # a span of years: '2006-2007', '2006 to 2008', '2014-15'
    if re.fullmatch(r"(1[89]|20|21)\d\d", phrase.strip()):
        span = doc.char_span(start, end, alignment_mode="expand")
        nxt = doc[span.end] if span is not None and span.end < len(doc) else None
        if nxt is None or nxt.tag_ != "NNS":
            return True  # a year, unless it counts something ('2000 people')
    if re.fullmatch(r"(?:[a-z ]+\s)?one", phrase.strip(), re.I):  # the word "one" alone, not "one hundred and twenty"
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(t.lower_ == "one" and t.pos_ == "NUM" and t.dep_ == "nummod" for t in span):
            return True  # 'the only one of its kind', 'one of the' ...
        counted = next((t.head for t in span if t.lower_ == "one"), None)
        if counted is not None and counted.dep_ == "nsubj" and counted.head.lemma_ in SPEAKING_VERBS:
            return True  # 'One Western diplomat said': a source left unnamed, not a count
    return bool(re.fullmatch(r"\s*(a\.m|p\.m|am|pm|o'clock)\b.*", after, re.I))


def _counted(doc, start: int, end: int):
    """The noun a number counts ('193 UN member states' -> states), or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.dep_ in ("nummod", "quantmod", "compound") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i >= span.end:
            return tok.head
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
        return nxt
    if nxt is not None and nxt.lower_ in ("in", "of") and span.end + 1 < len(doc):
        for chunk in doc.noun_chunks:
            if chunk.start == span.end + 1:
                return chunk.root
    return None


def _measure_and_unit(doc, start: int, end: int, unit: str | None) -> tuple[str, str]:
    noun = _counted(doc, start, end)
    measure = ""
    if noun is not None:
        chunk = next((c for c in doc.noun_chunks if c.start <= noun.i < c.end), None)
        words = [t.text for t in (chunk or [noun]) if not (start <= t.idx < end) and t.pos_ not in ("DET", "NUM", "PUNCT")]
        measure = " ".join(words).strip(" -–")
    if unit:
        return measure, unit
    if noun is None:
        return measure, "count"
    if noun.lower_ in PERSON_NOUNS or noun.ent_type_ == "NORP":
        return measure, "person"
    return measure, noun.lemma_.lower()


def _source(doc, start: int, mentions: list[dict]) -> tuple[str, str]:
    """The actor the sentence says asserts the number: 'according to X', or X reports/says."""
    tok = doc.char_span(start, start + 1, alignment_mode="expand")
    if tok is None:
        return "", ""
    sent = tok[0].sent
    text = doc.text
    m = re.search(r"according to ([^,.;]+)", sent.text)
    if m:
        lo = sent.start_char + m.start()
        hi = sent.start_char + m.end()
        inside = [x for x in mentions if lo <= x["start"] and x["end"] <= hi]
        return (inside[0]["actor_id"] if inside else ""), text[lo:hi]
    root = sent.root
    if root.lemma_.lower() in SOURCE_VERBS:
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
            inside = [x for x in mentions if lo <= x["start"] and x["end"] <= hi]
            if inside:
                return inside[0]["actor_id"], text[lo:root.idx + len(root)]
    return "", ""


def extract_statistics(doc, mentions: list[dict]) -> list[dict]:
    """Doc + mentions -> statistic candidates with exact values."""
    text = doc.text
    out = []
    tallies = []
    for t in TALLY.finditer(text):
        # '23 votes to 10': the two sides of a vote, each its own count.
        source, source_text = _source(doc, t.start(), mentions)
        for g, measure in ((1, "votes in favour"), (2, "votes against")):
            out.append(_row(text, t.start(g), t.end(g), t.group(g), None, "exact", "vote", measure, source, source_text))
        tallies.append((t.start(), t.end()))
    for m in SCAN.finditer(text):
        start, end = m.start(), m.end()
        if any(a <= start < b for a, b in tallies):
            continue
        while end > start and text[end - 1] in " \t":
            end -= 1
        if _excluded(text, start, end, doc):
            continue
        q = parse_quantity(text[start:end])
        if q is None:
            continue
        source, source_text = _source(doc, start, mentions)
        sentence = doc.char_span(start, end, alignment_mode="expand")
        sent_text = sentence[0].sent.text if sentence is not None else ""
        if q.qualifier == "range" and q.value_max is not None and q.value_max < q.value and VOTE_WORDS.search(sent_text):
            # A vote tally: two counts, each its own span.
            parts = [p for p in re.finditer(r"\d+", text[start:end])][:2]
            for part, measure in zip(parts, ("votes in favour", "votes against"), strict=False):
                out.append(_row(text, start + part.start(), start + part.end(), part.group(), None, "exact", "vote", measure, source, source_text))
            continue
        measure, unit = _measure_and_unit(doc, start, end, q.unit)
        out.append(_row(text, start, end, format_number(q.value), format_number(q.value_max), q.qualifier, unit, measure, source, source_text))
    out.sort(key=lambda r: (r["start"], r["end"]))
    return out


def _row(text, start, end, value, value_max, qualifier, unit, measure, source, source_text) -> dict:
    return {
        "start": start, "end": end, "text": text[start:end], "value": value, "value_max": value_max or "",
        "unit": unit, "measure": measure, "qualifier": qualifier, "source_actor_id": source, "source_text": source_text,
    }
