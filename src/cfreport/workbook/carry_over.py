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
from cfreport.i18n import LANGUAGES, counted, header, ui
from cfreport.models import Submission
from cfreport.workbook.fill import append_rows, set_details
from cfreport.workbook.layout import SUBMISSION, data_sheets
from cfreport.workbook.template import build_template, vocab_items

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

    def describe(self, lang: str = "en") -> list[str]:
        """What was carried over and what was left, a line each, in `lang`."""
        if self.copied_all:
            return [
                ui("from_copied", lang).format(
                    initiatives=counted("from_initiatives", len(self.carried), lang),
                    counts=counted("from_count_rows", self.counts, lang),
                    money=counted("from_money_rows", self.money, lang),
                    programmes=counted("from_programmes", self.programmes, lang),
                )
            ]
        carried = counted("from_carried", len(self.carried), lang)
        lines = [carried + (f": {', '.join(self.carried)}" if self.carried else "")]
        if self.left:
            lines.append(f"{counted('from_left', len(self.left), lang)}: {', '.join(self.left)}")
        if self.programmes:
            lines.append(counted("from_programmes_carried", self.programmes, lang))
        lines.append(ui("from_left_empty", lang))
        return lines


def written_in(sub: Submission, fw: Framework) -> str | None:
    """The language of the template a workbook was made from, by its sheet names."""
    names = set(sub.sheet_names.values())
    specs = [SUBMISSION, *data_sheets(fw)]
    best = max(LANGUAGES, key=lambda lang: sum(header(s.name, lang) in names for s in specs))
    return best if any(header(s.name, best) in names for s in specs) else None


def carry_over(sub: Submission, fw: Framework, year: int, lang: str = "en") -> CarryOver:
    """The template for `year` in `lang`, filled with what of `sub` carries over (all of it, the
    same year), every coded value written as the `lang` template's dropdowns offer it."""
    agency = sub.agency if sub.agency in fw.agency_vocab else ""
    wb = build_template(fw, agency=agency, year=year, lang=lang)

    def label(vocab: str, code: str) -> str:
        return vocab_items(fw, vocab, lang).get(code, code) if code else ""

    yes = ui("flag_yes", lang)
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
            "area": label("work_area", ini.area),
            "effect": label("effect", ini.effect),
            "status": label("initiative_status", ini.status),
        }
        row |= {f"principle:{p}": yes for p in ini.principles}
        row |= {f"cross:{a}": yes for a in ini.cross_cutting}
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
                {"initiative": tag.initiative, "code": label(vocab, tag.code)}
                for tag in sub.tags(kind)
                if tag.initiative in keep
            ],
        )
    programmes = [
        {
            "id": label("joint_programme", p.id),
            "status": label("programme_status", p.status),
            "source": p.source,
        }
        | ({"amount": p.amount} if everything else {})
        for p in sub.programmes
    ]
    append_rows(wb, fw, "programmes", programmes)
    result.programmes = len(programmes)
    if everything:
        result.counts = len(append_rows(wb, fw, "counts", _count_rows(sub, fw, lang)))
        money = [
            {
                "year": m.year,
                "area": label("work_area", m.area),
                "required": m.required,
                "available": m.available,
                "gap": m.gap,
            }
            for m in sub.money
        ]
        result.money = len(append_rows(wb, fw, "money", money))
        # A key result is of its year: copied by an upgrade, never carried to the next year.
        append_rows(wb, fw, "key_results", _key_result_rows(sub, fw, lang))
        append_rows(wb, fw, "key_figures", _cited_rows(sub, fw, lang))
    return result


def _key_result_rows(sub: Submission, fw: Framework, lang: str) -> list[dict[str, Any]]:
    def names(codes: tuple[str, ...], vocab: str) -> str | None:
        items = vocab_items(fw, vocab, lang)
        return ", ".join(items.get(code, code) for code in codes) or None

    return [
        {
            "id": kr.id,
            "initiative": kr.initiative,
            "headline": kr.headline,
            "text": kr.text,
            "states": names(kr.states, "state"),
            "populations": names(kr.populations, "population"),
            "partners": kr.partners or None,
        }
        for kr in sub.key_results
    ]


def _cited_rows(sub: Submission, fw: Framework, lang: str) -> list[dict[str, Any]]:
    rows = []
    for fig in sub.cited:
        ind = fw.indicator_by_code.get(fig.indicator)
        category = fig.category or None
        if ind is not None and fig.path is not None:
            category = ind.path_label_in(fig.path, lang)
        rows.append(
            {
                "key_result": fig.key_result,
                "label": fig.label,
                "value": fig.value,
                "indicator": ind.label_in(lang) if ind else (fig.indicator or None),
                "category": category,
            }
        )
    return rows


def _count_rows(sub: Submission, fw: Framework, lang: str) -> list[dict[str, Any]]:
    rows = []
    for c in sub.counts:
        ind = fw.indicator_by_code.get(c.indicator)
        category = c.category
        if ind is not None and c.path is not None:
            category = ind.path_label_in(c.path, lang)
        rows.append(
            {
                "initiative": c.initiative,
                "indicator": ind.label_in(lang) if ind else c.indicator,
                "category": category,
                "value": c.value,
                "comment": c.comment or None,
            }
        )
    return rows
