"""The template: dropdowns, hints, stamp, frozen headers; the committed copy is current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cfreport.framework import Framework
from cfreport.workbook.template import build_template
from tests.conftest import EXAMPLES, ROOT

COMMITTED = ROOT / "templates" / "xlsx" / "cfreport-template-mexico-2020-2025.xlsx"


def _content(wb: Any) -> dict[str, Any]:
    """What a template says, without the timestamps that make the bytes differ."""
    out: dict[str, Any] = {"names": sorted((n, d.attr_text) for n, d in wb.defined_names.items())}
    for ws in wb.worksheets:
        out[ws.title] = {
            "state": ws.sheet_state,
            "cells": [[c.value for c in row] for row in ws.iter_rows()],
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1, dv.prompt)
                for dv in ws.data_validations.dataValidation
            ),
            "formatting": sorted(
                (str(rng.sqref), rule.formula[0])
                for rng in ws.conditional_formatting
                for rule in rng.rules
            ),
            "freeze": ws.freeze_panes,
            "print": (
                ws.page_setup.orientation,
                ws.page_setup.fitToWidth,
                ws.print_title_rows,
                ws.print_area,
            ),
            "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            "fonts": sorted({str(c.font.name) for row in ws.iter_rows() for c in row if c.value}),
        }
    return out


def test_the_committed_template_is_current(fw: Framework, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.xlsx"
    build_template(fw).save(fresh)
    assert _content(openpyxl.load_workbook(COMMITTED)) == _content(openpyxl.load_workbook(fresh)), (
        "templates/xlsx is stale: run `make template`"
    )


def test_coded_columns_have_dropdowns_and_hints(fw: Framework) -> None:
    wb = build_template(fw)
    ws = wb["Initiatives"]
    by_column = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    lead = by_column["C2"]
    assert (lead.type, lead.formula1) == ("list", "=list_agency")
    assert lead.showInputMessage and lead.prompt
    assert by_column["G2"].formula1 == '"Yes,No"'
    assert ws.freeze_panes == "A2"
    assert wb["Lists"].sheet_state == "hidden"
    agencies = wb.defined_names["list_agency"].attr_text
    assert agencies == "'Lists'!$A$2:$A$29"  # the 28 agencies


def test_the_category_dropdown_follows_the_indicator(fw: Framework) -> None:
    wb = build_template(fw)
    (category,) = [
        dv for dv in wb["Counts"].data_validations.dataValidation if str(dv.sqref).startswith("C2")
    ]
    assert "INDIRECT" in category.formula1
    ref = wb.defined_names["cat_4_3"].attr_text
    sheet, cells = ref.split("!")
    sheet = sheet.strip("'")
    values = [c.value for (c,) in wb[sheet][cells.replace("$", "")]]
    assert values[:3] == ["Total", "CSOs", "Shelters"]
    assert "Private sector / Unions" in values


def test_the_stamp_and_prefilled_details(fw: Framework) -> None:
    ws = build_template(fw, agency="UNICEF", year=2021)["Submission"]
    details = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, 8)}
    assert details["Agency"] == "UNICEF"
    assert details["Reporting year"] == 2021
    assert details["Framework"] == fw.id
    assert details["Template version"] == "1.1"


def test_totals_beside_their_parts_are_highlighted(fw: Framework) -> None:
    ws = build_template(fw)["Counts"]
    formulas = [rule.formula[0] for rng in ws.conditional_formatting for rule in rng.rules]
    assert any("SUMIFS" in f and '"Total"' in f for f in formulas)


def test_a_second_template_run_never_replaces_a_filled_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from cfreport.cli import app

    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["template", "--agency", "UNICEF", "--year", "2022"]).exit_code == 0
    filled = tmp_path / "unicef-2022.xlsx"
    wb = openpyxl.load_workbook(filled)
    wb["Initiatives"]["A2"] = "UNICEF-01"
    wb.save(filled)
    before = filled.read_bytes()
    again = runner.invoke(app, ["template", "--agency", "UNICEF", "--year", "2022"])
    assert again.exit_code == 2 and filled.read_bytes() == before
    assert "unicef-2022.xlsx already exists" in again.stderr and "--force" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    spanish = runner.invoke(
        app, ["template", "--agency", "UNICEF", "--year", "2022", "--lang", "es"]
    )
    assert "ya existe" in spanish.stderr
    # From last year's workbook too; --force replaces.
    source = EXAMPLES / "unicef-2021.xlsx"
    from_ = runner.invoke(app, ["template", "--from", str(source), "-o", str(filled)])
    assert from_.exit_code == 2 and filled.read_bytes() == before
    forced = runner.invoke(app, ["template", "--agency", "UNICEF", "--year", "2022", "--force"])
    assert forced.exit_code == 0 and filled.read_bytes() != before
