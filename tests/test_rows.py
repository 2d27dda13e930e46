"""The row store the build holds tables in between normalise and write (rows in a spill file)."""
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


def test_equal_rows_are_stored_alike_however_their_values_are_shared():
    # marshal's newer formats write a value held twice by reference: the same row could then be
    # stored as different bytes, and comparing stored tables (incremental vs full) would differ
    shared = "the same text"
    once = Rows(["a", "b"], [{"a": shared, "b": shared}])
    apart = Rows(["a", "b"], [{"a": "the same " + "text", "b": "".join(["the same ", "text"])}])
    assert list(once.packed()) == list(apart.packed()) and once == apart


def test_a_row_value_the_store_cannot_hold_is_named():
    import datetime

    with pytest.raises(TypeError, match="date"):
        Rows(["quote_id", "day"], [{"quote_id": "q", "day": datetime.date(2024, 1, 2)}])


def test_many_rows_round_trip_through_the_spill_file_in_any_order(tmp_path, monkeypatch):
    import unhrc_news.rows as rows_module

    # small blocks and flushes, so that reads cross block edges and rows wait unflushed
    monkeypatch.setattr(rows_module, "FLUSH", 100)
    monkeypatch.setattr(rows_module, "BLOCK", 64)
    given = [{"n": i, "text": "é" * (i % 37), "note": None if i % 3 else f"row {i}"} for i in range(2_000)]
    rows = Rows(["n", "text", "note"], given[:1_000], folder=tmp_path)
    rows.extend(given[1_000:])
    assert len(rows) == 2_000 and list(rows) == given and rows[-1] == given[-1] and rows[1_500] == given[1_500]
    rows.sort(key=lambda r: (len(r["text"]), -r["n"]))
    expected = sorted(given, key=lambda r: (len(r["text"]), -r["n"]))
    assert list(rows) == expected
    assert rows.pop(7) == expected.pop(7) and list(rows) == expected
    rows.append(given[0])
    assert rows[-1] == given[0] and rows[:2] == expected[:2]
    with pytest.raises(IndexError):
        rows[2_000]
    # the spill file has no name: nothing is left in the folder, whatever happens to the process
    assert list(tmp_path.iterdir()) == []
