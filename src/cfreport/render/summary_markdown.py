"""The consolidated figures as Markdown tables (tabulate), one section per area."""

from __future__ import annotations

from itertools import groupby

from tabulate import tabulate

from cfreport.figures import Summary
from cfreport.framework import Framework
from cfreport.render.safe import markdown_cell
from cfreport.render.summary_rows import summary_rows
from cfreport.render.summary_text import number


def render_summary_markdown(summary: Summary, fw: Framework, area: str = "all") -> str:
    names = {a.code: a.name for a in fw.areas}
    out = [f"# {markdown_cell(fw.name)}, {summary.year or ''}", ""]
    for code, rows in groupby(summary_rows(summary, fw, area), key=lambda r: r.area):
        out.append(f"## {'System-wide' if code == 'all' else f'{code}. {names[code]}'}")
        out.append("")
        table = [
            (
                markdown_cell(row.section),
                ("&nbsp;&nbsp;" * row.depth) + markdown_cell(row.item),
                number(row.value, row.unit),
                ", ".join(row.codes),
            )
            for row in rows
        ]
        out.append(
            tabulate(
                table,
                headers=("", "figure", "value", "findings"),
                tablefmt="pipe",
                colalign=("left", "left", "right", "left"),
            )
        )
        out.append("")
    return "\n".join(out)
