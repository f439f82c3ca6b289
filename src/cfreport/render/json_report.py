"""The JSON report: `Report.to_json()`, documented in docs/json-report.md."""

import json

from cfreport.validate import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
