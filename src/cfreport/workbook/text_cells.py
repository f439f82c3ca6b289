"""Writing a value into a cell so that it stays what it is: text from a workbook, a finding or
a framework is never written back as a formula, and never with a character the file format
cannot hold (openpyxl refuses the file, or Excel "repairs" it).
"""

from __future__ import annotations

import math
import re

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from cfreport.text import visible

CELL_MAX = 32_767
"""The most characters an Excel cell holds."""
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""What XML 1.0 cannot hold (openpyxl's list, and the two non-characters)."""


def cell_text(text: str) -> str:
    """`text` as a cell can hold it: control characters spelled out, cut to Excel's limit."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: visible(m.group(0)), text)
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - 1] + "…"


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write `value` at (row, column) as a value: text as text (never a formula, whatever it
    starts with), a number as a number, NaN or infinity as nothing."""
    if isinstance(value, str):
        value = cell_text(value)
    elif isinstance(value, float) and not math.isfinite(value):
        value = None
    cell: Cell = ws.cell(row=row, column=column, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell
