"""Events: reported happenings -> events with type, PLOVER type, actors, date, status, summary.

Doc + mentions + quotes + publication date -> event candidates, one per reported happening:
1. Each sentence proposes its main happening: of the trigger words outside quotation marks, the
   one whose verb stands highest in the parse (the sentence's own verb before a clause inside
   it), ties going to the TRIGGERS order. A second trigger in a clause of its own (joined by
   'and', or a clause with its own subject naming an actor) proposes a second event.
2. Actors come from the dependency structure of the trigger's verb: its subject (agent; the
   'by' phrase of a passive), its objects (target) and the rest of the clause (participant).
   A sentence that names no actor yields no event.
3. The date is the date expression attached to the trigger's verb (else the sentence's first),
   resolved against the publication date with its precision.
4. A sentence whose only happening is someone speaking (a quotation's reporting verb) is a
   statement by the speaker; all statements of one speaker in an article are one event.
5. Events of one type sharing their agent and compatible dates are one happening told in several
   sentences ('elected Cuba, China ...' / 'also elected Russia'): merged, actors united, every
   sentence kept as evidence.
6. The body that elects in an article takes part in its lost seats and votes that name none;
   the votes counted in an article's election are part of it; a news outlet reporting is the
   article's source, not an event; in an article about a UN inquiry body, a report the UN puts
   out is the body's.
The summary is short and plain: the clause's subject, verb and object, not the whole sentence.
"""
from __future__ import annotations

import itertools
import re
from typing import Any

from ..dates import FUTURE, find_dates, span_of
from ..ids import content_id

# (pattern over the sentence, event_type, PLOVER type), in priority order for ties.
TRIGGERS: tuple[tuple[re.Pattern, str, str], ...] = tuple((re.compile(p, re.I), t, pl) for p, t, pl in (
    (r"\b(boycott\w*|(will|would|does|did)\s+not\s+(participate|attend|take part)|refus\w+\s+to\s+(attend|participate|take part)|skip\w*|seat will remain empty)\b", "boycott", "PROTEST"),
    (r"\bwithdr\w+\s+(\w+\s+){0,3}from\b|\bwithdrawal from\b|\bwithdr[ae]w\w*\b|\bpull(ed|s|ing)? out\b|\bdrop(ped|s|ping)? out\b", "withdrawal", "SANCTION"),
    (r"\b(resign\w*|step(ped|s|ping)? down)\b", "resignation", "PROTEST"),
    (r"\bretir\w+\b", "retirement", ""),
    (r"\b(execut(ed|es|ing|ions?)|hang(ed|ings?))\b", "execution", "ASSAULT"),
    (r"\b(kill\w*|massacr\w*)\b", "killing", "ASSAULT"),
    (r"\b(tortur\w*|rap(e|ed|es|ing))\b", "torture", "ASSAULT"),
    (r"\b(attack\w*|bomb\w*|shell\w*|assault\w*|invad\w*|invasion|crackdown|crack(ed|s)? down)\b", "attack", "ASSAULT"),
    (r"\bhostages?\b", "hostage_taking", "ASSAULT"),
    (r"\b(arrest\w*|detain\w*|detentions?|jail(ed|s|ing)?|imprison\w*)\b", "detention", "COERCE"),
    (r"\b(fled|flee\w*|displac\w+)\b", "displacement", ""),
    (r"\b(arms sales?|weapons? sales?)\b", "arms_sale", "AID"),
    (r"\b(military aid|provided .{0,40}weapons|weapons provided|supplied .{0,40}(arms|weapons))\b", "military_aid", "AID"),
    (r"\b(sanction(s|ed|ing)?|embargo\w*)\b", "sanction", "SANCTION"),
    (r"\b(suspend\w*|suspension|expel\w*|oust\w*)\b", "suspension", "SANCTION"),
    (r"\b(ban(s|ned|ning)?)\b", "ban", "SANCTION"),
    (r"\b(re-?elect\w*|elect(ed|s|ing|ion|ions)?|won\s+([\w-]+\s+){0,3}(seats?|terms?)|win(s|ning)?\s+([\w-]+\s+){0,3}(seats?|terms?)"
     # candidacy: 'were vying for three seats', 'competing with Chile for two spots', 'running for the Asian seats'
     r"|(vy(ing|ed)|compet(ing|ed|es?)|run(ning|s)?|ran|s(ought|eek(ing|s)?)|contest(ing|ed|s)?)\s+([\w-]+\s+){0,6}?for\s+([\w'-]+\s+){0,4}(seats?|spots?|slots?|places?))\b", "election", ""),
    (r"\b(lost|loses|lose|losing|fail(ed|s)?\s+to\s+(win|secure|get|be\s+re-?elected)|defeat(ed)?"
     r"|reject(ed|s)?\s+(\w+\s+){0,2}(bid|candidacy|candidature))\b", "defeat", ""),
    (r"\b(adopt(ed|s|ing)?|pass(ed|es)?\s+(a\s+)?(resolution|decision|text)"
     # a draft put before a body: 'presented the first draft decision', 'tabled a motion'
     r"|(present|submitt?|tabl|introduc)(ed|es|s|ing)?\s+([\w-]+\s+){0,3}(draft|motion))\b", "resolution", ""),
    (r"\brefus\w+\b|\breject(ed|s|ing|ion)\b|\bdismiss(ed|es)\b", "refusal", "REJECT"),
    (r"\b(accus\w+|alleg(es|ed|ing)|charged)\b", "accusation", "ACCUSE"),
    (r"\b(criticis\w+|criticiz\w+|decr(y|ied|ies)|condemn\w*|denounc\w+|took aim|warn(ed|s|ing)?|object(ed|s)? to|strictures?"
     r"|brand(ed|s|ing)?)\b", "criticism", "ACCUSE"),
    (r"\b(instruct\w*|urg(e|ed|es|ing)|demand\w*|request\w*|call\w* (on|for)|appeal(ed|s|ing)?|recommend\w*)\b", "request", "REQUEST"),
    (r"\b(cut(s|ting)?|slash\w*|scal(e|ed|ing) back|shortfall)\b", "funding_cut", ""),
    (r"\bvot(e|ed|es|ing)\b", "vote", "REJECT"),
    (r"\bpostpon\w+\b", "postponement", ""),
    (r"\b(establish\w*|creat(ed|es|ing|ion)|inception|founded|set up)\b", "establishment", ""),
    (r"\b(support\w*|endors\w+|prais\w+|welcom(e|ed|es|ing)|hail(ed|s|ing)?)\b", "endorsement", "SUPPORT"),
    (r"\b(meets?|met|meeting|session|discuss\w*|visit(ed|s|ing)?|arriv(e|ed|es|ing))\b", "session", "CONSULT"),
    (r"\b(review)\b.{0,80}\b(scheduled|take place|takes place|held)\b", "review", "CONSULT"),
    (r"\b(letter|wrote)\b", "letter", ""),
    (r"\b(post(ed|ing)|publish\w*|leak\w*|made public)\b", "disclosure", ""),
    (r"\b(report(s|ed)?|concluded|findings?|released)\b", "report", ""),
    (r"\b(inform(ed|s|ing)?|announc\w+|confirm\w*|statement)\b", "statement", ""),
))
# the election words of a candidacy ('running for a seat'), not of the vote
CANDIDACY = re.compile(r"(vy|compet|run|ran\b|sought|seek|contest)", re.I)
SCHEDULED = re.compile(r"\b(scheduled|to take place|meets|will meet|will be held|upcoming)\b", re.I)
SUMMARY_WORDS = 18
# A machine summary longer than this many characters is cut at a word.
SUMMARY_CHARS = 160


def _status(sentence: str) -> str:
    if SCHEDULED.search(sentence):
        return "scheduled"
    return "announced" if FUTURE.search(sentence) else "occurred"


def _head_of(doc, at: int, end: int | None = None):
    """The verb the trigger words at doc.text[at:end] belong to (their own verb when they have
    one: 'will not attend' -> attend)."""
    span = doc.char_span(at, end or at + 1, alignment_mode="expand")
    head = span.root if span is not None else None
    if head is None:
        return None
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _depth(tok) -> int:
    return sum(1 for _ in tok.ancestors)


def _within(tok, m) -> bool:
    return tok is not None and tok.left_edge.idx <= m["start"] and m["end"] <= tok.right_edge.idx + len(tok.right_edge)


