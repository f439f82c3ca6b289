"""SARIF 2.1.0: the rule catalog as the tool's rules, each finding a result at its cell.

A workbook has no lines: the file is the physical location, the sheet and cell a logical one.
"""

from __future__ import annotations

import json
from typing import Any

from cfreport import __version__
from cfreport.checks import all_rules
from cfreport.findings import Severity
from cfreport.i18n import ui
from cfreport.render import RenderOptions
from cfreport.report import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(rule: Any, lang: str) -> dict[str, Any]:
    summary, why = rule.text("summary", lang), rule.text("why", lang)
    fails, fixed = ui("rule_fails", lang), ui("rule_fixed", lang)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why or summary},
        "help": {"text": f"{fails}: {rule.text('bad', lang)}\n{fixed}: {rule.text('good', lang)}"},
        "defaultConfiguration": {"level": rule.severity.value},
    }


def render(report: Report, options: RenderOptions) -> str:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in report.findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.file}}}
        if f.sheet:
            location["logicalLocations"] = [
                {
                    "name": f.location,
                    "fullyQualifiedName": f"{f.file}#{f.location}",
                    "kind": "element",
                }
            ]
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error" if f.severity is Severity.ERROR else "warning",
            "message": {"text": f.text(options.lang)},
            "locations": [location],
        }
        if f.expected is not None or f.found is not None:
            result["properties"] = {"expected": f.expected_text(), "found": f.found}
        results.append(result)
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cfreport",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/cfreport/",
                        "rules": [_rule(r, options.lang) for r in rules],
                    }
                },
                "artifacts": [{"location": {"uri": f.file}} for f in report.files],
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
