"""`cfreport status` as CSV, one row per agency."""

from __future__ import annotations

import csv
import io

from cfreport.render import RenderOptions
from cfreport.render.safe import BOM, csv_value
from cfreport.render.status import headers, rows
from cfreport.status import AgencyStatus


def render(statuses: list[AgencyStatus], options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers(options.lang))
    writer.writerows([csv_value(v) for v in row] for row in rows(statuses, options.lang))
    return (BOM if options.bom else "") + buffer.getvalue()
