"""An annotated copy of a workbook: each cell with a finding highlighted and commented, and a
first sheet "Findings" that links to them. The original file is never touched.

A copy remembers the marks it got (in a document property): annotating it again first takes
those marks off, and only those, so a cell fixed in the copy loses its old red.
"""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from cfreport.findings import Finding, Severity
from cfreport.i18n import all_headers, header, severity_word, ui
from cfreport.inputs import ANNOTATED
from cfreport.workbook.layout import FINDINGS_SHEET
from cfreport.workbook.printing import cell_link, fit_row, for_print
from cfreport.workbook.styles import (
    ERROR_FILL,
    HEADER_FILL,
    HEADER_FONT,
    LINK_FONT,
    NOTE_FONT,
    WARNING_FILL,
)
from cfreport.workbook.text_cells import cell_text, put

FILLS = {Severity.ERROR: ERROR_FILL, Severity.WARNING: WARNING_FILL}
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


MARKS_PROPERTY = "cfreport marks"
"""The document property listing the cells an annotated copy marked, with their own fills."""
AUTHOR = "cfreport"


def annotated_name(path: Path) -> str:
    """unicef-2021.xlsx -> unicef-2021.checked.xlsx; an annotated copy gets the next number
    (unicef-2021.checked.xlsx -> unicef-2021.checked-2.xlsx): never its own name, never
    .checked.checked."""
    copy = ANNOTATED.match(path.stem)
    if copy is None:
        return f"{path.stem}.checked{path.suffix}"
    n = int(copy.group("n") or 1) + 1
    return f"{copy.group('stem')}.checked-{n}{path.suffix}"


def original_name(path: Path) -> str:
    """The workbook an annotated copy was made from (by name): what the focal point fixes."""
    copy = ANNOTATED.match(path.stem)
    return f"{copy.group('stem')}{path.suffix}" if copy else path.name


def _unmark(wb: openpyxl.Workbook) -> None:
    """Take off the marks an earlier annotation made: its fills (the cell's own fill comes
    back) and its comments; a fill or comment of the user's stays."""
    props = {p.name: p for p in wb.custom_doc_props.props}
    listed = props.get(MARKS_PROPERTY)
    if listed is None:
        return
    try:
        marks = json.loads(str(listed.value))
    except ValueError:
        marks = []
    for sheet, ref, fill in marks:
        if sheet not in wb.sheetnames:
            continue
        cell = wb[sheet][ref]
        cell.fill = PatternFill("solid", fgColor=fill) if fill else PatternFill()
        if cell.comment is not None and cell.comment.author == AUTHOR:
            cell.comment = None
    del wb.custom_doc_props[MARKS_PROPERTY]


