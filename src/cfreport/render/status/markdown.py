"""`cfreport status` as a Markdown table, for an issue or a job summary."""

from __future__ import annotations

from tabulate import tabulate

from cfreport.render import RenderOptions
from cfreport.render.safe import markdown_cell
from cfreport.render.status import headers, rows
from cfreport.status import AgencyStatus


def render(statuses: list[AgencyStatus], options: RenderOptions) -> str:
    table = [
        ["" if v is None else markdown_cell(str(v)) for v in row]
        for row in rows(statuses, options.lang)
    ]
    out: str = tabulate(table, headers=headers(options.lang), tablefmt="pipe")
    return out + "\n"
