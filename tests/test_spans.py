"""Locating a reviewer's verbatim text: exact offsets, refusals with a fix."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from unhrc_news.spans import LocateError, Locator, locate

ARTICLE = "The US and the USA met. The US said: \u201cNo.\u201d BUS drivers in the US agreed."


def test_word_boundary_keeps_us_out_of_usa_and_bus():
    spans = locate(ARTICLE, Locator("US", every=True))
    assert [ARTICLE[s:e] for s, e in spans] == ["US"] * 3
    assert all(ARTICLE[s - 1] == " " for s, _ in spans)


def test_ambiguous_text_is_refused_with_the_ways_to_disambiguate():
    with pytest.raises(LocateError) as exc:
        locate(ARTICLE, Locator("US"))
    assert "occurs 3 times" in exc.value.problem
    assert "occurrence: N" in exc.value.fix and "context:" in exc.value.fix


def test_occurrence_and_context_pick_one():
    (s, e), = locate(ARTICLE, Locator("US", occurrence=2))
    assert ARTICLE[s - 4:e] == "The US" and s > 20
    (s2, e2), = locate(ARTICLE, Locator("US", context="in the US agreed"))
    assert ARTICLE[s2:e2] == "US" and s2 > s


def test_missing_text_hints_at_curly_quotes():
    with pytest.raises(LocateError) as exc:
        locate(ARTICLE, Locator('"No."', word_boundary=False))
    assert "not in the article" in exc.value.problem
    assert "quotation marks" in exc.value.fix


def test_occurrence_out_of_range():
    with pytest.raises(LocateError, match="occurs 3 time"):
        locate(ARTICLE, Locator("US", occurrence=4))


@given(st.text(min_size=1, max_size=200), st.data())
def test_located_span_gives_back_its_text(article, data):
    i = data.draw(st.integers(0, len(article) - 1))
    j = data.draw(st.integers(i + 1, len(article)))
    text = article[i:j]
    spans = locate(article, Locator(text, every=True, word_boundary=False))
    assert (i, j) in spans
    assert all(article[s:e] == text for s, e in spans)
