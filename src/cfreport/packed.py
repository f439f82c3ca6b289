"""A figure's source cells and agency shares kept as columns of numbers, read back as tuples.

A summary of thousands of workbooks has millions of source cells. As tuples of strings each
costs some 150 bytes; here a cell is an index into the summary's table of columns (file,
sheet, column letter), a row number and a value: 16 bytes where the values are numbers. A
shares' agency is a reference to a string shared by every figure. Both read as the sequences of
`Source` and `Share` they stand for, so that renderers, checks and the results database need
not know.

A summary of thousands of workbooks would still hold megabytes of them: a figure of many cells
keeps its columns in a `Spill`, a temporary file, and reads them back when it is shown.
"""

from __future__ import annotations

import marshal
import os
import pickle
import re
import sys
import tempfile
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import IO, TYPE_CHECKING, Any, TypeAlias, TypeVar, cast, overload

if TYPE_CHECKING:
    from cfreport.figures import Share, Source
    from cfreport.findings import Value
    from cfreport.models import Tag

T = TypeVar("T")
_CELL = re.compile(r"([A-Z]+)([0-9]+)")

Packed: TypeAlias = "array[Any] | tuple[Any, ...]"
Cells: TypeAlias = "tuple[array[int], array[int], Packed]"
"""Cells as columns: the index of each one's column in `Places`, its row, its value."""
Cell: TypeAlias = "tuple[int, int, Value]"
"""One cell: the index of its column in `Places`, its row (0: not a plain reference), its value."""


def pack_values(values: Sequence[Any]) -> Packed:
    """Numbers as an array where they are all integers (4 or 8 bytes each) or all floats."""
    if not values:
        return ()
    if isinstance(values, array) and values.typecode in "iqd":
        return values
    kinds = {type(v) for v in values}
    if kinds == {int}:
        for code in "iq":
            try:
                return array(code, values)
            except OverflowError:
                continue
        return tuple(values)
    if kinds == {float}:
        return array("d", values)
    return tuple(values)


def int_array(values: Iterable[int]) -> array[int]:
    """Integers in the smallest of 2, 4 or 8 bytes each that holds them all (row numbers,
    indexes); OverflowError past 8 bytes."""
    listed = values if isinstance(values, list) else list(values)
    for code in "Hiq":
        try:
            return array(code, listed)
        except OverflowError:
            continue
    raise OverflowError("an integer past 8 bytes")


CHUNK = 1 << 11
"""Cells written to the spill at a time as a figure is made: its memory, not the figure's."""
SPILL_FROM = 64
"""Cells from which a figure keeps them in the spill: below, a file read costs more than the
memory saved."""
Stored: TypeAlias = "tuple[int, int]"
"""Where a `Spill` wrote something: (offset, size)."""


