"""Read a workbook's cell values with python-calamine, keeping every cell's true position.

This is the one place that knows the reading library: the rest of cfreport sees `RawWorkbook`.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from cfreport.inputs import file_name
from cfreport.workbook.formulas import (
    SheetBytes,
    SheetMap,
    SheetScan,
    is_sheet_part,
    scan_sheets,
    sheet_map,
)
from cfreport.workbook.prefetch import LARGE_SHEET, let_go, parsing, take
from cfreport.workbook.safety import UnsafeWorkbook, inspect_workbook

CellValue = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


WorkbookError = UnsafeWorkbook
"""The file cannot be read as a workbook: a reason of the catalogs and its params."""


@dataclass
class RawSheet:
    name: str
    rows: list[list[CellValue]]
    first_row: int = 1
    """1-based row number of rows[0] (calamine skips leading empty rows and columns)."""
    first_col: int = 1
    visible: bool = True

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1

    def value(self, row: int, col: int) -> CellValue:
        """The value at a 1-based row and column; '' where the cell is empty."""
        r, c = row - self.first_row, col - self.first_col
        if r < 0 or c < 0 or r >= len(self.rows):
            return ""
        line = self.rows[r]
        return line[c] if c < len(line) else ""


@dataclass
class RawWorkbook:
    path: Path
    sheets: dict[str, RawSheet]
    scans: dict[str, SheetScan] = field(default_factory=dict)
    """Sheet name -> what its XML holds that calamine does not say (formulas without a saved
    result, error cells, hidden rows and columns)."""
    unscanned: list[str] = field(default_factory=list)
    """Sheets that scan could not read ('*': none could be mapped)."""
    has_macros: bool = False
    saved: str | None = None
    """The workbook's own last-saved time (docProps/core.xml)."""

    def scan(self, sheet: str) -> SheetScan:
        return self.scans.get(sheet) or SheetScan()


@contextmanager
def _rust_panics_unprinted() -> Iterator[None]:
    """Keep a Rust panic's message and backtrace off stderr: the refusal is cfreport's one line.

    calamine panics on a few values (a date no calendar reaches); Rust prints the panic before
    Python sees an exception.
    """
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


OVERLAP_FROM = LARGE_SHEET
"""A sheet this large (uncompressed bytes) is scanned while calamine reads the workbook."""


def open_book(path: Path | str) -> Any:
    """The workbook at `path`, opened by calamine.

    calamine takes a path only as UTF-8 text: a name in another encoding (caf\\xe9.xlsx, from
    a Windows zip) is read through a Python file instead.
    """
    import python_calamine as calamine

    if file_name(Path(path)) != str(path):  # not text: shown with its odd bytes escaped
        with open(path, "rb") as handle:
            return calamine.CalamineWorkbook.from_filelike(handle)
    return calamine.CalamineWorkbook.from_path(str(path))


def _calamine_sheets(path: Path, wanted: Callable[[str], bool]) -> dict[str, RawSheet]:
    import python_calamine as calamine

    try:
        # The command line may have started parsing this workbook's largest sheet (prefetch.py):
        # the others are parsed from a book of this thread's own meanwhile, that one taken
        # when it is ready.
        ahead = parsing(path)
        book = open_book(path)
        sheets: dict[str, RawSheet] = {}
        later: list[str] = []
        for meta in book.sheets_metadata:
            if str(meta.typ) != str(calamine.SheetTypeEnum.WorkSheet):
                continue
            visible = str(meta.visible) == str(calamine.SheetVisibleEnum.Visible)
            # Listed in the workbook's order, whether read or not (its values filled in below).
            sheets[meta.name] = RawSheet(name=meta.name, rows=[], visible=visible)
            if not wanted(meta.name):
                continue
            if meta.name in ahead:
                later.append(meta.name)
            else:
                sheets[meta.name] = _values(book, meta.name, visible)
        early = take(path) if later else None
        if ahead and not later:
            let_go(path)
        for name in later:
            parsed = early.sheets.get(name) if early else None
            sheets[name] = _values(book, name, sheets[name].visible, parsed)
        book.close()
        if early:
            early.book.close()
    except WorkbookError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several types (panics too), all one to a user
        raise WorkbookError("damaged", error=exc) from None
    return sheets


