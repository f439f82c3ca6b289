"""The submission of one agency, read from its workbook, every value with the row it came from.

Positions are plain 1-based integers: a row per record and, per sheet, one map from field to
column, so that a sheet of 100,000 rows does not carry an object per cell.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any, NamedTuple, cast

from pydantic import BaseModel, ConfigDict, Field

from cfreport.findings import Place, cell_ref
from cfreport.framework.models import Path
from cfreport.packed import Columns, Packed, Spill, Stored


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int


class Initiative(NamedTuple):
    """One row of the Initiatives sheet. A named tuple, not a model: thousands of workbooks'
    initiatives are held at once for the figures."""

    row: int
    id: str
    title: str = ""
    lead: str = ""
    area: str = ""
    effect: str = ""
    status: str = ""
    principles: tuple[str, ...] = ()
    cross_cutting: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _initiative, tuple(self)


_SHARED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _initiative(
    row: int,
    id: str,
    title: str,
    lead: str,
    area: str,
    effect: str,
    status: str,
    principles: tuple[str, ...],
    cross_cutting: tuple[str, ...],
) -> Initiative:
    """An initiative as unpickled (from a worker): its codes shared with every other
    workbook's, not one copy each."""
    codes = sys.intern
    return Initiative(
        row,
        id,
        title,
        codes(lead),
        codes(area),
        codes(effect),
        codes(status),
        _SHARED.setdefault(principles, tuple(map(codes, principles))),
        _SHARED.setdefault(cross_cutting, tuple(map(codes, cross_cutting))),
    )


class Tag(NamedTuple):
    """One value of a many-valued field: a state, an SDG target, a population, an agency."""

    row: int
    initiative: str
    code: str


class Count(NamedTuple):
    """One row of the Counts sheet. A named tuple, not a model: a sheet may hold 100,000."""

    row: int
    initiative: str
    indicator: str
    category: str
    """The category as written in the workbook (tidied)."""
    path: Path | None
    """The node of the indicator's breakdown; None when the category is not in it."""
    value: int | None
    comment: str = ""


class CountRows(Columns[Count]):
    """The rows of the Counts sheet as columns, read as a sequence of `Count`.

    A sheet may hold 100,000 rows: as columns they are read, checked and let go without a tuple
    per row, which cost a tenth of validating such a sheet. Iterating makes each `Count` as it
    is read (in C); the checks that look at every row read the columns.
    """

    __slots__ = ("categories", "comments", "indicators", "initiatives", "paths", "rows", "values")

    def __init__(
        self,
        rows: Sequence[int],
        initiatives: Sequence[str],
        indicators: Sequence[str],
        categories: Sequence[str],
        paths: Sequence[Path | None],
        values: Sequence[int | None],
        comments: Sequence[str],
    ) -> None:
        if not len(rows) == len(initiatives) == len(indicators) == len(categories):
            raise ValueError("columns of different lengths")
        if not len(rows) == len(paths) == len(values) == len(comments):
            raise ValueError("columns of different lengths")
        self.rows, self.initiatives, self.indicators = rows, initiatives, indicators
        self.categories, self.paths, self.values, self.comments = (
            categories,
            paths,
            values,
            comments,
        )

    @classmethod
    def of(cls, counts: Iterable[Count]) -> CountRows:
        """Counts given one by one, as columns."""
        listed = list(counts)
        if not listed:
            return _NO_COUNTS
        rows, initiatives, indicators, categories, paths, values, comments = zip(
            *listed, strict=True
        )
        return cls(rows, initiatives, indicators, categories, paths, values, comments)

    def columns(self) -> tuple[Sequence[Any], ...]:
        """The columns in the order of `Count`'s fields."""
        return (
            self.rows,
            self.initiatives,
            self.indicators,
            self.categories,
            self.paths,
            self.values,
            self.comments,
        )

    def take(self, indexes: Iterable[int]) -> CountRows:
        """The rows at `indexes`, in their order."""
        at = list(indexes)
        if not at:
            return _NO_COUNTS
        # Tuples: the few rows a summary or the cross-file checks keep of each of thousands.
        return type(self)(*(tuple([column[i] for i in at]) for column in self.columns()))

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Count]:
        # tuple.__new__ straight from C: Count._make is a Python call per row.
        return map(tuple.__new__, repeat(Count), zip(*self.columns(), strict=True))

    def _item(self, index: int) -> Count:
        return Count._make(column[index] for column in self.columns())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if not len(self):
            return _no_counts, ()  # one for every submission without rows, as unpickled too
        return type(self), tuple(c if isinstance(c, range) else tuple(c) for c in self.columns())

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """A field of this type takes `CountRows` as it is, or any sequence of `Count`s."""
        from pydantic_core import core_schema

        def counts(value: Any) -> CountRows:
            if isinstance(value, CountRows):
                return value
            if isinstance(value, Sequence) and not isinstance(value, str | bytes):
                return cls.of(v if isinstance(v, Count) else Count(*v) for v in value)
            raise ValueError("not a sequence of counts")

        return core_schema.no_info_plain_validator_function(counts)