class Spill:
    """Columns of numbers (and tuples of plain values) kept in a temporary file, not in memory.

    Nothing is written until something is put: a summary of a few workbooks makes no file. The
    file has no name (the system removes it when it is closed, at the latest when the process
    ends) and lives as long as what reads from it.
    """

    __slots__ = ("_file", "_lock", "_read", "written")

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._lock = threading.Lock()
        self._read: tuple[Stored, Any] | None = None
        self.written = 0
        """Bytes written so far."""

    def put(self, columns: Sequence[Packed]) -> Stored | None:
        """Write columns; None where one holds a value that cannot be written (kept in memory)."""
        try:
            data = marshal.dumps(
                tuple(
                    (c.typecode, c.tobytes()) if isinstance(c, array) else ("", tuple(c))
                    for c in columns
                )
            )
        except ValueError:
            return None
        return self._write(data)

    def put_object(self, value: object) -> Stored:
        """Write any value made of cfreport's own records (pickled: the file is this process's
        own, never read from outside)."""
        return self._write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_objects(self, values: Sequence[object]) -> tuple[int, array[int]]:
        """Write values one after the other, each to be read back alone: where the first
        starts, and the length of each (`get_object((start + lengths before, length))`)."""
        parts = [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in values]
        start, _ = self._write(b"".join(parts))
        return start, array("I", map(len, parts))

    def get_object(self, at: Stored) -> Any:
        """The value written at `at` by `put_object`. The last one read is kept: the rows of
        one workbook are read field by field, one after the other."""
        read = self._read
        if read is not None and read[0] == at:
            return read[1]
        data = self._pread(at)
        value = pickle.loads(data)  # written above, by this process
        self._read = (at, value)
        return value

    def _write(self, data: bytes) -> Stored:
        with self._lock:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="cfreport-")  # noqa: SIM115
            offset = self._file.seek(0, 2)
            self._file.write(data)
            # Nothing waits in the buffer: reads go to the file by position (`_pread`), and a
            # forked copy of this process reads it too (`forked.Forked`).
            self._file.flush()
            self.written += len(data)
        return offset, len(data)

    def _pread(self, at: Stored) -> bytes:
        # By position, never moving the file's offset, which a forked copy of this process
        # shares: it and this one may read at once.
        assert self._file is not None, "read from a spill nothing was written to"
        if hasattr(os, "pread"):
            return os.pread(self._file.fileno(), at[1], at[0])
        with self._lock:  # Windows: no pread, and no fork either
            self._file.seek(at[0])
            return self._file.read(at[1])

    def get(self, at: Stored) -> tuple[Packed, ...]:
        """The columns written at `at`, as they were put."""
        data = self._pread(at)
        return tuple(
            array(code, payload) if code else payload for code, payload in marshal.loads(data)
        )


class Places:
    """The columns the cells of one summary are in: (file, sheet, column letter), once each.

    `spill`: where figures of at least `spill_from` cells keep their cells. The cells of the
    figure read last are kept, so that indexing them one by one reads the file once.
    """

    __slots__ = ("_index", "_last", "columns", "spill", "spill_from")

    def __init__(self, spill: Spill | None = None, spill_from: int | None = None) -> None:
        self.columns: list[tuple[str, str | None, str | None]] = []
        self._index: dict[tuple[str, str | None, str | None], int] = {}
        self.spill = spill
        self.spill_from = SPILL_FROM if spill_from is None else spill_from
        self._last: tuple[object, Cells] | None = None

    def __getstate__(self) -> list[tuple[str, str | None, str | None]]:
        return self.columns

    def __setstate__(self, columns: list[tuple[str, str | None, str | None]]) -> None:
        self.columns = columns
        self._index = {c: i for i, c in enumerate(columns)}
        self.spill, self.spill_from, self._last = None, SPILL_FROM, None

    def column(self, file: str, sheet: str | None, letter: str | None) -> int:
        """The index of a column, added the first time it is asked for."""
        key = (file, sheet, letter)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.columns)
            self.columns.append(key)
        return found

    def pack(self, sources: Iterable[Source]) -> PackedSources:
        """Sources as columns of numbers (see `pack_cells`)."""
        return self.pack_cells(self.cells_of(sources))

    def cells_of(self, sources: Iterable[Source]) -> Iterator[Cell]:
        """Each source as a cell: its column here, its row."""
        column = self.column
        for file, sheet, cell, value in sources:
            # A cell that is not a plain reference (none, or a range) is kept whole, row 0.
            match = _CELL.fullmatch(cell) if cell else None
            if match is None:
                yield column(file, sheet, cell), 0, value
            else:
                yield column(file, sheet, match[1]), int(match[2]), value

    def pack_cells(self, cells: Iterable[Cell]) -> PackedSources:
        """Cells given by their column here and their row; in the spill, `CHUNK` at a time,
        where there are many (a figure of every initiative: tens of thousands, each with its
        id). Cells a caller already holds as columns need no reference written and parsed."""
        columns, rows, values = array("I"), array("I"), []
        stored: list[tuple[Stored, int]] = []
        spill = self.spill
        for column, row, value in cells:
            columns.append(column)
            rows.append(row)
            values.append(value)
            if len(rows) >= CHUNK and spill is not None:
                at = spill.put((columns, rows, pack_values(values)))
                if at is None:  # a value the spill cannot write: the rest stays in memory
                    spill = None
                else:
                    stored.append((at, len(rows)))
                    columns, rows, values = array("I"), array("I"), []
        return PackedSources(self, columns, rows, pack_values(values), stored)