def _nsubj(verb, deps=("nsubj", "nsubjpass")):
    """The verb's subject; of two (a dateline the parser reads as one: 'UNITED NATIONS -- The
    Assembly elected'), the one nearest the verb."""
    subjects = [c for c in verb.children if c.dep_ in deps]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else (subjects[0] if subjects else None)


def _subject_of(head, inside):
    subj = _nsubj(head, ("nsubj", "nsubjpass", "csubj"))
    for _ in range(3):
        # 'Venezuela has told the council that it will not attend': when the subject names no
        # actor (a pronoun), or there is none (a participle), the subject of the verb above.
        if (subj is not None and (subj.pos_ not in ("PRON", "DET") or any(_within(subj, m) for m in inside))) or head.head.i == head.i:
            break  # 'Shaheed said 700 people were executed': a subject of its own names no agent above
        head = head.head
        subj = _nsubj(head)
    return head, subj


PRONOUNS = {"he": True, "she": True, "it": False, "they": False}


def _antecedent(subj, mentions: list[dict], actor_type) -> str:
    """A pronoun subject -> the actor named in the subject of the sentence before ('The commission
    published its report. It recommended ...'): a person for he/she, anything else for it/they."""
    person = PRONOUNS[subj.lower_]
    sents = [x for x in subj.doc.sents if x.end_char <= subj.sent.start_char]
    for before in reversed(sents[-2:]):
        for tok in before:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT" and tok.pos_ != "PRON":
                named = [m for m in mentions if _within(tok, m) and (actor_type(m["actor_id"]) == "person") == person
                         and actor_type(m["actor_id"]) != ""]
                # 'The team, set up by the council, will ...': the mention naming the subject itself
                # before one in a clause describing it
                own = [m for m in named if m["start"] <= tok.idx < m["end"]]
                if own or named:
                    return (own or named)[-1]["actor_id"]
    return ""


# nouns of a document a body puts out: what it says is the document's
REPORT_NOUNS = {"report", "finding", "study", "document", "assessment"}


