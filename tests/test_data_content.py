"""What a user relies on in the published tables, checked against the articles themselves."""
from __future__ import annotations

import csv
import re
from decimal import Decimal

import pytest

from unhrc_news.config import Settings
from unhrc_news.pipeline import build

NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|tens|hundreds|thousands|millions"


@pytest.fixture(scope="module")
def state(package):
    """Tables as read back from CSV, plus the articles and the rejections."""
    st = build(Settings(root=package), until="normalise")
    def read(t):
        with open(package / "data" / f"{t}.csv", encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    tables = {t: read(t) for t in ("documents", "actors", "actor_mentions", "events", "event_actors", "event_evidence", "quotes", "statistics")}
    articles = {d: a.text for d, a in st.articles.items()}
    return tables, articles, st.rejected


def covered(start: int, end: int, spans) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def test_every_number_in_an_article_is_a_statistic_or_rejected_with_a_reason(state):
    tables, articles, rejected = state
    for doc, text in articles.items():
        spans = [(int(r["start"]), int(r["end"])) for r in tables["statistics"] if r["document_id"] == doc]
        spans += [(r["start"], r["end"]) for r in rejected if r["document_id"] == doc and r["table"] == "statistics"]
        for m in re.finditer(rf"\d+(?:[.,]\d+)*|\b(?:{NUMBER_WORDS})\b", text, re.I):
            assert covered(m.start(), m.end(), spans), f"{doc}: {m.group()!r} at {m.start()} is neither a statistic nor rejected"


def test_no_statistic_is_a_year_date_or_identifier(state):
    for r in state[0]["statistics"]:
        assert not re.fullmatch(r"(19|20)\d\d", r["text"]), r
        assert not re.search(r"\d{4}-\d{2}|\d+\.\d+-\d+", r["text"]), r


def test_numbers_are_parsed_exactly(state):
    stats = {(r["document_id"][:3], r["text"]): r for r in state[0]["statistics"]}
    aid = stats[("001", "at least $21.7 billion")]
    assert (Decimal(aid["value"]), aid["unit"], aid["qualifier"], aid["source_actor_id"]) == (Decimal("21700000000"), "USD", "at_least", "quincy-institute")
    killed = stats[("001", "more than 71,000")]
    assert (killed["value"], killed["qualifier"], killed["source_actor_id"]) == ("71000", "more_than", "gaza-ministry-of-health")
    interval = stats[("002", "four to five years")]
    assert (interval["value"], interval["value_max"], interval["qualifier"], interval["unit"]) == ("4", "5", "range", "year")
    for r in state[0]["statistics"]:
        assert (r["value_max"] != "") == (r["qualifier"] == "range"), r


def test_every_quotation_mark_pair_is_a_quote_or_rejected(state):
    tables, articles, rejected = state
    for doc, text in articles.items():
        quotes = [(int(r["start"]), int(r["end"])) for r in tables["quotes"] if r["document_id"] == doc]
        quotes += [(r["start"], r["end"]) for r in rejected if r["document_id"] == doc and r["table"] == "quotes"]
        for m in re.finditer(r"\u201c([^\u201d]*)\u201d", text):
            assert (m.start(1), m.end(1)) in quotes, f"{doc}: quotation {m.group(1)[:40]!r} is missing"
        marks = [m.start() for m in re.finditer('"', text)]
        inner = {p for s, e in quotes for p in (s - 1, e)}
        assert set(marks) <= inner, f"{doc}: a straight quotation mark is not the edge of any quote"


def test_titles_are_not_quotes(state):
    tables, _, rejected = state
    title = "Israeli Practices Towards the Palestinian People and the Question of Apartheid"
    assert not any(title in q["text"] for q in tables["quotes"])
    assert any(title in r["text"] and "title" in r["reason"] for r in rejected)


def test_unbalanced_quote_in_damaged_article_is_paired_correctly(state):
    tables, _articles, _ = state
    q = {r["text"]: r for r in tables["quotes"] if r["document_id"].startswith("003")}
    assert "High Commissioner we are failing again." in q
    assert "This is text book case of genocide" in q
    assert not any("Mokhiber added" in t for t in q)
    assert all(r["speaker_actor_id"] == "craig-mokhiber" for t, r in q.items() if "failing" in t or "genocide" in t)
    doc = next(d for d in tables["documents"] if d["document_id"].startswith("003"))
    assert doc["text_quality"] == "damaged" and "unbalanced quotation mark" in doc["notes"]


def test_speakers_and_sources_are_registry_actors(state):
    tables = state[0]
    actor_ids = {a["actor_id"] for a in tables["actors"]}
    for q in tables["quotes"]:
        assert q["speaker_actor_id"] in actor_ids | {""}
        assert q["kind"] in ("direct", "partial")
    speakers = {q["text"][:30]: q["speaker_actor_id"] for q in tables["quotes"]}
    assert speakers["I asked him to review his posi"] == "rima-khalaf"
    assert speakers["the US withdrawal not only ser"] == "phil-lynch"
    assert speakers["since the inception of the UPR"] == "pascal-sim"
    assert speakers["You don't have to agree with e"] == ""  # the name was lost in scraping


def test_one_event_reported_by_two_articles_is_one_row(state):
    tables = state[0]
    docs = {e["document_id"][:3] for e in tables["event_evidence"] if e["event_id"] == "usa-boycotts-upr-2025"}
    assert docs == {"001", "002"}
    assert sum(e["event_id"] == "usa-boycotts-upr-2025" for e in tables["events"]) == 1
    war = {e["document_id"][:3] for e in tables["event_evidence"] if e["event_id"] == "israel-gaza-war-2023"}
    assert war == {"001", "003"}


def test_dates_are_resolved_with_precision(state):
    events = {e["event_id"]: e for e in state[0]["events"]}
    assert (events["khalaf-resigns-2017"]["date_start"], events["khalaf-resigns-2017"]["date_precision"]) == ("2017-03-17", "day")
    feb = events["usa-withdraws-from-un-bodies-2025"]
    assert (feb["date_start"], feb["date_end"], feb["date_precision"]) == ("2025-02-01", "2025-02-28", "month")
    assert events["escwa-apartheid-report-2017"]["date_precision"] == "unknown"
    for e in events.values():
        assert (e["date_start"] == "") == (e["date_precision"] == "unknown")
        assert e["date_end"] >= e["date_start"]


def test_publication_dates_say_how_they_are_known(state):
    docs = {d["document_id"][:3]: d for d in state[0]["documents"]}
    assert (docs["000"]["published_date"], docs["000"]["published_date_basis"]) == ("2017-03-20", "inferred")
    assert (docs["003"]["published_date"], docs["003"]["published_date_basis"]) == ("2023-11-01", "stated")
    assert (docs["002"]["published_date"], docs["002"]["published_date_precision"]) == ("2025", "year")
    assert all(d["review_status"] == "reviewed" for d in docs.values())


def test_first_line_identifier_of_000_is_not_a_statistic(state):
    tables, _articles, rejected = state
    assert not any(s["document_id"].startswith("000") for s in tables["statistics"])
    assert any(r["text"] == "1.1997328-2252531678" for r in rejected)


def test_an_event_s_date_text_is_words_of_an_article_that_reports_it(state):
    tables, articles, _ = state
    docs: dict[str, set[str]] = {}
    for r in tables["event_evidence"]:
        docs.setdefault(r["event_id"], set()).add(r["document_id"])
    for e in tables["events"]:
        if e["method"] == "curated" and e["date_text"]:
            assert any(e["date_text"] in articles[d] for d in docs[e["event_id"]]), (e["event_id"], e["date_text"])


def test_reviewed_events_are_dated_as_their_evidence_says(state):
    tables, _, _ = state
    events = {e["event_id"]: e for e in tables["events"]}
    # she refused when instructed 'on Thursday morning'; 'on Friday' is the day she resigned
    assert (events["khalaf-refuses-withdraw-report-2017"]["date_start"], events["khalaf-resigns-2017"]["date_start"]) == ("2017-03-16", "2017-03-17")
    # the UN statement spoke of the letter 'made public today', posted 'on Tuesday afternoon'
    assert events["un-statement-on-mokhiber-2023"]["date_start"] == events["mokhiber-letter-posted-on-x-2023"]["date_start"] == "2023-10-31"
    assert "according to the Quincy Institute" in events["us-military-aid-to-israel-since-2023"]["summary"]
    assert "according to the Gaza Ministry of Health" in events["israel-gaza-war-2023"]["summary"]
