"""Quotes: paired quotation marks, with speaker, cue and kind from the reporting clause.

Doc + mentions -> quote candidates. The speaker is the subject of the nearest reporting verb
outside the quotation in the same sentence (climbing from participles such as 'saying' to
their main verb), else in the sentence before (ending with a colon) or after. Pronouns resolve
to the subject of the preceding sentences or the previous speaker; 'the letter', 'the
statement' resolve to whoever the article last quoted from that document. Titles and short
scare quotes with no reporting verb are not quotes.
"""
from __future__ import annotations

import re

from ..quotemarks import pair_quotes

CUE_LEMMAS = {
    "say", "tell", "add", "state", "warn", "write", "accuse", "call", "describe", "decry", "conclude",
    "charge", "protest", "cite", "confirm", "note", "argue", "insist", "claim", "urge", "explain",
    "declare", "announce", "ask", "reply", "respond", "stress", "tweet", "post", "complain", "deny",
    "acknowledge", "admit", "suggest", "report", "continue", "go", "assert", "condemn", "criticise",
    "criticize", "question", "caution", "vow", "pledge", "demand", "label", "dub", "brand",
    # verbs that characterise in quoted words ('hailed it as a "resounding victory"')
    "hail", "denounce", "welcome", "praise", "slam", "blast", "dismiss", "term", "lament", "laud", "applaud",
    # verbs that put a body's words in quotation marks ('expressed "deep concern"', 'estimated that "thousands"')
    "express", "estimate",
}
# Quoted words a sentence talks about rather than attributes ('the word "genocide"').
MENTION_NOUNS = {"word", "words", "term", "terms", "phrase", "expression", "label", "slogan"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
DOCUMENT_NOUNS = {"letter", "statement", "report", "memo", "communique", "communiqué", "note", "document", "email", "post"}
# A description of an organisation -> the actor types it can describe ('the social media giant'
# is a company, never the state named before it).
BODY_TYPES = {
    "group": {"ngo", "group", "armed_group"}, "organisation": {"ngo", "igo", "group"}, "organization": {"ngo", "igo", "group"},
    "agency": {"igo", "government"}, "ministry": {"government"}, "giant": {"group", "media"}, "company": {"group", "media"},
    "firm": {"group", "media"}, "body": {"igo", "ngo", "government"}, "movement": {"group", "armed_group", "ngo"},
    "watchdog": {"ngo", "igo", "media"}, "charity": {"ngo"}, "network": {"ngo", "media", "group"},
    "coalition": {"ngo", "group", "armed_group", "state"}, "alliance": {"ngo", "group", "igo"}, "bloc": {"igo", "state"},
    "government": {"state", "government"}, "administration": {"state", "government"}, "campaign": {"ngo", "group"},
    "panel": {"igo"}, "commission": {"igo"}, "mission": {"igo", "government"}, "team": {"igo", "ngo"},
}
INDEFINITE = {"a", "an", "one", "another"}
SCARE_QUOTE_MAX_WORDS = 3
ROLE_NOUNS = {"director", "spokesperson", "spokesman", "spokeswoman", "official", "rapporteur", "envoy", "chief", "head",
              "minister", "ambassador", "president", "secretary", "commissioner", "chair", "chairman", "chairwoman",
              "representative", "adviser", "advisor", "expert", "author", "authors", "investigator", "officer"}


def _inside(i: int, spans) -> bool:
    return any(s - 1 <= i <= e for s, e in spans)


def _cue_tokens(doc, lo: int, hi: int, quote_spans, quote_at: int = -1) -> list:
    """Reporting verbs between char offsets lo and hi that are not quoted words themselves.
    'call for' reports words only when the quotation is what is called for (quote_at, the
    quotation's first character, inside the verb's phrase)."""
    out = []
    for tok in doc.char_span(lo, hi, alignment_mode="expand") or []:
        if tok.lemma_.lower() in CUE_LEMMAS and tok.pos_ in ("VERB", "AUX") and not _inside(tok.idx, quote_spans):
            if tok.lemma_.lower() == "go" and not any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children):
                continue
            calls_for = tok.lemma_.lower() == "call" and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
            if calls_for and not (tok.idx < quote_at < tok.right_edge.idx + len(tok.right_edge)):
                continue  # 'call for' asks for something; it reports only the words it quotes
            if tok.lower_ == "called" and tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "so":
                continue  # 'so-called': the mark of a scare quote, not a reporting verb
            out.append(tok)
    return out


