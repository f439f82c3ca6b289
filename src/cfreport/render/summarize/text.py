"""The consolidated figures for a terminal: one block per area, like the report's pages."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from rich.text import Text
from tabulate import tabulate

from cfreport.against import AgainstReport
from cfreport.compare import ChangeLine, Comparison
from cfreport.figures import Source, Summary
from cfreport.framework import Framework
from cfreport.i18n import counted, ui
from cfreport.render import RenderOptions
from cfreport.render.console import string_console
from cfreport.render.money_table import MoneyTable, millions, money_table
from cfreport.render.summary_rows import Row, section_title, summary_rows, summary_title
from cfreport.summarize import SummaryOutcome
from cfreport.text import visible


def number(value: float | int | str, unit: str = "", *, money: bool = False) -> str:
    """Thousands separators; money with its currency and cents; text as it is."""
    if isinstance(value, str):
        return visible(value)  # a workbook's text: shown, never obeyed by the terminal
    if money:
        return f"{unit} {value:,.2f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def money_lines(table: MoneyTable) -> list[str]:
    """The money table as aligned lines, each row's findings after it."""
    marked = any(row.codes for row in table.rows)
    body = [
        [
            visible(row.label),
            visible(row.measure),
            *(millions(c.value) if c else "-" for c in row.cells),
            *([f"[! {', '.join(row.codes)}]" if row.codes else ""] if marked else []),
        ]
        for row in table.rows
    ]
    lines = tabulate(
        body,
        headers=["", "", *table.columns, *([""] if marked else [])],
        tablefmt="simple",
        colalign=("left", "left", *("right",) * len(table.columns), *(["left"] if marked else [])),
        disable_numparse=True,
    ).splitlines()
    return [line.rstrip() for line in lines]


def sources_text(sources: Sequence[Source]) -> list[str]:
    """'file: Sheet!A1, Sheet!A2' per file."""
    lines = []
    for file, places in groupby(sources, key=lambda p: p.file):
        cells = ", ".join(f"{p.sheet}!{p.cell}" for p in places)
        lines.append(visible(f"{file}: {cells}"))
    return lines


def signed(value: float | int | None, *, money: bool = False) -> str:
    """'+2,349', '-40', '0': a change between two years."""
    if value is None:
        return ""
    shown = number(abs(value), money=False) if not money else f"{abs(value):,.2f}"
    return ("+" if value > 0 else "-" if value < 0 else "") + shown


def previous_text(line: ChangeLine | None, year: int | None, lang: str, money: bool) -> str:
    """'2021: 294, +2,349': the value of the year compared and the change."""
    if line is None:
        return ""
    before = (
        ui("cmp_none", lang)
        if line.previous is None
        else (f"{line.previous:,.2f}" if money else number(line.previous))
    )
    return f"{year or ''}: {before}, {signed(line.change, money=money)}"


def _line(row: Row, explain: bool, lang: str, comparison: Comparison | None = None) -> list[Text]:
    indent = "  " + ("            " + "  " * row.depth if row.depth else "")
    text = Text(indent)
    if row.section in ("indicator", "breakdown"):
        text.append(
            f"{number(row.value, row.unit, money=row.money):>10}" if row.depth == 0 else "",
            style="bold",
        )
        if row.depth:
            text.append(f"{visible(row.item)}: ")
            text.append(number(row.value, row.unit, money=row.money), style="bold")
        else:
            text.append(f"  {visible(row.item)} ({row.unit})")
    else:
        text.append(f"{visible(row.item)}: ")
        text.append(number(row.value, row.unit, money=row.money), style="bold")
    line = comparison.by_key().get(row.key) if comparison is not None and row.key else None
    if line is not None:
        previous = previous_text(
            line, comparison.previous_year if comparison else None, lang, row.money
        )
        text.append(f"  ({previous})", style="dim")
    codes = (*row.codes, *(line.codes if line else ()))
    if codes:
        text.append(f"  [! {', '.join(codes)}]", style="bold red")
    out = [text]
    if explain and row.sources:
        out += [
            Text(f"{indent}      {ui('sum_from', lang)} {line}", style="dim")
            for line in sources_text(row.sources)
        ]
    if explain and row.explained:
        out += [Text(f"{indent}      {ui('sum_through', lang)}", style="dim")]
        out += [Text(f"{indent}        {visible(line)}", style="dim") for line in row.explained]
    return out


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    assert options.framework is not None
    text = summary_text(
        outcome.summary,
        options.framework,
        options.area,
        explain=options.explain,
        color=options.color,
        lang=options.lang,
        comparison=outcome.comparison,
    )
    if outcome.against is not None:
        text += "\n" + against_text(outcome.against, options.lang)
    if outcome.comparison is not None:
        text += "\n" + comparison_text(outcome.comparison, options.lang)
    return text


