"""Neutralise text from a workbook before it goes into CSV, Markdown or HTML outputs."""

from __future__ import annotations

from cfreport.text import visible

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


_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "<": "&lt;",
        ">": "&gt;",
        # No link or image ('[text](javascript:...)', '![](https://tracker)'): no bracket.
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "\n": " ",
        "\r": " ",
    }
)


def markdown_cell(text: str) -> str:
    """Text as Markdown shows it and never obeys it: no table break, HTML, link, image or
    emphasis, every control character spelled out."""
    return visible(text.translate(_MARKDOWN))
