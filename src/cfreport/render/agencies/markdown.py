"""Each agency's share as Markdown: a table per area, a line per agency under each figure."""

from __future__ import annotations

from cfreport.render import RenderOptions
from cfreport.render.agencies._view import agency_view
from cfreport.render.table_view import as_markdown
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    assert options.framework is not None
    return as_markdown(agency_view(outcome.summary, options), options.framework, options.lang)
