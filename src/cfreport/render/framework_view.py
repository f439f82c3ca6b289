"""`cfreport framework`: the framework's areas, effects, indicators and code lists."""

from __future__ import annotations

import json

from cfreport.framework import Framework, Indicator


def _tree(ind: Indicator) -> list[str]:
    return [f"      {'  ' * (len(path) - 1)}- {path[-1]}" for path in ind.paths[1:]]


def render_framework(fw: Framework, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(fw.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    out = [fw.name, f"id {fw.id}, period {fw.period[0]}-{fw.period[1]}, currency {fw.currency}", ""]
    for area in fw.areas:
        kind = "cross-cutting area" if area.kind == "cross-cutting" else "work area"
        out.append(f"{kind} {area.code}: {area.name}")
        for effect in (e for e in fw.effects if e.area == area.code):
            out.append(f"  direct effect {effect.code}: {effect.name}")
        for ind in (i for i in fw.indicators if i.area == area.code):
            out.append(f"  indicator {ind.code} ({ind.unit}): {ind.name}")
            out += _tree(ind)
        out.append("")
    out.append("principles: " + ", ".join(f"{p.code} {p.name}" for p in fw.principles))
    out.append("populations: " + ", ".join(f"{p.code} {p.name}" for p in fw.populations))
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
