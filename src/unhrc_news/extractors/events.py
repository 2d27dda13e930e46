"""Events: trigger words in a sentence -> an event with type, PLOVER type, actors, date, status.

Doc + mentions + publication date -> event candidates, at most one per sentence (the
first trigger by priority). The sentence is the evidence; actors come from the mentions in the
trigger's subject (agent), its objects (target) and the rest of the sentence (participant).
A sentence that names no actor yields no event.
"""
from __future__ import annotations

import re

from ..dates import FUTURE, find_dates
from ..ids import content_id

# (pattern over the sentence, event_type, PLOVER type), in priority order.
TRIGGERS: tuple[tuple[re.Pattern, str, str], ...] = tuple((re.compile(p, re.I), t, pl) for p, t, pl in (
    (r"\b(boycott\w*|(will|would|does|did)\s+not\s+(participate|attend|take part)|refus\w+\s+to\s+(attend|participate|take part)|skip\w*|seat will remain empty)\b", "boycott", "PROTEST"),
    (r"\bwithdr\w+\s+(\w+\s+){0,3}from\b|\bwithdrawal from\b|\bwithdrawing\b", "withdrawal", "SANCTION"),
    (r"\b(resign\w*|step(ped|s|ping)? down)\b", "resignation", "PROTEST"),
    (r"\bretir\w+\b", "retirement", ""),
    (r"\b(kill\w*|massacr\w*)\b", "killing", "ASSAULT"),
    (r"\b(attack\w*|bomb\w*|shell\w*|assault\w*|invad\w*|invasion)\b", "attack", "ASSAULT"),
    (r"\bhostages?\b", "hostage_taking", "ASSAULT"),
    (r"\b(arms sales?|weapons? sales?)\b", "arms_sale", "AID"),
    (r"\b(military aid|provided .{0,40}weapons|weapons provided|supplied .{0,40}(arms|weapons))\b", "military_aid", "AID"),
    (r"\brefus\w+\b|\brejected\b", "refusal", "REJECT"),
    (r"\b(accus\w+|alleg\w+|charged)\b", "accusation", "ACCUSE"),
    (r"\b(criticis\w+|criticiz\w+|decr(y|ied|ies)|condemn\w*|denounc\w+|took aim|warn(ed|s|ing)?)\b", "criticism", "ACCUSE"),
    (r"\b(instruct\w*|urg(e|ed|es|ing)|demand\w*|request\w*|call\w* (on|for))\b", "request", "REQUEST"),
    (r"\bvot(e|ed|es|ing)\b", "vote", "REJECT"),
    (r"\bpostpon\w+\b", "postponement", ""),
    (r"\b(establish\w*|creat(ed|ion)|inception|founded)\b", "establishment", ""),
    (r"\b(support\w*|endors\w+|prais\w+)\b", "endorsement", "SUPPORT"),
    (r"\b(meets?|session|discuss\w*)\b", "session", "CONSULT"),
    (r"\b(review)\b.{0,80}\b(scheduled|take place|takes place|held)\b", "review", "CONSULT"),
    (r"\b(letter|wrote)\b", "letter", ""),
    (r"\b(post(ed|ing)|publish\w*|leak\w*|made public)\b", "disclosure", ""),
    (r"\b(report(s|ed)?|concluded|findings?)\b", "report", ""),
    (r"\b(inform(ed|s|ing)?|announc\w+|confirm\w*|statement)\b", "statement", ""),
))
SCHEDULED = re.compile(r"\b(scheduled|to take place|meets|will meet|will be held|upcoming)\b", re.I)


def _status(sentence: str) -> str:
    if SCHEDULED.search(sentence):
        return "scheduled"
    return "announced" if FUTURE.search(sentence) else "occurred"


def _roles(doc, sent, trigger_at: int, mentions: list[dict]) -> list[tuple[str, str]]:
    inside = [m for m in mentions if sent.start_char <= m["start"] and m["end"] <= sent.end_char]
    if not inside:
        return []
    span = doc.char_span(trigger_at, trigger_at + 1, alignment_mode="expand")
    head = span[0] if span is not None else sent.root
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    within = lambda tok, m: tok is not None and tok.left_edge.idx <= m["start"] and m["end"] <= tok.right_edge.idx + len(tok.right_edge)
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    for _ in range(2):
        # 'Venezuela has told the council that it will not attend': when the subject names no
        # actor (a pronoun), the actor is the subject of the verb it depends on.
        if (subj is not None and any(within(subj, m) for m in inside)) or head.head.i == head.i:
            break
        head = head.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    objs = [c for c in head.children if c.dep_ in ("dobj", "dative", "attr")]
    objs += [g for c in head.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "pobj"]
    roles: dict[str, str] = {}
    for m in inside:
        if within(subj, m):
            roles.setdefault(m["actor_id"], "agent")
        elif any(within(o, m) for o in objs):
            roles.setdefault(m["actor_id"], "target")
    for m in inside:
        roles.setdefault(m["actor_id"], "participant")
    return sorted(roles.items())


def _outside(spans, start: int, end: int) -> bool:
    return not any(s <= start and end <= e for s, e in spans)


def extract_events(doc, mentions: list[dict], document_id: str, published: str, quoted=(), furniture=()) -> list[dict]:
    """Doc + mentions -> event candidates, one per sentence with a trigger and an actor.

    Trigger words inside quotation marks are the speaker's, not the article's report of an
    event, and sentences in site furniture report nothing: both are skipped."""
    text = doc.text
    out = []
    for sent in doc.sents:
        sentence = sent.text.strip()
        if len(sentence) < 12:
            continue
        lo = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        hi = lo + len(sentence)
        if not _outside(furniture, lo, hi):
            continue
        for pattern, event_type, plover in TRIGGERS:
            m = next((x for x in pattern.finditer(text, lo, hi) if _outside(quoted, x.start(), x.end())), None)
            if m is None:
                continue
            actors = _roles(doc, sent, m.start(), mentions)
            if not actors:
                break
            dates = find_dates(text, published, lo, hi, doc)
            date = dates[0] if dates else None
            out.append({
                "event_id": content_id("e", document_id, lo, hi),
                "start": lo, "end": hi, "text": text[lo:hi],
                "event_type": event_type, "plover_type": plover,
                "date_start": date["date_start"] if date else "", "date_end": date["date_end"] if date else "",
                "date_precision": date["precision"] if date else "unknown", "date_text": date["text"] if date else "",
                "status": _status(sentence), "summary": sentence if len(sentence) <= 300 else sentence[:299] + "…",
                "trigger": m.group(), "actors": actors,
            })
            break
    return out
