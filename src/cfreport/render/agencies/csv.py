"""Each agency's share as CSV: a row per figure (`agency` empty, `value` the figure), then a row
per agency with its part (`value`) and the other agencies of the joint initiatives counted under
it (`partners`): the rows with an agency add up to the figure."""

from __future__ import annotations

from cfreport.render import RenderOptions
from cfreport.render.agencies._view import agency_view
from cfreport.render.table_view import as_csv
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    return as_csv(agency_view(outcome.summary, options, compact=False), bom=options.bom)
