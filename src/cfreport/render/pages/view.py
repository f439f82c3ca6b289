"""The report's pages as data: what each page shows, worded, before any HTML.

Every figure of the summary (`keyed_figures`) is routed to one page by its section, so the
pages show all of them: an area's indicators, coverage, initiatives, SDGs, populations and
money on its page; the headline figures, the system-wide tables, money by year and joint
programmes on the system-wide page. A figure no page places goes to the system-wide page's
'other figures', never nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from cfreport.domain.figure_keys import KeyedFigure, keyed_figures
from cfreport.figures import Figure, KeyResultItem, Summary
from cfreport.findings import Finding
from cfreport.framework import Framework
from cfreport.framework.models import FEDERAL
from cfreport.i18n import counted, ui
from cfreport.render.figure_labels import figure_depth, figure_label, group_title, is_money
from cfreport.render.money_table import millions
from cfreport.render.pages.charts import BarChart, TileMap, bar_chart, tile_map


@dataclass(frozen=True)
class Number:
    """One figure as a page shows it; `key` and `value` go into the HTML unrounded."""

    key: str
    value: float | int
    shown: str
    label: str
    codes: tuple[str, ...] = ()
    depth: int = 0
    money: bool = False


@dataclass
class IndicatorCard:
    total: Number
    unit: str
    lines: list[Number] = field(default_factory=list)
    chart: BarChart | None = None


@dataclass(frozen=True)
class Cited:
    label: str
    value: float | int
    shown: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class KeyResultView:
    id: str
    headline: str
    text: str
    agencies: tuple[str, ...]
    initiative: str
    states: tuple[str, ...]
    populations: tuple[str, ...]
    partners: str
    figures: tuple[Cited, ...]
    codes: tuple[str, ...]


@dataclass
class EffectGroup:
    code: str
    title: str
    key_results: list[KeyResultView] = field(default_factory=list)


@dataclass
class AreaPage:
    code: str
    title: str
    work: bool
    indicators: list[IndicatorCard] = field(default_factory=list)
    coverage: Number | None = None
    federal: bool = False
    states: list[str] = field(default_factory=list)
    """The names of the states covered, for the list beside (or instead of) the map."""
    map: TileMap | None = None
    initiatives: list[Number] = field(default_factory=list)
    sdgs: list[Number] = field(default_factory=list)
    sdg_goals: tuple[str, ...] = ()
    populations: list[Number] = field(default_factory=list)
    agencies: tuple[str, ...] = ()
    money: list[Number] = field(default_factory=list)
    effects: list[EffectGroup] = field(default_factory=list)


@dataclass
class Table:
    title: str
    numbers: list[Number] = field(default_factory=list)


@dataclass(frozen=True)
class FindingLine:
    code: str
    severity: str
    where: str
    message: str


@dataclass
class Pages:
    lang: str
    title: str
    subtitle: str
    currency: str
    areas: list[AreaPage]
    headline: list[Number]
    system: list[Table]
    left_out: list[tuple[str, str]]
    findings: list[FindingLine]
    marked: int
    paper: str = "A4"


def _shown(figure: KeyedFigure) -> str:
    value = figure.figure.value
    if is_money(figure):
        return millions(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def _number(figure: KeyedFigure, fw: Framework, lang: str) -> Number:
    return Number(
        key=figure.key,
        value=figure.figure.value,
        shown=_shown(figure),
        label=figure_label(figure, fw, lang),
        codes=figure.figure.codes,
        depth=figure_depth(figure),
        money=is_money(figure),
    )


def _cited(fig: Figure, label: str) -> Cited:
    value = fig.value
    shown = f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{value:,}"
    return Cited(label, value, shown, fig.codes)


def _key_result(item: KeyResultItem, fw: Framework, lang: str) -> KeyResultView:
    states = {s.code: s.name for s in fw.states}
    federal = fw.federal_level_in(lang)
    populations = {p.code: p.name_in(lang) for p in fw.populations}
    return KeyResultView(
        id=item.id,
        headline=item.headline,
        text=item.text,
        agencies=item.agencies,
        initiative=f"{item.initiative} {item.title}".strip(),
        states=tuple(federal if s == FEDERAL else states.get(s, s) for s in item.states),
        populations=tuple(populations.get(p, p) for p in item.populations),
        partners=item.partners,
        figures=tuple(_cited(c.figure, c.label) for c in item.figures),
        codes=item.codes,
    )


def _area_page(summary: Summary, code: str, fw: Framework, lang: str) -> AreaPage:
    area = summary.area(code)
    known = fw.area_by_code.get(code)
    page = AreaPage(
        code=code,
        title=group_title(code, fw, lang),
        work=known is None or known.kind == "work",
        federal=area.federal,
        sdg_goals=area.sdgs,
        agencies=area.agencies,
    )
    names = {s.code: s.name for s in fw.states}
    page.states = [names.get(s, s) for s in area.states]
    if any(s.tile is not None for s in fw.states):
        page.map = tile_map(fw, set(area.states), lang)
    for effect in (e for e in fw.effects if e.area == code):
        group = EffectGroup(effect.code, f"{effect.code}. {effect.name_in(lang)}")
        group.key_results = [
            _key_result(k, fw, lang) for k in summary.key_results if k.effect == effect.code
        ]
        page.effects.append(group)
    return page


def _findings_touching(summary: Summary, numbers: Iterable[Number], lang: str) -> list[FindingLine]:
    """The findings whose codes mark a figure shown, in the files those figures come from."""
    figures = {f.key: f.figure for f in keyed_figures(summary).values()}
    codes: set[str] = set()
    files: set[str] = set()
    for n in numbers:
        if n.codes:
            codes.update(n.codes)
            files.update(s.file for s in figures[n.key].sources)
    for item in summary.key_results:
        for fig in (c.figure for c in item.figures):
            if fig.codes:
                codes.update(fig.codes)
                files.update(s.file for s in fig.sources)
        if item.codes:
            codes.update(item.codes)
            files.add(item.source.file)
    touching: Sequence[Finding] = [
        f
        for f in (*summary.findings, *summary.consolidated)
        if f.code in codes and (f.file in files or not f.sheet)
    ]
    return [
        FindingLine(
            code=f.code,
            severity=f.severity.value,
            where=" ".join(part for part in (f.file, f.location) if part),
            message=f.text(lang),
        )
        for f in touching
    ]


def build_pages(
    summary: Summary, fw: Framework, lang: str = "en", area: str = "all", paper: str = "A4"
) -> Pages:
    """The report's pages for `summary`: one per area (or the one `area`), then system-wide."""
    codes = [a.code for a in summary.areas if area in ("all", a.code)]
    pages = {code: _area_page(summary, code, fw, lang) for code in codes}
    cards: dict[str, IndicatorCard] = {}
    system: dict[str, Table] = {}
    headline: list[Number] = []
    shown: list[Number] = []
    units = {i.code: i.unit_in(lang) for i in fw.indicators}
    for figure in keyed_figures(summary).values():
        number = _number(figure, fw, lang)
        page = pages.get(figure.area)
        if figure.area != "all" and page is None:
            continue  # another area than the one asked for
        shown.append(number)
        section = figure.section
        if page is not None and section == "indicator":
            cards[figure.indicator] = IndicatorCard(number, units.get(figure.indicator, ""))
            page.indicators.append(cards[figure.indicator])
        elif page is not None and section == "breakdown":
            cards[figure.indicator].lines.append(number)
        elif page is not None and section == "coverage":
            page.coverage = number
        elif page is not None and section == "initiatives":
            page.initiatives.append(number)
        elif page is not None and section == "sdgs":
            page.sdgs.append(number)
        elif page is not None and section == "populations":
            page.populations.append(number)
        elif page is not None and section == "money":
            # The page names the area already: the measure is enough.
            page.money.append(replace(number, label=ui(f"money_{figure.measure}", lang)))
        elif section == "headline":
            headline.append(number)
        else:
            title = _table_title(figure, fw, lang)
            # Under its table's title, a line is named by what tells it apart.
            named = number.label.removeprefix(f"{title}: ")
            system.setdefault(title, Table(title)).numbers.append(replace(number, label=named))
    for card in cards.values():
        top = [n for n in card.lines if n.depth == 1]
        if len(top) > 1:
            card.chart = bar_chart(card.total.label, top, lang)
    marked = sum(1 for n in shown if n.codes)
    year = summary.year if summary.year is not None else ui("no_year", lang)
    return Pages(
        lang=lang,
        title=ui("page_title", lang).format(framework=fw.name_in(lang), year=year),
        subtitle=ui("page_subtitle", lang).format(
            files=counted("page_submissions", len(summary.files), lang),
            agencies=counted("page_agencies", len(summary.agencies), lang),
        ),
        currency=fw.currency,
        areas=list(pages.values()),
        headline=headline if area == "all" else [],
        system=list(system.values()) if area == "all" else [],
        left_out=[(f, why.text(lang)) for f, why in summary.left_out.items()],
        findings=_findings_touching(summary, shown, lang),
        marked=marked,
        paper=paper,
    )


def _table_title(figure: KeyedFigure, fw: Framework, lang: str) -> str:
    if figure.section == "money":
        return ui("page_money", lang).format(currency=fw.currency)
    if figure.section == "joint programmes":
        return ui("page_programmes", lang).format(currency=fw.currency)
    from cfreport.render.summary_rows import section_title

    title = section_title(figure.section, lang)
    return title[:1].upper() + title[1:]