class Columns(Sequence[T]):
    """A sequence of tuples kept as columns: equal to, and hashed as, the tuple of its items."""

    __slots__ = ()

    def _item(self, i: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[T, ...]: ...
    def __getitem__(self, i: int | slice) -> T | tuple[T, ...]:
        return tuple(self)[i] if isinstance(i, slice) else self._item(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class PackedSources(Columns["Source"]):
    """Source cells as three columns: the cell's column in `places`, its row, its value.

    Where there are many they are in the places' spill, in the chunks `stored` (written as they
    were added up) and the rest, read back each time they are asked for.
    """

    __slots__ = ("_at", "_columns", "_places", "_rows", "_size", "_values")

    def __init__(
        self,
        places: Places,
        columns: array[int],
        rows: array[int],
        values: Packed,
        stored: Sequence[tuple[Stored, int]] = (),
    ):
        self._places = places
        self._size = len(rows) + sum(n for _, n in stored)
        self._at: tuple[Stored, ...] = ()
        self._columns, self._rows, self._values = columns, rows, values
        spill = places.spill
        if spill is None or not (stored or self._size >= places.spill_from):
            return
        tail = spill.put((columns, rows, values)) if len(rows) else None
        if tail is None and len(rows):  # a value the spill cannot write: all kept in memory
            cells = [*(cast(Cells, spill.get(at)) for at, _ in stored), (columns, rows, values)]
            self._columns, self._rows, self._values = _concat(cells)
            return
        self._at = (*(at for at, _ in stored), *([tail] if tail else []))
        self._columns, self._rows, self._values = _EMPTY, _EMPTY, ()

    def __reduce__(self) -> tuple[type[PackedSources], tuple[Any, ...]]:
        # Pickled (to another process) with its cells, not the place they were spilled to.
        return PackedSources, (self._places, *self.arrays())

    def arrays(self) -> Cells:
        """(columns, rows, values), read from the spill where they are kept there."""
        spill = self._places.spill
        if not self._at or spill is None:
            return self._columns, self._rows, self._values
        last = self._places._last
        if last is not None and last[0] is self:
            return last[1]
        cells = _concat([cast(Cells, spill.get(at)) for at in self._at])
        self._places._last = (self, cells)
        return cells

    def __len__(self) -> int:
        return self._size

    @property
    def table(self) -> list[tuple[str, str | None, str | None]]:
        """(file, sheet, column letter) of each column number `arrays()` gives."""
        return self._places.columns

    def __iter__(self) -> Iterator[Source]:
        from cfreport.figures import Source

        table = self._places.columns
        columns, rows, values = self.arrays()
        for column, row, value in zip(columns, rows, values or (None,) * len(rows), strict=True):
            file, sheet, letter = table[column]
            yield Source(file, sheet, f"{letter}{row}" if row else letter, value)

    def _item(self, i: int) -> Source:
        from cfreport.figures import Source

        columns, rows, values = self.arrays()
        row = rows[i]
        file, sheet, letter = self._places.columns[columns[i]]
        value: Value = values[i] if values else None
        return Source(file, sheet, f"{letter}{row}" if row else letter, value)


def _concat(chunks: Sequence[Cells]) -> Cells:
    """Chunks of cells one after the other; values stay an array where they are of one type."""
    if len(chunks) == 1:
        return chunks[0]
    columns, rows = array("I"), array("I")
    for c, r, _ in chunks:
        columns.extend(c)
        rows.extend(r)
    parts = [v for _, _, v in chunks if len(v)]
    codes = {p.typecode if isinstance(p, array) else "" for p in parts}
    if len(codes) == 1 and "" not in codes:
        values: array[Any] = array(codes.pop())
        for p in parts:
            values.extend(p)
        return columns, rows, values
    return columns, rows, tuple(v for p in parts for v in p)


_EMPTY: array[int] = array("I")


class PackedShares(Columns["Share"]):
    """Agency shares as columns: the agencies, their values, and the partners where any. Where
    there are many (a figure of thousands of agencies' workbooks), they wait in a spill."""

    __slots__ = ("_agencies", "_at", "_partners", "_size", "_spill", "_values")

    def __init__(
        self,
        agencies: tuple[str, ...],
        values: Packed,
        partners: tuple[tuple[str, ...], ...] | None,
        spill: Spill | None = None,
    ) -> None:
        self._agencies, self._values, self._partners = agencies, values, partners
        self._size = len(agencies)
        self._spill, self._at = None, None
        if spill is not None and self._size >= SPILL_FROM:
            at = spill.put((agencies, values, partners or ()))
            if at is not None:
                self._spill, self._at = spill, at
                self._agencies, self._values, self._partners = (), (), None

    @classmethod
    def of(cls, shares: Iterable[Share], spill: Spill | None = None) -> PackedShares:
        """Shares as columns (in `spill` where there are many)."""
        listed = list(shares)
        partners = tuple(s.partners for s in listed)
        return cls(
            tuple(s.agency for s in listed),
            pack_values([s.value for s in listed]),
            partners if any(partners) else None,
            spill,
        )

    def _columns(
        self,
    ) -> tuple[tuple[str, ...], Packed, tuple[tuple[str, ...], ...] | None]:
        if self._spill is None or self._at is None:
            return self._agencies, self._values, self._partners
        agencies, values, partners = self._spill.get(self._at)
        return (
            cast("tuple[str, ...]", agencies),
            values,
            cast("tuple[tuple[str, ...], ...]", partners) or None,
        )

    def __reduce__(self) -> tuple[type[PackedShares], tuple[Any, ...]]:
        # Pickled (to another process) with its shares, not the place they were spilled to.
        return PackedShares, self._columns()

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Share]:
        from cfreport.figures import Share

        agencies, values, partners = self._columns()
        named = partners or ((),) * len(agencies)
        for agency, value, others in zip(agencies, values, named, strict=True):
            yield Share(agency, value, others)

    def _item(self, i: int) -> Share:
        from cfreport.figures import Share

        agencies, values, partners = self._columns()
        return Share(agencies[i], values[i], partners[i] if partners else ())


class Texts(Sequence[str]):
    """Strings kept as one UTF-8 buffer and where each ends: a byte a character and 4 bytes an
    item, where a str object costs some 50 bytes more (the ids of 66,000 initiatives: 1 MB,
    not 4). An item is decoded each time it is read."""

    __slots__ = ("_data", "_ends")

    def __init__(self, items: Iterable[str] = ()) -> None:
        self._data = bytearray()
        self._ends: array[int] = array("I")  # 4 GiB of text: more than memory would hold
        for item in items:
            self.append(item)

    def append(self, text: str) -> int:
        """Add `text`; its index."""
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))
        return len(self._ends) - 1

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        ends = self._ends
        end = ends[i]  # IndexError as a list's
        i %= len(ends)
        start = ends[i - 1] if i else 0
        return self._data[start:end].decode("utf-8", "surrogatepass")

    def __reduce__(self) -> tuple[type[Texts], tuple[list[str]]]:
        return Texts, (list(self),)


