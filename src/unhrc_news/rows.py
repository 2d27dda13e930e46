"""A table's rows held compactly: one `marshal`-encoded tuple per row under the table's columns.

Between normalise and write the build holds every row of the package. As dicts (one per row,
keys repeated) that was most of the main process's memory for a large package; a tuple per row
is about a third of it, and the same values as one bytes object per row (marshal: no object
per cell) smaller again. Fewer objects also leave Python's allocator fewer half-used blocks once
the rows are freed (at 5,000 articles the build's peak fell by about 100 MiB). Reading a row still gives a dict,
built when asked for, so the stages read rows as before.
"""
from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

Row = dict[str, Any]
VERSION = 2  # marshal's version 3 and later encode repeated objects by reference, depending on
# reference counts: equal rows could give different bytes. Version 2 gives the values only.


class Rows(Sequence[Row]):
    """[dict rows with exactly `columns`, in that order] -> a sequence of dicts stored as encoded
    tuples (values: str, int, float, bool or None)."""

    __slots__ = ("columns", "data")

    def __init__(self, columns: Iterable[str], rows: Iterable[Row] = ()):
        self.columns: tuple[str, ...] = tuple(columns)
        self.data: list[bytes] = []
        self.extend(rows)

    def _pack(self, row: Row) -> bytes:
        if tuple(row) != self.columns:  # rows come from schemas.RowMaker: same keys, same order
            raise KeyError(f"row does not match the table's columns {list(self.columns)}: {row}")
        try:
            return marshal.dumps(tuple(row.values()), VERSION)
        except ValueError:  # marshal takes plain values only
            odd = {k: type(v).__name__ for k, v in row.items() if not isinstance(v, str | int | float | None)}
            raise TypeError(f"a row holds values other than text, numbers and None ({odd}): {row}") from None

    def append(self, row: Row) -> None:
        self.data.append(self._pack(row))

    def extend(self, rows: Iterable[Row]) -> None:
        self.data.extend(self._pack(r) for r in rows)

    def _dict(self, packed: bytes) -> Row:
        return dict(zip(self.columns, marshal.loads(packed), strict=True))

    def values(self, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """Each row's values of `columns`, in that order, as a tuple."""
        at = [self.columns.index(c) for c in columns]
        for packed in self.data:
            values = marshal.loads(packed)
            yield tuple(values[i] for i in at)

    def sort(self, key: Callable[[Row], Any]) -> None:
        self.data.sort(key=lambda values: key(self._dict(values)))

    def pop(self, index: int = -1) -> Row:
        return self._dict(self.data.pop(index))

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[Row]:
        for packed in self.data:
            yield self._dict(packed)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._dict(v) for v in self.data[index]]
        return self._dict(self.data[index])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self.columns == other.columns and self.data == other.data
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({list(self.columns)}, {len(self.data)} rows)"