def _values(book: Any, name: str, visible: bool, parsed: Any = None) -> RawSheet:
    """A sheet's cell values: as `parsed` already, else parsed from `book`."""
    try:
        sheet = parsed if parsed is not None else book.get_sheet_by_name(name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # its XML cut short or mangled
        error = f"{type(exc).__name__}: {exc}"
        raise WorkbookError("sheet_damaged", sheet_name=name, error=error) from None
    start = sheet.start or (0, 0)
    try:
        with _rust_panics_unprinted():
            rows = cast(list[list[CellValue]], sheet.to_python(skip_empty_area=True))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine panics (a BaseException) on some dates
        raise WorkbookError("sheet_values", sheet_name=name, error=exc) from None
    return RawSheet(
        name=name, rows=rows, first_row=start[0] + 1, first_col=start[1] + 1, visible=visible
    )


class _InThread:
    """A call run in a thread of its own; `result()` waits and re-raises what it raised."""

    def __init__(self, fn: Callable[[], dict[str, RawSheet]]) -> None:
        self._fn = fn
        self._value: dict[str, RawSheet] = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # handed to the caller's thread
            self._error = exc

    def result(self) -> dict[str, RawSheet]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _every_sheet(name: str) -> bool:
    return True


def read_workbook(path: Path, wanted: Callable[[str], bool] = _every_sheet) -> RawWorkbook:
    """Every sheet's cell values with positions, and where formulas lack a saved result.

    A sheet `wanted` refuses by its name is listed with its visibility, neither read nor
    scanned: a workbook's own lists and instructions can be most of its bytes.
    The safety pass decompresses each small sheet once and scans its bytes on the way. A large
    sheet is scanned in this thread while calamine, which releases the GIL as it parses, reads
    the workbook in another: the scan then costs almost nothing on a machine with two cores.
    """
    path = Path(path)
    seen: dict[str, SheetBytes] = {}
    large: list[str] = []
    unwanted: set[str] | None = None
    book: SheetMap | None = None

    def feed(zf: zipfile.ZipFile, part: str, size: int) -> Callable[[bytes], None] | None:
        nonlocal unwanted, book
        if not is_sheet_part(part):
            return None
        if unwanted is None:
            book = _sheet_map(zf)
            unwanted = _parts_of_unwanted(book, wanted)
        if part.casefold() in unwanted:
            return None
        if size >= OVERLAP_FROM:
            large.append(part)
            return None
        seen[part] = SheetBytes()
        return seen[part].feed

    inspection = inspect_workbook(path, feed)
    reading = _InThread(lambda: _calamine_sheets(path, wanted)) if large else None
    try:
        scanned = scan_sheets(path, seen, wanted, book)
    except ValueError:
        if reading is not None:
            reading.result()  # let calamine finish before refusing
        raise WorkbookError("dtd", part="?") from None
    sheets = reading.result() if reading is not None else _calamine_sheets(path, wanted)
    return RawWorkbook(
        path=path,
        sheets=sheets,
        scans=scanned.sheets,
        unscanned=scanned.unscanned,
        has_macros=inspection.has_macros,
        saved=inspection.saved,
    )


def _sheet_map(zf: zipfile.ZipFile) -> SheetMap | None:
    """Which part is which sheet; None where the workbook part cannot say (the scan then tries
    again, and says what it could not scan)."""
    try:
        return sheet_map(zf)
    except Exception:  # a malformed workbook part: the scan and calamine judge it later
        return None


def _parts_of_unwanted(book: SheetMap | None, wanted: Callable[[str], bool]) -> set[str]:
    """The zip parts (case-folded) of the sheets `wanted` refuses; none where it is not known
    which part is which sheet (then every sheet is scanned, as it may be read)."""
    if book is None:
        return set()
    return {part.casefold() for name, part in book.parts.items() if not wanted(name)}
