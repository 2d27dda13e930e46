"""The compact row store the build holds tables in between normalise and write."""
from __future__ import annotations

import pytest

from unhrc_news.rows import Rows
from unhrc_news.table_checks import frame


def test_rows_read_back_as_the_dicts_they_were_given_sorted_and_popped():
    given = [{"quote_id": "q2", "start": 40, "text": "b"}, {"quote_id": "q1", "start": 3, "text": None}]
    rows = Rows(["quote_id", "start", "text"], given)
    assert list(rows) == given and rows[1] == given[1] and rows[:1] == given[:1] and len(rows) == 2
    rows.sort(key=lambda r: r["start"])
    assert rows == [given[1], given[0]]
    assert rows.pop(0) == given[1] and list(rows) == [given[0]]
    # a DataFrame straight from the tuples is the one from the dicts
    assert frame(Rows(["quote_id", "start", "text"], given), ["text", "quote_id"]).equals(frame(given, ["text", "quote_id"]))


def test_a_row_with_other_columns_is_refused():
    with pytest.raises(KeyError, match="does not match"):
        Rows(["quote_id", "start"], [{"start": 1, "quote_id": "q"}])