class PackedTexts(Columns[str]):
    """Some of a `Texts`' items, by index: equal to, and hashed as, the tuple of those strings
    (an area's initiatives through which an agency counts, 4 bytes each)."""

    __slots__ = ("_at", "_end", "_start", "_texts")

    def __init__(self, texts: Texts, at: array[int], start: int = 0, end: int | None = None):
        """The items of `texts` whose indexes are `at[start:end]` (many share one `at`)."""
        self._texts, self._at = texts, at
        self._start, self._end = start, len(at) if end is None else end

    def __len__(self) -> int:
        return self._end - self._start

    def __iter__(self) -> Iterator[str]:
        at = self._at
        return map(self._texts.__getitem__, (at[k] for k in range(self._start, self._end)))

    def _item(self, i: int) -> str:
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._texts[self._at[self._start + i % len(self)]]

    def __reduce__(self) -> tuple[type[tuple[str, ...]], tuple[list[str]]]:
        # Pickled (to another process, a cache) as the plain tuple it stands for.
        return tuple, (list(self),)


class PackedTextsByKey(Mapping[str, PackedTexts]):
    """Key -> some of a `Texts`' items, as one array of indexes and where each key's part
    starts: an area's agencies -> the initiatives through which each counts, for thousands of
    agencies without an object each. Equal to the dict of tuples it stands for."""

    __slots__ = ("_at", "_keys", "_starts", "_texts")

    def __init__(self, texts: Texts, parts: Iterable[tuple[str, Iterable[int]]]) -> None:
        """`parts`: (key, the indexes of its items), in key order."""
        self._texts = texts
        self._at: array[int] = array("I")
        self._starts: array[int] = array("Q")
        keys = []
        for key, indexes in parts:
            keys.append(key)
            self._starts.append(len(self._at))
            self._at.extend(indexes)
        self._starts.append(len(self._at))
        self._keys = tuple(keys)
        if any(a >= b for a, b in pairwise(keys)):
            raise ValueError("keys must be given once each, in order")

    def __getitem__(self, key: str) -> PackedTexts:
        k = bisect_left(self._keys, key)
        if k == len(self._keys) or self._keys[k] != key:
            raise KeyError(key)
        return PackedTexts(self._texts, self._at, self._starts[k], self._starts[k + 1])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self)!r})"

    def __reduce__(self) -> tuple[type[dict[str, tuple[str, ...]]], tuple[dict[str, Any]]]:
        # Pickled (to another process, a cache) as the plain dict it stands for.
        return dict, ({key: tuple(texts) for key, texts in self.items()},)


