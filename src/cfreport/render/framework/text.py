"""`cfreport framework` as text: areas, effects, indicators and their breakdowns, code lists,
joint initiatives and programmes, and what the data file infers rather than reads off its source."""

from __future__ import annotations

from cfreport.framework import Framework, Indicator
from cfreport.i18n import ui
from cfreport.render import RenderOptions


def _tree(ind: Indicator, lang: str) -> list[str]:
    return [
        f"      {'  ' * (len(path) - 1)}- {ind.category_in(path[-1], lang)}"
        for path in ind.paths[1:]
    ]


def render(fw: Framework, options: RenderOptions) -> str:
    """The framework, with its names in the language where the framework gives them."""
    lang = options.lang

    def mark(kind: str, code: str | None, field: str = "") -> str:
        about = fw.inferred_about(kind, code)
        return f" ({ui('fw_inferred_mark', lang)})" if field in about or "" in about else ""

    out = [
        fw.name_in(lang),
        ui("fw_header", lang).format(
            id=fw.id, start=fw.period[0], end=fw.period[1], currency=fw.currency
        ),
        "",
    ]
    for area in fw.areas:
        kind = ui("fw_cross_area" if area.kind == "cross-cutting" else "fw_work_area", lang)
        out.append(f"{kind} {area.code}: {area.name_in(lang)}")
        for effect in (e for e in fw.effects if e.area == area.code):
            name = effect.name_in(lang) + mark("effects", effect.code, "name")
            out.append(f"  {ui('fw_effect', lang)} {effect.code}: {name}")
        for ind in (i for i in fw.indicators if i.area == area.code):
            word = ui("fw_indicator", lang)
            out.append(f"  {word} {ind.code} ({ind.unit_in(lang)}): {ind.name_in(lang)}")
            out += _tree(ind, lang)
        out.append("")
    principles = ", ".join(f"{p.code} {p.name_in(lang)}" for p in fw.principles)
    out.append(f"{ui('fw_principles', lang)}: {principles}")
    populations = ", ".join(f"{p.code} {p.name_in(lang)}" for p in fw.populations)
    out.append(f"{ui('fw_populations', lang)}{mark('populations', None)}: {populations}")
    out.append(ui("fw_agencies", lang).format(n=len(fw.agencies)))
    by_place: dict[str, list[str]] = {}
    for agency in fw.agencies:
        by_place.setdefault(agency.named_in, []).append(agency.code)
    places = {s.code: s.name_in(lang) for s in fw.agency_sources}
    for place, codes in by_place.items():
        where = (
            ui("fw_named_in", lang).format(place=places[place])
            if place
            else ui("fw_not_named", lang)
        )
        out.append(f"  {where} ({len(codes)}): {', '.join(codes)}")
    out.append(
        ui("fw_states", lang).format(n=len(fw.states), federal=fw.federal_level.lower())
        + ", ".join(f"{s.code} {s.name}" for s in fw.states)
    )
    out.append(ui("fw_sdg_targets", lang).format(n=len(fw.sdg_targets)))
    if fw.joint_initiatives:
        out.append(ui("fw_joint_initiatives", lang).format(n=len(fw.joint_initiatives)))
        for ji in fw.joint_initiatives:
            lead = ui("fw_lead", lang).format(lead=ji.lead) + mark(
                "joint_initiatives", ji.id, "lead"
            )
            out.append(
                f"  {ji.id} {ji.title_in(lang)}{mark('joint_initiatives', ji.id, 'title')}; {lead}"
            )
    if fw.joint_programmes:
        out.append(ui("fw_joint_programmes", lang).format(n=len(fw.joint_programmes)))
        for jp in fw.joint_programmes:
            title = f"{jp.title_in(lang)} ({jp.period})" if jp.period else jp.title_in(lang)
            parts = [
                ui("fw_lead", lang).format(lead=jp.lead) + mark("joint_programmes", jp.id, "lead")
            ]
            if jp.source:
                parts.append(
                    ui("fw_source", lang).format(source=jp.source_in(lang))
                    + mark("joint_programmes", jp.id, "source")
                )
            out.append(
                f"  {jp.id} {title}{mark('joint_programmes', jp.id, 'title')}; " + "; ".join(parts)
            )
    if fw.inferred:
        out += ["", ui("fw_inferred_head", lang)]
        out += [f"  {key}: {why.text_in(lang)}" for key, why in fw.inferred.items()]
    return "\n".join(out) + "\n"