def _by_report(head) -> bool:
    """'The report accuses Chile ...', 'The report makes grim reading. It accuses Chile ...': the
    subject of the trigger's verb is a report (named, or 'it' after a sentence about one)."""
    subj = _nsubj(head, ("nsubj",)) if head is not None and head.pos_ in ("VERB", "AUX") else None
    if subj is None:
        return False
    if subj.lower_ != "it":
        return subj.lemma_.lower() in REPORT_NOUNS and any(c.dep_ in ("det", "poss") for c in subj.children)
    before = [x for x in subj.doc.sents if x.end_char <= subj.sent.start_char][-1:]
    root_subjects = [tok for x in before for tok in x if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT"]
    return bool(root_subjects) and root_subjects[0].lemma_.lower() in REPORT_NOUNS


def _roles(head, sent, mentions: list[dict], actor_type=lambda _a: "") -> list[tuple[str, str]]:
    """The trigger's verb -> [(actor id, role)]: subject agent (a passive's 'by' phrase agent,
    its subject target; a pronoun, the actor it stands for), objects target, everyone else in
    the sentence participant."""
    inside = [m for m in mentions if sent.start_char <= m["start"] and m["end"] <= sent.end_char]
    if head is None:
        return []
    if _by_clause(head):
        verb, subj = head, None  # 'a report rejected by the government': the 'by' phrase acts
    elif _nominal(head):
        verb, subj = head, next(c for c in head.children if c.dep_ == "poss")  # "Assad's assault on Aleppo"
    else:
        verb, subj = _subject_of(head, inside)
    own = _nsubj(head) if head.pos_ in ("VERB", "AUX") else None
    clause_referent = ""
    if own is not None and own.lower_ in PRONOUNS and verb.i != head.i and head.dep_ == "advcl" and subj is not None:
        # 'Russia was ousted after it invaded Ukraine': the pronoun is the main clause's subject,
        # and acts in its own clause
        named = [m for m in inside if _within(subj, m) and (actor_type(m["actor_id"]) == "person") == PRONOUNS[own.lower_]]
        if named:
            verb, subj, clause_referent = head, own, named[0]["actor_id"]
    referent = clause_referent or (_antecedent(subj, mentions, actor_type) if subj is not None and subj.lower_ in PRONOUNS else "")
    if not inside and not referent:
        return []
    passive = subj is not None and subj.dep_ == "nsubjpass"
    by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    # 'voted to suspend Libya': the objects of the trigger's own verb, when its subject is above it
    acting = [verb] if head.i == verb.i or head.dep_ != "xcomp" else [verb, head]
    objs = [c for v in acting for c in v.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    # 'elected X to the council' names a target; 'held in the Assembly', 'at the session' a place
    objs += [g for v in acting for c in v.children if c.dep_ == "prep" and c.lower_ not in LOCATIVE for g in c.children if g.dep_ == "pobj"]
    if _by_clause(head) and head.dep_ == "acl":
        objs.append(head.head)  # 'the team, set up by the council': the team is what is acted on
    roles: dict[str, str] = {}
    # 'Voice of America reported', 'told AFP': the news outlet is the source, not an actor
    inside = [m for m in inside if not (actor_type(m["actor_id"]) == "media" and _source(sent, m))]
    for m in inside:
        if any(_within(b, m) for b in by):
            roles.setdefault(m["actor_id"], "agent")
        elif _within(subj, m):
            roles.setdefault(m["actor_id"], "target" if passive else "agent")
        elif any(_within(o, m) for o in objs):
            roles.setdefault(m["actor_id"], "target")
    if referent:
        roles.setdefault(referent, "target" if passive else "agent")
    for m in inside:
        roles.setdefault(m["actor_id"], "participant")
    return sorted(roles.items())


def _outlet(verb, mentions: list[dict], actor_type) -> bool:
    """Is the subject of `verb` a news outlet ('The Washington Post reported')?"""
    subj = _nsubj(verb, ("nsubj",)) if verb is not None else None
    return subj is not None and any(_within(subj, m) and actor_type(m["actor_id"]) == "media" for m in mentions)


def _source(sent, m: dict):
    """Is the mention `m` the one who reports or is told ('Reuters reported', 'told AFP')?"""
    span = sent.doc.char_span(m["start"], m["end"], alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "dobj", "dative") and span.root.head.lemma_ in REPORTING


def _outside(spans, start: int, end: int) -> bool:
    return not any(s <= start and end <= e for s, e in spans)


def _cut(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip(",;:—–-").strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"


def summarise(head, sent, skip=()) -> str:
    """The trigger's clause -> a short plain summary: subject, verb group and first object,
    without relative clauses, appositions, commas or quotation ('The General Assembly elected
    Cuba, China and Saudi Arabia to the Human Rights Council' keeps its list)."""
    if head is None:
        return _cut(sent.text)
    subj = _nsubj(head)
    described_noun = _described_noun(head)
    if _nominal(head):
        subj = None  # "Assad's assault on Aleppo" is summary enough
    elif subj is None and _by_clause(head) and head.dep_ == "acl":
        subj = head.head  # 'the team, set up by the council': the team it describes
    elif subj is None and described_noun is not None:
        subj = described_noun  # 'the council, founded three years ago'

    elif subj is None and not _by_clause(head):  # 'since being created by the council': no subject above
        subj = _subject_of(head, [])[1]
    if subj is not None and not _outside(skip, subj.idx, subj.idx + len(subj)):
        # 'UNITED NATIONS -- The Assembly elected': the dateline read as the subject, the body beside it
        subj = next((c for c in subj.children if c.dep_ == "appos"), None)
    if subj is not None and subj.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
        subj = head.head  # 'countries that voted': the countries voted
    keep: set[int] = set()

    def add(tok):
        keep.add(tok.i)
        for c in tok.children:
            if c.dep_ in ("relcl", "appos", "acl", "advcl", "parataxis") or c.is_quote:
                continue
            add(c)

    inverted: set[int] = set()
    if subj is not None:
        # '"...," said Jane Doe, who chairs the body, in a statement': the subject goes first
        if subj.i > head.i:  # only the name: its clauses and phrases stay where they were
            inverted = {subj.i, *(c.i for c in subj.children if c.dep_ in ("compound", "det", "amod", "poss", "nummod", "flat"))}
            keep |= inverted
        else:
            add(subj)
    keep.add(head.i)
    # 'the council, founded three years ago to replace ...': the participle's own words tell it
    described = subj is not None and described_noun is not None and subj.i == described_noun.i
    for c in head.children:
        if (_nominal(head) and c.dep_ in ("poss", "amod", "compound")) or (described and c.dep_ in ("advmod", "npadvmod", "advcl")):
            add(c)
        elif c.dep_ in ("aux", "auxpass", "neg", "prt"):
            keep.add(c.i)
        elif c.dep_ in ("dobj", "dative", "attr", "oprd", "xcomp", "agent") or (c.dep_ == "prep" and c.i > head.i):
            add(c)
    # a dateline ('UNITED NATIONS --') is where the story was filed, not who acted
    tokens = [t for t in sent if t.i in keep and not t.is_space and _outside(skip, t.idx, t.idx + len(t))]
    tokens = [t for t in tokens if t.i in inverted] + [t for t in tokens if t.i not in inverted]
    # commas, dashes and brackets left behind by a dropped apposition are not kept; hyphens
    # and apostrophes inside words are
    # a comma between two kept words lists them ('Cuba, China and Saudi Arabia')
    tokens = [t for t in tokens if not (t.is_punct and t.text not in ("-", "'", "\u2019") and t.text != "%")
              or (t.text == "," and t.i - 1 in keep and t.i + 1 in keep and t.nbor(1).dep_ == "conj")]
    if len(tokens) < 3:
        return _cut(sent.text)
    words = "".join(t.text_with_ws if k + 1 < len(tokens) and tokens[k + 1].i == t.i + 1 else t.text + " "
                    for k, t in enumerate(tokens[:SUMMARY_WORDS * 2]))
    return _cut(words[0].upper() + words[1:])


def _described_noun(verb):
    """'seats on the council, founded three years ago': a participle after a comma that the
    parser joins to the verb before it with no 'and' (or hangs from it as a clause with no
    subject) describes the noun before the comma -> that noun (None for any other verb)."""
    if verb.dep_ not in ("conj", "advcl") or verb.tag_ not in ("VBN", "VBD") or _nsubj(verb) is not None or verb.i < 2:
        return None
    if any(c.dep_ == "cc" for c in verb.head.children) or verb.nbor(-1).text != ",":
        return None
    noun = verb.nbor(-2)
    return noun if noun.pos_ in ("NOUN", "PROPN") and noun.ent_type_ not in ("DATE", "TIME") else None


def _date_for(dates: list[dict], head, doc) -> dict | None:
    """The date attached to the trigger's verb, else the sentence's first date that does not
    date a clause describing a noun ('The team, set up in December, will visit': December
    dates the setting up, not the visit) or what a reporting verb reports."""
    if not dates:
        return None
    if head is None:
        return dates[0]
    others = []
    for d in dates:
        span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
        if span is None:
            others.append(d)
            continue
        tok = span.root
        while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
            tok = tok.head
        if tok.i == head.i:
            return d
        if tok.dep_ == "acl" and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "in" and tok.head.head.head.i == head.i:
            return d  # 'In a text passed last week, the council called for': done in that text
        described = False
        while tok.i != head.i:
            # 'a team set up in December', 'ousted after it invaded Ukraine last year': that clause's date
            # 'reported that 753 people were executed in 2014': the year dates what was reported
            described = described or tok.dep_ in ("acl", "relcl") or (tok.dep_ == "advcl" and _nsubj(tok) is not None) or (
                tok.dep_ == "ccomp" and tok.head.lemma_ in REPORTING) or _described_noun(tok) is not None
            if tok.head.i == tok.i:
                break
            tok = tok.head
        if not described:
            others.append(d)
    return others[0] if others else None


ELECTION = next(p for p, t, _ in TRIGGERS if t == "election")


def _election_named(doc, text: str, lo: int, hi: int, published: str, quoted, skip) -> dict | None:
    """'when council elections take place next month': the day a sentence gives an election that
    is the subject of the verb dated, whatever else the sentence reports."""
    for x in ELECTION.finditer(text, lo, hi):
        span = doc.char_span(x.start(), x.end(), alignment_mode="expand")
        if span is None or not _outside(skip, x.start(), x.end()) or span.root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = span.root.head
        dates = [d for d in find_dates(text, published, lo, hi, doc) if _outside(quoted, d["start"], d["end"]) and _attached(doc, d, verb)]
        if dates:
            return dates[0]
    return None


def _attached(doc, d: dict, head) -> bool:
    """Is the date d attached to the verb `head` itself?"""
    span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok.i == head.i


def _past(verb) -> bool:
    """'elected', 'was elected', 'has withdrawn': the simple past or present perfect of a news
    report, not the pluperfect of background ('had objected')."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD":
        return not aux
    if verb.tag_ != "VBN" or not aux:
        return False
    have = [a for a in aux if a.lemma_ == "have"]
    return all(a.tag_ in ("VBZ", "VBP") for a in have) and (bool(have) or aux[0].tag_ == "VBD")


def _proposal(doc, text, sent, lo, hi, head, event_type, plover, trigger, mentions, published, document_id, actor_type, quoted=(),
              lede=False, furniture=()):
    actors = _roles(head, sent, mentions, actor_type)
    if not actors:
        return None
    # dates inside quotation marks are the speaker's subject, not the reported happening's
    dates = [d for d in find_dates(text, published, lo, hi, doc) if _outside(quoted, d["start"], d["end"])]
    date = _date_for(dates, head, doc)
    own_verb = head is not None and (head.lower_ in trigger.lower().split() or head.lemma_ in SPEECH_VERBS)
    if date is None and published and head is not None and own_verb and (
            _present(head) or (head.tag_ == "VBD" and event_type in SPEECH_ACTS and len(published) >= 7)
            or (lede and _past(head) and len(published) >= 7 and not FUTURE.search(text[lo:hi]))):
        # 'The UN office is appealing for ...', 'The report lists ...': news in the present tense
        # happens as the article appears; 'Amnesty condemned the vote': a reaction the report
        # gives no date for was voiced on the day it appeared, as for quoted words; so is the
        # happening an article opens with ('Russia lost its bid for a seat'), the news of the day
        # (date_text stays empty: no words give it)
        first, last, precision = span_of(published)
        date = {"date_start": first, "date_end": last, "precision": precision, "text": ""}
    return {
        "event_id": content_id("e", document_id, lo, hi, event_type),
        "start": lo, "end": hi, "text": text[lo:hi],
        "event_type": event_type, "plover_type": plover,
        "date_start": date["date_start"] if date else "", "date_end": date["date_end"] if date else "",
        "date_precision": date["precision"] if date else "unknown", "date_text": date["text"] if date else "",
        "status": _status(text[lo:hi]), "summary": summarise(head, sent, furniture),
        "trigger": trigger or "", "actors": actors, "evidence": [[lo, hi, text[lo:hi]]],
        "told_before": _told_before(doc, text, trigger, lo, hi),
        # 'a Russian missile attack targeted a village': a happening not told before
        "fresh": _told_before(doc, text, trigger, lo, hi, INDEFINITE),
        # 'The vote was unfair', 'The suspension was the first time': what is said of a happening
        "judged": head is not None and head.lemma_ == "be",
        "by_report": _by_report(head),
    }


DECISION_NOUNS = {"resolution", "decision", "text", "measure", "motion"}


def _each_resolution(e: dict, head, sent, mentions: list[dict]) -> list[dict]:
    """'The council adopted resolutions extending a mandate on Chile and condemning Peru's ...' -> one
    resolution per participle, each with the actors its own words name (and those of the clause
    around them); any other event -> [itself]."""
    if e["event_type"] != "resolution" or head is None:
        return [e]
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.tag_ == "NNS" and c.lemma_.lower() in DECISION_NOUNS), None)
    first = next((c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBG"), None) if obj is not None else None
    rest = [t for t in first.subtree if t.dep_ == "conj" and t.tag_ == "VBG"
            and any(c.dep_ == "cc" for c in t.head.children)] if first is not None else []
    if not rest:
        return [e]
    parts = [first, *rest]
    spans = []
    for k, part in enumerate(parts):
        later = {t.i for p in parts[k + 1:] for t in p.subtree}
        own = [t for t in part.subtree if t.i not in later and not t.is_punct and t.dep_ != "cc"]
        spans.append((own[0].idx, own[-1].idx + len(own[-1])))
    inside = [m for m in mentions if sent.start_char <= m["start"] and m["end"] <= sent.end_char]

    def where(actor: str) -> set[int]:
        return {k for m in inside if m["actor_id"] == actor for k, (a, b) in enumerate(spans) if a <= m["start"] and m["end"] <= b}

    out = []
    for k, (a, b) in enumerate(spans):
        one = dict(e, event_id=content_id("e", e["event_id"], a), fresh=True, told_before=False,
                   actors=[(actor, role) for actor, role in e["actors"] if not where(actor) or k in where(actor)],
                   summary=_cut(f"{e['summary']} {sent.doc.text[a:b]}"))
        out.append(one)
    return out


DEFINITE = {"the", "this", "that", "these", "those"}
INDEFINITE = {"a", "an", "another"}


def _told_before(doc, text: str, trigger: str, lo: int, hi: int, articles=None) -> bool:
    """'The suspension was the first time ...': a happening named by a noun with a definite
    article is one the article has told already. `text` is doc.text, which spaCy rebuilds on
    every access."""
    at = text.find(trigger, lo, hi) if trigger else -1
    span = doc.char_span(at, at + len(trigger), alignment_mode="expand") if at >= 0 else None
    if span is None:
        return False
    noun = span.root
    if noun.pos_ == "VERB" and noun.dep_ == "acl" and noun.head.lemma_.lower() in REPORT_NOUNS:
        noun = noun.head  # 'the report released on Monday': the participle describes the report named
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in (articles or DEFINITE) for c in noun.children)


# 'could meet the legal definition of genocide': meeting a standard is not a meeting
NOT_MET = {"definition", "criteria", "criterion", "threshold", "standard", "standards", "test", "requirement",
           "requirements", "need", "needs", "demand", "demands", "target", "targets", "goal", "goals", "obligation",
           "obligations", "expectation", "expectations", "deadline", "bar"}
# 'said in a statement': the verb of a speech act named by a noun
SPEECH_VERBS = {"say", "tell", "state", "announce", "add", "declare", "write", "tweet"}
# a reaction or demand, voiced rather than done: undated in the past tense, it is the day's news
SPEECH_ACTS = {"statement", "criticism", "endorsement", "request"}
# the opening sentences (a headline and the lede) report the news of the day
LEDE_SENTENCES = 2
# verbs of a happening only intended: 'threatened sanctions', 'is considering a ban'
INTENDED = {"threaten", "consider", "propose", "weigh", "mull", "contemplate"}
# modal verbs of a possibility, not a happening ('will' and 'would' report announced plans)
MAYBE = {"could", "might", "may"}
# modal verbs of what ought to be, not what was: 'a report should be written'
OBLIGED = {"should", "must", "ought"}
# verbs whose infinitive is needed or wanted, not done: 'world powers need to widen the embargo'
WANTED = {"need", "want", "wish", "hope"}
# nouns naming what someone is to do: 'the panel's task was to visit the camps'
AIMS = {"task", "aim", "goal", "purpose", "mandate", "job", "role", "objective", "intention", "idea"}
# what an establishment sets up: a body or a post, not 'a system of forced labour'
INSTITUTIONS = {"mission", "commission", "inquiry", "council", "court", "tribunal", "office", "mechanism", "panel",
                "body", "team", "committee", "investigation", "probe", "fund", "agency", "post", "position",
                "mandate", "group", "board", "unit", "centre", "center", "secretariat", "forum", "programme",
                "program", "force", "organisation", "organization", "rapporteur", "envoy", "institution", "bureau"}
# types whose own words carry the negation ('did not attend', 'failed to win', 'refused')
NEGATIVE_TYPES = {"boycott", "defeat", "refusal"}


def _reports(tok, event_type: str) -> bool:
    """Does the trigger word `tok` report a happening? Not a participle describing a noun ('the
    newly elected members', 'the banned group'), not a negated verb ('China did not support the
    inquiry'), not a standard met ('meet the definition', 'the criteria to meet') or a passive
    'met', not 'requests for comment'."""
    if tok.dep_ == "amod" and tok.tag_ == "VBN":
        return False
    if tok.pos_ == "VERB" and tok.head.pos_ == "ADJ" and any(c.dep_ in ("aux", "auxpass") and c.lower_ == "to" for c in tok.children):
        # 'too easy for abusers to be elected', 'likely to attack': what would be, not what was
        return False
    if event_type not in NEGATIVE_TYPES and tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in tok.children):
        return False
    if event_type == "session" and tok.lemma_ == "meet" and (
            any(c.dep_ == "dobj" and c.lower_ in NOT_MET for c in tok.children)
            # 'the hardest criteria to meet', 'a threshold that was met': the standard is the object
            or (tok.dep_ in ("relcl", "acl") and tok.head.lower_ in NOT_MET)
            # 'was met with silence', 'the bar was met': a passive meeting is a reception, not a meeting
            or any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)):
        return False
    return not (event_type == "request" and tok.pos_ == "NOUN"
                and any(c.lower_ == "for" and any(g.lower_ == "comment" for g in c.children) for c in tok.children))


def _present(verb) -> bool:
    """'is appealing', 'lists', 'say': the verb of a happening reported in the present tense."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VBG" and bool(aux) and all(a.tag_ in ("VBZ", "VBP") for a in aux)


def _triggers(doc, text: str, lo: int, hi: int, skip, told_types=frozenset()) -> list[tuple[int, int, Any, str, str, str]]:
    """Every trigger outside the `skip` spans (quotations, names) -> (parse depth, priority, verb,
    type, PLOVER, words). `told_types`: the types of happenings the article has told already.
    `text` is doc.text, passed in because spaCy rebuilds it from the tokens on every access."""
    found = []
    for rank, (pattern, event_type, plover) in enumerate(TRIGGERS):
        for x in pattern.finditer(text, lo, hi):
            if not _outside(skip, x.start(), x.end()):
                continue
            span = doc.char_span(x.start(), x.end(), alignment_mode="expand")
            if span is not None and len(span) == 1 and not _reports(span.root, event_type):
                continue
            head = _head_of(doc, x.start(), x.end())
            if span is not None and len(span) == 1 and _nominal(span.root):
                head = span.root  # "Assad's assault on Aleppo": the noun names the happening and its agent
            is_verb = head is not None and x.start() <= head.idx < x.end()
            if is_verb and event_type not in NEGATIVE_TYPES and any(c.dep_ == "neg" for c in head.children):
                if event_type == "election" and CANDIDACY.match(x.group()) and not _unreal(head):
                    # 'Peru did not run for a seat': choosing not to stand is news of its own
                    found.append((_depth(head), 0, rank, head, "refusal", "REJECT", x.group(), False))
                    break
                continue  # 'was not elected': the words of several tokens are negated too
            if event_type == "session" and x.group().lower().startswith("arriv") and not _named_subject(head):
                continue  # 'Thousands of refugees arrived': an arrival is a visit only by someone named
            if head is not None and (_unreal(head) or (event_type not in VIOLENCE and _sought(head))):
                continue  # 'its membership could be revoked with a vote': what may be, not what was
            if span is not None and len(span) == 1 and _modifier_compound(text, x.start(), span.root):
                continue  # 'the fact-finding work': a word inside a modifier names no happening
            if event_type == "establishment" and span is not None and len(span) <= 2 and not _founds_body(
                    head if is_verb else span.root):
                continue  # 'created a system of forced labour': what is set up is not a body
            if head is not None and event_type not in NEGATIVE_TYPES and _nobody(head):
                continue  # 'Neither side released a statement': no one did
            if head is not None and not is_verb and head.lemma_ in INTENDED:
                continue  # 'threatened possible sanctions': what is only intended
            if span is not None and len(span) == 1 and event_type in VOICED and _unvoiced(span.root):
                continue  # 'The suspension follows accusations of atrocities': no one is said to accuse
            if head is not None and _purpose(head):
                continue  # 'pounded the city to defeat the rebels': a purpose, not a happening
            # 'The boycott comes after the resignation of ...': a happening named with 'the' and told
            # before; the sentence's news is the other one
            told = event_type in told_types and span is not None and len(span) == 1 and span.root.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in DEFINITE for c in span.root.children)
            found.append((_depth(head) if head is not None else 99, 0 if is_verb else 1, rank, head, event_type, plover, x.group(), told))
            break
    # 'The Assembly voted to suspend Libya': the vote is how the suspension was decided; the
    # happening is what the vote's clause names
    decided = {f[3].head.i for f in found if f[3] is not None and f[3].dep_ == "xcomp"}
    found = [f for f in found if not (f[4] == "vote" and f[3] is not None and f[3].i in decided)]
    # 'The commission published its report': putting out a report is the report's release
    found = [(*f[:4], "report", "", *f[6:]) if f[4] == "disclosure" and f[3] is not None and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in REPORT_NOUNS for c in f[3].children) else f for f in found]
    found.sort(key=lambda f: (f[7], f[:3]))
    return [(f[0], f[2], f[3], f[4], f[5], f[6]) for f in found]


def _unreal(verb) -> bool:
    """'could be revoked', 'should be named and shamed and targeted', 'need to send peacekeepers
    and widen the embargo', 'the task was to visit the camps': a possibility, an obligation, a
    need or a task, not a happening. A verb joined by 'and' with no auxiliary, subject or tense
    of its own shares its head's."""
    while True:
        if any(c.dep_ == "aux" and c.lower_ in MAYBE | OBLIGED for c in verb.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.dep_ == "xcomp" and (
                verb.head.lemma_ in WANTED
                or (verb.head.lemma_ == "be" and any(s.lemma_ in AIMS for s in verb.head.children if s.dep_ == "nsubj"))):
            return True
        own = verb.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
        if verb.dep_ != "conj" or own or verb.pos_ not in ("VERB", "AUX"):
            return False
        verb = verb.head


SOUGHT = {"seek", "try", "attempt", "strive", "want", "wish", "hope", "need"}


def _sought(verb) -> bool:
    """'is trying to win back donors by inviting the AU to monitor next year's elections': what
    an infinitive under seeking, trying or wanting names has not happened (the walk goes up
    through infinitives, 'by' phrases and participles to the verb of wanting)."""
    for _ in range(6):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if verb.dep_ == "xcomp" and infinitive and verb.head.lemma_ in SOUGHT:
            return True
        if verb.dep_ not in ("xcomp", "pcomp", "prep") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _named_subject(verb) -> bool:
    """Is the verb's subject a name or a pronoun ('The council's team arrived', 'It will
    arrive'), not a description ('Thousands of refugees arrived')?"""
    subj = _nsubj(verb) if verb is not None else None
    return subj is not None and (subj.pos_ == "PRON" or any(t.pos_ == "PROPN" for t in subj.subtree))


def _modifier_compound(text: str, start: int, tok) -> bool:
    """'fact-finding work', 'cost-cutting plan': the trigger word ends a hyphenated modifier."""
    return start > 0 and text[start - 1] == "-" and tok.dep_ in ("amod", "compound", "nmod")


def _founds_body(tok) -> bool:
    """Does the establishment word `tok` set up a body or a post? What it sets up is its object
    ('set up a commission'), its passive subject, the noun it describes ('the team, set up last
    December') or, for a noun, its 'of' phrase ('the creation of a tribunal'); a name always
    counts. Nothing named: yes."""
    if tok.pos_ in ("VERB", "AUX"):
        made = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.dep_ in ("acl", "relcl"):
            made.append(tok.head)
    else:
        made = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    made = [m for m in made if m.pos_ != "PRON"]
    return not made or any(m.lemma_.lower() in INSTITUTIONS or m.pos_ == "PROPN" or m.ent_type_ == "ORG" for m in made)


def _purpose(verb) -> bool:
    """'shelled the city to defeat the rebels', 'an offensive to defeat them': an infinitive of
    purpose, not 'the decision to suspend Libya', which tells what was decided."""
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return to and (verb.dep_ == "advcl" or (verb.dep_ == "acl" and verb.head.lemma_ not in DECISIONS))


DECISIONS = {"decision", "vote", "move", "resolution", "agreement", "motion", "order"}


def _by_clause(verb) -> bool:
    """'a report, rejected by the government, ...', 'since being created by the council': a
    participle with its own 'by' agent."""
    # 'set' after a noun is read as a past tense; with a 'by' agent it is the participle
    return verb.dep_ in ("acl", "pcomp", "advcl") and verb.tag_ in ("VBN", "VBD") and any(c.dep_ == "agent" for c in verb.children)


# verbs that report what someone else did: what their clause says happened is a happening too
REPORTING = {"report", "say", "conclude", "find", "announce", "confirm", "state", "tell", "allege", "document"}


def _reported(a, b) -> bool:
    """'He has reported that 753 people were executed': a trigger in the clause a reporting
    verb governs is a happening of its own."""
    return a.lemma_ in REPORTING and b.dep_ == "ccomp" and b.head.i == a.i


def _separate(a, b, a_type: str = "", b_type: str = "") -> bool:
    """Two trigger verbs report two happenings when neither lies in the other's clause
    ('elected Cuba and rejected Russia'), the second has a subject of its own (in a clause of
    its own: 'ousted after it invaded Ukraine'), it is a participle with an agent of its own
    ('issued a report, rejected by the government') or a noun with its agent ("amid Assad's
    assault on Aleppo"). Not what a demand asks for ('called for a force to be deployed and
    an embargo widened'), nor a second act of violence by the same hands ('attacked villages
    and raped women')."""
    if a is None or b is None or a.i == b.i:
        return False
    if a.lemma_ in DEMANDS and a in b.ancestors:
        return False
    if a_type in VIOLENCE and b_type in VIOLENCE and b.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in b.children):
        return False
    if (b.dep_ == "conj" and b.head.i == a.i) or _by_clause(b) or _reported(a, b) or _nominal(b) or _described_noun(b) is not None:
        return True  # ... or a participle describing the noun before its comma ('the council, set up in 2006')
    own = any(c.dep_ in ("nsubj", "nsubjpass") for c in b.children)
    return own and ((a not in b.ancestors and b not in a.ancestors) or (b.dep_ == "advcl" and b.head.i == a.i))


# verbs of a demand: what they ask for has not happened
DEMANDS = {"call", "urge", "demand", "recommend", "request", "appeal", "ask", "press"}
VIOLENCE = {"attack", "killing", "torture", "detention", "execution", "hostage_taking", "displacement"}
# subjects that deny the happening: 'Neither side responded', 'No one was arrested'
NOBODY = {"neither", "none", "nobody", "nothing", "no one"}


def _nobody(verb) -> bool:
    subj = _nsubj(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subj is None and verb.dep_ == "conj":
        subj = _nsubj(verb.head)  # 'Neither responded nor released a statement': the subject they share
    return subj is not None and (subj.lower_ in NOBODY or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subj.children))


# happenings that are someone voicing something: a noun for one names who voiced it
VOICED = {"accusation", "criticism", "request", "endorsement"}


def _unvoiced(tok) -> bool:
    """'amid accusations of atrocities', 'follows calls for an inquiry': a noun for something
    voiced that names no one who voiced it (no possessive, no 'by' or 'from' phrase, no name
    before it) and is no verb's subject."""
    if tok.pos_ != "NOUN" or tok.dep_ in ("nsubj", "nsubjpass"):
        return False
    # 'Peru's accusations', 'UN criticism', 'Iranian accusations' name who; 'strong criticism' does not
    named = any(c.dep_ in ("poss", "compound", "amod") and (c.pos_ in ("PROPN", "PRON") or (c.pos_ == "ADJ" and c.text[:1].isupper()))
                for c in tok.children) or any(
        # 'drew criticism from US officials': the 'from' phrase may hang on the verb
        c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
        for c in [*tok.children, *(tok.head.children if tok.dep_ == "dobj" else ())])
    return not named


def _nominal(tok) -> bool:
    """"Assad's assault", "Russia's invasion of Ukraine": a noun naming a happening with its
    agent in the possessive."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children)


def _statement(doc, text, sent, lo, hi, quote, mentions, published, document_id):
    """A sentence where someone speaks and nothing else happens -> a statement by the speaker."""
    speaker = quote["speaker_actor_id"]
    who = quote.get("speaker_text") or ""
    # 'Annan's spokesman, Stephane Dujarric': everyone the words naming the speaker name
    named = [m for m in mentions if lo <= m["start"] < hi and who and m["text"] in who and not _inside_quote(m, quote)]
    actors = {speaker: "agent"}
    for m in named:
        actors.setdefault(m["actor_id"], "agent")
    # a quote whose speaker the sentence does not name: the fullest name the article gives them
    who = who or max((m["text"] for m in mentions if m["actor_id"] == speaker), key=len, default=speaker)
    cue = quote.get("cue") or "said"
    verb = next((t for t in sent if t.text == cue.split()[0] and t.pos_ in ("VERB", "AUX")), None)
    subj = _nsubj(verb, ("nsubj",)) if verb is not None else None
    if subj is not None:
        # 'X, who chaired the inquiry, told reporters', 'US ambassador to the council X said':
        # the body the speaker speaks for is named in the words around their name
        for m in mentions:
            if _within(subj, m) and not _inside_quote(m, quote):
                actors.setdefault(m["actor_id"], "participant")
    listener = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.pos_ == "NOUN"), None) if verb is not None else None
    if listener is not None:
        cue = f"{cue} {listener.text}"  # 'told reporters', 'told delegates': where it was said
    # a date inside the quoted words is the speaker's subject ('abuses since 2014'), not when they spoke
    date = next((d for d in find_dates(text, published, lo, hi, doc) if not (quote["start"] <= d["start"] < quote["end"])), None)
    if date is None and len(published) >= 7 and (verb is None or verb.tag_ in ("VBD", "VBZ", "VBP")):
        # news convention: words a report quotes with no date of their own were said on the day
        # it appeared, or in its month when only that is known (date_text stays empty: the
        # article gives no words for it)
        first, last, precision = span_of(published)
        date = {"date_start": first, "date_end": last, "precision": precision, "text": ""}
    summary = _cut(f"{who} {cue}: \u201c{quote['text'].strip()}\u201d")
    return {
        "event_id": content_id("e", document_id, lo, hi, "statement"),
        "start": lo, "end": hi, "text": text[lo:hi], "event_type": "statement", "plover_type": "",
        "date_start": date["date_start"] if date else "", "date_end": date["date_end"] if date else "",
        "date_precision": date["precision"] if date else "unknown", "date_text": date["text"] if date else "",
        "status": "occurred", "summary": summary, "trigger": cue, "actors": sorted(actors.items()), "evidence": [[lo, hi, text[lo:hi]]],
        "speaker": speaker,
    }


# verbs of holding a view: 'X say the leaders should be prosecuted' is X's call for it
VIEWS = {"say", "believe", "argue", "insist", "contend", "maintain"}


def _call_for(doc, text, sent, lo, hi, mentions, published, document_id, quoted=()) -> dict | None:
    """'Two UN experts argue that the minister should be charged over the crackdown' -> a request by
    the ones holding the view, aimed at the actors their clause says should be dealt with
    (an obligation with no actor in it, 'a report should be written', is no call)."""
    inside = [m for m in mentions if lo <= m["start"] and m["end"] <= hi and _outside(quoted, m["start"], m["end"])]
    for verb in sent:
        if verb.lemma_ not in VIEWS or verb.pos_ != "VERB" or not _outside(quoted, verb.idx, verb.idx + 1):
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and a.lower_ in OBLIGED for a in c.children)), None)
        subj = _nsubj(clause) if clause is not None else None
        aimed = [m for m in inside if _within(subj, m)]
        if clause is None or not aimed:
            continue
        sayer = _nsubj(verb, ("nsubj",))
        # a parse that leaves the view without a subject: whoever the words before it name
        holders = [m for m in inside if _within(sayer, m)] if sayer is not None else [
            m for m in inside if m["end"] <= verb.idx and not _within(clause, m)]
        if not holders:
            continue
        roles = {m["actor_id"]: "agent" for m in holders}
        for m in aimed:
            roles.setdefault(m["actor_id"], "target")
        for m in inside:
            roles.setdefault(m["actor_id"], "participant")
        who = " ".join(t.text for t in sayer.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct")) if sayer is not None \
            else holders[0]["text"]
        said = text[clause.left_edge.idx:clause.right_edge.idx + len(clause.right_edge)]
        dates = [d for d in find_dates(text, published, lo, hi, doc) if _outside(quoted, d["start"], d["end"])]
        date = _date_for(dates, verb, doc)
        if date is None and published and _present(verb):
            first, last, precision = span_of(published)  # a view held as the article appears
            date = {"date_start": first, "date_end": last, "precision": precision, "text": ""}
        return {
            "event_id": content_id("e", document_id, lo, hi, "request"),
            "start": lo, "end": hi, "text": text[lo:hi], "event_type": "request", "plover_type": "REQUEST",
            "date_start": date["date_start"] if date else "", "date_end": date["date_end"] if date else "",
            "date_precision": date["precision"] if date else "unknown", "date_text": date["text"] if date else "",
            "status": "occurred", "summary": _cut(f"{who[0].upper()}{who[1:]} {verb.text} {said}"), "trigger": verb.text,
            "actors": sorted(roles.items()), "evidence": [[lo, hi, text[lo:hi]]],
        }
    return None


COMMENTATORS = {"ngo", "media"}
PARTIES = {"state", "igo", "government", "military", "armed_group"}


def _commentary(e: dict, actor_type, affiliations: dict[str, set[str]] | None = None) -> bool:
    """Words quoted from someone speaking for an NGO or a news outlet ('Jane Doe of Human Rights
    Watch said', and later 'Doe said') comment on the news; they are no happening of the
    human-rights system unless a state or an international body speaks with them."""
    kinds = {actor_type(a) for a, _ in e["actors"]}
    kinds |= {actor_type(o) for a, _ in e["actors"] for o in (affiliations or {}).get(a, ())}
    return bool(kinds & COMMENTATORS) and not kinds & PARTIES


def _interview(sent, mentions: list[dict], actor_type, quoted=()) -> bool:
    """'..., he told AFP', 'a spokesman told Reuters': words given to a news outlet are how the
    outlet gathered its story (the outlet is the source), not a happening of their own."""
    for m in mentions:
        if not (sent.start_char <= m["start"] and m["end"] <= sent.end_char) or not _outside(quoted, m["start"], m["end"]):
            continue
        span = sent.doc.char_span(m["start"], m["end"], alignment_mode="expand")
        if span is not None and actor_type(m["actor_id"]) == "media" and span.root.dep_ in ("dobj", "dative") \
                and span.root.head.lemma_ == "tell":
            return True
    return False


def _persons(doc, mentions: list[dict], actor_type):
    """The article's mentions of persons -> (mention, the token heading its words)."""
    for m in mentions:
        if actor_type(m["actor_id"]) != "person":
            continue
        span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
        if span is not None:
            yield m, span.root


def affiliations(doc, mentions: list[dict], actor_type) -> dict[str, set[str]]:
    """Each person the article names beside an organisation ('Jane Doe, a director at Human
    Rights Watch', 'Jane Doe of Amnesty International') -> those organisations."""
    out: dict[str, set[str]] = {}
    for m, person in _persons(doc, mentions, actor_type):
        beside = [c for c in person.children if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "from"))]
        # 'senior UN liaison for Amnesty International': the organisation a title is 'for' (or
        # 'of', 'at') employs the person; a word modifying the title ('UN') is its field
        employers = [g for b in beside if b.dep_ == "appos" for c in b.children
                     if c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "with") for g in c.children if g.dep_ == "pobj"]
        named = [o for o in mentions if o is not m and actor_type(o["actor_id"]) not in ("person", "") and any(_within(b, o) for b in beside)]
        hired = [o for o in named if any(_within(g, o) for g in employers)]
        for o in hired or named:
            out.setdefault(m["actor_id"], set()).add(o["actor_id"])
    return out


