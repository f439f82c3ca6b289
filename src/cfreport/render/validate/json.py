"""The JSON report: `Report.to_json()`, documented in docs/json-report.md."""

from __future__ import annotations

import json

from cfreport.render import RenderOptions
from cfreport.report import Report


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(report.to_json(options.lang), indent=2, ensure_ascii=False) + "\n"
