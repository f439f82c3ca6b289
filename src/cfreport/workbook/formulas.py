"""What calamine does not tell: formula cells without a saved result (read as empty strings)
and rows the focal point hid.

A streaming scan of each sheet's XML: a byte search finds hidden rows and whether the sheet has
formulas at all; only sheets with formulas are parsed (with defusedxml, which refuses DTDs).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\s[^>]*?hidden=\"(?:1|true)\"[^>]*>")
_ROW_NUMBER = re.compile(rb"\sr=\"(\d+)\"")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_CHUNK = 1 << 20


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML."""
    book = SafeET.fromstring(zf.read("xl/workbook.xml"))
    rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


class SheetBytes:
    """What a byte search finds in one sheet's XML, fed chunk by chunk as it is decompressed."""

    def __init__(self) -> None:
        self.has_formula = False
        self.hidden: set[int] = set()
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        # A tag may straddle two chunks: search each chunk with the end of the one before.
        window = self._tail + chunk if self._tail else chunk
        # Plain substring tests first: most sheets have neither, and they are fast.
        if (
            not self.has_formula
            and b"f" in window
            and (b"<f>" in window or b"<f " in window or b":f" in window)
        ):
            self.has_formula = bool(_FORMULA_TAG.search(window))
        if b"hidden=" in window:
            for match in _HIDDEN_ROW.finditer(window):
                number = _ROW_NUMBER.search(match.group(0))
                if number:
                    self.hidden.add(int(number.group(1)))
        self._tail = window[-1024:]


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


def _scan(zf: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    with zf.open(part) as stream:
        for _event, elem in SafeET.iterparse(stream, events=("end",)):
            if elem.tag != f"{_MAIN}c":
                if elem.tag == f"{_MAIN}row":
                    elem.clear()
                continue
            formula = elem.find(f"{_MAIN}f")
            if formula is not None:
                value = elem.find(f"{_MAIN}v")
                if value is None or not (value.text or ""):
                    match = _CELL_REF.fullmatch(elem.get("r", ""))
                    if match:
                        found.add((int(match.group(2)), _column_number(match.group(1))))
    return found


def scan_sheets(
    path: Path, seen: dict[str, SheetBytes] | None = None
) -> tuple[dict[str, set[tuple[int, int]]], dict[str, list[int]]]:
    """Sheet name -> (row, col) of formula cells with no saved value; -> hidden row numbers.

    `seen` holds the byte scans already made of some parts (zip part name -> scan), so that a
    sheet is decompressed once when the safety pass has fed it through `SheetBytes`.
    """
    seen = seen or {}
    out: dict[str, set[tuple[int, int]]] = {}
    hidden: dict[str, list[int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for name, part in sheet_parts(zf).items():
                if part not in names:
                    continue
                scan = seen.get(part) or _byte_scan(zf, part)
                if scan.hidden:
                    hidden[name] = sorted(scan.hidden)
                cells = _scan(zf, part) if scan.has_formula else set()
                if cells:
                    out[name] = cells
    except DefusedXmlException:
        raise ValueError(
            "the workbook's XML declares a DTD or entities, which cfreport refuses"
        ) from None
    except (KeyError, zipfile.BadZipFile, SafeET.ParseError):
        # The structure is calamine's to judge; a part we cannot map has no findings here.
        return out, hidden
    return out, hidden