def _inside_quote(m: dict, quote: dict) -> bool:
    return quote["start"] <= m["start"] and m["end"] <= quote["end"]


def _agent(e: dict) -> set[str]:
    return {a for a, r in e["actors"] if r == "agent"}


def _targets(e: dict) -> set[str]:
    return {a for a, r in e["actors"] if r == "target"}


def _actors(e: dict) -> set[str]:
    return {a for a, _ in e["actors"]}


def _dates_agree(a: dict, b: dict) -> bool:
    """Dates that overlap, or one missing or taken from the day of publication (no words give it)."""
    if not a["date_text"] or not b["date_text"]:
        return True
    return a["date_start"] <= b["date_end"] and b["date_start"] <= a["date_end"]


PRECISION = {"year": 1, "month": 2, "day": 3}


def _take_date(into: dict, source: dict) -> None:
    """Give `into` the date of `source`, with its precision and words."""
    for k in ("date_start", "date_end", "date_precision", "date_text"):
        into[k] = source[k]


def _join(into: dict, e: dict, agents_as: str = "agent") -> None:
    """Event e told again in `into`: actors united (e's agents as `agents_as`), evidence in
    article order."""
    roles = dict(into["actors"])
    for actor, role in e["actors"]:
        roles.setdefault(actor, agents_as if role == "agent" else role)
    into["actors"] = sorted(roles.items())
    into["evidence"] = sorted(into["evidence"] + e["evidence"])


