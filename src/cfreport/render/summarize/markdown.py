"""The consolidated figures as Markdown tables (tabulate), one section per area."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from tabulate import tabulate

from cfreport.compare import Comparison
from cfreport.figures import Summary
from cfreport.framework import Framework
from cfreport.i18n import counted, ui
from cfreport.render import RenderOptions
from cfreport.render.money_table import MoneyTable, millions, money_table
from cfreport.render.safe import markdown_cell
from cfreport.render.summarize.text import number, signed
from cfreport.render.summary_rows import section_title, summary_rows, summary_title
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    assert options.framework is not None
    text = render_summary_markdown(
        outcome.summary, options.framework, options.area, options.lang, outcome.comparison
    )
    if outcome.comparison is not None:
        text += "\n" + comparison_markdown(outcome.comparison, options.lang)
    return text


def comparison_markdown(comparison: Comparison, lang: str = "en") -> str:
    """The changes that need an explanation, one line each with its cell."""
    out = [
        "## "
        + markdown_cell(
            ui("cmp_head", lang).format(
                year=comparison.year or "",
                previous=comparison.previous_year or "",
                origin=comparison.previous_from,
                changes=counted("cmp_changes", len(comparison.findings), lang),
            )
        ),
        "",
    ]
    for f in comparison.findings:
        where = (
            f" ({markdown_cell(Path(f.file).name)} {markdown_cell(f.location)})" if f.cell else ""
        )
        out.append(f"- **{f.code}** {markdown_cell(f.text(lang))}{where}")
    return "\n".join(out) + "\n"


def render_summary_markdown(
    summary: Summary,
    fw: Framework,
    area: str = "all",
    lang: str = "en",
    comparison: Comparison | None = None,
) -> str:
    lines = comparison.by_key() if comparison is not None else {}
    names = {a.code: a.name_in(lang) for a in fw.areas}
    out = [f"# {markdown_cell(fw.name_in(lang))}, {summary.year or ''}", ""]
    out += [markdown_cell(summary_title(summary, fw, lang)), ""]
    for code, rows in groupby(summary_rows(summary, fw, area, lang), key=lambda r: r.area):
        title = ui("sum_system", lang) if code == "all" else f"{code}. {names[code]}"
        out.append(f"## {markdown_cell(title)}")
        out.append("")
        table = []
        for row in rows:
            if row.section == "money":
                continue
            line = lines.get(row.key)
            compared = (
                (
                    markdown_cell(_previous(line.previous, row.money)) if line else "",
                    markdown_cell(signed(line.change, money=row.money)) if line else "",
                )
                if comparison is not None
                else ()
            )
            table.append(
                (
                    markdown_cell(section_title(row.section, lang)),
                    ("&nbsp;&nbsp;" * row.depth) + markdown_cell(row.item),
                    # A text figure (the agencies that report) is a workbook's text, escaped too.
                    markdown_cell(number(row.value, row.unit, money=row.money)),
                    *compared,
                    ", ".join((*row.codes, *(line.codes if line else ()))),
                )
            )
        extra = (
            (str(comparison.previous_year or ""), ui("cmp_col_change", lang))
            if comparison is not None
            else ()
        )
        out.append(
            tabulate(
                table,
                headers=(
                    "",
                    ui("sum_col_figure", lang),
                    ui("sum_col_value", lang),
                    *extra,
                    ui("sum_col_findings", lang),
                ),
                tablefmt="pipe",
                colalign=("left", "left", "right", *("right",) * len(extra), "left"),
            )
        )
        out.append("")
        if code == "all" and (money := money_table(summary, fw, lang)) is not None:
            out += [f"### {markdown_cell(money.title)}", "", money_markdown(money, lang), ""]
    return "\n".join(out)


def _previous(value: float | int | None, money: bool) -> str:
    return "" if value is None else (f"{value:,.2f}" if money else number(value))


def money_markdown(table: MoneyTable, lang: str = "en") -> str:
    """The money table in millions, each row's findings in its last column."""
    body = [
        (
            markdown_cell(row.label),
            markdown_cell(row.measure),
            *(millions(c.value) if c else "-" for c in row.cells),
            ", ".join(row.codes),
        )
        for row in table.rows
    ]
    return str(
        tabulate(
            body,
            headers=("", "", *table.columns, ui("sum_col_findings", lang)),
            tablefmt="pipe",
            colalign=("left", "left", *("right",) * len(table.columns), "left"),
            disable_numparse=True,
        )
    )
