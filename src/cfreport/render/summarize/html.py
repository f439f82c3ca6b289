"""The report's pages: one self-contained HTML file (`cfreport report` writes the same)."""

from __future__ import annotations

from cfreport.render import RenderOptions
from cfreport.render.pages import render_pages
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    assert options.framework is not None
    return render_pages(
        outcome.summary,
        options.framework,
        lang=options.lang,
        area=options.area,
        paper=options.paper,
    )