def comparison_text(comparison: Comparison, lang: str = "en") -> str:
    """The changes since the year compared that need an explanation, each at its cells."""
    lines = [
        ui("cmp_head", lang).format(
            year=comparison.year or "",
            previous=comparison.previous_year or "",
            origin=visible(comparison.previous_from),
            changes=counted("cmp_changes", len(comparison.findings), lang),
        )
    ]
    for f in comparison.findings:
        lines.append(f"  {f.code}  {visible(f.text(lang))}")
        cells = [f"{Path(f.file).name} {f.location}"] if f.cell else []
        cells += [f"{Path(p.file).name} {p.sheet}!{p.cell}" for p in f.related[:5]]
        if cells:
            more = " ..." if len(f.related) > 5 else ""
            lines.append(f"        {ui('sum_at', lang)} {visible(', '.join(cells))}{more}")
    return "\n".join(lines) + "\n"


def against_text(report: AgainstReport, lang: str = "en") -> str:
    """The comparison with a report draft: each difference and the cells behind the data."""
    lines = [
        ui("against_head", lang).format(
            file=report.file,
            checked=report.checked,
            differences=len(report.findings),
            not_checked=len(report.not_checked),
        )
    ]
    for f in report.findings:
        lines.append(f"  {f.code}  {f.text(lang)}")
        cells = ", ".join(f"{Path(p.file).name} {p.sheet}!{p.cell}" for p in f.related[:6])
        if cells:
            more = " ..." if len(f.related) > 6 else ""
            lines.append(f"        {ui('sum_from', lang)} {cells}{more}")
    for item in report.not_checked:
        lines.append("  " + ui("against_not_checked", lang).format(figure=item.text(lang)))
    return "\n".join(lines) + "\n"


def summary_text(
    summary: Summary,
    fw: Framework,
    area: str = "all",
    *,
    explain: bool = False,
    color: bool | None = False,
    lang: str = "en",
    comparison: Comparison | None = None,
) -> str:
    buffer = io.StringIO()
    console = string_console(buffer, color=color, width=140)
    names = {a.code: (a.kind, a.name_in(lang)) for a in fw.areas}
    console.print(Text(summary_title(summary, fw, lang), style="bold"))
    table = money_table(summary, fw, lang)
    for file, why in summary.left_out.items():
        left = ui("sum_left_out", lang).format(file=file, why=why.text(lang))
        console.print(Text(left, style="yellow"))
    console.print()
    for code, rows in groupby(summary_rows(summary, fw, area, lang), key=lambda r: r.area):
        if code == "all":
            title = ui("sum_system", lang)
        else:
            kind, name = names[code]
            title = ui("sum_area_title" if kind == "work" else "sum_cross_title", lang).format(
                code=code, name=name
            )
        console.print(Text(title, style="bold underline"))
        section = ""
        for row in rows:
            if row.section == "money" and section != "money":
                console.print(
                    Text(f" {table.title}", style="bold")
                    if (table := money_table(summary, fw, lang))
                    else Text()
                )
                if table:
                    for line in money_lines(table):
                        console.print(Text(f"  {line}"))
            if row.section == "money" and not explain:
                section = row.section
                continue
            if row.section != section and (code == "all" or row.section == "populations"):
                heading = (
                    ui("sum_populations_heading", lang)
                    if row.section == "populations"
                    else section_title(row.section, lang)
                )
                console.print(Text(f" {heading}", style="bold"))
            section = row.section
            for printed in _line(row, explain, lang, comparison):
                console.print(printed)
        console.print()
    affected = summary.affected()
    if summary.findings or affected:
        note = ui("sum_findings_note", lang).format(
            findings=counted("sum_findings", len(summary.findings), lang),
            codes=", ".join(sorted({f.code for f in summary.findings})) or "-",
            affected=counted("sum_affected", affected, lang),
        )
        console.print(Text(note, style="yellow"))
    return buffer.getvalue()
