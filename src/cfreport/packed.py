"""A figure's source cells and agency shares kept as columns of numbers, read back as tuples.

A summary of thousands of workbooks has millions of source cells. As tuples of strings each
costs some 150 bytes; here a cell is an index into the summary's table of columns (file,
sheet, column letter), a row number and a value: 16 bytes where the values are numbers. A
shares' agency is a reference to a string shared by every figure. Both read as the sequences of
`Source` and `Share` they stand for, so that renderers, checks and the results database need
not know.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, overload

if TYPE_CHECKING:
    from cfreport.figures import Share, Source
    from cfreport.findings import Value

T = TypeVar("T")
_CELL = re.compile(r"([A-Z]+)([0-9]+)")

Packed: TypeAlias = "array[Any] | tuple[Any, ...]"


def pack_values(values: Sequence[Any]) -> Packed:
    """Numbers as an array where they are all integers (4 or 8 bytes each) or all floats."""
    if not values:
        return ()
    if isinstance(values, array) and values.typecode in "id":
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


class Places:
    """The columns the cells of one summary are in: (file, sheet, column letter), once each."""

    __slots__ = ("_index", "columns")

    def __init__(self) -> None:
        self.columns: list[tuple[str, str | None, str | None]] = []
        self._index: dict[tuple[str, str | None, str | None], int] = {}

    def __getstate__(self) -> list[tuple[str, str | None, str | None]]:
        return self.columns

    def __setstate__(self, columns: list[tuple[str, str | None, str | None]]) -> None:
        self.columns = columns
        self._index = {c: i for i, c in enumerate(columns)}

    def column(self, file: str, sheet: str | None, letter: str | None) -> int:
        """The index of a column, added the first time it is asked for."""
        key = (file, sheet, letter)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.columns)
            self.columns.append(key)
        return found

    def pack(self, sources: Iterable[Source]) -> PackedSources:
        """Sources as columns of numbers."""
        columns, rows, values = array("I"), array("I"), []
        column = self.column
        for file, sheet, cell, value in sources:
            # A cell that is not a plain reference (none, or a range) is kept whole, row 0.
            match = _CELL.fullmatch(cell) if cell else None
            if match is None:
                columns.append(column(file, sheet, cell))
                rows.append(0)
            else:
                columns.append(column(file, sheet, match[1]))
                rows.append(int(match[2]))
            values.append(value)
        return PackedSources(self, columns, rows, pack_values(values))


class _Columns(Sequence[T]):
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


class PackedSources(_Columns["Source"]):
    """Source cells as three columns: the cell's column in `places`, its row, its value."""

    __slots__ = ("_columns", "_places", "_rows", "_values")

    def __init__(self, places: Places, columns: array[int], rows: array[int], values: Packed):
        self._places, self._columns, self._rows, self._values = places, columns, rows, values

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Source]:
        from cfreport.figures import Source

        table = self._places.columns
        values = self._values or (None,) * len(self._rows)
        for column, row, value in zip(self._columns, self._rows, values, strict=True):
            file, sheet, letter = table[column]
            yield Source(file, sheet, f"{letter}{row}" if row else letter, value)

    def _item(self, i: int) -> Source:
        from cfreport.figures import Source

        row = self._rows[i]
        file, sheet, letter = self._places.columns[self._columns[i]]
        value: Value = self._values[i] if self._values else None
        return Source(file, sheet, f"{letter}{row}" if row else letter, value)


class PackedShares(_Columns["Share"]):
    """Agency shares as columns: the agencies, their values, and the partners where any."""

    __slots__ = ("_agencies", "_partners", "_values")

    def __init__(
        self,
        agencies: tuple[str, ...],
        values: Packed,
        partners: tuple[tuple[str, ...], ...] | None,
    ) -> None:
        self._agencies, self._values, self._partners = agencies, values, partners

    @classmethod
    def of(cls, shares: Iterable[Share]) -> PackedShares:
        """Shares as columns."""
        listed = list(shares)
        partners = tuple(s.partners for s in listed)
        return cls(
            tuple(s.agency for s in listed),
            pack_values([s.value for s in listed]),
            partners if any(partners) else None,
        )

    def __len__(self) -> int:
        return len(self._agencies)

    def __iter__(self) -> Iterator[Share]:
        from cfreport.figures import Share

        partners = self._partners or ((),) * len(self._agencies)
        for agency, value, named in zip(self._agencies, self._values, partners, strict=True):
            yield Share(agency, value, named)

    def _item(self, i: int) -> Share:
        from cfreport.figures import Share

        partners = self._partners[i] if self._partners else ()
        return Share(self._agencies[i], self._values[i], partners)
