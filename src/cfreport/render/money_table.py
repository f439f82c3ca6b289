"""Money as the report prints it: an area x year table of required, available and gap, in
millions of the framework's currency (the text, Markdown and xlsx views; JSON and CSV keep
the exact amounts)."""

from __future__ import annotations

from dataclasses import dataclass

from cfreport.figures import Figure, MoneyFigures, Summary
from cfreport.framework import Framework
from cfreport.i18n import ui

MEASURES = ("required", "available", "gap")


@dataclass(frozen=True)
class MoneyRow:
    label: str
    """The area's name (or the total's) on its first measure, '' on the others."""
    measure: str
    cells: tuple[Figure | None, ...]
    """One per column: each year, then the period; None where nothing was reported."""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({c for cell in self.cells if cell for c in cell.codes}))


@dataclass(frozen=True)
class MoneyTable:
    title: str
    columns: tuple[str, ...]
    rows: tuple[MoneyRow, ...]


def millions(value: float | int) -> str:
    """12_345_678 -> '12.35' (the report prints money in millions with two decimals)."""
    return f"{value / 1_000_000:,.2f}"


def _measures(label: str, by_column: list[MoneyFigures | None], lang: str) -> list[MoneyRow]:
    return [
        MoneyRow(
            label if i == 0 else "",
            ui(f"money_{measure}", lang),
            tuple(getattr(m, measure) if m else None for m in by_column),
        )
        for i, measure in enumerate(MEASURES)
    ]


def money_table(summary: Summary, fw: Framework, lang: str = "en") -> MoneyTable | None:
    """The table, or None where no money was reported."""
    if not summary.money:
        return None
    years = [m.year for m in summary.money_by_year if m.year is not None]
    span = f"{min(years)}-{max(years)}"
    cells = {(m.area, m.year): m for m in summary.money}
    names = {a.code: a.name_in(lang) for a in fw.areas}
    rows: list[MoneyRow] = []
    for by_area in summary.money_by_area:
        label = f"{by_area.area}. {names.get(by_area.area, '')}".strip()
        rows += _measures(label, [*(cells.get((by_area.area, y)) for y in years), by_area], lang)
    by_year = {m.year: m for m in summary.money_by_year}
    total = ui("sum_money_total", lang).format(span="").strip()
    rows += _measures(total, [*(by_year.get(y) for y in years), summary.money_total], lang)
    title = ui("money_title", lang).format(currency=fw.currency)
    return MoneyTable(title, (*map(str, years), span), tuple(rows))
