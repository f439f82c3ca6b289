"""The readable report for a terminal: findings grouped by file and sheet, then a summary."""

from __future__ import annotations

import io
import textwrap
from itertools import groupby

from rich.markup import escape
from rich.text import Text

from cfreport.findings import Finding, Severity, show_value
from cfreport.i18n import counted, severity_word, ui
from cfreport.render import RenderOptions
from cfreport.render.console import string_console
from cfreport.report import Report
from cfreport.text import visible

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}
MAX_RELATED_SHOWN = 12


def _wrapped(text: str, indent: int, columns: int | None) -> list[str]:
    """`text` in lines that fit `columns` after `indent` spaces (whole when there is no room)."""
    if columns is None or columns - indent < 30:
        return [text]
    return textwrap.wrap(text, columns - indent, break_on_hyphens=False) or [""]


def _finding_lines(f: Finding, lang: str, columns: int | None = None) -> list[Text]:
    """The finding's line, its message wrapped under itself to fit `columns` when given."""
    head = Text("  ")
    head.append(f"{f.cell or '-':>6}", style="bold")
    head.append("  ")
    width = max(len(severity_word(s.value, lang)) for s in Severity)
    head.append(f"{severity_word(f.severity.value, lang):<{width}}", style=_STYLE[f.severity])
    head.append(f" {f.code}  ", style="cyan")
    indent = head.cell_len
    first, *rest = _wrapped(f.text(lang), indent, columns)
    head.append(first)
    lines = [head, *(Text(" " * indent + piece) for piece in rest)]
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
        see = [f"{ui('see', lang)} {', '.join(cells)}"] if cells else []
        see += [
            f"{ui('see', lang)} {visible(r.file)} {visible(r.sheet or '')}!{r.cell}"
            for r in others[:MAX_RELATED_SHOWN]
        ]
        for line in see:
            lines += [
                Text(" " * indent + piece, style="dim") for piece in _wrapped(line, indent, columns)
            ]
    return lines


def render(report: Report, options: RenderOptions) -> str:
    lang = options.lang
    buffer = io.StringIO()
    console = string_console(buffer, color=options.color, width=options.width or 10_000)
    by_file = {f.file: f for f in report.files}
    for file, found in groupby(report.findings, key=lambda f: f.file):
        result = by_file.get(file)
        # File and sheet names are shown, never obeyed: an escape in a name stays text.
        title = Text(visible(file), style="bold underline")
        if result is not None and result.agency:
            year = result.year or ui("no_year", lang)
            title.append(f"  ({result.agency}, {year})", style="dim")
        console.print(title)
        for sheet, in_sheet in groupby(found, key=lambda f: f.sheet or ""):
            console.print(Text(f" {visible(sheet) or ui('workbook', lang)}", style="bold"))
            for finding in in_sheet:
                for line in _finding_lines(finding, lang, options.width):
                    console.print(line)
        console.print()
    clean = [f.file for f in report.files if not f.errors and not f.warnings]
    for file in clean:
        console.print(
            Text.assemble((visible(file), "bold"), (f"  {ui('no_findings', lang)}", "green"))
        )
    console.print(escape(summary_line(report, lang)), style="bold")
    return buffer.getvalue()


def summary_line(report: Report, lang: str = "en") -> str:
    parts = [
        counted("files", len(report.files), lang),
        counted("errors", report.errors, lang),
        counted("warnings", report.warnings, lang),
    ]
    unreadable = sum(1 for f in report.files if f.status == "unreadable")
    if unreadable:
        parts.append(counted("unreadable", unreadable, lang))
    return ", ".join(parts)
