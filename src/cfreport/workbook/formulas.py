"""What calamine does not tell: formula cells without a saved result and error cells (both
read as empty strings), and the rows and columns the focal point hid.

A streaming scan of each sheet's XML: a byte search finds hidden rows and columns and whether
the sheet has formulas or error cells at all; only sheets with them are parsed (with
defusedxml, which refuses DTDs). The safety pass (safety.py) has already refused any DTD.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_PREFIX_OF_MAIN = re.compile(rb"""xmlns:[\w.-]+\s*=\s*["'][^"']*spreadsheetml""")
"""A prefix declared for SpreadsheetML (transitional or strict: both name it in their URI)."""
# Searched from their first letter, a literal the regex engine finds fast, and taken only after
# a space: starting at the space, a pattern is tried at every space of the sheet (7x slower).
_ERROR_CELL = re.compile(rb"""t\s*=\s*["']e["']""")
_ZERO_HEIGHT = re.compile(rb"""ht\s*=\s*["']\s*(?:0+(?:\.0*)?|\.0+)\s*["']""")
_ZERO_WIDTH = re.compile(rb"""width\s*=\s*["']\s*(?:0+(?:\.0*)?|\.0+)\s*["']""")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\s[^>]*>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\s[^>]*>")
# Any spelling a reader of XML accepts: single or double quotes, spaces around '=', 'true'.
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["']\s*(?:1|true)\s*["']""")
_ZERO_SIZE = re.compile(rb"""\s(?:ht|width)\s*=\s*["']\s*(?:0+(?:\.0*)?|\.0+)\s*["']""")
_ATTR_NUMBER = {
    name: re.compile(rb"\s" + name + rb"""\s*=\s*["']\s*(\d+)""") for name in (b"r", b"min", b"max")
}
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_CHUNK = 1 << 20


def _attribute_in(window: bytes, *patterns: re.Pattern[bytes]) -> bool:
    """Whether one of `patterns` matches an attribute: where a space comes before it."""
    for pattern in patterns:
        for match in pattern.finditer(window):
            if window[match.start() - 1 : match.start()].isspace():
                return True
    return False


def _single_quoted_e(window: bytes) -> bool:
    """Whether 'e' is in `window`, looked for from each apostrophe (found at the speed of
    memchr): a sheet's apostrophes are a few in its text, where a search for three bytes is a
    pass over the whole chunk. Where they are many (attributes in single quotes), that pass."""
    at = window.find(b"'")
    for _ in range(256):
        if at < 0:
            return False
        if window[at + 1 : at + 3] == b"e'":
            return True
        at = window.find(b"'", at + 1)
    return b"'e'" in window


def _number(tag: bytes, name: bytes) -> int | None:
    found = _ATTR_NUMBER[name].search(tag)
    return int(found.group(1)) if found else None


class SheetBytes:
    """What a byte search finds in one sheet's XML, fed chunk by chunk as it is decompressed:
    whether it has formulas or error cells (then it is parsed), its hidden rows and columns
    (by a hidden attribute or a zero height or width)."""

    def __init__(self) -> None:
        self.has_formula = False
        self.has_error = False
        self.hidden: set[int] = set()
        self.hidden_columns: set[int] = set()
        self._prefixed = False
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        # A tag may straddle two chunks: search each chunk with the end of the one before.
        window = self._tail + chunk if self._tail else chunk
        # Plain substring tests first: most sheets have neither, and each is a pass over the
        # chunk (30 ms on a sheet of 100,000 rows for a needle of two bytes).
        if not self.has_formula:
            # A formula is <f>, or <x:f> where a prefix names the sheet's own namespace: the
            # prefixed form is looked for once such a prefix is declared (most sheets never do;
            # an extension's <xm:f>, the source of a dropdown, is no cell's formula).
            if not self._prefixed and b"spreadsheetml" in window:
                self._prefixed = bool(_PREFIX_OF_MAIN.search(window))
            if b"<f" in window or (self._prefixed and b":f" in window):
                self.has_formula = bool(_FORMULA_TAG.search(window))
        # An error cell's type is a quoted e (t="e").
        if not self.has_error and (b'"e"' in window or _single_quoted_e(window)):
            self.has_error = _attribute_in(window, _ERROR_CELL)
        if b"hidden" in window or _attribute_in(window, _ZERO_HEIGHT, _ZERO_WIDTH):
            self._hidden_in(window)
        self._tail = window[-1024:]

    def _hidden_in(self, window: bytes) -> None:
        for match in _ROW_TAG.finditer(window):
            tag = match.group(0)
            if _HIDDEN.search(tag) or _ZERO_SIZE.search(tag):
                number = _number(tag, b"r")
                if number is not None:
                    self.hidden.add(number)
        for match in _COL_TAG.finditer(window):
            tag = match.group(0)
            if _HIDDEN.search(tag) or _ZERO_SIZE.search(tag):
                low, high = _number(tag, b"min"), _number(tag, b"max")
                if low is not None:
                    # A range of columns 'min' to 'max'; 16,384 is the most a sheet has.
                    self.hidden_columns.update(range(low, min(high or low, 16_384) + 1))


_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\s[^>]*>")
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _targets(zf: zipfile.ZipFile) -> dict[str, str]:
    """Relationship id -> target of the workbook's relationships, read tag by tag so that one
    malformed relationship (or a file that is not well-formed) loses only itself."""
    try:
        data = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets: dict[str, str] = {}
    for tag in _RELATIONSHIP.findall(data):
        attrs = {m.group(1): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(tag)}
        if attrs.get("Id") and attrs.get("Target"):
            targets[attrs["Id"]] = attrs["Target"]
    return targets


def _part_of(target: str) -> str:
    """A relationship's target as a zip part name: relative to xl/, or absolute from the root,
    with Windows separators and './' as some writers leave them."""
    target = target.strip().replace("\\", "/")
    part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(part)


def sheet_parts(zf: zipfile.ZipFile) -> tuple[dict[str, str], list[str]]:
    """Sheet name -> the zip part holding its XML; and the sheets no part could be found for."""
    book = SafeET.fromstring(zf.read("xl/workbook.xml"))
    targets = _targets(zf)
    parts: dict[str, str] = {}
    unmapped: list[str] = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        name = sheet.get("name", "")
        target = targets.get(sheet.get(f"{_REL}id") or "", "")
        if target:
            parts[name] = _part_of(target)
        else:
            unmapped.append(name)
    return parts, unmapped


def is_sheet_part(name: str) -> bool:
    """Where Excel and the libraries that write xlsx put worksheets."""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _byte_scan(zf: zipfile.ZipFile, part: str) -> SheetBytes:
    found = SheetBytes()
    with zf.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            found.feed(chunk)
    return found


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class SheetScan:
    """What the scan of one sheet's XML found that calamine does not say."""

    unvalued: set[tuple[int, int]] = field(default_factory=set)
    """(row, col) of formula cells with no saved result (calamine reads them as empty)."""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, col) -> the error a cell holds ('#DIV/0!'; calamine reads it as empty)."""
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)


def _cells(zf: zipfile.ZipFile, part: str, scan: SheetScan) -> None:
    with zf.open(part) as stream:
        for _event, elem in SafeET.iterparse(stream, events=("end",)):
            if elem.tag != f"{_MAIN}c":
                if elem.tag == f"{_MAIN}row":
                    elem.clear()
                continue
            formula = elem.find(f"{_MAIN}f")
            is_error = (elem.get("t") or "").strip() == "e"
            if formula is None and not is_error:
                continue
            match = _CELL_REF.fullmatch(elem.get("r", ""))
            if not match:
                continue
            where = (int(match.group(2)), _column_number(match.group(1)))
            value = elem.find(f"{_MAIN}v")
            text = (value.text or "").strip() if value is not None else ""
            if is_error:
                scan.errors[where] = text or "#N/A"
            elif not text:
                scan.unvalued.add(where)


@dataclass
class WorkbookScan:
    """Each sheet's scan by its name, and the sheets that could not be scanned."""

    sheets: dict[str, SheetScan] = field(default_factory=dict)
    unscanned: list[str] = field(default_factory=list)
    """Sheets whose XML could not be found or parsed: their formulas, error cells and hidden
    rows are unknown, which is said (a finding) rather than taken for none."""


@dataclass
class SheetMap:
    """Which zip part holds each sheet of a workbook."""

    parts: dict[str, str]
    """Sheet name -> its part, as the workbook's relationships name it."""
    unmapped: list[str]
    """Sheets no part could be found for."""
    names: dict[str, str]
    """Each part's name case-folded -> as the zip has it: matched regardless of case, as
    calamine (and Excel) match them."""

    def part_of(self, target: str) -> str | None:
        return self.names.get(target.casefold())


def sheet_map(zf: zipfile.ZipFile) -> SheetMap:
    """The sheets' parts of an open workbook (raises what parsing workbook.xml raises)."""
    parts, unmapped = sheet_parts(zf)
    return SheetMap(parts, unmapped, {n.casefold(): n for n in zf.namelist()})


def scan_sheets(
    path: Path,
    seen: dict[str, SheetBytes] | None = None,
    wanted: Callable[[str], bool] | None = None,
    book: SheetMap | None = None,
) -> WorkbookScan:
    """Formula cells with no saved value, error cells, hidden rows and columns, per sheet
    (each sheet `wanted` accepts by its name; all without it).

    `seen` holds the byte scans already made of some parts (zip part name -> scan), so that a
    sheet is decompressed once when the safety pass has fed it through `SheetBytes`; `book`,
    the sheets' parts where they are known already. The workbook is opened only for what is
    left to read. A sheet that cannot be mapped or parsed is listed in `unscanned`: it never
    turns the scan of the other sheets off.
    """
    seen = seen or {}
    out = WorkbookScan()
    try:
        with ExitStack() as stack:
            opened: list[zipfile.ZipFile] = []

            def zip_file() -> zipfile.ZipFile:
                if not opened:
                    opened.append(stack.enter_context(zipfile.ZipFile(path)))
                return opened[0]

            if book is None:
                book = sheet_map(zip_file())
            out.unscanned.extend(book.unmapped)
            for name, target in book.parts.items():
                if wanted is not None and not wanted(name):
                    continue
                part = book.part_of(target)
                if part is None:
                    out.unscanned.append(name)
                    continue
                try:
                    out.sheets[name] = _scan_one(zip_file, part, seen.get(part))
                except (SafeET.ParseError, zipfile.BadZipFile, OSError, EOFError):
                    out.unscanned.append(name)
    except DefusedXmlException:
        raise ValueError(
            "the workbook's XML declares a DTD or entities, which cfreport refuses"
        ) from None
    except (KeyError, zipfile.BadZipFile, SafeET.ParseError, OSError):
        # No workbook.xml to map sheets by: calamine judges the file; nothing here is known.
        out.unscanned.append("*")
    return out


def _scan_one(
    zip_file: Callable[[], zipfile.ZipFile], part: str, seen: SheetBytes | None
) -> SheetScan:
    found = seen or _byte_scan(zip_file(), part)
    scan = SheetScan(hidden_rows=sorted(found.hidden), hidden_columns=set(found.hidden_columns))
    if found.has_formula or found.has_error:
        _cells(zip_file(), part, scan)
    return scan
