"""`cfreport status` as a table, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from tabulate import tabulate

from cfreport.render.safe import csv_cell, markdown_cell
from cfreport.status import AgencyStatus

HEADERS = ("agency", "state", "errors", "warnings", "file", "last changed")


def _rows(statuses: list[AgencyStatus]) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (
            s.agency,
            s.state,
            str(s.errors) if s.files else "",
            str(s.warnings) if s.files else "",
            ", ".join(s.files),
            s.modified or "",
        )
        for s in statuses
    ]


def render_status(statuses: list[AgencyStatus], fmt: str = "text") -> str:
    if fmt == "json":
        return (
            json.dumps([s.model_dump(mode="json") for s in statuses], indent=2, ensure_ascii=False)
            + "\n"
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADERS)
        writer.writerows([csv_cell(v) for v in row] for row in _rows(statuses))
        return buffer.getvalue()
    if fmt == "markdown":
        rows = [[markdown_cell(v) for v in row] for row in _rows(statuses)]
        table: str = tabulate(rows, headers=HEADERS, tablefmt="pipe")
        return table + "\n"
    counts = Counter(s.state for s in statuses)
    table = tabulate(_rows(statuses), headers=HEADERS)
    line = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    return f"{table}\n\n{len(statuses)} agencies: {line}\n"
