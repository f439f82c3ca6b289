"""Each agency's share as a workbook: one sheet, a line per agency under each figure."""

from __future__ import annotations

from cfreport.i18n import header
from cfreport.render import RenderOptions
from cfreport.render.agencies._view import agency_view
from cfreport.render.table_view import as_xlsx
from cfreport.summarize import SummaryOutcome

BINARY = True
"""A workbook: written to a file with -o."""


def render(outcome: SummaryOutcome, options: RenderOptions) -> bytes:
    assert options.framework is not None
    view = agency_view(outcome.summary, options)
    return as_xlsx(view, options.framework, options.lang, header("Agencies", options.lang))
