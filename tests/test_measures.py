"""The measure vocabulary (schemas/measures.yaml): its reader, and the rule that gives a
statistic the same measure_id however an article words the fact."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from unhrc_news import schemas
from unhrc_news.errors import InputError
from unhrc_news.measures import measure_for, read_measures, sentence_around

VOCABULARY = read_measures(REPO / "schemas")


@pytest.mark.parametrize(("unit", "measure", "sentence", "want"), [
    # the same fact, worded by two articles, joins on one id
    ("member", "member General Assembly", "The 193-member General Assembly voted on Tuesday.", "un-member-states"),
    ("state", "UN member states", "All 193 UN member states take part.", "un-member-states"),
    ("member", "member council", "Chile won a seat on the 47-member council.", "council-members"),
    ("state", "member states of the Human Rights Council", "", "council-members"),
    # the measure words decide before the sentence does
    ("vote", "votes against", "The motion got 19 votes in favour and 11 votes against.", "votes-against"),
    ("vote", "votes in favour", "The motion got 19 votes in favour and 11 votes against.", "votes-in-favour"),
    ("person", "", "The attack killed more than 300 people.", "people-killed"),
    ("person", "people", "Some 40,000 people fled across the border.", "people-displaced"),
    ("USD", "", "The office is appealing for $120 million.", "funding"),
    # no entry fits: no id rather than a wrong one
    ("year", "", "The war has lasted two years.", ""),
    ("person", "journalists", "Some 40 journalists attended the briefing.", ""),
])
def test_a_statistic_gets_the_measure_its_words_name(unit, measure, sentence, want):
    assert measure_for(VOCABULARY, unit, measure, sentence) == want


def test_the_sentence_around_a_number_is_its_own():
    text = "The council met. The attack killed 300 people. Aid arrived on Monday."
    start = text.index("300")
    assert sentence_around(text, start, start + 3) == "The attack killed 300 people."


def test_the_schema_enum_is_the_vocabulary():
    assert schemas.enum(REPO / "schemas", "statistics", "measure_id") == [m.id for m in VOCABULARY]


@pytest.mark.parametrize(("entry", "problem"), [
    ("  Bad_Id:\n    label: x\n    description: x\n    units: [person]\n    words: [x]\n", "is not a measure id"),
    ("  deaths:\n    label: x\n    description: x\n    units: [person]\n    words: ['(unclosed']\n", "not a regular expression"),
    ("  deaths:\n    label: x\n    units: [person]\n    words: [x]\n", "exactly label, description, units and words"),
])
def test_a_bad_vocabulary_entry_is_named_with_its_fix(tmp_path, entry, problem):
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "measures.yaml").write_text("measures:\n" + entry, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as err:
        read_measures(tmp_path / "schemas")
    assert "schemas/measures.yaml" in str(err.value) and "Fix:" in str(err.value)
