"""Fill a template workbook with rows, as a focal point would: by header, with dropdown labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from cfreport.framework import Framework
from cfreport.framework.models import path_label
from cfreport.i18n import all_headers
from cfreport.text import fold
from cfreport.workbook.layout import SUBMISSION, SUBMISSION_FIELDS, data_sheets
from cfreport.workbook.printing import fit_row
from cfreport.workbook.text_cells import put


def label_of(fw: Framework, vocab: str, code: str) -> str:
    """The dropdown label of a code (what Excel stores when the focal point picks it)."""
    labels: dict[str, str] = getattr(fw, f"{vocab}_vocab").labels
    return labels.get(code, code)


def _sheet(wb: Workbook, english: str) -> Any:
    """A sheet by its English name or its name in any other language of the catalogs."""
    for name in all_headers(english):
        if name in wb.sheetnames:
            return wb[name]
    raise KeyError(english)


def set_details(wb: Workbook, **values: Any) -> None:
    """Set fields of the Submission sheet (agency, year, focal_point, email, ...)."""
    ws = _sheet(wb, SUBMISSION.name)
    headers = {fold(h): c.key for c in SUBMISSION_FIELDS for h in all_headers(c.header)}
    for row in range(1, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        key = headers.get(fold(str(label))) if label else None
        if key in values:
            put(ws, row, 2, values[key])


def append_rows(
    wb: Workbook, fw: Framework, sheet_key: str, rows: Iterable[Mapping[str, Any]]
) -> list[int]:
    """Write rows (column key -> value) below the last filled row; returns their row numbers."""
    spec = next(s for s in data_sheets(fw) if s.key == sheet_key)
    ws = _sheet(wb, spec.name)
    columns = {c.key: i for i, c in enumerate(spec.columns, start=1)}
    row = 1
    while any(ws.cell(row=row + 1, column=c).value not in (None, "") for c in columns.values()):
        row += 1
    wrapped = {c.key for c in spec.columns if c.wrap}
    written = []
    for values in rows:
        row += 1
        for key, value in values.items():
            cell = put(ws, row, columns[key], value)
            if key in wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if wrapped:
            fit_row(ws, row)
        written.append(row)
    return written


def counts_rows(
    fw: Framework, initiative: str, indicator: str, values: Mapping[str, int]
) -> list[dict[str, Any]]:
    """Counts rows for one initiative and indicator, categories written as the dropdown has them."""
    ind = fw.indicator_by_code[indicator]
    out = []
    for category, value in values.items():
        path = ind.resolve_path(category)
        out.append(
            {
                "initiative": initiative,
                "indicator": ind.label,
                "category": path_label(path) if path is not None else category,
                "value": value,
            }
        )
    return out
