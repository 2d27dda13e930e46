"""A table's rows held compactly: one tuple per row under the table's columns.

Between normalise and write the build holds every row of the package. As dicts (one per row,
keys repeated) that was most of the main process's memory for a large package; a tuple per row
is about a third of it. Reading a row still gives a dict, built when asked for, so the stages
read rows as before.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

Row = dict[str, Any]


class Rows(Sequence[Row]):
    """[dict rows with exactly `columns`, in that order] -> a sequence of dicts stored as tuples."""

    __slots__ = ("columns", "data")

    def __init__(self, columns: Iterable[str], rows: Iterable[Row] = ()):
        self.columns: tuple[str, ...] = tuple(columns)
        self.data: list[tuple[Any, ...]] = []
        self.extend(rows)

    def _pack(self, row: Row) -> tuple[Any, ...]:
        if tuple(row) != self.columns:  # rows come from schemas.RowMaker: same keys, same order
            raise KeyError(f"row does not match the table's columns {list(self.columns)}: {row}")
        return tuple(row.values())

    def append(self, row: Row) -> None:
        self.data.append(self._pack(row))

    def extend(self, rows: Iterable[Row]) -> None:
        self.data.extend(self._pack(r) for r in rows)

    def _dict(self, values: tuple[Any, ...]) -> Row:
        return dict(zip(self.columns, values, strict=True))

    def sort(self, key: Callable[[Row], Any]) -> None:
        self.data.sort(key=lambda values: key(self._dict(values)))

    def pop(self, index: int = -1) -> Row:
        return self._dict(self.data.pop(index))

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[Row]:
        for values in self.data:
            yield self._dict(values)

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