class PackedTags(Columns["Tag"]):
    """The rows of a sheet of tags (states, SDG targets ...) as columns: each row's number, its
    initiative (an index into the ids named) and its code. The codes are interned: thousands of
    workbooks name the same few dozen, kept once."""

    __slots__ = ("_codes", "_ids", "_of", "_rows")

    def __init__(
        self, rows: array[int], ids: tuple[str, ...], of: array[int], codes: tuple[str, ...]
    ) -> None:
        self._rows, self._ids, self._of = rows, ids, of
        self._codes = tuple(map(sys.intern, codes))

    @classmethod
    def of(cls, tags: Iterable[Tag], ids: Iterable[str] = ()) -> PackedTags:
        """Tags as columns; `ids`: the initiative ids to share (those of the Initiatives sheet)."""
        listed = list(tags)
        shared = {i: i for i in ids}
        index: dict[str, int] = {}
        for t in listed:
            index.setdefault(shared.get(t.initiative, t.initiative), len(index))
        return cls(
            int_array([t.row for t in listed]),
            tuple(index),
            int_array([index[t.initiative] for t in listed]),
            tuple(t.code for t in listed),
        )

    def __reduce__(self) -> tuple[type[PackedTags], tuple[Any, ...]]:
        return PackedTags, (self._rows, self._ids, self._of, self._codes)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Tag]:
        from cfreport.models import Tag

        return map(Tag, self._rows, map(self._ids.__getitem__, self._of), self._codes)

    def _item(self, i: int) -> Tag:
        from cfreport.models import Tag

        return Tag(self._rows[i], self._ids[self._of[i]], self._codes[i])
