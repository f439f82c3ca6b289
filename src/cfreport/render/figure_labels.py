"""A figure named from its key alone, in the run's language: what the views that are not one
year's summary (the framework period, each agency's share) print on each line.

The words are the framework's (indicators, categories, areas, effects, populations, principles,
programmes) and the catalogs' (everything else), as the summary's own rows word them.
"""

from __future__ import annotations

from cfreport.domain.figure_keys import KeyedFigure
from cfreport.framework import Framework
from cfreport.i18n import ui

_SYSTEM_NAMES = {
    "initiatives by area": "areas",
    "joint initiatives by area": "areas",
    "initiatives contributing to cross-cutting areas": "areas",
    "initiatives applying each principle": "principles",
    "agencies working with each population": "populations",
}


def group_title(area: str, fw: Framework, lang: str = "en") -> str:
    """'Area 1. Prosperity...', 'Cross-cutting area 5. ...' or 'System-wide'."""
    known = fw.area_by_code.get(area)
    if known is None:
        return ui("sum_system", lang)
    key = "sum_area_title" if known.kind == "work" else "sum_cross_title"
    return ui(key, lang).format(code=area, name=known.name_in(lang))


def figure_depth(figure: KeyedFigure) -> int:
    """How far a line is indented under the one it details."""
    if figure.section == "breakdown":
        return len(figure.category.split(" / "))
    if "/effect/" in figure.key or figure.key.startswith("programme/"):
        return 1
    return 0


def _money(figure: KeyedFigure, fw: Framework, lang: str) -> str:
    if figure.area != "all":
        area = fw.area_by_code.get(figure.area)
        label = ui("sum_money_area", lang).format(
            code=figure.area, name=area.name_in(lang) if area else ""
        )
    elif figure.year is not None:
        label = str(figure.year)
    else:
        label = ui("sum_money_total", lang).format(span="")
    return ui(f"sum_{figure.measure}", lang).format(label=label.strip())


def figure_label(figure: KeyedFigure, fw: Framework, lang: str = "en") -> str:
    """The line's name: '1.1 Institutions strengthened', 'CSOs', 'Direct effect E1: ...'."""
    section, code = figure.section, figure.category
    indicator = fw.indicator_by_code.get(figure.indicator)
    if section == "indicator":
        name = indicator.name_in(lang) if indicator else ""
        return f"{figure.indicator} {name}".strip()
    if section == "breakdown":
        last = code.split(" / ")[-1]
        return indicator.category_in(last, lang) if indicator else last
    if section == "coverage":
        return ui("sum_we_work_in", lang)
    if section == "initiatives":
        if code:
            effect = next((e for e in fw.effects if e.code == code), None)
            return ui("sum_by_effect", lang).format(
                code=code, name=effect.name_in(lang) if effect else ""
            )
        joint = figure.key.endswith("/joint-initiatives")
        return ui("sum_joint_initiatives" if joint else "sum_initiatives", lang)
    if section == "sdgs":
        return ui("sum_sdgs" if figure.measure == "goals" else "sum_sdg_targets", lang)
    if section == "populations":
        return _named(fw, "populations", code, lang)
    if section == "headline":
        return {
            "initiatives": ui("sum_initiatives", lang),
            "joint-initiatives": ui("sum_joint_initiatives", lang),
        }.get(figure.key) or ui("sum_agencies_reporting", lang).format(total=len(fw.agencies))
    if section in _SYSTEM_NAMES:
        name = _named(fw, _SYSTEM_NAMES[section], code, lang)
        return f"{_section(section, lang)}: {name}"
    if section == "money":
        return _money(figure, fw, lang)
    if section == "joint programmes":
        if figure.key.startswith("programme/"):
            known = fw.joint_programme_by_id.get(code)
            return f"{code} {known.title_in(lang)}" if known else code
        status = fw.programme_status_in(code, lang)
        return ui("sum_programmes" if figure.measure == "count" else "sum_amount", lang).format(
            status=status
        )
    return figure.key


def _section(section: str, lang: str) -> str:
    from cfreport.render.summary_rows import section_title

    title = section_title(section, lang)
    return title[:1].upper() + title[1:]


def _named(fw: Framework, kind: str, code: str, lang: str) -> str:
    names = {
        "areas": {a.code: a.name_in(lang) for a in fw.areas},
        "principles": {p.code: p.name_in(lang) for p in fw.principles},
        "populations": {p.code: p.name_in(lang) for p in fw.populations},
    }[kind]
    return names.get(code, code)


def is_money(figure: KeyedFigure) -> bool:
    """Whether the figure is an amount in the framework's currency."""
    return figure.section == "money" or figure.measure == "amount"
