"""The readable report for a terminal: findings grouped by file and sheet, then a summary."""

from __future__ import annotations

import io
from itertools import groupby

from rich.markup import escape
from rich.text import Text

from cfreport.findings import Finding, Severity, show_value
from cfreport.i18n import severity_word, ui
from cfreport.render import RenderOptions
from cfreport.render.console import string_console
from cfreport.report import Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}
MAX_RELATED_SHOWN = 12


def _finding_lines(f: Finding, lang: str) -> list[Text]:
    head = Text("  ")
    head.append(f"{f.cell or '-':>6}", style="bold")
    head.append("  ")
    width = max(len(severity_word(s.value, lang)) for s in Severity)
    head.append(f"{severity_word(f.severity.value, lang):<{width}}", style=_STYLE[f.severity])
    head.append(f" {f.code}  ", style="cyan")
    head.append(f.text(lang))
    lines = [head]
    if f.related:
        cells = [
            f"{r.cell}={show_value(r.value)}" if r.value is not None else (r.cell or "")
            for r in f.related[:MAX_RELATED_SHOWN]
            if r.file == f.file and r.sheet == f.sheet
        ]
        others = [r for r in f.related if r.file != f.file or r.sheet != f.sheet]
        if len(f.related) > MAX_RELATED_SHOWN:
            more = ui("more", lang).format(n=len(f.related) - MAX_RELATED_SHOWN)
            cells.append(f"... {more}")
        if cells:
            indent = " " * (11 + width)
            lines.append(Text(f"{indent}{ui('see', lang)} {', '.join(cells)}", style="dim"))
        for r in others[:MAX_RELATED_SHOWN]:
            lines.append(Text(f"{'':18}{ui('see', lang)} {r.file} {r.sheet}!{r.cell}", style="dim"))
    return lines


def render(report: Report, options: RenderOptions) -> str:
    lang = options.lang
    buffer = io.StringIO()
    console = string_console(buffer, color=options.color, width=120)
    by_file = {f.file: f for f in report.files}
    for file, found in groupby(report.findings, key=lambda f: f.file):
        result = by_file.get(file)
        title = Text(file, style="bold underline")
        if result is not None and result.agency:
            title.append(f"  ({result.agency}, {result.year or 'no year'})", style="dim")
        console.print(title)
        for sheet, in_sheet in groupby(found, key=lambda f: f.sheet or ""):
            console.print(Text(f" {sheet or ui('workbook', lang)}", style="bold"))
            for finding in in_sheet:
                for line in _finding_lines(finding, lang):
                    console.print(line)
        console.print()
    clean = [f.file for f in report.files if not f.errors and not f.warnings]
    for file in clean:
        console.print(Text.assemble((file, "bold"), (f"  {ui('no_findings', lang)}", "green")))
    console.print(escape(summary_line(report, lang)), style="bold")
    return buffer.getvalue()


def _count(key: str, n: int, lang: str) -> str:
    return ui(f"{key}_{'one' if n == 1 else 'many'}", lang).format(n=f"{n:,}")


def summary_line(report: Report, lang: str = "en") -> str:
    parts = [
        _count("files", len(report.files), lang),
        _count("errors", report.errors, lang),
        _count("warnings", report.warnings, lang),
    ]
    unreadable = sum(1 for f in report.files if f.status == "unreadable")
    if unreadable:
        parts.append(_count("unreadable", unreadable, lang))
    return ", ".join(parts)
