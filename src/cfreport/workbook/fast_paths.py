"""Rows read without the careful reader, when they hold exactly what the template's dropdowns
write: a sheet of counts can run to 100,000 rows, and most rows need no correction.

Each fast path takes its columns from the same sheet description as the careful reader
(layout.py's column kinds) and gives up on anything it would have to correct or report: a loose
label, text where a number belongs, a formula, a missing value. Those rows go the careful way
(values.read_row), so both ways read the same (tests/test_reader.py compares them with
`read_submission(..., fast=False)`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from cfreport.framework import Framework
from cfreport.i18n import LANGUAGES, ui
from cfreport.models import Count, CountRows, Initiative, Tag
from cfreport.text import clean_spaces
from cfreport.workbook.cells import CellValue, RawSheet
from cfreport.workbook.layout import SheetSpec
from cfreport.workbook.values import (
    LARGEST,
    SheetReader,
    blank,
    initiative_fields,
    vocabulary,
)

_FLAG: dict[CellValue, bool] = {
    **{ui("flag_yes", lang): True for lang in LANGUAGES},
    **{ui("flag_no", lang): False for lang in LANGUAGES},
    "": False,
    None: False,
}
"""What a Yes/No column's dropdown writes in any language, and an empty cell."""


def plain_text(value: CellValue) -> str | None:
    """The text of a cell that needs no tidying, or None."""
    if type(value) is str and value and value == clean_spaces(value):
        return value
    return None


class CleanInitiatives:
    """Reads an initiatives row exactly as the template's dropdowns write it, without a finding.

    Anything else returns None, and the careful reader reads that row: thousands of rows, an
    order of magnitude faster.
    """

    def __init__(self, reader: SheetReader, spec: SheetSpec, fw: Framework) -> None:
        self.sheet = reader.sheet
        self.fw = fw
        cols = reader.columns
        first = self.sheet.first_col
        self.enabled = not reader.needs_care and all(c.key in cols for c in spec.columns)
        if not self.enabled:
            return
        self.at = {c.key: cols[c.key] - first for c in spec.columns}
        self.kinds = [(c.key, c.kind, c.required) for c in spec.columns]
        self.width = max(self.at.values()) + 1
        # Any cell may be looked up: what is not an exact code or label is simply not found.
        self.codes: dict[str, dict[Any, str]] = {
            c.key: vocabulary(fw, c).exact_codes for c in spec.columns if c.kind == "code"
        }

    def read_rows(self, rows: Sequence[int]) -> list[Initiative | None]:
        """`read` of each row, a column at a time: a sheet of thousands of initiatives."""
        sheet = self.sheet
        if not self.enabled or not rows:
            return [None] * len(rows)
        lines = [sheet.rows[row - sheet.first_row] for row in rows]
        if min(map(len, lines)) < self.width:
            return [self.read(row) for row in rows]
        columns: list[list[Any]] = []
        for key, kind, required in self.kinds:
            cells = list(map(itemgetter(self.at[key]), lines))
            if kind == "code":
                codes = self.codes[key]
                columns.append(
                    ["" if c in ("", None) and not required else codes.get(c) for c in cells]
                )
            elif kind == "flag":
                columns.append(list(map(_FLAG.get, cells)))
            else:
                columns.append(list(map(plain_text, cells)))
        by_key = dict(zip((key for key, _, _ in self.kinds), columns, strict=True))
        fields = [by_key[f] for f in ("id", "title", "lead", "area", "effect", "status")]
        # The codes of the flags set, one tuple per combination (as initiative_fields makes).
        principles = self._flagged("principle:", [p.code for p in self.fw.principles], by_key)
        crossing = self._flagged("cross:", [a.code for a in self.fw.cross_cutting_areas], by_key)
        out: list[Initiative | None] = []
        for row, values, flags in zip(
            rows,
            zip(*columns, strict=True),
            zip(*fields, principles, crossing, strict=True),
            strict=True,
        ):
            out.append(None if None in values else Initiative(row, *flags))
        return out

    @staticmethod
    def _flagged(
        prefix: str, codes: list[str], by_key: dict[str, list[Any]]
    ) -> list[tuple[str, ...]]:
        """Each row's codes whose flag column (prefix + code) says yes."""
        flags = [by_key[prefix + code] for code in codes]
        made: dict[tuple[Any, ...], tuple[str, ...]] = {}
        out = []
        for row in zip(*flags, strict=True) if flags else repeat((), len(by_key["id"])):
            tagged = made.get(row)
            if tagged is None:
                tagged = made[row] = tuple(c for c, yes in zip(codes, row, strict=True) if yes)
            out.append(tagged)
        return out

    def read(self, row: int) -> Initiative | None:
        if not self.enabled:
            return None
        r = row - self.sheet.first_row
        line = self.sheet.rows[r] if 0 <= r < len(self.sheet.rows) else []
        if len(line) < self.width:
            return None
        values: dict[str, Any] = {}
        for key, kind, required in self.kinds:
            cell = line[self.at[key]]
            value: Any
            if kind == "code":
                value = "" if cell in ("", None) and not required else self.codes[key].get(cell)
            elif kind == "flag":
                try:
                    value = _FLAG[cell]
                except (KeyError, TypeError):
                    return None
            else:
                value = plain_text(cell)
            if value is None:
                return None
            values[key] = value
        # Built from values checked above, as the careful reader would have built them.
        return Initiative(row=row, **initiative_fields(values, self.fw))


