"""Write the agency workbook template with openpyxl: dropdowns, hints, stamp, frozen headers."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cfreport.framework import Framework, Vocabulary
from cfreport.framework.models import FEDERAL, Area, Coded, Effect, Indicator, Status
from cfreport.i18n import header, ui
from cfreport.output import atomic_write_bytes
from cfreport.workbook import layout
from cfreport.workbook.layout import (
    COUNTS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    SUBMISSION,
    SUBMISSION_FIELDS,
    Column,
    SheetSpec,
    data_sheets,
)
from cfreport.workbook.printing import fit_row, for_print
from cfreport.workbook.styles import (
    BOLD,
    ERROR_FILL,
    HEADER_FILL,
    HEADER_FONT,
    NORMAL,
    STAMP_FILL,
    TITLE_FONT,
)
from cfreport.workbook.text_cells import put

INSTRUCTIONS_WIDTH = 100
"""Characters across the Instructions column: a portrait page's width at 11 points."""
DATA_ROWS = 2000
"""Rows that carry dropdowns and formats; a focal point may type below them too."""

MISMATCH_FILL = ERROR_FILL


# The indicator's code is the first word of the label picked in column B.
def category_list_formula(indicator: str) -> str:
    """The categories offered in a row: those of the indicator picked in column `indicator`
    (its code is the label's first word, and each indicator's categories are a defined name)."""
    cell = f"${indicator}2"
    return (
        f'=INDIRECT("cat_"&SUBSTITUTE(SUBSTITUTE(LEFT({cell},FIND(" ",{cell}&" ")-1),'
        '".","_"),"-","_"))'
    )


NUMBER_FORMATS = {
    "id": "@",
    "code": "@",
    "text": "@",
    "category": "@",
    "money": "#,##0.00",
    "int": "#,##0",
}


def list_name(vocab: str) -> str:
    """The defined name of a vocabulary's list on the Lists sheet."""
    return f"list_{vocab}"


def category_list_name(indicator_code: str) -> str:
    """The defined name of an indicator's categories (what INDIRECT picks on the Counts sheet)."""
    return "cat_" + re.sub(r"[^A-Za-z0-9]", "_", indicator_code)


def vocab_items(fw: Framework, vocab: str, lang: str = "en") -> dict[str, str]:
    """Code -> what a dropdown of `vocab` offers in `lang`, in the framework's order."""
    named: dict[str, Sequence[Area | Effect | Indicator | Coded | Status]] = {
        "area": fw.areas,
        "work_area": fw.work_areas,
        "effect": fw.effects,
        "indicator": fw.indicators,
        "population": fw.populations,
        "principle": fw.principles,
        "initiative_status": fw.initiative_statuses,
        "programme_status": fw.programme_statuses,
    }
    if vocab in named:
        return {item.code: item.label_in(lang) for item in named[vocab]}
    if vocab == "state":
        return {FEDERAL: fw.federal_level_in(lang), **{s.code: s.name for s in fw.states}}
    if vocab == "joint_programme":
        return {j.id: f"{j.id} — {j.title_in(lang)}" for j in fw.joint_programmes}
    v: Vocabulary = getattr(fw, f"{vocab}_vocab")
    return dict(v.labels)


def vocab_labels(fw: Framework, vocab: str, lang: str = "en") -> list[str]:
    """What a dropdown of `vocab` offers in `lang`: the labels, in the framework's order."""
    return list(vocab_items(fw, vocab, lang).values())


def _style_header(ws: Worksheet, columns: Sequence[Column]) -> None:
    for idx, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=idx, value=col.header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(idx)].width = col.width
    ws.freeze_panes = "A2"
    fit_row(ws, 1, minimum=32)


