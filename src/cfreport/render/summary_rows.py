"""The consolidated figures as flat rows: what the text, Markdown, CSV and xlsx views print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cfreport.breakdown import path_label
from cfreport.domain.figure_keys import indicator_key, money_key
from cfreport.figures import AreaFigures, Figure, MoneyFigures, ProgrammeItem, Source, Summary
from cfreport.framework import Framework
from cfreport.i18n import counted, ui


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
    sources: Sequence[Source] = ()
    money: bool = False
    """An amount of money: `unit` is the framework's currency."""
    explained: tuple[str, ...] = ()
    """What --explain shows besides the sources (who was counted through what)."""
    indicator: str = ""
    """The indicator's code, on its total and its breakdown rows."""
    category: str = ""
    """A breakdown row's full category path as the framework names it ('Federal / CSOs')."""
    year: int | None = None
    """A money row's year (None for an area's or the whole period's)."""
    measure: str = ""
    """A money or programme row's measure: required, available, gap, count, amount."""
    money_area: str = ""
    """A money row's work area ('' for a year's or the whole period's)."""
    key: str = ""
    """The figure's stable name (domain/figure_keys.py); '' for a row that is not a figure."""


def _row(
    area: str,
    section: str,
    item: str,
    fig: Figure,
    unit: str = "",
    depth: int = 0,
    *,
    money: bool = False,
    key: str = "",
) -> Row:
    return Row(area, section, item, depth, fig.value, unit, fig.codes, fig.sources, money, key=key)


def summary_title(summary: Summary, fw: Framework, lang: str = "en") -> str:
    """'<framework>, 2021: 11 submissions, from 11 of the framework's 28 agencies'."""
    return ui("sum_title_one" if len(summary.files) == 1 else "sum_title", lang).format(
        framework=fw.name_in(lang),
        year=summary.year or ui("sum_no_year", lang),
        n=len(summary.files),
        reported=len(summary.agencies),
        total=len(fw.agencies),
    )


def section_title(section: str, lang: str = "en") -> str:
    """How a section key ('initiatives by area') reads in `lang`."""
    key = "sum_section_" + section.replace(" ", "_").replace("-", "_")
    try:
        return ui(key, lang)
    except KeyError:
        return section


def area_rows(area: AreaFigures, fw: Framework, lang: str = "en") -> list[Row]:
    rows: list[Row] = []
    indicators = fw.indicator_by_code
    for ind in area.indicators:
        known = indicators.get(ind.code)
        name = known.name_in(lang) if known else ind.name
        unit = known.unit_in(lang) if known else ind.unit
        if ind.total is None:
            rows.append(
                Row(
                    area.code,
                    "indicator",
                    f"{ind.code} {name}",
                    0,
                    ui("sum_not_reported", lang),
                    unit,
                    key=indicator_key(ind.code),
                    indicator=ind.code,
                )
            )
            continue
        total = _row(
            area.code,
            "indicator",
            f"{ind.code} {name}",
            ind.total,
            unit,
            key=indicator_key(ind.code),
        )
        rows.append(replace(total, indicator=ind.code))
        for line in ind.breakdown:
            row = _row(
                area.code,
                "breakdown",
                known.category_in(line.path[-1], lang) if known else line.path[-1],
                line.figure,
                unit,
                depth=len(line.path),
                key=indicator_key(ind.code, line.path),
            )
            rows.append(replace(row, indicator=ind.code, category=path_label(line.path)))
    states = counted("sum_states_federal" if area.federal else "sum_states", len(area.states), lang)
    cov = area.coverage
    a = area.code
    rows.append(
        Row(
            a,
            "coverage",
            ui("sum_we_work_in", lang),
            0,
            states,
            "",
            cov.codes,
            cov.sources,
            key=f"area/{a}/coverage",
        )
    )
    rows.append(
        _row(
            a,
            "initiatives",
            ui("sum_initiatives", lang),
            area.initiatives,
            key=f"area/{a}/initiatives",
        )
    )
    effects = {e.code: e.name_in(lang) for e in fw.effects}
    for code, fig in area.initiatives_by_effect.items():
        label = ui("sum_by_effect", lang).format(code=code, name=effects.get(code, ""))
        rows.append(_row(a, "initiatives", label, fig, depth=1, key=f"area/{a}/effect/{code}"))
    rows.append(
        _row(
            a,
            "initiatives",
            ui("sum_joint_initiatives", lang),
            area.joint_initiatives,
            key=f"area/{a}/joint-initiatives",
        )
    )
    sdgs = f"{ui('sum_sdgs', lang)} ({', '.join(area.sdgs)})" if area.sdgs else ui("sum_sdgs", lang)
    rows.append(_row(a, "sdgs", sdgs, area.sdg_goals, key=f"area/{a}/sdgs"))
    rows.append(
        _row(a, "sdgs", ui("sum_sdg_targets", lang), area.sdg_targets, key=f"area/{a}/sdg-targets")
    )
    agencies = ", ".join(area.agencies) or ui("sum_none", lang)
    through = tuple(f"{a}: {', '.join(ids)}" for a, ids in area.agencies_through.items())
    rows.append(
        Row(area.code, "agencies", ui("sum_agencies", lang), 0, agencies, explained=through)
    )
    names = {p.code: p.name_in(lang) for p in fw.populations}
    unit = ui("sum_unit_initiatives", lang)
    for code, fig in area.populations.items():
        rows.append(
            _row(
                a,
                "populations",
                names.get(code, code),
                fig,
                unit,
                key=f"area/{a}/population/{code}",
            )
        )
    return rows