def _lines(
    reader: SheetReader, header: int, width: int, careful: set[int]
) -> Iterator[tuple[int, list[CellValue]]]:
    """(row, cells) of each row below the header a fast path may read; the others (too short,
    or a sheet whose cells need care) go to `careful`."""
    sheet = reader.sheet
    unvalued = reader.needs_care
    first = max(header + 1 - sheet.first_row, 0)
    for offset, line in enumerate(sheet.rows[first:], start=first):
        row = sheet.first_row + offset
        if len(line) < width or unvalued:
            careful.add(row)
            continue
        yield row, line


def _careful_rows(reader: SheetReader, header: int, careful: set[int]) -> list[int]:
    """The rows left for the careful reader, in order, but blank ones."""
    last = reader.sheet.last_row
    return [r for r in range(header + 1, last + 1) if r in careful and not reader.is_blank_row(r)]


def clean_counts(
    reader: SheetReader, header: int, fw: Framework
) -> tuple[Sequence[Count], list[int]]:
    """The counts rows read fast, and the rows left for the careful reader."""
    sheet = reader.sheet
    cols = reader.columns
    c_ini, c_ind, c_cat, c_val = (
        cols[k] - sheet.first_col for k in ("initiative", "indicator", "category", "value")
    )
    c_com = cols["comment"] - sheet.first_col if "comment" in cols else -1
    width = max(c_ini, c_ind, c_cat, c_val, c_com) + 1
    unvalued = reader.needs_care
    first = max(header + 1 - sheet.first_row, 0)
    if not unvalued:
        every = _all_clean(sheet, fw, first, (c_ini, c_ind, c_cat, c_val, c_com), width)
        if every is not None:
            return every, []
    exact_indicator = fw.indicator_vocab.exact_codes
    indicators = fw.indicator_by_code
    out: list[Count] = []
    careful: set[int] = set()
    one_of_each: dict[object, Any] = {}
    for row, line in _lines(reader, header, width, careful):
        ini, ind, cat, val = line[c_ini], line[c_ind], line[c_cat], line[c_val]
        com = line[c_com] if c_com >= 0 else ""
        code = exact_indicator.get(ind) if type(ind) is str else None
        indicator = indicators.get(code) if code else None
        path = (
            indicator.exact_paths.get(cat) if indicator is not None and type(cat) is str else None
        )
        if (
            indicator is None
            or path is None
            or type(val) is not float
            or not val.is_integer()
            or val < 0
            or val > LARGEST
            or type(ini) is not str
            or not ini
            or ini != clean_spaces(ini)
            or type(com) is not str
            or (com and com != clean_spaces(com))
        ):
            if not all(blank(v) for v in line):
                careful.add(row)
            continue
        ini = one_of_each.setdefault(ini, ini)
        out.append(Count(row, ini, code or "", indicator.labels[path], path, int(val), com))
    return out, _careful_rows(reader, header, careful)


