"""The findings as CSV, for people who sort and filter in Excel."""

from __future__ import annotations

import csv
import io

from cfreport.render import RenderOptions
from cfreport.render.safe import BOM, csv_cell, csv_value
from cfreport.report import Report

COLUMNS = ("file", "sheet", "cell", "code", "severity", "message", "expected", "found")


def render(report: Report, options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        writer.writerow(
            [
                csv_cell(f.file),
                csv_cell(f.sheet or ""),
                f.cell or "",
                f.code,
                f.severity.value,
                csv_cell(f.text(options.lang)),
                csv_value(f.expected_text(options.lang)),
                csv_value(f.found),
            ]
        )
    return (BOM if options.bom else "") + buffer.getvalue()
