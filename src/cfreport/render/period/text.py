"""The framework period for a terminal: each area's figures, a column per year."""

from __future__ import annotations

from cfreport.period import Period
from cfreport.render import RenderOptions
from cfreport.render.period._view import period_view
from cfreport.render.table_view import as_text


def render(period: Period, options: RenderOptions) -> str:
    assert options.framework is not None
    return as_text(period_view(period, options), options.framework, options.lang)
