"""Rows written straight into a saved workbook's XML read back as openpyxl would have written
them: text stays text (a formula's look included), numbers stay numbers, and what XML cannot
hold is spelled out."""

from __future__ import annotations

import io
import math

import openpyxl

from cfreport.workbook.streamed_rows import with_rows


def _book(*titles: str) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = titles[0]
    for title in titles[1:]:
        wb.create_sheet(title)
    for ws in wb.worksheets:
        ws.append(["name", "value"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_rows_go_below_the_header_of_each_sheet_in_turn() -> None:
    rows = iter([("a", 1), ("b", 2.5), ("c", 3)])
    book = with_rows(
        _book("First", "Middle", "Last"),
        {"First": (2, (next(rows),)), "Last": (2, rows)},
    )
    wb = openpyxl.load_workbook(io.BytesIO(book))
    assert list(wb["First"].values) == [("name", "value"), ("a", 1)]
    assert list(wb["Middle"].values) == [("name", "value")]
    assert list(wb["Last"].values) == [("name", "value"), ("b", 2.5), ("c", 3)]


def test_values_are_written_as_values() -> None:
    hostile = ["=1+1", "<b>&amp;</b>", "a\x1bb", "x" * 40_000, True, math.nan, None, -7, 1e7, 2.5]
    book = with_rows(_book("Sheet"), {"Sheet": (2, [(v, "end") for v in hostile])})
    sheet = openpyxl.load_workbook(io.BytesIO(book))["Sheet"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[:3]] == ["=1+1", "<b>&amp;</b>", "a\\x1bb"]
    assert all(c.data_type == "s" for c in cells[:4])  # text, never a formula
    assert len(cells[3].value) == 32_767 and cells[3].value.endswith("…")
    assert [c.value for c in cells[4:]] == [True, None, None, -7, 10_000_000, 2.5]
    assert type(cells[8].value) is int  # as openpyxl writes a whole float
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["end"] * len(hostile)
