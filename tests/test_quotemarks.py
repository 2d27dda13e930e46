"""Quotation-mark pairing on sentences written for the purpose, and on the seed articles."""
import csv

import pytest

from conftest import REPO
from unhrc_news.quotemarks import pair_quotes


def quoted(text):
    return [(text[q.start:q.end], q.closed, q.title) for q in pair_quotes(text)]


def test_quote_split_around_its_attribution():
    text = "\u201cWe will not attend,\u201d the minister said, \u201cbecause the council is biased.\u201d"
    assert [q for q, _, _ in quoted(text)] == ["We will not attend,", "because the council is biased."]


def test_nested_single_quotes_stay_inside():
    text = "\u201cThey told us \u2018never again\u2019 and then did nothing,\u201d she said."
    assert quoted(text) == [("They told us \u2018never again\u2019 and then did nothing,", True, False)]


def test_straight_and_doubled_apostrophe_marks():
    text = "He said: \"No comment.\" Later ''we will appeal,'' his lawyer added."
    assert [q for q, _, _ in quoted(text)] == ["No comment.", "we will appeal,"]


def test_title_in_quotes_is_flagged():
    text = "The report titled \u201cA Threshold Crossed\u201d drew criticism. Its author called it \u201ca warning\u201d."
    assert quoted(text) == [("A Threshold Crossed", True, True), ("a warning", True, False)]
    text = "The study \u201cHuman Rights Violations Against Migrant Workers In Qatar\u201d was cited."
    assert quoted(text)[0][2] is True


def test_unbalanced_mark_ends_at_its_sentence():
    text = 'She wrote: "We are failing again.He added: "This is a disgrace" and left.'
    assert quoted(text) == [("We are failing again.", False, False), ("This is a disgrace", True, False)]


def test_unclosed_mark_at_the_end_of_the_text():
    text = 'The envoy said: "We will return next year. Nobody else spoke.'
    assert quoted(text) == [("We will return next year.", False, False)]


@pytest.mark.parametrize("doc", sorted(p.stem for p in (REPO / "seeds/articles").glob("*.txt")))
def test_seed_articles_pair_as_reviewed(doc):
    """General rules, not special cases: the pairing agrees with every reviewed quote and title."""
    text = (REPO / "seeds/articles" / f"{doc}.txt").read_text(encoding="utf-8")
    with open(REPO / "data/quotes.csv", encoding="utf-8", newline="") as fh:
        reviewed = {(int(r["start"]), int(r["end"])) for r in csv.DictReader(fh) if r["document_id"] == doc}
    found = pair_quotes(text)
    assert {(q.start, q.end) for q in found if not q.title} == reviewed
    assert all("Apartheid" in text[q.start:q.end] for q in found if q.title)


def test_stray_closing_mark_is_skipped():
    text = 'The envoy said the assembly faced a choice" to "show that it will not reward aggression."'
    assert [q for q, _, _ in quoted(text)] == ["show that it will not reward aggression."]


def test_single_marks_quote_when_a_text_has_no_double_marks():
    text = ("The members' resolution voiced 'grave alarm' at the killings.\n"
            "'No state that shells its own towns belongs on this council,' the envoy told delegates, "
            "citing the country's record in the '90s.")
    assert [q for q, _, _ in quoted(text)] == [
        "grave alarm", "No state that shells its own towns belongs on this council,"]


def test_single_marks_stay_apostrophes_when_double_marks_quote():
    text = "\u201cIt's the members' choice,\u201d she said of the 'reform' plan."
    assert [q for q, _, _ in quoted(text)] == ["It's the members' choice,"]
