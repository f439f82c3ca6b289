"""Each agency's share for a terminal: under every figure, a line per agency."""

from __future__ import annotations

from cfreport.render import RenderOptions
from cfreport.render.agencies._view import agency_view
from cfreport.render.table_view import as_text
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    assert options.framework is not None
    return as_text(agency_view(outcome.summary, options), options.framework, options.lang)