def _term_of_another_verb(doc, start: int, end: int, cues) -> bool:
    """Is the short quotation doc.text[start:end] a noun phrase that a non-finite verb other than
    the reporting verbs takes as its object ('say proving "genocidal intent" is hard',
    'determining "apartheid" requires...'): a term the clause works with, not words reported?
    ('hailed the vote as a "resounding victory"', 'said the abuses were "systematic"' are
    reported words: the reporting verb, or a finite verb of the reported clause, governs them.)"""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return False  # quoted words with a verb of their own are words someone said
    root = span.root
    verb = root.head
    return (root.dep_ == "dobj" and verb.tag_ in ("VBG", "VB") and verb.dep_ in ("csubj", "csubjpass", "pcomp", "nsubj")
            and all(verb.i != c.i for c in cues) and verb.lemma_.lower() not in CUE_LEMMAS)


def _subject(tok, depth: int = 0):
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) > 1:
        # 'UK ambassador to the council Leslie Norton tweeted': the parser splits a title and the name
        # after it into two subjects; the one nearest the verb is the name, the speaker.
        before = [c for c in subjects if c.i < tok.i]
        return before[-1] if before else subjects[0]
    if subjects:
        return subjects[0]
    head = tok.head
    if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and head.i < tok.i and not any(a.pos_ in ("VERB", "AUX") for a in head.ancestors):
        return head  # 'the rights body called on X': a sentence the parser left verbless; the noun is the subject
    if depth < 4 and tok.dep_ == "acl" and head.dep_ in ("dobj", "pobj", "attr") and head.head.i != head.i:
        # 'The council adopted resolutions calling for "..."': the resolutions speak for
        # whoever adopted or issued them, the subject of the verb governing the noun.
        governor = head.head if head.dep_ != "pobj" else head.head.head
        return _subject(governor, depth + 1) if governor.pos_ in ("VERB", "AUX") else None
    if depth < 4 and tok.dep_ in ("advcl", "xcomp", "conj", "ccomp", "acl", "pcomp") and head.i != tok.i:
        return _subject(head, depth + 1)
    return None


def _cue_text(tok) -> str:
    particle = next((c for c in tok.children if c.dep_ == "prt"), None)
    return f"{tok.text} {particle.text}" if particle is not None and particle.i == tok.i + 1 else tok.text