def _all_clean(
    sheet: RawSheet, fw: Framework, first: int, columns: tuple[int, ...], width: int
) -> CountRows | None:
    """Every row of counts, when every one is exactly what the dropdowns write; else None.

    The common case, checked a column at a time (C loops over whole columns, each distinct
    value looked at once) instead of a row at a time.
    """
    body = sheet.rows[first:]
    if not body or len({len(line) for line in body}) != 1 or len(body[0]) < width:
        return None
    c_ini, c_ind, c_cat, c_val, c_com = columns

    def column(c: int) -> list[Any]:  # any cell type, until the checks below
        return list(map(itemgetter(c), body))

    inis, inds, cats, vals = column(c_ini), column(c_ind), column(c_cat), column(c_val)
    coms = column(c_com) if c_com >= 0 else [""] * len(body)
    keys = fw.count_keys
    try:
        hits = list(map(keys.__getitem__, zip(inds, cats, strict=True)))
    except (KeyError, TypeError):
        return None
    if {type(v) for v in vals} != {float} or min(vals) < 0 or max(vals) > LARGEST:
        return None
    if not all(map(float.is_integer, vals)):
        return None
    one_of_each = {ini: ini for ini in inis}
    for ini in one_of_each:
        if type(ini) is not str or not ini or ini != clean_spaces(ini):
            return None
    # One string per initiative, not one per row: a submission held for consolidation
    # (and its pickle, from a worker) is a tenth smaller.
    inis = list(map(one_of_each.__getitem__, inis))
    for com in set(coms):
        if type(com) is not str or (com and com != clean_spaces(com)):
            return None
    codes, labels, paths = (list(map(itemgetter(k), hits)) for k in range(3))
    rows = range(sheet.first_row + first, sheet.first_row + first + len(body))
    return CountRows(rows, inis, codes, labels, paths, list(map(int, vals)), coms)


def clean_tags(
    reader: SheetReader, header: int, spec: SheetSpec, fw: Framework
) -> tuple[list[Tag], list[int]]:
    """A sheet of tags read fast (an initiative id, and a code or label as its dropdown writes
    it), and the rows left for the careful reader."""
    sheet = reader.sheet
    c_ini, c_code = (reader.columns[k] - sheet.first_col for k in ("initiative", "code"))
    width = max(c_ini, c_code) + 1
    exact = vocabulary(fw, next(c for c in spec.columns if c.key == "code")).exact_codes
    if not reader.needs_care:
        every = _all_clean_tags(sheet, max(header + 1 - sheet.first_row, 0), c_ini, c_code, exact)
        if every is not None:
            return every, []
    out: list[Tag] = []
    careful: set[int] = set()
    one_of_each: dict[str, str] = {}
    for row, line in _lines(reader, header, width, careful):
        ini, value = line[c_ini], line[c_code]
        code = exact.get(value) if type(value) is str else None
        if code is None or type(ini) is not str or not ini or ini != clean_spaces(ini):
            if not all(blank(v) for v in line):
                careful.add(row)
            continue
        out.append(Tag(row, one_of_each.setdefault(ini, ini), code))
    return out, _careful_rows(reader, header, careful)


def _all_clean_tags(
    sheet: RawSheet, first: int, c_ini: int, c_code: int, exact: dict[Any, str]
) -> list[Tag] | None:
    """Every row of a sheet of tags, when every one is what its dropdown writes; else None
    (as `_all_clean`, a column at a time)."""
    body = sheet.rows[first:]
    if not body or min(map(len, body)) <= max(c_ini, c_code):
        return None
    inis = list(map(itemgetter(c_ini), body))
    try:
        codes = list(map(exact.__getitem__, map(itemgetter(c_code), body)))
    except (KeyError, TypeError):  # a loose label, a number, an empty row: row by row
        return None
    one_of_each = dict(zip(inis, inis, strict=True))
    for ini in one_of_each:
        if type(ini) is not str or not ini or ini != clean_spaces(ini):
            return None
    rows = range(sheet.first_row + first, sheet.first_row + first + len(body))
    inis = list(map(one_of_each.__getitem__, inis))
    return list(map(tuple.__new__, repeat(Tag), zip(rows, inis, codes, strict=True)))
