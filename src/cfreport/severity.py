"""Severities and the values findings carry: light enough for `cfreport rules` to start fast."""

from __future__ import annotations

import math
from enum import StrEnum

Value = str | int | float | None


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def show_value(value: Value) -> str:
    """A value as messages print it: numbers with thousands separators, decimals as typed."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("-" if value < 0 else "") + "∞"
    if isinstance(value, float) and abs(value) >= 1e16:
        return f"{value:.6g}".upper()  # 1E+308, as Excel shows it, not 309 digits
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}"  # as typed: 12.5, not 12.50
    if value is None:
        return ""
    from cfreport.text import visible

    return visible(str(value))