def _validation(
    col: Column, fw: Framework, lang: str = "en", indicator: str = "B"
) -> DataValidation | None:
    """The data validation (dropdown or range) and input hint of a column; a category's list
    follows the indicator in column `indicator` of the same row."""
    dv: DataValidation | None = None
    if col.kind == "code":
        dv = DataValidation(type="list", formula1=f"={list_name(col.vocab)}", allow_blank=True)
    elif col.kind == "flag":
        yes, no = ui("flag_yes", lang), ui("flag_no", lang)
        dv = DataValidation(type="list", formula1=f'"{yes},{no}"', allow_blank=True)
    elif col.kind == "int":
        dv = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
    elif col.kind == "money":
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
    elif col.kind == "year":
        start, end = fw.period
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(start),
            formula2=str(end),
            allow_blank=True,
        )
    elif col.kind == "category":
        dv = DataValidation(
            type="list",
            formula1=category_list_formula(indicator),
            allow_blank=True,
        )
    if dv is None:
        return None
    dv.showInputMessage = True
    dv.promptTitle = col.header[:32]
    dv.prompt = col.hint[:255]
    dv.showErrorMessage = col.kind not in ("category",)
    dv.errorStyle = "warning"
    dv.errorTitle = ui("dv_error_title", lang)[:32]
    dv.error = f"{col.header}: {col.hint}"[:225]
    return dv


def translated(spec: SheetSpec, lang: str) -> SheetSpec:
    """The sheet with its name, headers and hints in `lang` (the reader accepts every language)."""
    if lang == "en":
        return spec
    return replace(
        spec,
        name=header(spec.name, lang),
        columns=tuple(
            replace(c, header=c.header_in(lang), hint=c.hint_in(lang)) for c in spec.columns
        ),
    )


