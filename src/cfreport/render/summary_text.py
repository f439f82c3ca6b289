"""The consolidated figures for a terminal: one block per area, like the report's pages."""

from __future__ import annotations

import io
from itertools import groupby

from rich.text import Text

from cfreport.figures import Source, Summary
from cfreport.framework import Framework
from cfreport.render.console import string_console
from cfreport.render.summary_rows import Row, summary_rows


def number(value: float | int | str, unit: str = "") -> str:
    """Thousands separators; money with cents; text as it is."""
    if isinstance(value, str):
        return value
    if unit == "USD":
        return f"USD {value:,.2f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def sources_text(sources: tuple[Source, ...]) -> list[str]:
    """'file: Sheet!A1, Sheet!A2' per file."""
    lines = []
    for file, places in groupby(sources, key=lambda p: p.file):
        cells = ", ".join(f"{p.sheet}!{p.cell}" for p in places)
        lines.append(f"{file}: {cells}")
    return lines


def _line(row: Row, explain: bool) -> list[Text]:
    indent = "  " + ("            " + "  " * row.depth if row.depth else "")
    text = Text(indent)
    if row.section in ("indicator", "breakdown"):
        text.append(f"{number(row.value, row.unit):>10}" if row.depth == 0 else "", style="bold")
        if row.depth:
            text.append(f"{row.item}: ")
            text.append(number(row.value, row.unit), style="bold")
        else:
            text.append(f"  {row.item} ({row.unit})")
    else:
        text.append(f"{row.item}: ")
        text.append(number(row.value, row.unit), style="bold")
    if row.codes:
        text.append(f"  [! {', '.join(row.codes)}]", style="bold red")
    out = [text]
    if explain and row.sources:
        out += [
            Text(f"{indent}      from {line}", style="dim") for line in sources_text(row.sources)
        ]
    return out


def render_summary_text(
    summary: Summary,
    fw: Framework,
    area: str = "all",
    *,
    explain: bool = False,
    color: bool = False,
) -> str:
    buffer = io.StringIO()
    console = string_console(buffer, color=color, width=140)
    names = {a.code: (a.kind, a.name) for a in fw.areas}
    header = f"{fw.name}, {summary.year or 'no year'}: {len(summary.files)} submissions"
    console.print(Text(header, style="bold"))
    for file, why in summary.left_out.items():
        console.print(Text(f"left out {file}: {why}", style="yellow"))
    console.print()
    for code, rows in groupby(summary_rows(summary, fw, area), key=lambda r: r.area):
        if code == "all":
            title = "System-wide"
        else:
            kind, name = names[code]
            title = f"{'Area' if kind == 'work' else 'Cross-cutting area'} {code}. {name}"
        console.print(Text(title, style="bold underline"))
        section = ""
        for row in rows:
            if row.section != section and (code == "all" or row.section == "populations"):
                heading = (
                    "prioritized populations (initiatives reaching each)"
                    if (row.section == "populations")
                    else row.section
                )
                console.print(Text(f" {heading}", style="bold"))
            section = row.section
            for line in _line(row, explain):
                console.print(line)
        console.print()
    marked = sorted({f.code for f in summary.findings})
    if marked:
        console.print(
            Text(
                f"{len(summary.findings)} findings in the data ({', '.join(marked)}): "
                "figures marked [! CODE] are touched by one; `cfreport validate` shows them.",
                style="yellow",
            )
        )
    return buffer.getvalue()
