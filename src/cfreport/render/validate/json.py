"""The JSON report: `Report.to_json()`, documented in docs/json-report.md."""

from __future__ import annotations

from pydantic_core import to_json

from cfreport.render import RenderOptions
from cfreport.report import Report


def render(report: Report, options: RenderOptions) -> str:
    # pydantic's writer, not the json module's: with an indent, that one runs in Python, and
    # 20,000 findings took a second to write. The same text, but for the spelling of very
    # small numbers (1e-7, not 1e-07).
    return to_json(report.to_json(options.lang), indent=2).decode() + "\n"