def _merge(events: list[dict]) -> list[dict]:
    """Events of one type that share an agent (a statement: its speaker) and whose dates agree
    -> one event, evidence in article order, actors united, the first dated sentence's date. A
    happening named with a definite article ('the suspension') joins the last one of its type."""
    out: list[dict] = []
    for e in events:
        # 'the suspension': the one of that type told last
        told = e.get("told_before") and next((o for o in reversed(out) if o["event_type"] == e["event_type"] and _dates_agree(o, e)), None)
        # 'Cuba hailed its election. "...", Cuba's foreign ministry said': the quoted words in the
        # next sentence, from the one who reacted or someone speaking for them, are that reaction
        reaction = e.get("speaker") and next((o for o in out[-2:] if o["event_type"] in SPEECH_ACTS and not o.get("speaker")
                                              and o["sentences"][-1] == e["sentences"][0] - 1 and _agent(o) & _actors(e)), None)
        if reaction:
            reaction["speakers"] = {e["speaker"]}
        if e.get("told_before") and e.get("judged") and not told:
            continue  # a judgement of a happening the article does not report is no report of it
        if e.get("fresh") and not told:
            out.append(e)
            continue
        same = told or reaction or next((o for o in out if e.get("speaker") and o.get("speakers")
                                                and e["speaker"] in o["speakers"] | _agent(o)), None) or next((o for o in out if o["event_type"] == e["event_type"] and _dates_agree(o, e) and (
            (e.get("speaker") and o.get("speaker") == e.get("speaker"))
            or _agent(o) & _agent(e)
            # 'X and Y won seats ... Also elected were Z': an article's election is one election
            # unless the dates say otherwise
            or e["event_type"] == "election"
            # 'The nations voting against a debate': a vote no one is said to hold is the one told
            or (e["event_type"] == "vote" and not _agent(e))
            # 'Russia was ousted from the council ... Russia was ousted in April': no agent named,
            # the same actors acted on; 'The report notes ...': the article's report again
            or (not e.get("speaker") and not o.get("speaker") and not _agent(e) and _targets(o) & _targets(e)))), None)
        if same is None:
            out.append(e)
            continue
        _join(same, e)
        same["sentences"] = same["sentences"] + e["sentences"]
        finer = (same["date_text"] and e["date_text"] and PRECISION.get(e["date_precision"], 0) > PRECISION.get(same["date_precision"], 0)
                 and same["date_start"] <= e["date_start"] and e["date_end"] <= same["date_end"])
        if (not same["date_start"] and e["date_start"]) or (not same["date_text"] and e["date_text"]) or finer:
            _take_date(same, e)
    return out


