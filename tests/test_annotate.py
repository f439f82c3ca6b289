"""`validate --annotate`: findings highlighted and commented in a copy read like the original."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.framework import Framework
from cfreport.inputs import discover
from tests.conftest import EXAMPLES, VALID, edited_copy, finding_places
from tests.hostile_corpus import in_part, rezip

runner = CliRunner()


def test_the_annotated_copy(tmp_path: Path, fw: Framework) -> None:
    source = edited_copy(
        EXAMPLES / "ilo-2021.xlsx", tmp_path / "ilo-2021.xlsx", [["States", "B3", "chiapas"]]
    )
    before = source.read_bytes()
    result = runner.invoke(app, ["validate", str(source), "--annotate"])
    assert result.exit_code == 1
    copy = tmp_path / "ilo-2021.checked.xlsx"
    assert source.read_bytes() == before
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "Findings"
    findings = wb["Findings"]
    # In the workbook's tab order: the States sheet comes before Counts.
    codes = [findings.cell(row=r, column=2).value for r in (2, 3, 4)]
    assert codes == ["V001", "I008", "T001"]
    link = findings["A4"].hyperlink
    assert link.location == "'Counts'!D4" or "Counts" in str(link.target or link.location)
    total = wb["Counts"]["D4"]
    assert total.comment is not None and "T001" in total.comment.text
    assert total.fill.fgColor.rgb.endswith("FFC7CE")
    assert wb["States"]["B3"].comment is not None
    # Sent back as it is, the copy is read like any submission, with the same findings.
    assert finding_places(copy, fw) == finding_places(source, fw)


def test_annotate_dir_and_folders_skip_the_copies(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("source", "*.md", "*.toml"))
    out = tmp_path / "checked"
    result = runner.invoke(app, ["validate", str(folder), "--annotate-dir", str(out)])
    assert result.exit_code == 1
    assert len(list(out.glob("*.checked.xlsx"))) == 11
    runner.invoke(app, ["validate", str(folder), "--annotate"])
    assert len(list(folder.glob("*.checked.xlsx"))) == 11
    assert len(discover([str(folder)])) == 11  # the copies beside their originals are skipped


def test_a_spanish_annotated_copy(tmp_path: Path, fw: Framework) -> None:
    source = Path(shutil.copy(EXAMPLES / "unhcr-2021.xlsx", tmp_path / "unhcr-2021.xlsx"))
    assert (
        runner.invoke(app, ["validate", str(source), "--annotate", "--lang", "es"]).exit_code == 1
    )
    wb = openpyxl.load_workbook(tmp_path / "unhcr-2021.checked.xlsx")
    assert wb.sheetnames[0] == "Hallazgos"
    assert wb["Hallazgos"]["D1"].value == "mensaje"
    assert "sus partes suman 277" in wb["Hallazgos"]["D2"].value
    assert finding_places(tmp_path / "unhcr-2021.checked.xlsx", fw) == finding_places(source, fw)


def test_annotating_a_fixed_copy_leaves_no_stale_marks(tmp_path: Path, fw: Framework) -> None:
    source = edited_copy(
        EXAMPLES / "ilo-2021.xlsx",
        tmp_path / "ilo-2021.xlsx",
        [["States", "B3", "chiapas"], ["Counts", "D5", "doce"]],
    )
    assert runner.invoke(app, ["validate", str(source), "--annotate"]).exit_code == 1
    copy = tmp_path / "ilo-2021.checked.xlsx"
    # The focal point fixes the text number in the copy, and colours a cell of their own.
    wb = openpyxl.load_workbook(copy)
    wb["Counts"]["D5"] = 19
    wb["Initiatives"]["B2"].fill = openpyxl.styles.PatternFill("solid", fgColor="FF00B050")
    wb.save(copy)
    before = copy.read_bytes()
    result = runner.invoke(app, ["validate", str(copy), "--annotate"])
    assert copy.read_bytes() == before, "an input is never an output"
    again = tmp_path / "ilo-2021.checked-2.xlsx"
    assert again.exists() and not (tmp_path / "ilo-2021.checked.checked.xlsx").exists()
    assert str(again) in result.stderr
    wb = openpyxl.load_workbook(again)
    fixed = wb["Counts"]["D5"]
    assert fixed.comment is None and fixed.fill.fill_type is None
    assert wb["States"]["B3"].comment is not None  # still a finding: marked afresh
    assert wb["Initiatives"]["B2"].fill.fgColor.rgb == "FF00B050"  # the user's own fill stays
    codes = [wb["Findings"].cell(row=r, column=2).value for r in range(2, 5)]
    assert "V002" not in codes
    note = [c.value for c in wb["Findings"]["D"] if c.value and "send that file" in str(c.value)]
    assert note and "ilo-2021.xlsx" in note[0]
    runner.invoke(app, ["validate", str(again), "--annotate"])
    assert (tmp_path / "ilo-2021.checked-3.xlsx").exists()


# Workbooks the reader accepts and openpyxl, which writes the copy, finds hard.

MESSY_COUNTS = "xl/worksheets/sheet8.xml"


def _annotate(path: Path) -> str:
    result = CliRunner().invoke(app, ["validate", str(path), "--annotate"])
    assert "internal error" not in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout + result.stderr


def test_a_finding_inside_merged_cells_is_marked_where_the_value_shows(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(VALID)
    wb["Counts"]["C3"] = None  # a missing category: V005 at C3
    wb["Counts"].merge_cells("B3:C4")
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    _annotate(path)
    copy = openpyxl.load_workbook(tmp_path / "merged.checked.xlsx")
    anchor = copy["Counts"]["B3"]
    assert anchor.comment is not None and "V005" in anchor.comment.text


def test_raw_control_characters_and_nan_values_are_annotated(tmp_path: Path) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name == MESSY_COUNTS:
            # A raw ESC (not valid XML; calamine reads it) in a comment, NaN as a value.
            data = data.replace(b"<v>2</v>", b"<v>NaN</v>", 1)
        if name == "xl/worksheets/sheet3.xml":
            data = data.replace(b"<t>Inclusive social", b"<t>\x1b[31mInclusive\x0bsocial", 1)
        return data

    path = rezip(tmp_path / "messy.xlsx", change)
    out = _annotate(path)
    assert "wrote" in out, out
    copy = openpyxl.load_workbook(tmp_path / "messy.checked.xlsx")
    codes = {str(c.value) for c in copy["Findings"]["B"]}
    assert {"V009", "V001"} <= codes
    assert copy["Initiatives"]["B2"].comment is not None


def test_a_workbook_without_styles_is_annotated(tmp_path: Path) -> None:
    path = rezip(tmp_path / "bare.xlsx", lambda n, d: None if n == "xl/styles.xml" else d)
    out = _annotate(path)
    assert "wrote" in out, out
    assert openpyxl.load_workbook(tmp_path / "bare.checked.xlsx")["Findings"]


def test_newer_dropdowns_the_copy_cannot_keep_are_said_in_cfreports_words(
    tmp_path: Path,
) -> None:
    x14 = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="1" '
        b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        b'<x14:dataValidation type="list" allowBlank="1"><x14:formula1>'
        b"<xm:f>Lists!$A$2:$A$5</xm:f></x14:formula1><xm:sqref>F2:F10</xm:sqref>"
        b"</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"
    )
    path = rezip(tmp_path / "x14.xlsx", in_part(MESSY_COUNTS, b"</worksheet>", x14))
    out = _annotate(path)
    assert "the copy lacks the dropdowns Excel keeps in its newer format" in out
    assert "UserWarning" not in out and "extension is not supported" not in out
