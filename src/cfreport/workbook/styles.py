"""The look of every workbook cfreport writes: one named font, the header and mark colours.

Every font is named: a font without a name is drawn by LibreOffice in its default face (a
serif), so a header would look unlike the rest. Calibri is what Excel uses; Debian's
fonts-crosextra-carlito is its metric twin, so a page lays out the same in LibreOffice.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font, PatternFill

FONT_NAME = "Calibri"
FONT_SIZE = 11


def font(**style: Any) -> Font:
    """The workbook's font, with `style` (bold, italic, color, size, underline)."""
    return Font(**{"name": FONT_NAME, "size": FONT_SIZE, **style})


NORMAL = font()
BOLD = font(bold=True)
TITLE_FONT = font(bold=True, size=14)
HEADER_FONT = font(bold=True, color="FFFFFF")
LINK_FONT = font(color="0563C1", underline="single")
NOTE_FONT = font(italic=True)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
STAMP_FILL = PatternFill("solid", fgColor="D9D9D9")