ELECTION_FAMILY = {"election", "defeat", "vote"}
MEMBERSHIP = ELECTION_FAMILY | {"suspension"}
LOCATIVE = {"in", "at", "during", "since", "after", "before", "amid", "inside", "near", "throughout", "within"}


DIPLOMATS = {"ambassador", "envoy", "diplomat", "delegate", "representative"}
DECIDED = MEMBERSHIP | {"resolution"}
# said, told, added: words spoken; a tweet or a written statement is published, an act of its own
SPOKEN = re.compile(r"(sa(id|ys?|ying)|t(old|ells?|elling)|add(ed|s|ing)?)\b", re.I)


def diplomats(doc, mentions: list[dict], actor_type) -> set[str]:
    """The persons an article names with a diplomat's title ('Russian ambassador Vitaly
    Churkin', 'Jane Doe, Chile's envoy to the UN')."""
    out: set[str] = set()
    for m, root in _persons(doc, mentions, actor_type):
        titles = [c for c in root.children if c.dep_ in ("compound", "appos")] + ([root.head] if root.dep_ == "appos" else [])
        if any(t.lemma_.lower() in DIPLOMATS for t in titles):
            out.add(m["actor_id"])
    return out


def _debate(events: list[dict], envoys: set[str]) -> list[dict]:
    """'"...," U.S. Ambassador Jane Doe told delegates': in an article reporting a vote, an
    election or a decision on membership, the words a state's diplomat is quoted saying are that
    decision's debate, not a happening of their own; the diplomat takes part in the decision."""
    decision = next((e for e in events if e["event_type"] in DECIDED), None)
    if decision is None or not envoys:
        return events
    out = []
    for e in events:
        if (e["event_type"] == "statement" and e.get("speaker") in envoys and SPOKEN.match(e["trigger"])
                and _dates_agree(decision, e)):
            _join(decision, e, agents_as="participant")
            continue
        out.append(e)
    return out


