"""Start next year's workbook from last year's, or move a workbook to the current layout.

`cfreport template --from unicef-2021.xlsx --year 2022`: the ongoing initiatives carried over;
counts and money are left empty; joint programmes keep their status, not their amount.
`--year 2021` (the workbook's own year): everything is copied, as an upgrade of a workbook made
from an older template version. Either way the reader reads the old workbook by the names of its
version (`layout.HISTORY`) and the new one is written in the current layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from cfreport.framework import Framework
from cfreport.models import Submission
from cfreport.workbook.fill import append_rows, label_of, set_details
from cfreport.workbook.template import build_template

CARRIED_STATUS = "Ongoing"


@dataclass
class CarryOver:
    workbook: Workbook
    carried: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    programmes: int = 0
    copied_all: bool = False
    """The same year: an upgrade, with counts, money and amounts copied too."""
    counts: int = 0
    money: int = 0

    def describe(self) -> str:
        if self.copied_all:
            return (
                f"copied {len(self.carried)} initiative(s), {self.counts} count row(s), "
                f"{self.money} money row(s) and {self.programmes} joint programme(s)"
            )
        lines = [
            f"carried over {len(self.carried)} ongoing initiative(s)"
            + (f": {', '.join(self.carried)}" if self.carried else "")
        ]
        if self.left:
            lines.append(f"left out {len(self.left)} not ongoing: {', '.join(self.left)}")
        if self.programmes:
            lines.append(f"carried over {self.programmes} joint programme(s), amounts left empty")
        lines.append("counts and money are left empty for the new year")
        return "\n".join(lines)


def _label(fw: Framework, vocab: str, code: str) -> str:
    return label_of(fw, vocab, code) if code else ""


def carry_over(sub: Submission, fw: Framework, year: int) -> CarryOver:
    """The template for `year`, filled with what of `sub` carries over (all of it, same year)."""
    wb = build_template(fw, agency=sub.agency if sub.agency in fw.agency_vocab else "", year=year)
    set_details(wb, focal_point=sub.focal_point or None, email=sub.email or None)
    everything = year == sub.year
    result = CarryOver(workbook=wb, copied_all=everything)
    keep: list[str] = []
    for ini in sub.initiatives:
        (keep if everything or ini.status == CARRIED_STATUS else result.left).append(ini.id)
    result.carried = keep
    rows: list[dict[str, Any]] = []
    for ini in sub.initiatives:
        if ini.id not in keep:
            continue
        row: dict[str, Any] = {
            "id": ini.id,
            "title": ini.title,
            "lead": ini.lead,
            "area": _label(fw, "work_area", ini.area),
            "effect": _label(fw, "effect", ini.effect),
            "status": ini.status,
        }
        row |= {f"principle:{p}": "Yes" for p in ini.principles}
        row |= {f"cross:{a}": "Yes" for a in ini.cross_cutting}
        rows.append(row)
    append_rows(wb, fw, "initiatives", rows)
    for kind, vocab in (
        ("participants", "agency"),
        ("states", "state"),
        ("sdg_targets", "sdg"),
        ("populations", "population"),
    ):
        append_rows(
            wb,
            fw,
            kind,
            [
                {"initiative": tag.initiative, "code": _label(fw, vocab, tag.code)}
                for tag in sub.tags(kind)
                if tag.initiative in keep
            ],
        )
    programmes = [
        {"id": _label(fw, "joint_programme", p.id), "status": p.status, "source": p.source}
        | ({"amount": p.amount} if everything else {})
        for p in sub.programmes
    ]
    append_rows(wb, fw, "programmes", programmes)
    result.programmes = len(programmes)
    if everything:
        result.counts = len(append_rows(wb, fw, "counts", _count_rows(sub, fw)))
        money = [
            {
                "year": m.year,
                "area": _label(fw, "work_area", m.area),
                "required": m.required,
                "available": m.available,
                "gap": m.gap,
            }
            for m in sub.money
        ]
        result.money = len(append_rows(wb, fw, "money", money))
    return result


def _count_rows(sub: Submission, fw: Framework) -> list[dict[str, Any]]:
    rows = []
    for c in sub.counts:
        ind = fw.indicator_by_code.get(c.indicator)
        rows.append(
            {
                "initiative": c.initiative,
                "indicator": ind.label if ind else c.indicator,
                "category": c.category,
                "value": c.value,
                "comment": c.comment or None,
            }
        )
    return rows
