"""The readable report for a terminal: findings grouped by file and sheet, then a summary."""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Iterable
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
GROUP_FROM = 10
"""More findings of one rule in one sheet than this are shown as a group: a line with their
count and rows, and the first few (--all-findings lists every one; other formats always do)."""
GROUP_SHOWN = 5
RANGES_SHOWN = 8


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


def row_ranges(rows: Iterable[int], lang: str = "en", shown: int = RANGES_SHOWN) -> str:
    """'14-19,994' or '3, 7-9, 12' (the first `shown` runs, then how many more)."""
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    parts = [f"{a:,}" if a == b else f"{a:,}-{b:,}" for a, b in runs[:shown]]
    if len(runs) > shown:
        parts.append(ui("more", lang).format(n=len(runs) - shown))
    return ", ".join(parts)


def _in_groups(found: list[Finding], every: bool) -> list[Finding | list[Finding]]:
    """The sheet's findings in order, those of a rule repeated more than GROUP_FROM times
    gathered where the first of them stands."""
    if every:
        return list(found)
    times = Counter(f.code for f in found)
    out: list[Finding | list[Finding]] = []
    groups: dict[str, list[Finding]] = {}
    for f in found:
        if times[f.code] <= GROUP_FROM:
            out.append(f)
        elif f.code in groups:
            groups[f.code].append(f)
        else:
            groups[f.code] = [f]
            out.append(groups[f.code])
    return out


def _group_line(group: list[Finding], lang: str) -> Text:
    first = group[0]
    rows = [f.row for f in group if f.row]
    line = Text("  ")
    line.append(f"{first.code}", style="cyan")
    line.append(
        " "
        + ui("group_head", lang).format(
            n=f"{len(group):,}",
            rows=row_ranges(rows, lang),
            shown=min(GROUP_SHOWN, len(group)),
        ),
        style="bold",
    )
    return line


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
            for item in _in_groups(list(in_sheet), options.every_finding):
                if isinstance(item, list):
                    console.print(_group_line(item, lang))
                    shown = item[:GROUP_SHOWN]
                else:
                    shown = [item]
                for finding in shown:
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