def _decided_that_day(events: list[dict]) -> None:
    """'On Monday the Security Council adopted an arms embargo on Chile. The Council called on
    member states to ...': what a body asks or condemns in the sentence after its resolution, with no date of
    its own, it did in that resolution, on its day (not on the day the article appeared)."""
    for before, e in itertools.pairwise(events):
        if (before["event_type"] == "resolution" and before["date_text"] and e["event_type"] in ("request", "criticism")
                and not e["date_text"] and _agent(before) & _agent(e) and e["sentences"][0] == before["sentences"][-1] + 1):
            _take_date(e, before)


TRIGGERS_OF: dict[str, list[re.Pattern]] = {}
for _pattern, _kind, _plover in TRIGGERS:
    TRIGGERS_OF.setdefault(_kind, []).append(_pattern)


def _own_words(events: list[dict], quotes) -> list[dict]:
    """'Google suspended the minister's accounts. "We have suspended three accounts," Google said': the
    words in which the one who acted, in the next sentence, tells the same kind of happening are
    that happening told again, not a statement of their own."""
    out: list[dict] = []
    for e in events:
        said = [q for q in quotes if e["event_type"] == "statement" and any(lo <= q["start"] < hi for lo, hi, _ in e["evidence"])]
        before = next((o for o in reversed(out) if o["sentences"][-1] == e["sentences"][0] - 1), None)
        if before is not None and any(q["speaker_actor_id"] in _agent(before) and any(p.search(q["text"]) for p in TRIGGERS_OF.get(before["event_type"], ()))
                                      for q in said):
            _join(before, e, agents_as="agent")
            before["sentences"] = before["sentences"] + e["sentences"]
            if not before["date_start"] and e["date_start"]:  # the day it was said dates an undated act
                _take_date(before, e)
            continue
        out.append(e)
    return out


def _votes_into_decision(events: list[dict]) -> list[dict]:
    """'Albania received 123 votes', 'Russia downplayed the vote': in an article reporting an
    election, the votes counted are that election's; 'Through a 22-11 vote, the council called
    on ...': in one reporting a resolution, a vote is the one that adopted it (dates permitting)."""
    election = next((e for e in events if e["event_type"] == "election"), None)
    resolution = next((e for e in events if e["event_type"] == "resolution"), None)
    out = []
    for e in events:
        # 'voted against the council' is a vote of its own; 'received 123 votes' counts the election's
        counted = election is not None and (e["trigger"].lower() == "votes" or e.get("told_before"))
        # a vote on what the resolution is about is the one adopting it, whatever else the article tells
        adopting = resolution is not None and (election is None or bool(_actors(resolution) & _actors(e)))
        decision = election if counted else resolution if adopting else None
        if e["event_type"] == "vote" and decision is not None and _dates_agree(decision, e):
            _join(decision, e, agents_as="participant")
            continue
        if e["event_type"] == "vote" and decision is resolution and decision is not None and DRAFTED.match(decision["trigger"]):
            # 'X presented a draft decision on China ... Later the council voted it down': those
            # who put the draft forward are parties to the vote on it
            roles = dict(e["actors"])
            for actor in sorted(_agent(decision)):
                roles.setdefault(actor, "participant")
            e["actors"] = sorted(roles.items())
        out.append(e)
    return out


DRAFTED = re.compile(r"(present|submitt?|tabl|introduc)", re.I)


def _report_words(events: list[dict]) -> list[dict]:
    """'The report said: "..."', 'It said': words quoted from the author of a report the article
    tells are that report's, not a statement of their own; so is what a report is said to say
    ('The report accuses Chile ...')."""
    out: list[dict] = []
    for e in events:
        report = e.get("speaker") and next((o for o in out if o["event_type"] == "report" and e["speaker"] in _agent(o)), None)
        if not report and e.get("by_report") and e["event_type"] in {"statement", "criticism", "accusation"}:
            # 'The report accuses Chile of torture': what the report says, not an accusation of its
            # own (what it recommends is a call of its own, for others to act on)
            report = next((o for o in reversed(out) if o["event_type"] == "report"), None)
        if not report:
            out.append(e)
            continue
        _join(report, e)
        if not report["date_start"] and e["date_start"]:  # the day the words were said dates an undated report
            _take_date(report, e)
    return out


def _news_attribution(e: dict, actor_type) -> bool:
    """'The Washington Post reported': a news outlet reporting is the source, not an event."""
    agents = _agent(e)
    return e["event_type"] in ("report", "statement") and bool(agents) and all(actor_type(a) == "media" for a in agents)


