"""The period as a table: each figure's value in each year and, where adding years makes sense,
the period total; each area's states in any year under its coverage."""

from __future__ import annotations

from cfreport.domain.figure_keys import KeyedFigure
from cfreport.figures import Figure
from cfreport.framework import Framework
from cfreport.i18n import ui
from cfreport.period import AreaStates, Period, PeriodLine
from cfreport.render import RenderOptions
from cfreport.render.figure_labels import figure_depth, figure_label, is_money
from cfreport.render.table_view import Line, TableView


def _codes(line: PeriodLine) -> str:
    """'V002 (2022)': each code with the years it touches."""
    years: dict[str, list[int]] = {}
    for year, codes in sorted(line.codes.items()):
        for code in codes:
            years.setdefault(code, []).append(year)
    return ", ".join(f"{c} ({', '.join(map(str, ys))})" for c, ys in sorted(years.items()))


def span(period: Period) -> str:
    """'2021-2022', or the one year."""
    first, last = period.years[0], period.years[-1]
    return f"{first}-{last}" if first != last else str(first)


def period_view(period: Period, options: RenderOptions) -> TableView:
    """The lines of the areas `options.area` selects, system-wide figures with 'all'."""
    fw = options.framework
    assert fw is not None
    lang = options.lang
    states = {s.area: s for s in period.states}
    lines: list[Line] = []
    for p in period.lines:
        if options.area != "all" and p.area != options.area:
            continue
        figure = p.keyed()
        total: float | int | str | None = p.total if p.total is not None else ""
        cells = (*(p.values.get(y) for y in period.years), total)
        lines.append(
            Line(
                figure,
                figure_label(figure, fw, lang),
                figure_depth(figure),
                cells,
                _codes(p),
                is_money(figure),
            )
        )
        held = states.get(p.area)
        if p.section == "coverage" and held is not None:
            lines.append(_any_year(p, held, period.years, fw, lang))
    origins = "; ".join(f"{y}: {o}" for y, o in sorted(period.origins.items()))
    return TableView(
        title=ui("period_title", lang).format(framework=fw.name_in(lang), span=span(period)),
        columns=(*map(str, period.years), ui("period_total", lang).format(span=span(period))),
        column_keys=(*map(str, period.years), "period"),
        lines=tuple(lines),
        notes=(ui("period_from", lang).format(origins=origins), ui("period_caveat", lang)),
        figure_header=ui("sum_col_figure", lang),
        findings_header=ui("sum_col_findings", lang),
    )


def _any_year(
    coverage: PeriodLine, held: AreaStates, years: tuple[int, ...], fw: Framework, lang: str
) -> Line:
    """The states covered in any year, and those some year did not cover."""
    counted = [s for s in held.any_year if s in fw.state_by_code]
    missing = []
    for year in years:
        lacking = [s for s in counted if s not in held.by_year.get(year, ())]
        if lacking:
            missing.append(ui("period_not_in", lang).format(year=year, states=", ".join(lacking)))
    figure = KeyedFigure(
        f"area/{coverage.area}/coverage/any-year",
        Figure(value=len(counted)),
        coverage.area,
        "coverage",
        measure="any-year",
    )
    label = ui("period_any_year", lang) + (f" ({'; '.join(missing)})" if missing else "")
    return Line(figure, label, 1, (*([""] * len(years)), len(counted)))
