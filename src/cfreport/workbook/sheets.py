"""Finding a sheet by its name and its columns by their headers, never by position.

A sheet or header is recognised in every language of the catalogs, by an alias, and by any name
it had in the template version the workbook is stamped with (layout.HISTORY).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from cfreport.i18n import all_headers
from cfreport.text import fold
from cfreport.workbook import layout
from cfreport.workbook.cells import RawSheet, RawWorkbook
from cfreport.workbook.layout import SheetSpec

HEADER_SEARCH_ROWS = 20
"""How far down a sheet its header row may be (a title or notes may come first)."""
HEADER_MAX = 120
"""Headers are short: a longer text (a title) is never looked up as one."""


def find_sheets(raw: RawWorkbook, spec: SheetSpec, old: Iterable[str] = ()) -> list[RawSheet]:
    """Every sheet named as `spec` in any language, an alias, or a name it had in an older
    template: more than one is ambiguous ('COUNTS' and 'Counts', 'Counts' and 'Conteos')."""
    names = {fold(n) for n in all_headers(spec.name)} | {fold(a) for a in spec.aliases}
    names |= {fold(n) for name in old for n in all_headers(name)}
    return [sheet for name, sheet in raw.sheets.items() if fold(name) in names]


def find_sheet(raw: RawWorkbook, spec: SheetSpec, old: Iterable[str] = ()) -> RawSheet | None:
    """The first sheet `find_sheets` finds."""
    found = find_sheets(raw, spec, old)
    return found[0] if found else None


@cache
def _headers(spec: SheetSpec, version: str) -> dict[str, str]:
    """Folded header -> column key: the headers of a template `version` in every language (a
    Spanish template reads like an English one), made once for all the workbooks read."""
    wanted = {fold(h): c.key for c in spec.columns for h in c.headers()}
    for c in spec.columns:
        for old in layout.HISTORY.old_names(version, spec.key, c.key):
            wanted.update({fold(h): c.key for h in all_headers(old)})
    return wanted


def header_row(
    sheet: RawSheet, spec: SheetSpec, version: str = ""
) -> tuple[int, dict[str, int], dict[str, tuple[int, int]]]:
    """The row holding the most of the spec's headers, each header's column, and the columns
    whose header appears twice in that row (key -> the first two columns)."""
    wanted = _headers(spec, version)
    keys = set(wanted.values())
    best_row, best, best_twins = sheet.first_row, dict[str, int](), {}
    last = min(sheet.last_row, sheet.first_row + HEADER_SEARCH_ROWS - 1)
    for row in range(sheet.first_row, last + 1):
        found: dict[str, int] = {}
        twins: dict[str, tuple[int, int]] = {}
        for offset, value in enumerate(sheet.rows[row - sheet.first_row]):
            if isinstance(value, str) and len(value) <= HEADER_MAX and fold(value) in wanted:
                key, col = wanted[fold(value)], sheet.first_col + offset
                if key in found:
                    twins.setdefault(key, (found[key], col))
                else:
                    found[key] = col
        if len(found) > len(best):
            best_row, best, best_twins = row, found, twins
            if len(best) == len(keys):  # no row below can hold more
                break
    return best_row, best, best_twins
