"""Number phrases parse exactly, as DESIGN.md's quality rules require."""
from decimal import Decimal

import pytest

from unhrc_news.numbers import format_number, parse_quantity


@pytest.mark.parametrize("text, value, value_max, qualifier, unit", [
    ("$21.7 billion", "21700000000", None, "exact", "USD"),
    ("at least $21.7 billion", "21700000000", None, "at_least", "USD"),
    ("more than 71,000", "71000", None, "more_than", None),
    ("four to five years", "4", "5", "range", "year"),
    ("tens of thousands", "10000", None, "vague", None),
    ("tens of billions of dollars", "10000000000", None, "vague", "USD"),
    ("about 3.5 million", "3500000", None, "approximately", None),
    ("12%", "12", None, "exact", "percent"),
    ("three", "3", None, "exact", None),
    ("two-thirds", "0.6667", None, "approximately", "share"),
    ("three quarters", "0.75", None, "exact", "share"),
    ("more than one-fifth", "0.2", None, "more_than", "share"),
])
def test_parse(text, value, value_max, qualifier, unit):
    q = parse_quantity(text)
    assert q is not None
    assert q.value == Decimal(value)
    assert q.value_max == (Decimal(value_max) if value_max else None)
    assert (q.qualifier, q.unit) == (qualifier, unit)


@pytest.mark.parametrize("text", ["Israel", "human rights", "7 November 2025"])
def test_not_a_number_phrase(text):
    assert parse_quantity(text) is None


def test_format_never_uses_exponents():
    assert format_number(Decimal("2.17E+10")) == "21700000000"
    assert format_number(Decimal("0.50")) == "0.5"
    assert format_number(None) == ""


@pytest.mark.parametrize("text, value, value_max, qualifier", [
    ("sixty-three", "63", None, "exact"),
    ("Forty seven", "47", None, "exact"),
    ("one hundred and twenty", "120", None, "exact"),
    ("more than sixty-three", "63", None, "more_than"),
    ("twenty-five to thirty", "25", "30", "range"),
])
def test_compound_number_words(text, value, value_max, qualifier):
    q = parse_quantity(text)
    assert q is not None and q.value == Decimal(value) and q.qualifier == qualifier
    assert q.value_max == (Decimal(value_max) if value_max else None)
