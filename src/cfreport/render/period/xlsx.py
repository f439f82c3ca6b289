"""The framework period as a workbook: one sheet, a column per year."""

from __future__ import annotations

from cfreport.i18n import header
from cfreport.period import Period
from cfreport.render import RenderOptions
from cfreport.render.period._view import period_view
from cfreport.render.table_view import as_xlsx

BINARY = True
"""A workbook: written to a file with -o."""


def render(period: Period, options: RenderOptions) -> bytes:
    assert options.framework is not None
    view = period_view(period, options)
    return as_xlsx(view, options.framework, options.lang, header("Period", options.lang))
