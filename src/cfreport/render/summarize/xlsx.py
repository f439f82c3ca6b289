"""The consolidated workbook: an overview with native Excel charts, a sheet per area, sources."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from cfreport.compare import Comparison
from cfreport.figures import Source, Summary
from cfreport.framework import Framework
from cfreport.i18n import counted, header, ui
from cfreport.render import RenderOptions
from cfreport.render.money_table import money_table
from cfreport.render.summary_rows import Row, area_rows, section_title, summary_title
from cfreport.summarize import SummaryOutcome
from cfreport.workbook.printing import for_print
from cfreport.workbook.streamed_rows import with_rows
from cfreport.workbook.styles import BOLD, ERROR_FILL, HEADER_FILL, HEADER_FONT, TITLE_FONT
from cfreport.workbook.text_cells import put

BINARY = True
"""A workbook: written to a file with -o."""

MARK_FILL = ERROR_FILL
CHARTS_END = 22
"""The overview's last column that a chart reaches (they are anchored at L)."""


def _put(ws: Worksheet, row: int, col: int, value: Any, number_format: str = "") -> None:
    """Write a value; text from a workbook is always a string cell, never a formula."""
    cell = put(ws, row, col, value)
    if number_format:
        cell.number_format = number_format


def _header(ws: Worksheet, row: int, titles: tuple[str, ...], first_col: int = 1) -> None:
    for col, title in enumerate(titles, start=first_col):
        cell = put(ws, row, col, title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT


def _format(row: Row) -> str:
    if isinstance(row.value, str):
        return ""
    return "#,##0.00" if row.money else "#,##0"


SHEET_ROWS = 1_048_576
"""The most rows an Excel sheet has."""
SOURCE_TITLES = ("figure", "sheet of figure", "file", "sheet", "cell", "value")


class _Sources:
    """The Sources sheets: one line per source cell of each figure, keyed by a figure id.

    A summary of thousands of workbooks has millions of cells: a full sheet goes on in
    'Sources 2', and so on, and the lines are written into the saved workbook as they are made
    (`streamed_rows`), not as a cell object each."""

    def __init__(self) -> None:
        self.figures: list[tuple[str, str, Sequence[Source]]] = []
        self.lines = 0

    def add(self, sheet: str, row: Row) -> str:
        if not row.sources:
            return ""
        ref = f"F{len(self.figures) + 1}"
        self.figures.append((ref, sheet, row.sources))
        self.lines += len(row.sources)
        return ref

    def sheets(self, wb: Workbook, lang: str) -> list[tuple[Worksheet, int]]:
        """The Sources sheets, their headers written, each with the lines it will hold."""
        per_sheet = SHEET_ROWS - 1
        out = []
        for n in range(1, max(1, -(-self.lines // per_sheet)) + 1):
            title = header("Sources", lang) if n == 1 else header("Sources {n}", lang)
            ws = wb.create_sheet(title.format(n=n))
            _header(ws, 1, tuple(header(t, lang) for t in SOURCE_TITLES))
            out.append((ws, min(per_sheet, self.lines - (n - 1) * per_sheet)))
        return out

    def lines_of(self) -> Iterator[tuple[object, ...]]:
        for ref, sheet, places in self.figures:
            for place in places:
                yield (ref, sheet, place.file, place.sheet, place.cell, place.value)


def _figures_sheet(ws: Worksheet, rows: list[Row], sources: _Sources, lang: str) -> None:
    titles = ("section", "figure", "value", "unit", "findings", "sources")
    _header(ws, 1, tuple(header(t, lang) for t in titles))
    for r, row in enumerate(rows, start=2):
        _put(ws, r, 1, section_title(row.section, lang))
        _put(ws, r, 2, row.item)
        ws.cell(row=r, column=2).alignment = Alignment(indent=row.depth * 2)
        _put(ws, r, 3, row.value, _format(row))
        _put(ws, r, 4, row.unit)
        _put(ws, r, 5, " ".join(row.codes))
        if row.codes:
            ws.cell(row=r, column=3).fill = MARK_FILL
        _put(ws, r, 6, sources.add(ws.title, row))
    for letter, width in zip("ABCDEF", (22, 90, 18, 12, 14, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _overview(ws: Worksheet, summary: Summary, fw: Framework, lang: str) -> None:
    def h(*titles: str) -> tuple[str, ...]:
        return tuple(header(t, lang) for t in titles)

    ws["A1"] = f"{fw.name_in(lang)}, {summary.year or ''}"
    ws["A1"].font = TITLE_FONT
    # Partial totals never look final: how many of the framework's agencies are counted.
    _put(ws, 2, 1, summary_title(summary, fw, lang))
    _header(ws, 3, h("work area", "initiatives", "joint initiatives"))
    names = {a.code: a.name_in(lang) for a in fw.areas}
    row = 4
    for code, fig in summary.initiatives_by_area.items():
        _put(ws, row, 1, f"{code}. {names[code]}")
        _put(ws, row, 2, fig.value, "#,##0")
        _put(ws, row, 3, summary.joint_initiatives_by_area[code].value, "#,##0")
        row += 1
    last_area_row = row - 1
    chart = BarChart()
    chart.title = header("Initiatives by work area", lang)
    chart.y_axis.title = header("initiatives", lang)
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=3, max_row=last_area_row), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=last_area_row))
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, "L3")

    row = _money_block(ws, summary, fw, lang, last_area_row + 3)
    row += 2
    amount = header("amount ({currency})", lang).format(currency=fw.currency)
    _header(ws, row, (*h("joint programmes", "programmes"), amount))
    for p in summary.programmes:
        row += 1
        _put(ws, row, 1, fw.programme_status_in(p.status, lang))
        _put(ws, row, 2, p.count.value, "#,##0")
        _put(ws, row, 3, p.amount.value, "#,##0.00")
    for letter, width in zip("ABCDEFGHIJ", (48, 18, 18, 12, 12, 12, 12, 12, 12, 14), strict=False):
        ws.column_dimensions[letter].width = width


def _money_block(ws: Worksheet, summary: Summary, fw: Framework, lang: str, top: int) -> int:
    """The area x year money table in millions, and a chart of the period's required and
    available by area; the row after it. (The System-wide sheet keeps exact amounts, sourced.)"""
    table = money_table(summary, fw, lang)
    if table is None:
        return top
    _put(ws, top, 1, table.title)
    ws.cell(row=top, column=1).font = BOLD
    head = top + 1
    _header(ws, head, (ui("money_area", lang), "", *table.columns, ui("sum_col_findings", lang)))
    row = head
    for line in table.rows:
        row += 1
        _put(ws, row, 1, line.label)
        _put(ws, row, 2, line.measure)
        for col, cell in enumerate(line.cells, start=3):
            if cell is None:
                continue
            _put(ws, row, col, cell.value / 1_000_000, "#,##0.00")
            if cell.codes:
                ws.cell(row=row, column=col).fill = MARK_FILL
        _put(ws, row, 3 + len(table.columns), " ".join(line.codes))
    period = 2 + len(table.columns)
    areas = len(summary.money_by_area)
    chart_top = row + 2
    # The chart reads a compact copy: one line per area, the period's required and available.
    _header(ws, chart_top, (ui("money_area", lang), table.rows[0].measure, table.rows[1].measure))
    for i in range(areas):
        required, available = table.rows[3 * i], table.rows[3 * i + 1]
        r = chart_top + 1 + i
        _put(ws, r, 1, required.label)
        for col, line in ((2, required), (3, available)):
            cell = line.cells[period - 3]
            _put(ws, r, col, cell.value / 1_000_000 if cell else None, "#,##0.00")
    if areas:
        chart = BarChart()
        chart.title = f"{table.title} ({table.columns[-1]})"
        chart.add_data(
            Reference(ws, min_col=2, max_col=3, min_row=chart_top, max_row=chart_top + areas),
            titles_from_data=True,
        )
        chart.set_categories(
            Reference(ws, min_col=1, min_row=chart_top + 1, max_row=chart_top + areas)
        )
        chart.height, chart.width = 8, 16
        ws.add_chart(chart, f"L{max(top, 22)}")
    return chart_top + areas


def render(outcome: SummaryOutcome, options: RenderOptions) -> bytes:
    assert options.framework is not None
    return render_summary_xlsx(
        outcome.summary, options.framework, options.area, options.lang, outcome.comparison
    )


def _comparison_sheet(
    ws: Worksheet, summary: Summary, comparison: Comparison, fw: Framework, area: str, lang: str
) -> None:
    """Each figure this year and in the year compared, the change, its Y codes; a chart of the
    indicator totals by year; then the changes that need an explanation, each at its cell."""
    from cfreport.render.summary_rows import summary_rows

    this, before = str(comparison.year or ""), str(comparison.previous_year or "")
    ws["A1"] = ui("cmp_head", lang).format(
        year=this,
        previous=before,
        origin=comparison.previous_from,
        changes=counted("cmp_changes", len(comparison.findings), lang),
    )
    ws["A1"].font = TITLE_FONT
    _header(
        ws,
        3,
        (
            header("figure", lang),
            this,
            before,
            ui("cmp_col_change", lang),
            header("findings", lang),
        ),
    )
    lines = comparison.by_key()
    row = 4
    totals: list[int] = []
    shown: set[str] = set()
    for figure in summary_rows(summary, fw, area, lang):
        line = lines.get(figure.key)
        if line is None:
            continue
        shown.add(figure.key)
        if figure.section == "indicator":
            totals.append(row)
        number_format = "#,##0.00" if figure.money else "#,##0"
        _put(ws, row, 1, ("  " * figure.depth) + figure.item)
        _put(ws, row, 2, line.current, number_format)
        _put(ws, row, 3, line.previous, number_format)
        _put(ws, row, 4, line.change, number_format)
        _put(ws, row, 5, ", ".join(line.codes))
        if line.codes:
            for col in range(1, 6):
                ws.cell(row=row, column=col).fill = MARK_FILL
        row += 1
    for line in comparison.figures:  # reported only in the year compared
        if line.key not in shown and (area == "all" or line.key.startswith("indicator/")):
            _put(ws, row, 1, line.key)
            _put(ws, row, 3, line.previous, "#,##0")
            _put(ws, row, 4, line.change, "#,##0")
            _put(ws, row, 5, ", ".join(line.codes))
            row += 1
    listed = row + 2
    _header(ws, listed, tuple(header(t, lang) for t in ("code", "message", "file", "cell")))
    for f in comparison.findings:
        listed += 1
        _put(ws, listed, 1, f.code)
        _put(ws, listed, 2, f.text(lang))
        _put(ws, listed, 3, f.file)
        _put(ws, listed, 4, f.location)
    if totals:
        # The indicator totals of both years side by side (a block of their own, which the
        # chart reads): a jump shows at a glance.
        _header(ws, 3, (header("indicator", lang), before, this), first_col=7)
        for i, source_row in enumerate(totals, start=4):
            code = str(ws.cell(row=source_row, column=1).value).split(" ")[0]
            _put(ws, i, 7, code)
            for col, from_col in ((8, 3), (9, 2)):
                _put(ws, i, col, ws.cell(row=source_row, column=from_col).value, "#,##0")
        last = 3 + len(totals)
        chart = BarChart()
        chart.title = header("Indicator totals by year", lang)
        chart.y_axis.title = header("value", lang)
        chart.add_data(
            Reference(ws, min_col=8, max_col=9, min_row=3, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=7, min_row=4, max_row=last))
        chart.height, chart.width = 10, 18
        ws.add_chart(chart, "K3")
    for letter, width in zip("ABCDEFGHI", (60, 14, 14, 14, 16, 4, 12, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width


def render_summary_xlsx(
    summary: Summary,
    fw: Framework,
    area: str = "all",
    lang: str = "en",
    comparison: Comparison | None = None,
) -> bytes:
    from cfreport.render.summary_rows import system_rows

    wb = Workbook()
    overview = wb.active
    overview.title = header("Overview", lang)
    _overview(overview, summary, fw, lang)
    sources = _Sources()
    for figures in summary.areas:
        if area not in ("all", figures.code):
            continue
        title = header("Area {code}" if figures.kind == "work" else "Cross-cutting {code}", lang)
        _figures_sheet(
            wb.create_sheet(title.format(code=figures.code)),
            area_rows(figures, fw, lang),
            sources,
            lang,
        )
    if area == "all":
        _figures_sheet(
            wb.create_sheet(header("System-wide", lang)),
            system_rows(summary, fw, lang),
            sources,
            lang,
        )
    compared = None
    if comparison is not None:
        compared = wb.create_sheet(header("Comparison", lang))
        _comparison_sheet(
            compared,
            summary,
            comparison,
            fw,
            area,
            lang,
        )
    source_sheets = sources.sheets(wb, lang)
    lines = {ws.title: n for ws, n in source_sheets}
    for ws in wb.worksheets:
        # Charts sit beside the overview's tables: the page takes them in.
        if ws in (overview, compared):
            for_print(ws, last_row=ws.max_row, last_column=CHARTS_END, gridlines=False)
        else:
            for_print(ws, last_row=ws.max_row + lines.get(ws.title, 0))
    buffer = io.BytesIO()
    wb.save(buffer)
    every = sources.lines_of()
    return with_rows(
        buffer.getvalue(), {ws.title: (2, islice(every, n)) for ws, n in source_sheets}
    )
