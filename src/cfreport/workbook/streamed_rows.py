"""Rows written straight into the XML of a workbook openpyxl saved: a sheet of millions of cells
(the sources of a summary of thousands of workbooks) would take openpyxl an object a cell,
gigabytes; here it is written as it is made.

The values are written as `text_cells.put` writes them: text as text (never a formula), with
what XML cannot hold spelled out and cut to Excel's limit; NaN and infinity as nothing.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from cfreport.workbook.formulas import sheet_map
from cfreport.workbook.text_cells import cell_text

ROWS_AT_ONCE = 2_000
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|</sheetData>")
_DIMENSION = re.compile(rb"<dimension\s[^>]*/>")


def _cell(ref: str, value: object) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        # As openpyxl writes a number: a whole float reads back as the integer it is.
        return f'<c r="{ref}" t="n"><v>{value:.16g}</v></c>'
    text = escape(cell_text(str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _rows_xml(first: int, rows: Iterable[Sequence[object]]) -> Iterable[bytes]:
    letters: list[str] = []
    lines: list[str] = []
    for r, values in enumerate(rows, start=first):
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        cells = "".join(_cell(f"{letters[c]}{r}", v) for c, v in enumerate(values))
        lines.append(f'<row r="{r}">{cells}</row>')
        if len(lines) == ROWS_AT_ONCE:
            yield "".join(lines).encode("utf-8")
            lines = []
    yield "".join(lines).encode("utf-8")


def with_rows(book: bytes, rows: Mapping[str, tuple[int, Iterable[Sequence[object]]]]) -> bytes:
    """`book` with rows added to the sheets named: sheet -> (its first row to write, the rows).

    The sheets are written in the book's order, each one's rows taken as it is written (the
    rows of several sheets may come from one iterator, in that order). A sheet's rows go below
    what openpyxl wrote of it (a header), which must end above `first`.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        parts = {sheet_map(src).parts[name]: name for name in rows}
        for info in src.infolist():
            data = src.read(info)
            name = parts.get(info.filename)
            if name is None:
                dst.writestr(info, data)
                continue
            # The range openpyxl knew (the header's) is not the sheet's: a reader works it out.
            data = _DIMENSION.sub(b"", data, count=1)
            end = _SHEET_DATA.search(data)
            if end is None:
                raise ValueError(f"no sheetData in {info.filename}")
            empty = end.group(0).startswith(b"<sheetData")
            first, values = rows[name]
            # A sheet of a million rows may pass 2 GB of XML, where a zip needs its 64-bit sizes.
            with dst.open(info, "w", force_zip64=True) as part:
                part.write(data[: end.start()] + (b"<sheetData>" if empty else b""))
                for chunk in _rows_xml(first, values):
                    part.write(chunk)
                part.write(b"</sheetData>" + data[end.end() :])
    return out.getvalue()