class Attributor:
    """Resolves speakers across one article, remembering who was quoted last."""

    def __init__(self, doc, mentions: list[dict], actor_type):
        self.doc, self.mentions, self.actor_type = doc, mentions, actor_type
        self.history: list[tuple[int, int, str]] = []  # (window start, window end, speaker id)

    def _actors_in(self, start: int, end: int) -> list[dict]:
        return [m for m in self.mentions if start <= m["start"] and m["end"] <= end]

    def _preceding(self, before: int, person: bool) -> str:
        for m in reversed(self.mentions):
            if m["end"] <= before and (self.actor_type(m["actor_id"]) == "person") == person:
                return m["actor_id"]
        return ""

    def _next_subject_person(self, after: int) -> str:
        sents = [s for s in self.doc.sents if s.start_char >= after]
        for sent in sents[:2]:
            subj = next((t for t in sent if t.dep_ == "nsubj"), None)
            if subj is None:
                continue
            people = [m for m in self._actors_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)) if self.actor_type(m["actor_id"]) == "person"]
            if people:
                return people[0]["actor_id"]
        return ""

    def _sentence_subject_person(self, before: int) -> str:
        sents = [s for s in self.doc.sents if s.end_char <= before]
        for sent in reversed(sents[-3:]):
            subj = next((t for t in sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
            if subj is None:
                continue
            if subj.lower_ in PERSON_PRONOUNS:
                for _, _, spk in reversed(self.history):
                    if self.actor_type(spk) == "person":
                        return spk
            people = [m for m in self._actors_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)) if self.actor_type(m["actor_id"]) == "person"]
            if people:
                return people[0]["actor_id"]
        return ""

    def _nearest(self, at: int, kinds: set[str], before: bool) -> str:
        """The mention of an actor of one of `kinds` nearest before (or after) char offset `at`."""
        pool = [m for m in self.mentions if (m["end"] <= at if before else m["start"] >= at)
                and self.actor_type(m["actor_id"]) in kinds]
        if not pool:
            return ""
        return (pool[-1] if before else pool[0])["actor_id"]

    def _previous_subject_body(self, before: int) -> str:
        """The organisation named in the subject of the sentence just before `before` ('The
        nearly 500-page UN report ... It said'), or '' when that subject names none."""
        sents = [s for s in self.doc.sents if s.end_char <= before]
        if not sents:
            return ""
        subj = next((t for t in sents[-1] if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subj is None or subj.pos_ == "PRON":
            return ""
        inside = [m for m in self._actors_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge))
                  if self.actor_type(m["actor_id"]) not in ("person", "")]
        return inside[0]["actor_id"] if inside else ""

    def _document_author(self, noun: str, before: int) -> str:
        """'the report said' -> the actor named with the last earlier 'report' in the article ('the
        UN report', 'a report by Amnesty International'), or '' when none is named with it."""
        for tok in reversed([t for t in self.doc if t.idx < before and t.lemma_.lower() == noun and t.pos_ == "NOUN"]):
            # the author stands before the noun ('the UN report') or after 'by'/'from'; 'a report
            # on North Korea' names its subject, not its author
            ranges = [(tok.left_edge.idx, tok.idx)] + [
                (c.idx, c.right_edge.idx + len(c.right_edge)) for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")]
            named = [m for lo, hi in ranges for m in self._actors_in(lo, hi) if self.actor_type(m["actor_id"]) != ""]
            if named:
                return named[0]["actor_id"]
        return ""

    def link(self, subj, window: tuple[int, int], cue_at: int) -> tuple[str, str]:
        """The subject token of a reporting verb -> (speaker actor id, speaker text)."""
        start, end = speaker_span(subj)
        text = self.doc.text[start:end]
        low = subj.lower_
        if low in PERSON_PRONOUNS:
            if self.history:
                lo, hi, spk = self.history[-1]
                if spk and self.actor_type(spk) == "person" and hi >= window[0]:
                    return spk, subj.text  # the person quoted just before, in the same sentence
            return (self._sentence_subject_person(window[0]) or self._preceding(window[0], True)), subj.text
        if low in GROUP_PRONOUNS:
            thing = self._previous_subject_body(window[0])
            if thing:
                return thing, subj.text  # 'The UN report details ... It said': the report's author
            for _, _, spk in reversed(self.history):
                if spk and self.actor_type(spk) != "person":
                    return spk, subj.text
            return self._preceding(window[0], False), subj.text
        inside = self._actors_in(start, end)
        people = [m for m in inside if self.actor_type(m["actor_id"]) == "person"]
        if people:
            return people[0]["actor_id"], text
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)
        if subj.lemma_.lower() in ROLE_NOUNS and definite:
            # 'The director of the New York office ... has left': a definite role is a person
            # the article names next; the subject of the following sentence, if a person.
            later = self._next_subject_person(end)
            if later:
                return later, text
        if inside:
            return min(inside, key=lambda m: (-(m["end"] - m["start"]), m["start"]))["actor_id"], text
        if subj.lemma_.lower() in DOCUMENT_NOUNS:
            author = self._document_author(subj.lemma_.lower(), start)
            if author:
                return author, text
            for lo, hi, spk in reversed(self.history):
                if spk and subj.lemma_.lower() in self.doc.text[lo:hi].lower():
                    return spk, text
            return (self.history[-1][2] if self.history else ""), text
        kinds = BODY_TYPES.get(subj.lemma_.lower())
        if kinds and definite:
            # 'Amnesty International published a report. "...," the group said': a definite
            # description of an organisation is the last organisation of its kind named before it.
            return self._nearest(start, kinds, before=True) or self._preceding(window[0], False), text
        if kinds and any(c.dep_ in ("det", "nummod") and c.lower_ in INDEFINITE for c in subj.children):
            # 'one advocacy group said ... Human Rights Watch's director': an unnamed body that
            # the article names next.
            return self._nearest(end, kinds, before=False), text
        if subj.pos_ == "NOUN" and subj.lemma_.lower() not in ROLE_NOUNS:
            return "", text  # 'Reaction to X was mixed': a thing, not a speaker
        # An unrecognised name (a damaged or unknown proper noun): the person named last before
        # the reporting verb in this sentence, else the last person quoted.
        in_window = [m for m in self._actors_in(window[0], cue_at) if self.actor_type(m["actor_id"]) == "person"]
        if in_window:
            return in_window[-1]["actor_id"], text
        for _, _, spk in reversed(self.history):
            if spk and self.actor_type(spk) == "person":
                return spk, text
        return self._preceding(window[0], True), text