def _fill_of(cell: openpyxl.cell.cell.Cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or not isinstance(fill.fgColor.rgb, str):
        return None
    return fill.fgColor.rgb


class CannotAnnotate(Exception):
    """No copy can be written of this workbook; `reason` is a key of the catalogs' [reasons]."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_DROPPED = {
    "Data Validation extension": "annotate_drops_dropdowns",
    "Conditional Formatting extension": "annotate_drops_formats",
}
"""openpyxl's warnings for what it cannot keep, and how cfreport says it."""


_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_A_NUMBER = re.compile(rb"<v>\s*[+-]?(?:nan|inf|infinity)\s*</v>", re.IGNORECASE)
_STYLE_ATTR = re.compile(rb'\s(?:s|style|dxfId)="\d+"')


def _tolerated(path: Path) -> io.BytesIO:
    """The workbook with what calamine reads and openpyxl refuses made plain: a raw control
    character in text (written as Excel escapes it, _x001B_), a NaN or infinite value (left
    out: it is a finding), cell styles that point into a styles part that is missing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        no_styles = "xl/styles.xml" not in src.namelist()
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xml"):
                data = _RAW_CONTROL.sub(lambda m: b"_x%04X_" % m.group(0)[0], data)
            if info.filename.startswith("xl/worksheets/"):
                data = _NOT_A_NUMBER.sub(b"", data)
                if no_styles:
                    data = _STYLE_ATTR.sub(b"", data)
            dst.writestr(info, data)
    buffer.seek(0)
    return buffer


def _load(path: Path) -> tuple[openpyxl.Workbook, list[str]]:
    """The workbook as openpyxl reads it, and what the copy will lack (reason keys)."""
    keep_vba = path.suffix.lower() == ".xlsm"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(path, keep_vba=keep_vba, rich_text=True)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception:  # openpyxl raises what its parsers raise; all one to a user
            try:
                wb = openpyxl.load_workbook(_tolerated(path), keep_vba=keep_vba, rich_text=True)
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception:
                raise CannotAnnotate("annotate_unreadable") from None
    lost = [
        key
        for prefix, key in _DROPPED.items()
        if any(str(w.message).startswith(prefix) for w in caught)
    ]
    return wb, lost


def _anchor(ws: Worksheet, ref: str) -> str:
    """The cell that shows a merged range's value, for a cell inside it; else the cell."""
    if not isinstance(ws[ref], MergedCell):
        return ref
    for merged in ws.merged_cells.ranges:
        if ref in merged:
            return str(merged.start_cell.coordinate)
    return ref


def annotate(path: Path, findings: list[Finding], lang: str = "en") -> tuple[bytes, list[str]]:
    """The annotated copy of the workbook at `path`, as bytes, and what the copy lacks of the
    original (reason keys: dropdowns in Excel's newer format...). Raises `CannotAnnotate`."""
    wb, lost = _load(path)
    for name in all_headers(FINDINGS_SHEET):
        if name in wb.sheetnames:
            del wb[name]  # a copy annotated before: its old list goes
    _unmark(wb)
    marks: list[tuple[str, str, str | None]] = []
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet is not None and f.sheet in wb.sheetnames and f.cell:
            # A finding inside merged cells is marked where the merged value shows.
            by_cell[(f.sheet, _anchor(wb[f.sheet], f.cell))].append(f)
    for (sheet, ref), here in by_cell.items():
        cell = wb[sheet][ref]
        marks.append((sheet, ref, _fill_of(cell)))
        worst = Severity.ERROR if any(f.is_error for f in here) else Severity.WARNING
        cell.fill = FILLS[worst]
        text = "\n".join(f"{f.code}: {f.text(lang)}" for f in here)
        cell.comment = Comment(cell_text(text[:30000]), AUTHOR, width=320, height=120)
    wb.custom_doc_props.append(StringProperty(name=MARKS_PROPERTY, value=json.dumps(marks)))

    ws = wb.create_sheet(header(FINDINGS_SHEET, lang), 0)
    headers = ("cell", "code", "severity", "message", "expected", "found")
    for col, title in enumerate((header(h, lang) for h in headers), start=1):
        head = put(ws, 1, col, title)
        head.font = HEADER_FONT
        head.fill = HEADER_FILL
    for letter, width in zip("ABCDEF", (18, 8, 12, 80, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    for row, f in enumerate(findings, start=2):
        where = put(ws, row, 1, f.location or ui("workbook", lang))
        if f.sheet is not None and f.sheet in wb.sheetnames:
            # A location inside this workbook: a target would be a file path to LibreOffice.
            where.hyperlink = Hyperlink(ref=where.coordinate, location=cell_link(f.sheet, f.cell))
            where.font = LINK_FONT
        put(ws, row, 2, f.code)
        put(ws, row, 3, severity_word(f.severity.value, lang))
        put(ws, row, 4, f.text(lang))
        put(ws, row, 5, f.expected_text(lang))
        put(ws, row, 6, f.found)
        ws.cell(row=row, column=3).fill = FILLS[f.severity]
        for cell in ws[row]:
            cell.alignment = WRAP_TOP
        fit_row(ws, row)
    if not findings:
        ws.cell(row=2, column=4, value=ui("findings_sheet_empty", lang))
    # Which file to fix and send: the original, not this copy of it.
    last = max(len(findings), 1) + 3
    note = ws.cell(row=last, column=4)
    note.value = cell_text(ui("findings_sheet_fix", lang).format(original=original_name(path)))
    note.font = NOTE_FONT
    note.alignment = WRAP_TOP
    fit_row(ws, last)
    ws.freeze_panes = "A2"
    for_print(ws, last_row=last, last_column=6)
    wb.active = 0
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:  # what openpyxl read but cannot write back
        raise CannotAnnotate("annotate_unwritable") from None
    return buffer.getvalue(), lost