_NO_COUNTS = CountRows((), (), (), (), (), (), ())
"""The rows of a submission without counts: one object for all of them (thousands, summarized)."""


def _no_counts() -> CountRows:
    return _NO_COUNTS


class MoneyLine(_Record):
    year: int | None
    area: str
    required: float | None
    available: float | None
    gap: float | None = None


class ProgrammeLine(_Record):
    id: str
    status: str
    amount: float | None
    source: str = ""


HEADLINE_LENGTH = 120
"""The longest headline of a key result, in characters: a line of the report's page."""
TEXT_LENGTH = 700
"""The longest text of a key result: a short paragraph of the report."""


class KeyResult(_Record):
    """A key result of the year, for the report's pages: its initiative gives the area, the
    effect and the agencies."""

    id: str
    initiative: str
    headline: str = ""
    text: str = ""
    states: tuple[str, ...] = ()
    """State codes as read (a name no list knows is kept as typed); empty: the initiative's."""
    populations: tuple[str, ...] = ()
    partners: str = ""


class CitedFigure(_Record):
    """A figure a key result cites: a number, or a count of the Counts sheet (an indicator and
    a category of the key result's initiative), or both, which must then agree."""

    key_result: str
    label: str = ""
    value: float | None = None
    indicator: str = ""
    category: str = ""
    path: Path | None = None
    """The breakdown node the category names; () for the total; None when there is none."""


class Entry(NamedTuple):
    """One row as it goes into one figure of an indicator (see `domain/tally.py`)."""

    node: int
    """The figure: an index into `Framework.breakdown_nodes`."""
    row: int
    value: int
    initiative_row: int
    """The row of the count's initiative on the Initiatives sheet; 0 where it has none."""


class Tally:
    """What a workbook's counts of initiatives that are not joint add to the figures, as
    columns of numbers, one item per row per figure, in figure order (made by
    `domain.tally.tally`).

    A joint initiative's counts are added from one of the workbooks that report it, chosen
    across them: its rows stay as read.
    """

    __slots__ = (
        "_at",
        "_spill",
        "indicators",
        "initiative_rows",
        "left_out",
        "nodes",
        "rows",
        "values",
    )

    def __init__(
        self,
        nodes: array[int],
        rows: array[int],
        values: Packed,
        initiative_rows: array[int],
        indicators: Iterable[str],
        left_out: tuple[tuple[int, int], ...],
    ) -> None:
        self.nodes, self.rows, self.values = nodes, rows, values
        self.initiative_rows = initiative_rows
        codes = tuple(sorted(map(sys.intern, indicators)))
        self.indicators = _SHARED.setdefault(codes, codes)
        """The indicators it has counts of (its agency works in their areas), their codes
        shared with every other tally's."""
        self.left_out = left_out
        """(figure, row) of each row that could not be counted, and (indicator total, row) of
        each row whose category the indicator does not have."""
        self._spill: Spill | None = None
        self._at: Stored | None = None

    def spill(self, spill: Spill) -> None:
        """Keep the columns in `spill` (a temporary file) until they are added up."""
        if self._at is None and len(self.rows):
            self._at = spill.put(self.columns())
            if self._at is not None:
                self._spill = spill
                self.nodes = self.rows = self.initiative_rows = array("H")
                self.values = ()

    def columns(self) -> tuple[array[int], array[int], Packed, array[int]]:
        """(nodes, rows, values, initiative rows), read back where they were spilled."""
        if self._at is None or self._spill is None:
            return self.nodes, self.rows, self.values, self.initiative_rows
        nodes, rows, values, initiative_rows = self._spill.get(self._at)
        return (
            cast("array[int]", nodes),
            cast("array[int]", rows),
            values,
            cast("array[int]", initiative_rows),
        )

    def __reduce__(self) -> tuple[type[Tally], tuple[Any, ...]]:
        # Pickled (to another process) with its columns, not the place they were spilled to.
        return Tally, (*self.columns(), self.indicators, self.left_out)

    def entries(self) -> Iterator[Entry]:
        return map(Entry, *self.columns())