def speaker_span(subj) -> tuple[int, int]:
    """A subject token -> the char span naming the speaker: its subtree without relative
    clauses and leading adverbs or punctuation ('Earlier, the rapporteur' -> 'the rapporteur')."""
    drop: set[int] = set()
    for child in subj.children:
        if child.dep_ in ("relcl", "acl"):
            drop.update(t.i for t in child.subtree)
    kept = [t for t in subj.subtree if t.i not in drop]
    # the unbroken run of words around the subject: what follows a dropped clause is not its name
    at = next(k for k, t in enumerate(kept) if t.i == subj.i)
    lo = hi = at
    while lo > 0 and kept[lo - 1].i == kept[lo].i - 1:
        lo -= 1
    while hi + 1 < len(kept) and kept[hi + 1].i == kept[hi].i + 1:
        hi += 1
    tokens = kept[lo:hi + 1]
    dashes = [k for k, t in enumerate(tokens) if t.text in ("\u2014", "\u2013", "--")]
    dateline = tokens and tokens[0].text.isupper() and (tokens[0].i == 0 or "\n" in tokens[0].nbor(-1).text)
    if dashes and (dateline or tokens[dashes[-1]].i < subj.i) and dashes[-1] + 1 < len(tokens):
        tokens = tokens[dashes[-1] + 1:]  # 'GENEVA (AP) — The council': a dateline is not the speaker
    while tokens and tokens[0].i != subj.i and (tokens[0].pos_ in ("ADV", "PUNCT", "SCONJ", "CCONJ") or tokens[0].is_punct or tokens[0].is_space or tokens[0].text[0] in "\"“”'‘’"):
        tokens.pop(0)
    while tokens and tokens[-1].i != subj.i and (tokens[-1].pos_ == "PUNCT" or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _has_quote(lo: int, hi: int, spans) -> bool:
    return any(lo <= s < hi for s, _ in spans)


def _choose_cue(cues, doc, q_start: int, q_end: int):
    """The reporting verb that governs the quotation: the one with the smallest subtree holding
    the quotation's first word, else the nearest."""
    first = doc.char_span(q_start, q_end, alignment_mode="expand")
    if first is not None and len(first):
        holders = [t for t in cues if first[0] in t.subtree]
        # 'She said he had used a letterhead to call for "..."': words reported by the outer verb
        holders = [t for t in holders if not (t.lemma_.lower() == "call" and any(h in t.ancestors for h in holders))] or holders
        if holders:
            return min(holders, key=lambda t: len(list(t.subtree)))
    return min(cues, key=lambda t: min(abs(t.idx - q_start), abs(t.idx - q_end)))


ACCORDING_TO = re.compile(r"\baccording to\s+", re.I)


def _according_to(text: str, mentions: list[dict], actor_type, lo: int, hi: int, quote_spans) -> tuple[str, str] | None:
    """'..., according to X' outside the quotation -> (X's actor id, the words naming X). A
    named person in the phrase wins over an institution ('according to the council's
    president, Omar Zniber'), as the person is the one who spoke."""
    for m in ACCORDING_TO.finditer(text, lo, hi):
        if _inside(m.start(), quote_spans):
            continue
        at = m.end()
        stop = re.search(r"[.;:!?\n]|,\s+(?:who|which|that|and|but)\b|$", text[at:at + 120])
        end = at + (stop.start() if stop else 120)
        inside = [x for x in mentions if at <= x["start"] and x["end"] <= end and not _inside(x["start"], quote_spans)]
        if not inside:
            continue
        chosen = next((x for x in inside if actor_type(x["actor_id"]) == "person"), inside[0])
        return chosen["actor_id"], text[at:end].strip().rstrip(",")
    return None


def _kind(text: str, start: int, sent_start: int) -> str:
    """direct when the quotation stands as its own sentence, partial when built into one."""
    i = start - 2
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or i < sent_start or text[i] in ":,.\n;!?":
        return "direct"
    return "partial"


def extract_quotes(doc, mentions: list[dict], actor_type) -> list[dict]:
    """Doc + mentions -> quote candidates (speaker may be empty when no one is named)."""
    text = doc.text
    pairs = [q for q in pair_quotes(text)]
    spans = [(q.start, q.end) for q in pairs]
    sents = list(doc.sents)
    attributor = Attributor(doc, mentions, actor_type)
    out = []

    def sentence_at(offset: int):
        for s in sents:
            if s.start_char <= offset < s.end_char:
                return s
        return sents[-1]

    for q in pairs:
        if q.title:
            continue
        first, last = sentence_at(q.start), sentence_at(max(q.start, q.end - 1))
        lo, hi = first.start_char, max(last.end_char, q.end + 1)
        before_words = re.findall(r"[A-Za-z]+", text[max(0, q.start - 12):q.start])
        if before_words and before_words[-1].lower() in MENTION_NOUNS and len(text[q.start:q.end].split()) <= SCARE_QUOTE_MAX_WORDS:
            continue  # 'the word "genocide"': a word talked about, not words reported
        cues = _cue_tokens(doc, lo, min(hi, len(text)), spans, q.start)
        if not cues:
            # The reporting clause may sit in the sentence before (ending in a colon, or with
            # no quotation of its own) or in the sentence after (with none of its own).
            before = [s for s in sents if s.end_char <= first.start_char]
            after = [s for s in sents if s.start_char >= last.end_char]
            if before and (before[-1].text.rstrip().endswith(":") or not _has_quote(before[-1].start_char, before[-1].end_char, spans)):
                cues = _cue_tokens(doc, before[-1].start_char, before[-1].end_char, spans)
            if not cues and after and not _has_quote(after[0].start_char, after[0].end_char, spans):
                cues = _cue_tokens(doc, after[0].start_char, after[0].end_char, spans)
        words = len(text[q.start:q.end].split())
        if not cues and words <= SCARE_QUOTE_MAX_WORDS:
            continue  # a scare quote: a word set apart, attributed to no one
        if words <= SCARE_QUOTE_MAX_WORDS and _term_of_another_verb(doc, q.start, q.end, cues):
            continue  # 'experts say proving "genocidal intent" is hard': a term the clause uses
        speaker, speaker_text, cue = "", "", ""
        according = None if cues else _according_to(text, mentions, actor_type, lo, min(hi, len(text)), spans)
        if according is not None:
            speaker, speaker_text = according
            attributor.history.append((lo, hi, speaker))
            out.append({"start": q.start, "end": q.end, "text": text[q.start:q.end], "speaker_actor_id": speaker,
                        "speaker_text": speaker_text, "kind": _kind(text, q.start, first.start_char), "cue": "according to"})
            continue
        if not cues and attributor.history:
            _prev_lo, prev_hi, prev_speaker = attributor.history[-1]
            previous = [s for s in sents if s.end_char <= first.start_char]
            if prev_speaker and previous and prev_hi >= previous[-1].start_char:
                # A quotation that carries on from the one before, with no reporting verb of
                # its own ('..., he said. "But we will not."'): the same speaker.
                attributor.history.append((lo, hi, prev_speaker))
                out.append({"start": q.start, "end": q.end, "text": text[q.start:q.end], "speaker_actor_id": prev_speaker,
                            "speaker_text": "", "kind": _kind(text, q.start, first.start_char), "cue": ""})
                continue
        if cues:
            tok = _choose_cue(cues, doc, q.start, q.end)
            cue = _cue_text(tok)
            subj = _subject(tok)
            if subj is not None:
                speaker, speaker_text = attributor.link(subj, (lo, hi), tok.idx)
        attributor.history.append((lo, hi, speaker))
        out.append({
            "start": q.start, "end": q.end, "text": text[q.start:q.end],
            "speaker_actor_id": speaker, "speaker_text": speaker_text,
            "kind": _kind(text, q.start, first.start_char), "cue": cue,
        })
    return out
