"""Finding a sheet by its name and its columns by their headers, never by position.

A sheet or header is recognised in every language of the catalogs, by an alias, and by any name
it had in the template version the workbook is stamped with (layout.HISTORY).
"""

from __future__ import annotations

from collections.abc import Iterable

from cfreport.i18n import all_headers
from cfreport.text import fold
from cfreport.workbook import layout
from cfreport.workbook.cells import RawSheet, RawWorkbook
from cfreport.workbook.layout import SheetSpec

HEADER_SEARCH_ROWS = 20
"""How far down a sheet its header row may be (a title or notes may come first)."""
HEADER_MAX = 120
"""Headers are short: a longer text (a title) is never looked up as one."""


def find_sheet(raw: RawWorkbook, spec: SheetSpec, old: Iterable[str] = ()) -> RawSheet | None:
    """The sheet by its name in any language, an alias, or a name it had in an older template."""
    names = {fold(n) for n in all_headers(spec.name)} | {fold(a) for a in spec.aliases}
    names |= {fold(n) for name in old for n in all_headers(name)}
    for name, sheet in raw.sheets.items():
        if fold(name) in names:
            return sheet
    return None


def header_row(sheet: RawSheet, spec: SheetSpec, version: str = "") -> tuple[int, dict[str, int]]:
    """The row holding the most of the spec's headers, and each header's column."""
    # A header in any language of the catalogs: a Spanish template reads like an English one.
    wanted = {fold(h): c.key for c in spec.columns for h in c.headers()}
    for c in spec.columns:
        for old in layout.HISTORY.old_names(version, spec.key, c.key):
            wanted.update({fold(h): c.key for h in all_headers(old)})
    best_row, best = sheet.first_row, dict[str, int]()
    last = min(sheet.last_row, sheet.first_row + HEADER_SEARCH_ROWS - 1)
    for row in range(sheet.first_row, last + 1):
        found: dict[str, int] = {}
        for offset, value in enumerate(sheet.rows[row - sheet.first_row]):
            if isinstance(value, str) and len(value) <= HEADER_MAX and fold(value) in wanted:
                found.setdefault(wanted[fold(value)], sheet.first_col + offset)
        if len(found) > len(best):
            best_row, best = row, found
    return best_row, best
