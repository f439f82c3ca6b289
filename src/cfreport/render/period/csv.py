"""The framework period as CSV: one row per figure, the figure's key and fields, a column per
year (named by the year) and `period`, the total where adding years makes sense."""

from __future__ import annotations

from cfreport.period import Period
from cfreport.render import RenderOptions
from cfreport.render.period._view import period_view
from cfreport.render.table_view import as_csv


def render(period: Period, options: RenderOptions) -> str:
    return as_csv(period_view(period, options), bom=options.bom)