TAG_FIELDS = ("participants", "states", "sdg_targets", "populations")
"""The sheets of tags: (initiative, code) rows of a field with several values."""
ROW_FIELDS = (
    "initiatives",
    "participants",
    "states",
    "sdg_targets",
    "populations",
    "counts",
    "money",
    "programmes",
    "key_results",
    "cited",
)


class Submission(BaseModel):
    """What one agency reported for one year."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    file: str
    agency: str = ""
    year: int | None = None
    framework_id: str = ""
    template_version: str = ""
    saved: str | None = None
    """When the workbook says it was last saved (docProps/core.xml), ISO 8601."""
    focal_point: str = ""
    email: str = ""
    initiatives: tuple[Initiative, ...] = ()
    participants: tuple[Tag, ...] = ()
    states: tuple[Tag, ...] = ()
    sdg_targets: tuple[Tag, ...] = ()
    populations: tuple[Tag, ...] = ()
    counts: CountRows = Field(default_factory=lambda: CountRows.of(()))
    money: tuple[MoneyLine, ...] = ()
    programmes: tuple[ProgrammeLine, ...] = ()
    key_results: tuple[KeyResult, ...] = ()
    cited: tuple[CitedFigure, ...] = ()
    """The figures the key results cite (the Key result figures sheet)."""
    tallied: Tally | None = None
    """Where the counts were let go (summarizing many workbooks), what those of initiatives
    that are not joint add to the figures; `counts` then keeps the rows of joint initiatives
    and those key results cite. None for a submission as read."""
    own_content: bytes | None = None
    """Where the rows were dropped (the cross-file part of a submission), the fingerprint of
    what it reports of its own, for X006; None for a submission as read."""
    sheet_names: dict[str, str] = Field(default_factory=dict)
    """Sheet key ('counts') -> the sheet's name in this workbook."""
    columns: dict[str, dict[str, int]] = Field(default_factory=dict)
    """Sheet key -> field -> 1-based column."""
    detail_rows: dict[str, int] = Field(default_factory=dict)
    """Submission-sheet field -> 1-based row (its value is in the column after the label)."""

    def sheet(self, key: str) -> str:
        return self.sheet_names.get(key, key)

    def without_rows(self, **keep: object) -> Submission:
        """The submission's details (file, agency, year, who sent it, where its cells are)
        without its rows, but those given in `keep` (field=rows)."""
        rows: dict[str, object] = dict.fromkeys(ROW_FIELDS, ())
        rows["counts"] = CountRows.of(())
        if "counts" in keep and not isinstance(keep["counts"], CountRows):
            keep["counts"] = CountRows.of(cast("Iterable[Count]", keep["counts"]))
        # model_copy would also copy what rides in __dict__ (the counts grouped): built anew.
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_construct(
            _fields_set=self.model_fields_set, **{**values, **rows, **keep}
        )

    def cell(self, key: str, row: int, field: str) -> str | None:
        """The A1 reference of `field` on `row` of sheet `key`."""
        return cell_ref(row, self.columns.get(key, {}).get(field))

    def where(self, key: str, row: int, field: str) -> tuple[str, str, str | None]:
        """(file, sheet, cell) of `field` on `row` of sheet `key`: where a finding points."""
        return self.file, self.sheet(key), self.cell(key, row, field)

    def place(self, key: str, row: int, field: str, value: object = None) -> Place:
        shown = value if isinstance(value, str | int | float) or value is None else str(value)
        # Built from values this model already holds: no validation needed, and a summary of
        # many workbooks makes one for every cell behind every figure.
        return Place.model_construct(
            file=self.file, sheet=self.sheet(key), cell=self.cell(key, row, field), value=shown
        )

    def detail_where(self, field: str) -> tuple[str, str, str | None]:
        """(file, sheet, cell) of a detail of the Submission sheet (the agency, the year)."""
        return self.file, self.sheet("submission"), self.detail_cell(field)

    def detail_cell(self, field: str) -> str | None:
        row = self.detail_rows.get(field)
        return cell_ref(row, self.columns.get("submission", {}).get("value")) if row else None

    def tags(self, kind: str) -> Sequence[Tag]:
        """The rows of a sheet of tags: one of `TAG_FIELDS`."""
        if kind not in TAG_FIELDS:
            raise KeyError(kind)
        return cast("Sequence[Tag]", getattr(self, kind))
