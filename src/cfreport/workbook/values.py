"""Reading one cell as the value its column's kind calls for, saying what was corrected.

The careful reader: every tolerated correction (trailing spaces, case, a number stored as text,
thousands separators) is a V001 warning at its cell, and a cell that cannot be read is a finding
there. `read_row` reads a whole row by the kinds of the sheet's columns (layout.Column.kind), so a
sheet's description in layout.py is the only place its columns are spelled out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from cfreport.checks.values import V001, V002, V003, V004, V005, V006, V007, V008, V009, V010
from cfreport.findings import Finding, cell_ref
from cfreport.framework import Framework, Indicator, Vocabulary
from cfreport.framework.models import path_label
from cfreport.text import clean_spaces, fold
from cfreport.workbook.cells import CellValue, RawSheet
from cfreport.workbook.formulas import SheetScan
from cfreport.workbook.layout import Column, SheetSpec

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,\u00a0 ]\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_YES = {"yes", "y", "x", "si", "true", "1", "✓", "✔"}
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
"""'1.200', '12.500.000': a dot as the thousands separator."""
_NO = {"no", "n", "false", "0", "-"}
LARGEST = 10**15
"""The largest count or amount read (a quadrillion): more is a typing or a program's mistake,
and a sum of values below it stays exact and finite."""


def blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: CellValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def parse_number(text: str) -> float | None:
    """A number typed as text: '1,200', '1 200', '1.200.000', ' 42 '; None if it is not one."""
    s = clean_spaces(text).replace("\u2212", "-")
    if s.startswith("$"):
        s = s[1:].strip()
    if _PLAIN_NUMBER.match(s):
        return float(s)
    if _THOUSANDS.match(s):
        return float(re.sub(r"[,\u00a0 ]", "", s))
    if _THOUSANDS_DOT.match(s):
        return float(s.replace(".", ""))
    return None


class SheetReader:
    """Reads typed values from one sheet, recording a finding for each correction or problem."""

    def __init__(
        self,
        file: str,
        sheet: RawSheet,
        columns: dict[str, int],
        spec_columns: dict[str, Column],
        scan: SheetScan,
        findings: list[Finding],
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.columns = columns
        self.spec = spec_columns
        self.unvalued = scan.unvalued
        self.errors = scan.errors
        self.findings = findings

    @property
    def needs_care(self) -> bool:
        """Whether some cell reads as empty but is not (a formula without result, an error):
        the fast paths then leave every row to the careful reader."""
        return bool(self.unvalued or self.errors)

    def raw(self, row: int, key: str) -> CellValue:
        col = self.columns.get(key)
        return "" if col is None else self.sheet.value(row, col)

    def is_blank_row(self, row: int) -> bool:
        return all(
            blank(self.sheet.value(row, col))
            and (row, col) not in self.unvalued
            and (row, col) not in self.errors
            for col in self.columns.values()
        )

    def _where(self, row: int, key: str) -> tuple[str, str | None]:
        return self.sheet.name, cell_ref(row, self.columns.get(key))

    def report(
        self, rule_finding: Callable[..., Finding], row: int, key: str, **kw: object
    ) -> None:
        sheet, cell = self._where(row, key)
        named = self.spec[key].named() if key in self.spec else {"column": key}
        self.findings.append(rule_finding(self.file, sheet, cell, **named, **kw))

    def present(self, row: int, key: str, value: CellValue) -> bool:
        """Whether the cell holds something; reports an unvalued formula, an error or a missing
        value."""
        col = self.columns.get(key)
        if col is not None and (row, col) in self.unvalued:
            self.report(V006.finding, row, key)
            return False
        if col is not None and (row, col) in self.errors:
            self.report(V010.finding, row, key, found=self.errors[(row, col)])
            return False
        if blank(value):
            if key in self.spec and self.spec[key].required:
                self.report(V005.finding, row, key)
            return False
        return True

    def text(self, row: int, key: str) -> str:
        value = self.raw(row, key)
        if not self.present(row, key, value):
            return ""
        raw = as_text(value)
        text = clean_spaces(raw)
        if text != raw:
            self.report(V001.finding, row, key, raw=raw, read=text)
        return text

    def code(self, row: int, key: str, vocab: Vocabulary) -> str:
        """A code: exact codes and dropdown labels silently, loose matches with a warning."""
        value = self.raw(row, key)
        if not self.present(row, key, value):
            return ""
        raw = as_text(value)
        code = vocab.resolve(raw)
        if code is None:
            return clean_spaces(raw)
        if not vocab.is_exact(raw):
            self.report(V001.finding, row, key, raw=raw, read=vocab.labels[code])
        return code

    def sdg(self, row: int, key: str, vocab: Vocabulary) -> str:
        value = self.raw(row, key)
        if isinstance(value, float) and not isinstance(value, bool):
            read = repr(value) if not value.is_integer() else str(int(value))
            code = vocab.resolve(read) or read
            self.report(V008.finding, row, key, found=value, read=code)
            return code
        return self.code(row, key, vocab)

    def number(self, row: int, key: str, *, whole: bool) -> float | int | None:
        value = self.raw(row, key)
        if not self.present(row, key, value):
            return None
        number: float
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.report(V002.finding, row, key, found=as_text(value))
            return None
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is None:
                self.report(V002.finding, row, key, found=value)
                return None
            shown = int(parsed) if parsed.is_integer() else parsed
            self.report(V001.finding, row, key, raw=value, read=f"{shown}")
            number = parsed
        else:
            number = float(value)
        if not math.isfinite(number) or abs(number) > LARGEST:
            self.report(V009.finding, row, key, found=number, limit=f"{LARGEST:,}")
            return None
        if whole and not number.is_integer():
            if isinstance(value, str) and _DOT_THOUSANDS.match(value.strip()):
                # '1.200' typed where thousands are meant, as Spanish writes them.
                thousands = value.strip().replace(".", "")
                self.report(V003.finding, row, key, found=number, did_you_mean=thousands)
            else:
                self.report(V003.finding, row, key, found=number)
            return None
        if number < 0:
            # Read as unusable, like an unreadable number: no figure or total adds it.
            self.report(V004.finding, row, key, found=number)
            return None
        return int(number) if whole else number

    def flag(self, row: int, key: str) -> bool:
        value = self.raw(row, key)
        if not self.present(row, key, value):
            return False
        if isinstance(value, bool):
            return value
        key_text = fold(as_text(value))
        if key_text in _YES:
            return True
        if key_text not in _NO:
            self.report(V007.finding, row, key, found=as_text(value))
        return False


def vocabulary(fw: Framework, column: Column) -> Vocabulary:
    """The framework vocabulary a code column takes its values from."""
    vocab: Vocabulary = getattr(fw, f"{column.vocab}_vocab")
    return vocab


def read_category(
    reader: SheetReader, row: int, key: str, indicator: Indicator | None
) -> tuple[str, tuple[str, ...] | None]:
    """A breakdown category of `indicator`: its label and its path (None if not one of its own)."""
    value = reader.raw(row, key)
    if not reader.present(row, key, value):
        return "", None
    raw = as_text(value)
    if indicator is None:
        return clean_spaces(raw), None
    path = indicator.resolve_path(raw)
    if path is None:
        return clean_spaces(raw), None
    label = path_label(path)
    if raw not in indicator.exact_paths:
        reader.report(V001.finding, row, key, raw=raw, read=label)
    return label, path


def read_row(reader: SheetReader, row: int, spec: SheetSpec, fw: Framework) -> dict[str, Any]:
    """Every column of one row, each read as its kind says; a category after its indicator.

    Kinds: id and text (tidied text), code (a value of the column's vocabulary), int and year
    (whole numbers), money (a number), flag (Yes or No), category (a node of the breakdown of
    the indicator read in the same row, as `(label, path)`).
    """
    out: dict[str, Any] = {}
    for column in spec.columns:
        key, kind = column.key, column.kind
        if kind in ("id", "text"):
            out[key] = reader.text(row, key)
        elif kind == "code":
            vocab = vocabulary(fw, column)
            read = reader.sdg if column.vocab == "sdg" else reader.code
            out[key] = read(row, key, vocab)
        elif kind in ("int", "year"):
            number = reader.number(row, key, whole=True)
            out[key] = None if number is None else int(number)
        elif kind == "money":
            out[key] = reader.number(row, key, whole=False)
        elif kind == "flag":
            out[key] = reader.flag(row, key)
        elif kind == "category":
            indicator = fw.indicator_by_code.get(out.get("indicator", ""))
            out[key] = read_category(reader, row, key, indicator)
    return out


def initiative_fields(values: dict[str, Any], fw: Framework) -> dict[str, Any]:
    """An Initiative's fields from a row read by column keys (the flags become code tuples)."""
    return {
        "id": values["id"],
        "title": values["title"],
        "lead": values["lead"],
        "area": values["area"],
        "effect": values["effect"],
        "status": values["status"],
        "principles": tuple(p.code for p in fw.principles if values[f"principle:{p.code}"]),
        "cross_cutting": tuple(a.code for a in fw.cross_cutting_areas if values[f"cross:{a.code}"]),
    }