def _table_sheet(wb: Workbook, spec: SheetSpec, fw: Framework, lang: str = "en") -> Worksheet:
    ws = wb.create_sheet(spec.name)
    _style_header(ws, spec.columns)
    keys = [c.key for c in spec.columns]
    indicator = get_column_letter(keys.index("indicator") + 1) if "indicator" in keys else "B"
    for idx, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(idx)
        dv = _validation(col, fw, lang, indicator)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            ws.add_data_validation(dv)
        # A column style, not a style per cell: Excel applies it to whatever is typed there.
        number_format = NUMBER_FORMATS.get(col.kind)
        if number_format:
            ws.column_dimensions[letter].number_format = number_format
        if col.wrap:
            ws.column_dimensions[letter].alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def _lists_sheet(wb: Workbook, fw: Framework, lang: str) -> None:
    ws = wb.create_sheet(header(LISTS_SHEET, lang))
    ws.sheet_state = "hidden"
    lists: list[tuple[str, list[str]]] = [
        (list_name(v), vocab_labels(fw, v, lang))
        for v in (
            "agency",
            "work_area",
            "effect",
            "indicator",
            "state",
            "sdg",
            "population",
            "initiative_status",
            "programme_status",
            "joint_programme",
        )
    ]
    lists += [
        (category_list_name(ind.code), [ind.path_label_in(p, lang) for p in ind.paths])
        for ind in fw.indicators
    ]
    for idx, (name, values) in enumerate(lists, start=1):
        letter = get_column_letter(idx)
        ws.cell(row=1, column=idx, value=name).font = BOLD
        for row, value in enumerate(values, start=2):
            put(ws, row, idx, value).number_format = "@"
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(values) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _submission_sheet(
    wb: Workbook, fw: Framework, agency: str, year: int | None, lang: str
) -> None:
    spec = translated(
        replace(SUBMISSION, columns=(*SUBMISSION.columns, Column("hint", "How to fill it in"))),
        lang,
    )
    ws = wb.create_sheet(spec.name)
    _style_header(ws, spec.columns)
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 36
    values: dict[str, Any] = {
        "agency": agency or None,
        "year": year,
        "framework": fw.id,
        "template_version": layout.HISTORY.current,
    }
    fields = translated(replace(SUBMISSION, columns=SUBMISSION_FIELDS), lang).columns
    for row, col in enumerate(fields, start=2):
        ws.cell(row=row, column=1, value=col.header).font = BOLD
        cell = put(ws, row, 2, values.get(col.key))
        ws.cell(row=row, column=3, value=col.hint)
        if col.key in ("framework", "template_version"):
            cell.fill = STAMP_FILL
            cell.number_format = "@"
        dv = _validation(col, fw, lang)
        if dv is not None:
            dv.add(f"B{row}")
            ws.add_data_validation(dv)
        ws.cell(row=row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
        fit_row(ws, row)
    for_print(ws, last_row=len(fields) + 1, last_column=3)


def _counts_formatting(ws: Worksheet) -> None:
    """Colour a total or subtotal that differs from its direct categories while typing."""
    last = DATA_ROWS + 1
    rng = f"D2:D{last}"
    a, b, c, d = (f"${x}$2:${x}${last}" for x in "ABCD")
    total = (
        f'AND($C2="Total",$D2<>"",COUNTIFS({a},$A2,{b},$B2,{c},"<>Total",{c},"<>* / *")>0,'
        f'$D2<>SUMIFS({d},{a},$A2,{b},$B2,{c},"<>Total",{c},"<>* / *"))'
    )
    subtotal = (
        f'AND($C2<>"Total",$C2<>"",$D2<>"",COUNTIFS({a},$A2,{b},$B2,{c},$C2&" / *",'
        f'{c},"<>"&$C2&" / * / *")>0,$D2<>SUMIFS({d},{a},$A2,{b},$B2,{c},$C2&" / *",'
        f'{c},"<>"&$C2&" / * / *"))'
    )
    for formula in (total, subtotal):
        ws.conditional_formatting.add(rng, FormulaRule(formula=[formula], fill=MISMATCH_FILL))


def _money_formatting(ws: Worksheet) -> None:
    last = DATA_ROWS + 1
    formula = 'AND($E2<>"",$C2<>"",$D2<>"",ABS($E2-($C2-$D2))>0.005)'
    ws.conditional_formatting.add(f"E2:E{last}", FormulaRule(formula=[formula], fill=MISMATCH_FILL))


def build_template(
    fw: Framework, *, agency: str = "", year: int | None = None, lang: str = "en"
) -> Workbook:
    """The agency workbook for `fw`, optionally pre-filled with the agency and year."""
    wb = Workbook()
    intro = wb.active
    intro.title = header(INSTRUCTIONS_SHEET, lang)
    intro.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    title = intro.cell(row=1, column=1, value=fw.name_in(lang))
    title.font = TITLE_FONT
    instructions = ui("instructions", lang).replace("{currency}", fw.currency).splitlines()
    footer = ui("tpl_footer", lang).format(framework=fw.id, version=layout.HISTORY.current)
    last = len(instructions) + 4
    for row, line in ((1, None), *enumerate(instructions, start=3), (last, footer)):
        cell = intro.cell(row=row, column=1)
        if line is not None:
            cell.value = line
            cell.font = BOLD if row == 3 else NORMAL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        fit_row(intro, row)
    for_print(intro, landscape=False, title_rows=0, last_row=last, gridlines=False)

    _submission_sheet(wb, fw, agency, year, lang)
    for spec in data_sheets(fw)[1:]:
        ws = _table_sheet(wb, translated(spec, lang), fw, lang)
        # Not a print area: how long the sheet grows is the focal point's.
        for_print(ws)
        if spec.key == COUNTS.key:
            _counts_formatting(ws)
        elif spec.key == "money":
            _money_formatting(ws)
    _lists_sheet(wb, fw, lang)
    return wb


def write_template(
    fw: Framework,
    destination: Path,
    *,
    agency: str = "",
    year: int | None = None,
    lang: str = "en",
) -> None:
    """Write the template to `destination` atomically."""
    buffer = io.BytesIO()
    build_template(fw, agency=agency, year=year, lang=lang).save(buffer)
    atomic_write_bytes(destination, buffer.getvalue())
