"""A table's rows held out of memory: one `marshal`-encoded tuple per row, in a spill file.

Between normalise and write the build holds every row of the package. As dicts (one per row,
keys repeated) that was most of the main process's memory for a large package; as one bytes
object per row, still about 150 MiB at 5,000 articles, and memory Python frees is mostly not
returned, so what the later stages allocate came on top of it. Here the encoded rows go to an
unnamed temporary file (deleted when the table is dropped, or when the process ends however it
ends) and the process keeps two numbers per row: where the row starts and how long it is (12
bytes). Sorting copies the rows to a new file in their new order, so a table is read from start
to end; removing a row moves only the numbers. Reading goes through the operating system's page
cache a block at a time, so reading a table in order costs about what decoding it does. Reading a row still gives a dict, built when asked for, so the stages read rows as before.
"""
from __future__ import annotations

import marshal
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, overload

Row = dict[str, Any]
VERSION = 2  # marshal's version 3 and later encode repeated objects by reference, depending on
# reference counts: equal rows could give different bytes. Version 2 gives the values only.
FLUSH = 1 << 20  # encoded rows gathered before they are written out
BLOCK = 1 << 16  # bytes read at a time: one read serves the rows after the one asked for


class Rows(Sequence[Row]):
    """[dict rows with exactly `columns`, in that order] -> a sequence of dicts stored as encoded
    tuples (values: str, int, float, bool or None) in a temporary file under `folder` (the
    system's temporary folder when None)."""

    __slots__ = ("_block", "_block_at", "_file", "_folder", "_pending", "_size", "_start", "_written", "columns")

    def __init__(self, columns: Iterable[str], rows: Iterable[Row] = (), folder: Path | None = None):
        self.columns: tuple[str, ...] = tuple(columns)
        self._folder = folder
        self._file: IO[bytes] | None = None  # opened with the first row: an empty table has none
        self._start = array("q")
        self._size = array("I")
        self._pending = bytearray()
        self._written = 0  # bytes in the file; pending ones follow
        self._block = b""
        self._block_at = -1
        self.extend(rows)

    def __del__(self) -> None:
        # the spill file has no name: closing it is all it takes to give its space back
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()

    def _pack(self, row: Row) -> bytes:
        if tuple(row) != self.columns:  # rows come from schemas.RowMaker: same keys, same order
            raise KeyError(f"row does not match the table's columns {list(self.columns)}: {row}")
        try:
            return marshal.dumps(tuple(row.values()), VERSION)
        except ValueError:  # marshal takes plain values only
            odd = {k: type(v).__name__ for k, v in row.items() if not isinstance(v, str | int | float | None)}
            raise TypeError(f"a row holds values other than text, numbers and None ({odd}): {row}") from None

    def append(self, row: Row) -> None:
        packed = self._pack(row)
        self._start.append(self._written + len(self._pending))
        self._size.append(len(packed))
        self._pending += packed
        if len(self._pending) >= FLUSH:
            self._flush()

    def extend(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.append(row)

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._file is None:
            if self._folder is not None:
                self._folder.mkdir(parents=True, exist_ok=True)
            # open for the table's life, closed (and gone) when the table is dropped or re-sorted
            self._file = tempfile.TemporaryFile(prefix="rows-", dir=self._folder)  # noqa: SIM115
        self._file.seek(self._written)
        self._file.write(self._pending)
        self._file.flush()
        self._written += len(self._pending)
        self._pending = bytearray()

    def _packed(self, index: int) -> bytes:
        start, size = self._start[index], self._size[index]
        if not (self._block_at <= start and start + size <= self._block_at + len(self._block)):
            self._flush()
            assert self._file is not None
            self._block = os.pread(self._file.fileno(), max(BLOCK, size), start)
            self._block_at = start
        at = start - self._block_at
        return self._block[at:at + size]

    def packed(self) -> Iterator[bytes]:
        """Each row's stored bytes, in order (equal rows give equal bytes)."""
        for i in range(len(self._start)):
            yield self._packed(i)

    def _dict(self, packed: bytes) -> Row:
        return dict(zip(self.columns, marshal.loads(packed), strict=True))

    def values(self, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """Each row's values of `columns`, in that order, as a tuple."""
        at = [self.columns.index(c) for c in columns]
        for packed in self.packed():
            values = marshal.loads(packed)
            yield tuple(values[i] for i in at)

    def sort(self, key: Callable[[Row], Any]) -> None:
        """Order the rows by key(row) (stable), then copy them to a new spill file in that order,
        so that reading the table in order reads its file from start to end."""
        order = sorted(range(len(self)), key=lambda i: key(self[i]))
        if order == list(range(len(self))):
            return
        self._flush()
        old, starts, sizes = self._file, self._start, self._size
        self._file, self._start, self._size, self._written = None, array("q"), array("I"), 0
        self._block, self._block_at = b"", -1
        assert old is not None
        try:
            for i in order:
                self._start.append(self._written + len(self._pending))
                self._size.append(sizes[i])
                self._pending += os.pread(old.fileno(), sizes[i], starts[i])
                if len(self._pending) >= FLUSH:
                    self._flush()
            self._flush()
        finally:
            old.close()

    def pop(self, index: int = -1) -> Row:
        row = self[index]
        self._start.pop(index)
        self._size.pop(index)
        return row

    def __len__(self) -> int:
        return len(self._start)

    def __iter__(self) -> Iterator[Row]:
        for packed in self.packed():
            yield self._dict(packed)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._dict(self._packed(i)) for i in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError("row index out of range")
        return self._dict(self._packed(index % len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self.columns == other.columns and len(self) == len(other) and all(
                a == b for a, b in zip(self.packed(), other.packed(), strict=True))
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({list(self.columns)}, {len(self)} rows)"
