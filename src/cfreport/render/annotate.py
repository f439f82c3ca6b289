"""An annotated copy of a workbook: each cell with a finding highlighted and commented, and a
first sheet "Findings" that links to them. The original file is never touched."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from cfreport.findings import Finding, Severity
from cfreport.i18n import all_headers, header, ui
from cfreport.workbook.layout import FINDINGS_SHEET

FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def annotated_name(path: Path) -> str:
    """unicef-2021.xlsx -> unicef-2021.checked.xlsx"""
    return f"{path.stem}.checked{path.suffix}"


def _text(ws: openpyxl.worksheet.worksheet.Worksheet, row: int, col: int, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if cell.data_type == "f":  # workbook text is never written back as a formula
        cell.data_type = "s"


def annotate(path: Path, findings: list[Finding], lang: str = "en") -> bytes:
    """The annotated copy of the workbook at `path`, as bytes."""
    keep_vba = path.suffix.lower() == ".xlsm"
    wb = openpyxl.load_workbook(path, keep_vba=keep_vba, rich_text=True)
    for name in all_headers(FINDINGS_SHEET):
        if name in wb.sheetnames:
            del wb[name]  # a copy annotated before: its old list goes
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet is not None and f.sheet in wb.sheetnames and f.cell:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, ref), here in by_cell.items():
        cell = wb[sheet][ref]
        worst = Severity.ERROR if any(f.is_error for f in here) else Severity.WARNING
        cell.fill = FILLS[worst]
        text = "\n".join(f"{f.code}: {f.text(lang)}" for f in here)
        cell.comment = Comment(text[:30000], "cfreport", width=320, height=120)

    ws = wb.create_sheet(header(FINDINGS_SHEET, lang), 0)
    headers = ("cell", "code", "severity", "message", "expected", "found")
    for col, title in enumerate((header(h, lang) for h in headers), start=1):
        head = ws.cell(row=1, column=col, value=title)
        head.font = Font(bold=True, color="FFFFFF")
        head.fill = HEADER_FILL
    for row, f in enumerate(findings, start=2):
        where = ws.cell(row=row, column=1, value=f.location or ui("workbook", lang))
        if f.sheet in wb.sheetnames:
            where.hyperlink = f"#'{f.sheet}'!{f.cell or 'A1'}"
            where.font = Font(color="0563C1", underline="single")
        _text(ws, row, 2, f.code)
        _text(ws, row, 3, f.severity.value)
        _text(ws, row, 4, f.text(lang))
        _text(ws, row, 5, f.expected)
        _text(ws, row, 6, f.found)
        ws.cell(row=row, column=3).fill = FILLS[f.severity]
    if not findings:
        ws.cell(row=2, column=4, value=ui("findings_sheet_empty", lang))
    for letter, width in zip("ABCDEF", (18, 8, 10, 100, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
