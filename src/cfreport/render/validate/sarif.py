"""SARIF 2.1.0: the rule catalog as the tool's rules, each finding a result at its cell.

A workbook has no lines: the file is the physical location, the sheet and cell a logical one.
Consumers still want a region (GitHub code scanning needs `startLine`): the cell's row and
column are it, and the message starts with the sheet and cell, which a line number alone
cannot say. A file's URI is a percent-encoded URI reference ("Envío ONU Mujeres #2.xlsx"
would otherwise name a fragment): relative as given, or file:// for an absolute path.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from pydantic_core import to_json

from cfreport import __version__
from cfreport.checks import all_rules
from cfreport.findings import Severity
from cfreport.i18n import ui
from cfreport.render import RenderOptions
from cfreport.report import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def file_uri(file: str) -> str:
    """A file's path as a URI reference: relative and percent-encoded, or file:// if absolute."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix(), safe="/")


def region(cell: str | None) -> dict[str, int]:
    """The cell's row and column (A=1) as a SARIF region; line 1 for the whole file or sheet."""
    found = CELL.match(cell or "")
    if found is None:
        return {"startLine": 1}
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return {"startLine": int(found.group(2)), "startColumn": column}


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
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": file_uri(f.file)},
                "region": region(f.cell),
            }
        }
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
            "message": {
                "text": f"{f.location}: {f.text(options.lang)}" if f.sheet else f.text(options.lang)
            },
            "locations": [location],
        }
        properties = {
            "sheet": f.sheet,
            "cell": f.cell,
            "expected": f.expected_text(),
            "found": f.found,
        }
        result["properties"] = {k: v for k, v in properties.items() if v is not None}
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
                        "rules": [_rule(r, options.lang) for r in rules],
                    }
                },
                "artifacts": [{"location": {"uri": file_uri(f.file)}} for f in report.files],
                "results": results,
            }
        ],
    }
    return to_json(sarif, indent=2).decode() + "\n"  # as validate's JSON: fast, the same text