def _inquiry_author(events: list[dict], bodies: set[str]) -> None:
    """In an article about a UN inquiry body, a report put out by the UN (or by no one named) is
    that body's ('The United Nations released a report on North Korea')."""
    if len(bodies) != 1:
        return
    body = next(iter(bodies))
    for e in events:
        agents = _agent(e)
        if e["event_type"] == "report" and body not in _actors(e) and agents <= {"un"}:
            roles = dict(e["actors"])
            roles[body] = "agent"
            e["actors"] = sorted(roles.items())


def _electing_body(events: list[dict], actor_type, electors: dict[str, str] | None = None) -> None:
    """An article's election has one electing body: the international organisation that is the
    agent of its election event ('The General Assembly elected ...') takes part in its other
    election, defeat and vote events that name none ('Sri Lanka lost its bid')."""
    elections = [e for e in events if e["event_type"] == "election"]
    bodies = [a for e in elections for a, r in e["actors"] if r == "agent" and actor_type(a) == "igo"]
    # 'China won seats in a vote of the General Assembly': the body named beside the winners,
    # not the one they were elected to (a target)
    # 'elected 15 members to the Human Rights Council': the body electing the council's members
    bodies = bodies or [(electors or {})[a] for e in elections for a, _ in e["actors"] if a in (electors or {})]
    bodies = bodies or [a for e in elections for a, r in e["actors"] if r == "participant" and actor_type(a) == "igo"]
    if not bodies:
        return
    for e in events:
        if e["event_type"] in ELECTION_FAMILY and not any(actor_type(a) == "igo" and r == "agent" for a, r in e["actors"]):
            roles = dict(e["actors"])
            roles.setdefault(bodies[0], "participant")
            e["actors"] = sorted(roles.items())


def _election_day(events: list[dict]) -> None:
    """'Russia lost its bid' with no date of its own, in an article whose election is dated
    ('The Assembly on Friday elected ...'): a seat is lost in that election, and the election
    is held the day a bid is lost."""
    # a date the article's words give beats one taken from the day of publication
    dated = sorted((e for e in events if e["event_type"] in ("election", "defeat") and e["date_start"]),
                   key=lambda e: (not e["date_text"], e["event_type"] != "election"))
    day = dated[0] if dated else None
    if day is None:
        return
    for e in events:
        if e["event_type"] in ("election", "defeat") and e is not day and not e["date_text"] and (not e["date_start"] or day["date_text"]):
            _take_date(e, day)


def _seat_body(events: list[dict], actor_type, electors: dict[str, str] | None = None) -> None:
    """'The countries running for the four Asian seats are ...', in an article on a bid 'for a
    seat on the Human Rights Council': an election naming no body is for seats on the body the
    article's bids and seats are on."""
    seats = [a for e in events if e["event_type"] in MEMBERSHIP | {"withdrawal"}
             and re.search(r"\b(seats?|bids?|candidacy|re-?election)\b", " ".join(t for _, _, t in e["evidence"]), re.I)
             for a, r in e["actors"] if r == "target" and actor_type(a) == "igo"]
    if not seats:
        return
    # 'a seat on the U.N. Human Rights Council': the body with elected members, not the UN around it
    seats.sort(key=lambda a: a not in (electors or {}))
    for e in events:
        if e["event_type"] == "election" and not any(actor_type(a) == "igo" for a, _ in e["actors"]):
            e["actors"] = sorted({**dict(e["actors"]), seats[0]: "target"}.items())


def _electors(events: list[dict], electors: dict[str, str]) -> None:
    """A body whose members another body elects (the gazetteer's memberships: the Human Rights
    Council's, the General Assembly) -> that body takes part in every election, defeat, vote and
    suspension naming it ('Russia was ousted from the council': by the Assembly)."""
    for e in events:
        if e["event_type"] not in MEMBERSHIP:
            continue
        roles = dict(e["actors"])
        for body in sorted(set(roles) & electors.keys()):
            if e["event_type"] == "vote" and roles[body] == "agent":
                continue  # 'the council voted against a debate': the council's own vote, not on its seats
            roles.setdefault(electors[body], "participant")
        e["actors"] = sorted(roles.items())


def extract_events(doc, mentions: list[dict], document_id: str, published: str, quoted=(), furniture=(), quotes=(),
                   actor_type=lambda _actor: "", bodies: frozenset[str] | set[str] = frozenset(),
                   electors: dict[str, str] | None = None) -> list[dict]:
    """Doc + mentions (+ the article's quotes) -> event candidates, one per reported happening.

    Trigger words inside quotation marks are the speaker's, not the article's report of an
    event, and sentences in site furniture report nothing: both are skipped. Each event lists
    its evidence as [[start, end, text], ...]; start/end/text are its first sentence's."""
    text = doc.text
    out: list[dict] = []
    spoken = [q for q in quotes if q.get("speaker_actor_id")]
    # a trigger word inside a name is part of the name ('Ban Ki-moon', 'Committee against Torture')
    unheard = [*quoted, *((m["start"], m["end"]) for m in mentions)]
    affiliated = affiliations(doc, mentions, actor_type)
    opening = -1  # the article's sentences counted from 0, site furniture and fragments left out
    election_day: dict | None = None  # the day a clause about the article's elections gives
    for number, sent in enumerate(doc.sents):
        sentence = sent.text.strip()
        if len(sentence) < 12:
            continue
        lo = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        hi = lo + len(sentence)
        if not _outside(furniture, lo, hi):
            continue
        opening += 1
        found = _triggers(doc, text, lo, hi, unheard, {e["event_type"] for e in out})
        made: list[tuple[Any, dict]] = []
        for _depth_of, _rank, head, event_type, plover, words in found:
            if made and not any(_separate(m[0], head, m[1]["event_type"], event_type) for m in made):
                continue
            if any(m[0] is not None and head is not None and m[0].i == head.i for m in made):
                continue
            e = _proposal(doc, text, sent, lo, hi, head, event_type, plover, words, mentions, published, document_id, actor_type,
                          quoted, lede=opening < LEDE_SENTENCES, furniture=furniture)
            if e is None or _news_attribution(e, actor_type) or (event_type in ("report", "statement") and _outlet(head, mentions, actor_type)):
                continue  # 'Sri Lanka lost its bid, The Washington Post reported': the outlet is the source
            made.append((head, e))
            made[-1:] = [(head, one) for one in _each_resolution(e, head, sent, mentions)]
            if len(made) >= 2:
                break
        if election_day is None:
            election_day = _election_named(doc, text, lo, hi, published, quoted, unheard)
        if not made:
            call = _call_for(doc, text, sent, lo, hi, mentions, published, document_id, quoted)
            if call is not None:
                made.append((None, call))
        if not made:
            q = next((q for q in spoken if lo <= q["start"] < hi or (q["start"] < lo and q["end"] > lo)), None)
            if q is not None:
                said = _statement(doc, text, sent, lo, hi, q, mentions, published, document_id)
                if not _commentary(said, actor_type, affiliated) and not _interview(sent, mentions, actor_type, quoted):
                    # 'X, addressing the Human Rights Council, said': everyone else the sentence
                    # names outside quotation marks takes part (after the test for commentary:
                    # 'told AFP' names where it was said, not for whom)
                    roles = dict(said["actors"])
                    for m in mentions:
                        if lo <= m["start"] and m["end"] <= hi and _outside(quoted, m["start"], m["end"]):
                            roles.setdefault(m["actor_id"], "participant")
                    said["actors"] = sorted(roles.items())
                    made.append((None, said))
        for _, e in made:
            e["sentences"] = [number]
            out.append(e)
    merged = _report_words(_votes_into_decision([e for e in _merge(out) if not _news_attribution(e, actor_type)]))
    merged = _own_words(_debate(merged, diplomats(doc, mentions, actor_type)), spoken)
    _decided_that_day(merged)
    for e in merged:  # an election the article dates only in a clause about its elections
        if election_day is not None and e["event_type"] == "election" and not e["date_start"]:
            e.update(date_start=election_day["date_start"], date_end=election_day["date_end"],
                     date_precision=election_day["precision"], date_text=election_day["text"])
    for e in merged:  # working keys, not columns
        for key in ("speaker", "speakers", "told_before", "fresh", "judged", "sentences"):
            e.pop(key, None)
    _seat_body(merged, actor_type, electors)
    _electing_body(merged, actor_type, electors)
    _electors(merged, electors or {})
    _election_day(merged)
    _inquiry_author(merged, set(bodies))
    return merged
