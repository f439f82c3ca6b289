"""Neutralise text from a workbook before it goes into CSV, Markdown or HTML outputs."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """OWASP's rule: a cell starting like a formula gets a leading single quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_value(value: object) -> object:
    """A CSV field: a number as a number (a whole one without '.0', so that Excel and DuckDB
    read an integer), text guarded by `csv_cell`, nothing as an empty field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    return csv_cell(str(value))


BOM = "\ufeff"
"""What makes Excel on Windows read a CSV as UTF-8 ('formulación', not 'formulaciÃ³n')."""


def markdown_cell(text: str) -> str:
    """Escape what would break a table row or become markup."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
        .replace("\r", " ")
    )
