"""The consolidated figures as flat rows: what the text, Markdown, CSV and xlsx views print."""

from __future__ import annotations

from dataclasses import dataclass

from cfreport.figures import AreaFigures, Figure, MoneyFigures, Source, Summary
from cfreport.framework import Framework


@dataclass(frozen=True)
class Row:
    area: str
    """An area code, or 'all' for the system-wide figures."""
    section: str
    item: str
    depth: int
    value: float | int | str
    unit: str = ""
    codes: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


def _row(area: str, section: str, item: str, fig: Figure, unit: str = "", depth: int = 0) -> Row:
    return Row(area, section, item, depth, fig.value, unit, fig.codes, fig.sources)


def area_rows(area: AreaFigures, fw: Framework) -> list[Row]:
    rows: list[Row] = []
    for ind in area.indicators:
        if ind.total is None:
            rows.append(
                Row(area.code, "indicator", f"{ind.code} {ind.name}", 0, "not reported", ind.unit)
            )
            continue
        rows.append(_row(area.code, "indicator", f"{ind.code} {ind.name}", ind.total, ind.unit))
        for line in ind.breakdown:
            rows.append(
                _row(
                    area.code,
                    "breakdown",
                    line.path[-1],
                    line.figure,
                    ind.unit,
                    depth=len(line.path),
                )
            )
    states = f"{len(area.states)} states" + (" and the federal level" if area.federal else "")
    rows.append(Row(area.code, "coverage", "We work in", 0, states))
    rows.append(_row(area.code, "initiatives", "Initiatives", area.initiatives))
    rows.append(_row(area.code, "initiatives", "Joint initiatives", area.joint_initiatives))
    rows.append(Row(area.code, "agencies", "Agencies", 0, ", ".join(area.agencies) or "none"))
    names = {p.code: p.name for p in fw.populations}
    for code, fig in area.populations.items():
        rows.append(_row(area.code, "populations", names.get(code, code), fig, "initiatives"))
    return rows


def _money(m: MoneyFigures, label: str) -> list[Row]:
    return [
        _row("all", "money", f"{label}: required", m.required, "USD"),
        _row("all", "money", f"{label}: available", m.available, "USD"),
        _row("all", "money", f"{label}: gap", m.gap, "USD"),
    ]


def system_rows(summary: Summary, fw: Framework) -> list[Row]:
    area_names = {a.code: a.name for a in fw.areas}
    rows: list[Row] = []
    for code, fig in summary.initiatives_by_area.items():
        rows.append(_row("all", "initiatives by area", area_names[code], fig))
    for code, fig in summary.joint_initiatives_by_area.items():
        rows.append(_row("all", "joint initiatives by area", area_names[code], fig))
    for code, fig in summary.cross_cutting.items():
        rows.append(
            _row("all", "initiatives contributing to cross-cutting areas", area_names[code], fig)
        )
    principles = {p.code: p.name for p in fw.principles}
    for code, fig in summary.principles.items():
        rows.append(_row("all", "initiatives applying each principle", principles[code], fig))
    populations = {p.code: p.name for p in fw.populations}
    for code, fig in summary.agencies_by_population.items():
        rows.append(_row("all", "agencies working with each population", populations[code], fig))
    years = [m.year for m in summary.money_by_year if m.year is not None]
    span = f"{min(years)}-{max(years)}" if years else ""
    for m in summary.money_by_area:
        rows += _money(m, f"Area {m.area} {area_names.get(m.area, '')}".strip())
    for m in summary.money_by_year:
        rows += _money(m, str(m.year))
    rows += _money(summary.money_total, f"Total {span}".strip())
    for p in summary.programmes:
        rows.append(_row("all", "joint programmes", f"{p.status}: programmes", p.count))
        rows.append(_row("all", "joint programmes", f"{p.status}: amount", p.amount, "USD"))
    return rows


def summary_rows(summary: Summary, fw: Framework, area: str = "all") -> list[Row]:
    """Rows of one area (its code) or of every area and the system-wide figures ('all')."""
    rows: list[Row] = []
    for figures in summary.areas:
        if area in ("all", figures.code):
            rows += area_rows(figures, fw)
    if area == "all":
        rows += system_rows(summary, fw)
    return rows
