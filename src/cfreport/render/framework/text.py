"""`cfreport framework` as text: areas, effects, indicators and their breakdowns, code lists."""

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
    out = [
        fw.name_in(lang),
        f"id {fw.id}, period {fw.period[0]}-{fw.period[1]}, currency {fw.currency}",
        "",
    ]
    for area in fw.areas:
        kind = ui("fw_cross_area" if area.kind == "cross-cutting" else "fw_work_area", lang)
        out.append(f"{kind} {area.code}: {area.name_in(lang)}")
        for effect in (e for e in fw.effects if e.area == area.code):
            out.append(f"  {ui('fw_effect', lang)} {effect.code}: {effect.name_in(lang)}")
        for ind in (i for i in fw.indicators if i.area == area.code):
            word = ui("fw_indicator", lang)
            out.append(f"  {word} {ind.code} ({ind.unit_in(lang)}): {ind.name_in(lang)}")
            out += _tree(ind, lang)
        out.append("")
    principles = ", ".join(f"{p.code} {p.name_in(lang)}" for p in fw.principles)
    out.append(f"{ui('fw_principles', lang)}: {principles}")
    populations = ", ".join(f"{p.code} {p.name_in(lang)}" for p in fw.populations)
    out.append(f"{ui('fw_populations', lang)}: {populations}")
    named = [a.code for a in fw.agencies if a.named_in_report]
    added = [a.code for a in fw.agencies if not a.named_in_report]
    out.append(f"agencies ({len(fw.agencies)}): " + ", ".join(named))
    if added:
        out.append("  added, not named in the report: " + ", ".join(added))
    out.append(
        f"states ({len(fw.states)}, and the {fw.federal_level.lower()}): "
        + ", ".join(f"{s.code} {s.name}" for s in fw.states)
    )
    out.append(f"SDG targets: {len(fw.sdg_targets)}")
    out.append(
        "joint initiatives: " + ", ".join(f"{j.id} ({j.lead})" for j in fw.joint_initiatives)
    )
    out.append("joint programmes: " + ", ".join(f"{j.id} ({j.lead})" for j in fw.joint_programmes))
    return "\n".join(out) + "\n"