def _money(m: MoneyFigures, label: str, lang: str, currency: str) -> list[Row]:
    """Required, available and gap: each row says its area (or 'all') and year in columns."""
    return [
        replace(
            _row("all", "money", ui(f"sum_{measure}", lang).format(label=label), fig),
            unit=currency,
            money=True,
            year=m.year,
            measure=measure,
            money_area="" if m.area == "all" else m.area,
            key=money_key(m.area, m.year, measure),
        )
        for measure, fig in (
            ("required", m.required),
            ("available", m.available),
            ("gap", m.gap),
        )
    ]


def programme_label(item: ProgrammeItem, fw: Framework, lang: str = "en") -> str:
    """'JP-02 Closing Gaps ... (2020-2022). Source: SDG Fund', as the report lists a programme."""
    known = fw.joint_programme_by_id.get(item.id)
    title = known.title_in(lang) if known else item.title
    if item.period:
        title += f" ({item.period})"
    source = known.source_in(lang) if known and item.source == known.source else item.source
    if source:
        title += ". " + ui("sum_programme_source", lang).format(source=source)
    return f"{item.id} {title}"


def system_rows(summary: Summary, fw: Framework, lang: str = "en") -> list[Row]:
    area_names = {a.code: a.name_in(lang) for a in fw.areas}
    rows: list[Row] = [
        _row(
            "all", "headline", ui("sum_initiatives", lang), summary.initiatives, key="initiatives"
        ),
        _row(
            "all",
            "headline",
            ui("sum_joint_initiatives", lang),
            summary.joint_initiatives,
            key="joint-initiatives",
        ),
        _row(
            "all",
            "headline",
            ui("sum_agencies_reporting", lang).format(total=len(fw.agencies)),
            summary.agencies_reporting,
            key="agencies-reporting",
        ),
    ]
    principles = {p.code: p.name_in(lang) for p in fw.principles}
    populations = {p.code: p.name_in(lang) for p in fw.populations}
    for section, key, names, figures in (
        ("initiatives by area", "initiatives-by-area", area_names, summary.initiatives_by_area),
        (
            "joint initiatives by area",
            "joint-initiatives-by-area",
            area_names,
            summary.joint_initiatives_by_area,
        ),
        (
            "initiatives contributing to cross-cutting areas",
            "cross-cutting",
            area_names,
            summary.cross_cutting,
        ),
        ("initiatives applying each principle", "principle", principles, summary.principles),
        (
            "agencies working with each population",
            "agencies-by-population",
            populations,
            summary.agencies_by_population,
        ),
    ):
        for code, fig in figures.items():
            rows.append(_row("all", section, names[code], fig, key=f"{key}/{code}"))
    years = [m.year for m in summary.money_by_year if m.year is not None]
    span = f"{min(years)}-{max(years)}" if years else ""
    for m in summary.money_by_area:
        label = ui("sum_money_area", lang).format(code=m.area, name=area_names.get(m.area, ""))
        rows += _money(m, label.strip(), lang, fw.currency)
    for m in summary.money_by_year:
        rows += _money(m, str(m.year), lang, fw.currency)
    total = ui("sum_money_total", lang).format(span=span).strip()
    rows += _money(summary.money_total, total, lang, fw.currency)
    for p in summary.programmes:
        status = fw.programme_status_in(p.status, lang)
        programmes = ui("sum_programmes", lang).format(status=status)
        base = f"programmes/{p.status}"
        count = _row("all", "joint programmes", programmes, p.count, key=f"{base}/count")
        rows.append(replace(count, category=p.status, measure="count"))
        amount = ui("sum_amount", lang).format(status=status)
        summed = _row(
            "all",
            "joint programmes",
            amount,
            p.amount,
            fw.currency,
            money=True,
            key=f"{base}/amount",
        )
        rows.append(replace(summed, category=p.status, measure="amount"))
        for item in p.items:
            label = programme_label(item, fw, lang)
            one = _row(
                "all",
                "joint programmes",
                label,
                item.amount,
                fw.currency,
                1,
                money=True,
                key=f"programme/{item.id}/amount",
            )
            rows.append(replace(one, category=p.status, measure="amount"))
    return rows


def summary_rows(summary: Summary, fw: Framework, area: str = "all", lang: str = "en") -> list[Row]:
    """Rows of one area (its code) or of every area and the system-wide figures ('all')."""
    rows: list[Row] = []
    for figures in summary.areas:
        if area in ("all", figures.code):
            rows += area_rows(figures, fw, lang)
    if area == "all":
        rows += system_rows(summary, fw, lang)
    return rows
