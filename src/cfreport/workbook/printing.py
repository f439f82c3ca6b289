"""How a sheet prints and how tall its wrapped rows are, for every workbook cfreport writes.

A spreadsheet stores no height for a row whose text wraps: Excel measures it on opening,
LibreOffice does not, and shows such a row one line high, its other lines hidden. So a row
that wraps gets a height here, from its text and its columns' widths. Every sheet a person
prints fits the page's width (one page across, as many down as it needs) and repeats its
header row on each page.
"""

from __future__ import annotations

import math
import textwrap

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.0
"""Points per line of 11-point Calibri (Carlito in LibreOffice), as both draw it."""
CHARS_PER_WIDTH = 1.2
"""Characters of ordinary text per unit of column width (the width of a digit '0')."""
DEFAULT_WIDTH = 8.43


def lines_needed(text: object, width: float, size: float = 11) -> int:
    """How many lines `text` takes in a wrapping cell `width` wide (rounded up: a row a line
    too tall reads fine, a row a line too short hides words)."""
    if text is None or text == "":
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH * 11 / size))
    return sum(
        max(1, len(textwrap.wrap(part, per_line, break_long_words=True)))
        for part in str(text).split("\n")
    )


def fit_row(ws: Worksheet, row: int, *, minimum: float = LINE_HEIGHT) -> None:
    """Give `row` the height its wrapping cells need."""
    tallest = minimum
    for cell in ws[row]:
        if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
            continue
        letter = get_column_letter(cell.column)
        width = ws.column_dimensions[letter].width or DEFAULT_WIDTH
        size = float(cell.font.sz or 11) if cell.font else 11.0
        lines = lines_needed(cell.value, width, size)
        # A line of text, plus room for a large font's ascenders and descenders.
        tallest = max(tallest, math.ceil((lines * LINE_HEIGHT + 4) * size / 11))
    ws.row_dimensions[row].height = tallest


def for_print(
    ws: Worksheet,
    *,
    landscape: bool = True,
    title_rows: int = 1,
    last_row: int | None = None,
    last_column: int | None = None,
    gridlines: bool = True,
) -> None:
    """Print `ws` one page wide, its first `title_rows` on every page; with `last_row`, only
    that much (a sheet whose length is the user's is left to its used range)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = gridlines
    ws.page_margins.left = ws.page_margins.right = 0.5
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"
    if last_row is not None:
        columns = last_column or ws.max_column
        ws.print_area = f"A1:{get_column_letter(columns)}{max(last_row, 1)}"


def cell_link(sheet: str, cell: str | None) -> str:
    """Where an in-workbook link points: 'Sheet name'!B7 (a location, never a file)."""
    return f"{quote_sheetname(sheet)}!{cell or 'A1'}"
