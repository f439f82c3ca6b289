"""A view of figures as one table, grouped by area, in text, Markdown, CSV and xlsx: how the
framework period (years side by side) and each agency's share are printed.

A view builds a `TableView`; the functions here write it in each format, so that both views
read alike in every format and mark a figure with a finding behind it the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from tabulate import tabulate

from cfreport.domain.figure_keys import KeyedFigure
from cfreport.framework import Framework
from cfreport.render.figure_labels import group_title
from cfreport.render.safe import BOM, csv_value, markdown_cell
from cfreport.text import visible

Cell = float | int | str | None


@dataclass(frozen=True)
class Line:
    """One line of the table: a figure, or a part of one (an agency's share)."""

    figure: KeyedFigure
    """The figure's key and descriptive fields (area, section, indicator, category ...)."""
    label: str
    depth: int
    cells: tuple[Cell, ...]
    codes: str = ""
    """The findings behind the line, as the view words them ('V002 (2022)')."""
    money: bool = False


@dataclass(frozen=True)
class TableView:
    title: str
    columns: tuple[str, ...]
    """Headers of the cells, in the run's language."""
    column_keys: tuple[str, ...]
    """The same columns as the CSV names them, stable in every language."""
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()
    """Sentences printed before the table (what a period total means ...)."""
    figure_header: str = "figure"
    findings_header: str = "findings"
    currency: str = ""
    footer: tuple[str, ...] = ()


def _shown(value: Cell, money: bool) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):  # "" where the column does not apply
        return visible(value)
    if money:
        return f"{value:,.2f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def _groups(view: TableView) -> Sequence[tuple[str, list[Line]]]:
    return [(g, list(lines)) for g, lines in groupby(view.lines, key=lambda line: line.figure.area)]


def _right(value: Cell) -> bool:
    return value == "" or not isinstance(value, str)


def _numeric(view: TableView, lines: Sequence[Line]) -> list[bool]:
    """Which columns hold numbers (right-aligned)."""
    return [all(_right(line.cells[i]) for line in lines) for i in range(len(view.columns))]


def aligned(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows as columns two spaces apart, each cell padded to its column (right-aligned where
    `right` says), the first row a header underlined with dashes; leading spaces are kept."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    rule = ["-" * w for w in widths]
    out = []
    for row in (rows[0], rule, *rows[1:]):
        cells = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return out


LABEL_WIDTH = 72
"""The most of a figure's name a terminal line shows; the other formats give it whole."""


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"


def as_text(view: TableView, fw: Framework, lang: str) -> str:
    """Aligned columns under each area's title; a marked line ends with [! CODES]."""
    out = [visible(view.title), *(visible(n) for n in view.notes), ""]
    for group, lines in _groups(view):
        out.append(group_title(group, fw, lang))
        body = [
            [
                "  " * line.depth + _cut(visible(line.label)),
                *(_shown(c, line.money) for c in line.cells),
                f"[! {line.codes}]" if line.codes else "",
            ]
            for line in lines
        ]
        rows = [[view.figure_header, *view.columns, ""], *body]
        out += [f"  {row}" for row in aligned(rows, [False, *_numeric(view, lines), False])]
        out.append("")
    out += [visible(f) for f in view.footer]
    return "\n".join(out).rstrip("\n") + "\n"


def as_markdown(view: TableView, fw: Framework, lang: str) -> str:
    """A section per area, a pipe table in each."""
    out = [f"# {markdown_cell(view.title)}", ""]
    out += [*(markdown_cell(n) for n in view.notes), ""] if view.notes else []
    for group, lines in _groups(view):
        out += [f"## {markdown_cell(group_title(group, fw, lang))}", ""]
        body = [
            [
                "&nbsp;" * 2 * line.depth + markdown_cell(line.label),
                *(markdown_cell(_shown(c, line.money)) for c in line.cells),
                markdown_cell(line.codes),
            ]
            for line in lines
        ]
        out.append(
            tabulate(
                body,
                headers=[
                    markdown_cell(view.figure_header),
                    *(markdown_cell(c) for c in view.columns),
                    markdown_cell(view.findings_header),
                ],
                tablefmt="pipe",
                colalign=(
                    "left",
                    *("right" if n else "left" for n in _numeric(view, lines)),
                    "left",
                ),
                disable_numparse=True,
            )
        )
        out.append("")
    out += [markdown_cell(f) for f in view.footer]
    return "\n".join(out).rstrip("\n") + "\n"


DESCRIBED = ("key", "area", "section", "indicator", "category", "year", "measure")
"""The CSV's first columns: the figure's stable key and fields (domain/figure_keys.py)."""


def as_csv(view: TableView, *, bom: bool = False) -> str:
    """One row per line: the figure's key and fields, the label in the run's language, its
    depth, the cells (numbers as numbers) and the findings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*DESCRIBED, "item", "depth", *view.column_keys, "findings"])
    for line in view.lines:
        f = line.figure
        writer.writerow(
            [
                csv_value(v)
                for v in (
                    f.key,
                    f.area,
                    f.section,
                    f.indicator,
                    f.category,
                    f.year,
                    f.measure,
                    line.label,
                    line.depth,
                    *line.cells,
                    line.codes,
                )
            ]
        )
    return (BOM if bom else "") + buffer.getvalue()


def as_xlsx(view: TableView, fw: Framework, lang: str, sheet: str) -> bytes:
    """One sheet: the title and notes, then each area's title, header and lines; numbers as
    numbers with their format, a marked line's cells filled; printed one page wide."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from cfreport.workbook.printing import fit_row, for_print
    from cfreport.workbook.styles import BOLD, ERROR_FILL, HEADER_FILL, HEADER_FONT, TITLE_FONT
    from cfreport.workbook.text_cells import put

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    width = len(view.columns) + 2
    widths = [60, *([16] * (width - 1))]
    for col, chars in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = chars
    row = 0
    for text in (view.title, *view.notes):
        # Title and notes span the table, wrapped: a long one would print cut at the page edge.
        row += 1
        cell = put(ws, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        lines_needed = -(-len(text) * (1.3 if row == 1 else 1) // sum(widths))
        ws.row_dimensions[row].height = 15 * max(1, lines_needed) + (4 if row == 1 else 0)
    ws.cell(row=1, column=1).font = TITLE_FONT
    for group, lines in _groups(view):
        row += 1
        put(ws, row, 1, group_title(group, fw, lang)).font = BOLD
        row += 1
        for col, title in enumerate(
            (view.figure_header, *view.columns, view.findings_header), start=1
        ):
            cell = put(ws, row, col, title)
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        for line in lines:
            row += 1
            label = put(ws, row, 1, line.label)
            label.alignment = Alignment(
                horizontal="left", indent=line.depth * 2, wrap_text=True, vertical="top"
            )
            for col, value in enumerate(line.cells, start=2):
                cell = put(ws, row, col, value)
                cell.alignment = Alignment(vertical="top")
                if not isinstance(value, str):
                    cell.number_format = "#,##0.00" if line.money else "#,##0"
                if line.codes:
                    cell.fill = ERROR_FILL
            put(ws, row, width, line.codes).alignment = Alignment(vertical="top")
            fit_row(ws, row)
    for note in view.footer:
        row += 2
        put(ws, row, 1, note)
    for_print(ws, last_row=ws.max_row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
