"""Reading workbooks: refusals, tolerance, positions that stay exact, the template round trip."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cfreport.framework import Framework
from cfreport.validate import check_submission
from cfreport.workbook.fill import append_rows, counts_rows, label_of, set_details
from cfreport.workbook.reader import SubmissionRefused, read_submission
from cfreport.workbook.template import build_template
from cfreport.workbook.values import parse_number
from tests.conftest import VALID, edited_copy, finding_places
from tests.hostile_corpus import in_part, rezip


def refusal(path: Path, fw: Framework) -> tuple[str, str]:
    with pytest.raises(SubmissionRefused) as info:
        read_submission(path, fw)
    return info.value.finding.code, info.value.finding.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"agency,year\nUNICEF,2021\n", "not a zip"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (b"PK\x03\x04truncated", "damaged"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(
    content: bytes, words: str, fw: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(content)
    code, message = refusal(path, fw)
    assert code == "F001"
    assert words in message


def test_a_missing_file_is_refused(fw: Framework, tmp_path: Path) -> None:
    assert refusal(tmp_path / "nowhere.xlsx", fw) == ("F001", "file not found")


def test_a_missing_sheet_is_named_with_how_to_restore_it_and_the_rest_is_read(
    fw: Framework, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(VALID)
    del wb["Counts"]
    wb.save(tmp_path / "x.xlsx")
    sub, findings = read_submission(tmp_path / "x.xlsx", fw)
    assert [f.code for f in findings] == ["F003"]
    assert "no sheet 'Counts'" in findings[0].message
    assert "Rename the sheet back to 'Counts'" in findings[0].message
    assert sub.initiatives and sub.states and not sub.counts  # the rest is read
    assert "S005" not in {f.code for f in check_submission(sub, fw)}  # said once, by F003


def test_a_renamed_submission_sheet_is_named_and_the_rest_is_checked(
    fw: Framework, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(VALID)
    wb["Submission"].title = "Datos"
    wb.save(tmp_path / "x.xlsx")
    sub, findings = read_submission(tmp_path / "x.xlsx", fw)
    assert {f.code for f in findings} == {"F003", "F002"}
    assert "no sheet 'Submission'" in next(f for f in findings if f.code == "F003").message
    assert sub.initiatives and sub.counts and sub.agency == ""
    assert "S002" not in {f.code for f in check_submission(sub, fw)}


def test_a_missing_column_is_refused_by_name(fw: Framework, tmp_path: Path) -> None:
    path = edited_copy(VALID, tmp_path / "x.xlsx", [["Counts", "D1", "Number"]])
    code, message = refusal(path, fw)
    assert code == "F004"
    assert "no column 'Value'" in message


def test_a_workbook_without_stamp_is_refused(fw: Framework, tmp_path: Path) -> None:
    path = edited_copy(VALID, tmp_path / "x.xlsx", [["Submission", "A7", "Version"]])
    code, message = refusal(path, fw)
    assert code == "F005"
    assert "cfreport template" in message


def test_a_plain_workbook_is_refused(fw: Framework, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(tmp_path / "plain.xlsx")
    assert refusal(tmp_path / "plain.xlsx", fw)[0] == "F005"


def test_an_unknown_template_version_is_refused(fw: Framework, tmp_path: Path) -> None:
    path = edited_copy(VALID, tmp_path / "x.xlsx", [["Submission", "B7", "0.9"]])
    code, message = refusal(path, fw)
    assert code == "F006"
    assert "0.9" in message and "1.0" in message


def test_sheets_and_columns_are_found_by_name_not_position(fw: Framework, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(VALID)
    wb.move_sheet("Counts", offset=-5)
    counts = wb["Counts"]
    counts.insert_rows(1, amount=3)  # a title above the header
    counts["A1"] = "Counts of UNDP, 2021"
    counts.insert_cols(1)  # the data now starts in column B
    wb.save(tmp_path / "moved.xlsx")
    sub, findings = read_submission(tmp_path / "moved.xlsx", fw)
    assert findings == []
    first = sub.counts[0]
    assert (first.row, sub.cell("counts", first.row, "value")) == (5, "E5")
    # A wrong number is still reported at its true, shifted cell.
    wb["Counts"]["E5"] = 290
    wb.save(tmp_path / "moved.xlsx")
    assert finding_places(tmp_path / "moved.xlsx", fw) == [("T001", "Counts", "E5")]


def test_blank_rows_between_data_are_skipped(fw: Framework, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(VALID)
    wb["Counts"].insert_rows(10, amount=4)
    wb.save(tmp_path / "gaps.xlsx")
    assert finding_places(tmp_path / "gaps.xlsx", fw) == []


def test_an_initiative_principles_and_tags_are_read(fw: Framework) -> None:
    sub, _ = read_submission(VALID, fw)
    first = sub.initiatives[0]
    assert (first.id, first.lead, first.area, first.effect) == ("UNDP-01", "UNDP", "1", "1")
    assert first.principles == ("HR", "GEN", "TER")
    assert [t.code for t in sub.states if t.initiative == "UNDP-01"][:2] == ["FED", "AGU"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,200", 1200),
        ("1 200", 1200),
        ("1.200.000", 1200000),
        (" 42 ", 42),
        ("3.5", 3.5),
        ("12,854", 12854),
        ("$1,000.50", 1000.5),
        ("about 3", None),
        ("1,20", None),
        ("", None),
    ],
)
def test_numbers_typed_as_text(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def test_template_round_trip(fw: Framework, tmp_path: Path) -> None:
    """Generate the template, fill it with openpyxl, read it back into the same models."""
    wb = build_template(fw, agency="UNICEF", year=2021)
    set_details(wb, focal_point="Ana Pérez", email="ana@example.org")
    append_rows(
        wb,
        fw,
        "initiatives",
        [
            {
                "id": "U-1",
                "title": "Child protection",
                "lead": "UNICEF",
                "area": label_of(fw, "work_area", "4"),
                "effect": label_of(fw, "effect", "10"),
                "status": "Ongoing",
                "principle:HR": "Yes",
                "principle:LIFE": "Yes",
                "cross:D": "Yes",
            }
        ],
    )
    append_rows(
        wb,
        fw,
        "states",
        [{"initiative": "U-1", "code": "Oaxaca"}, {"initiative": "U-1", "code": "Federal level"}],
    )
    append_rows(wb, fw, "sdg_targets", [{"initiative": "U-1", "code": "16.10"}])
    append_rows(
        wb,
        fw,
        "counts",
        counts_rows(
            fw, "U-1", "4.3", {"Total": 12, "CSOs": 5, "Government": 7, "Government / State": 7}
        ),
    )
    append_rows(
        wb,
        fw,
        "money",
        [
            {
                "year": 2021,
                "area": label_of(fw, "work_area", "4"),
                "required": 1000.5,
                "available": 500,
                "gap": 500.5,
            }
        ],
    )
    append_rows(
        wb,
        fw,
        "programmes",
        [{"id": label_of(fw, "joint_programme", "JP-02"), "status": "In design", "amount": 10}],
    )
    wb.save(tmp_path / "filled.xlsx")

    sub, findings = read_submission(tmp_path / "filled.xlsx", fw)
    assert findings == []
    assert (sub.agency, sub.year, sub.focal_point, sub.framework_id, sub.template_version) == (
        "UNICEF",
        2021,
        "Ana Pérez",
        fw.id,
        "1.1",
    )
    (ini,) = sub.initiatives
    assert {k: v for k, v in ini._asdict().items() if k not in ("row", "title")} == {
        "id": "U-1",
        "lead": "UNICEF",
        "area": "4",
        "effect": "10",
        "status": "Ongoing",
        "principles": ("HR", "LIFE"),
        "cross_cutting": ("D",),
    }
    assert [(t.code, t.row) for t in sub.states] == [("OAX", 2), ("FED", 3)]
    assert [t.code for t in sub.sdg_targets] == ["16.10"]
    assert [(c.path, c.value) for c in sub.counts] == [
        ((), 12),
        (("CSOs",), 5),
        (("Government",), 7),
        (("Government", "State"), 7),
    ]
    assert [(m.year, m.area, m.required, m.available, m.gap) for m in sub.money] == [
        (2021, "4", 1000.5, 500.0, 500.5)
    ]
    assert [(p.id, p.status, p.amount) for p in sub.programmes] == [("JP-02", "In design", 10)]


def test_a_large_sheet_scanned_while_calamine_reads_gives_the_same_findings(
    fw: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large sheets are scanned for formulas and hidden rows in parallel with calamine."""
    from cfreport.workbook import cells

    path = edited_copy(
        VALID,
        tmp_path / "edited.xlsx",
        [["Counts", "D22", "=30+3"], ["+hiderow", "Counts", 5], ["Initiatives", "C3", ""]],
    )
    inline = read_submission(path, fw)
    monkeypatch.setattr(cells, "OVERLAP_FROM", 0)  # every sheet counts as large
    overlapped = read_submission(path, fw)
    assert overlapped == inline
    assert {f.code for f in inline[1]} == {"V006", "F010", "V005"}
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(path.read_bytes()[:-2000])
    with pytest.raises(SubmissionRefused):
        read_submission(damaged, fw)


def test_what_the_reader_builds_without_validation_is_valid(fw: Framework) -> None:
    """The reader skips pydantic's validation for speed: its output must pass it anyway."""
    from cfreport.models import Submission

    for path in sorted(VALID.parent.glob("*.xlsx")):
        sub, _ = read_submission(path, fw)
        assert Submission.model_validate(sub.model_dump()) == sub, path.name


def test_the_fast_paths_read_exactly_what_the_careful_reader_reads(
    fw: Framework, tmp_path: Path
) -> None:
    """Clean rows skip the careful reader; any row it would correct must not be skipped."""
    edits = [
        ["Initiatives", "A2", " UNICEF-01"],  # a space to tidy: V001
        ["Initiatives", "D3", "equality and inclusion"],  # a loose label: V001
        ["Initiatives", "G2", "yes"],  # a flag as typed: read, no finding
        ["Counts", "C3", "federal"],
        ["Counts", "D5", "12"],
        ["States", "B2", " jalisco"],  # a loose label and a space: V001
        ["States", "A3", "UNDP-01 "],
        ["SDG targets", "B2", 1.1],  # a target as a number: V008
        ["Populations", "B3", ""],  # a code missing: V005
    ]
    files = [*sorted(VALID.parent.glob("*.xlsx")), edited_copy(VALID, tmp_path / "e.xlsx", edits)]
    fast = [read_submission(path, fw) for path in files]
    careful = [read_submission(path, fw, fast=False) for path in files]
    assert fast == careful
    assert {f.code for f in fast[-1][1]} >= {"V001", "V005", "V008"}


# Evasions: what a hostile or careless workbook does in its XML, beyond what Excel writes.

COUNTS_XML = "xl/worksheets/sheet8.xml"


@pytest.mark.parametrize(
    "row_tag",
    [
        b'<row r="5" hidden="1">',
        b"<row r='5' hidden='1'>",
        b'<row r="5" hidden = "1">',
        b'<row r="5" hidden="true">',
        b'<row r="5" ht="0" customHeight="1">',
        b'<row r="5" ht="0.0" customHeight="1">',
    ],
)
def test_a_hidden_row_is_found_however_it_is_spelled(
    row_tag: bytes, fw: Framework, tmp_path: Path
) -> None:
    path = rezip(tmp_path / "hidden.xlsx", in_part(COUNTS_XML, b'<row r="5">', row_tag))
    assert ("F010", "Counts", "A5") in finding_places(path, fw)


@pytest.mark.parametrize(
    "col_tag",
    [
        b'<col min="4" max="4" width="12" hidden="1"/>',
        b"<col min='3' max='5' hidden='true'/>",
        b'<col min="4" max="4" width="0" customWidth="1"/>',
    ],
)
def test_a_hidden_value_column_is_found(col_tag: bytes, fw: Framework, tmp_path: Path) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name != COUNTS_XML:
            return data
        return re.sub(rb"<cols>.*?</cols>", b"<cols>" + col_tag + b"</cols>", data, count=1)

    path = rezip(tmp_path / "hidden-col.xlsx", change)
    assert ("F011", "Counts", "D1") in finding_places(path, fw)


def test_a_sheet_counts_before_counts_is_refused_naming_both(fw: Framework, tmp_path: Path) -> None:
    # Excel refuses two sheet names that differ in case only; the XML does not.
    book = b'<sheet name="Counts" sheetId="8" state="visible" r:id="rId8" />'
    twice = b'<sheet name="COUNTS" sheetId="12" state="visible" r:id="rId9" />' + book
    path = rezip(tmp_path / "two-counts.xlsx", in_part("xl/workbook.xml", book, twice))
    code, message = refusal(path, fw)
    assert code == "F013"
    assert "'COUNTS' and 'Counts'" in message


def test_a_malformed_relationship_does_not_switch_the_scans_off(
    fw: Framework, tmp_path: Path
) -> None:
    # A bare '&' in one relationship: calamine reads the workbook; a strict XML parser of the
    # whole file would not, and the scans went silent for every sheet.
    hidden = in_part(COUNTS_XML, b'<row r="5">', b'<row r="5" hidden="1">')
    rel = b'Target="/xl/worksheets/sheet3.xml" Id="rId3" />'
    bad_rel = in_part(
        "xl/_rels/workbook.xml.rels", rel, rel + b'<Relationship Type="a&b" Target="x" Id="r9"/>'
    )
    path = rezip(tmp_path / "bad-rels.xlsx", lambda n, d: bad_rel(n, hidden(n, d)))
    assert ("F010", "Counts", "A5") in finding_places(path, fw)


def test_a_target_in_another_case_is_scanned(fw: Framework, tmp_path: Path) -> None:
    hidden = in_part(COUNTS_XML, b'<row r="5">', b'<row r="5" hidden="1">')
    upper = in_part(
        "xl/_rels/workbook.xml.rels",
        b'Target="/xl/worksheets/sheet8.xml"',
        b'Target="/XL/Worksheets/Sheet8.xml"',
    )
    path = rezip(tmp_path / "upper.xlsx", lambda n, d: upper(n, hidden(n, d)))
    assert ("F010", "Counts", "A5") in finding_places(path, fw)


def test_a_sheet_the_scan_cannot_parse_is_said_not_taken_for_clean(
    fw: Framework, tmp_path: Path
) -> None:
    # An undeclared namespace prefix: calamine reads the sheet, an XML parser refuses it, so
    # whether a formula lacks its result is unknown, and said (F014).
    formula = in_part(COUNTS_XML, b'<c r="D5" t="n"><v>2</v></c>', b'<c r="D5"><f>1+1</f></c>')
    stray = in_part(COUNTS_XML, b"</sheetData>", b"</sheetData><x14:stray/>")
    path = rezip(tmp_path / "stray.xlsx", lambda n, d: stray(n, formula(n, d)))
    assert ("F014", "Counts", "") in finding_places(path, fw)


def test_an_error_cell_without_formula_is_an_error(fw: Framework, tmp_path: Path) -> None:
    cell = re.compile(rb'<c r="D5"[^>]*>.*?</c>')

    def change(name: str, data: bytes) -> bytes:
        if name != COUNTS_XML:
            return data
        return cell.sub(b'<c r="D5" t="e"><v>#REF!</v></c>', data, count=1)

    path = rezip(tmp_path / "error.xlsx", change)
    _, findings = read_submission(path, fw)
    found = [f for f in findings if f.code == "V010"]
    assert [(f.cell, f.found) for f in found] == [("D5", "#REF!")]


@pytest.mark.parametrize("value", [b"NaN", b"inf", b"-inf", b"1e308"])
def test_numbers_that_are_not_numbers_are_findings(
    value: bytes, fw: Framework, tmp_path: Path
) -> None:
    money = re.compile(rb'<c r="C2"[^>]*>.*?</c>')

    def change(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet9.xml":
            return data
        return money.sub(b'<c r="C2" t="n"><v>' + value + b"</v></c>", data, count=1)

    path = rezip(tmp_path / "nan.xlsx", change)
    sub, findings = read_submission(path, fw)
    assert [(f.code, f.cell) for f in findings] == [("V009", "C2")]
    assert sub.money[0].required is None


@pytest.mark.parametrize(
    ("xml", "error", "hidden"),
    [
        (b'<row r="7"><c r="D7" t="e"><v>#N/A</v></c></row>', True, set()),
        (b"<row r='7'><c r='D7' t = 'e'><v>#N/A</v></c></row>", True, set()),
        (b'<row r="7"><c r="D7"\tt="e"><v>#N/A</v></c></row>', True, set()),
        (b'<row r="7"><c r="D7" fmt="e" t="s"><v>1</v></c></row>', False, set()),
        # Apostrophes in text before it, a few and many (each is looked at, then a full search).
        (b"<row r='7'><c t='inlineStr'><is><t>it's</t></is></c><c t='e'/></row>", True, set()),
        (b"<row r='7'><c><is><t>" + b"'" * 600 + b"</t></is></c><c t='e'/></row>", True, set()),
        (b"<row r='7'><c><is><t>" + b"'" * 600 + b"</t></is></c><c t='s'/></row>", False, set()),
        (b'<row r="7" ht="0" customHeight="1"><c r="D7"><v>1</v></c></row>', False, {7}),
        (b"<row r='7' ht = '.0'><c r='D7'><v>1</v></c></row>", False, {7}),
        (b'<row r="7" customHeight="0" ht="15"><c r="D7"><v>1</v></c></row>', False, set()),
        (b'<row r="7" width="0"><c r="D7"><v>1</v></c></row>', False, {7}),
    ],
)
@pytest.mark.parametrize("cut", [0, 5, 17, 30])
def test_the_byte_search_finds_error_cells_and_hidden_rows_across_chunks(
    xml: bytes, error: bool, hidden: set[int], cut: int
) -> None:
    """Attributes however they are spaced and quoted, an attribute whose name only ends like
    one (fmt="e", customHeight="0") not taken for it, and a tag cut between two chunks."""
    from cfreport.workbook.formulas import SheetBytes

    found = SheetBytes()
    whole = b"<sheetData>" + xml + b"</sheetData>"
    found.feed(whole[:cut])
    found.feed(whole[cut:])
    assert (found.has_error, found.hidden) == (error, hidden)


@pytest.mark.parametrize(
    ("xml", "formula"),
    [
        (b'<c r="D7"><f>SUM(D2:D6)</f><v>3</v></c>', True),
        (b'<c r="D7"><f t="shared" si="0"/></c>', True),
        (b'<x:c r="D7"><x:f>1+2</x:f></x:c>', True),
        (b'<c xmlns:s="http://purl.oclc.org/ooxml/spreadsheetml/main"><s:f>1</s:f></c>', True),
        (b'<c r="D7" t="s"><v>1</v></c><autoFilter><filterColumn colId="0"/></autoFilter>', False),
        (b'<c r="D7" t="inlineStr"><is><t>of formulas, f&lt;g</t></is></c>', False),
    ],
)
@pytest.mark.parametrize("cut", [0, 11, 12, 14])
def test_the_byte_search_finds_formulas_across_chunks(xml: bytes, formula: bool, cut: int) -> None:
    """A formula element prefixed (where the prefix is SpreadsheetML's) or not, shared or not; an
    element that only starts like one (filterColumn), an extension's, and text about formulas
    not taken for one."""
    from cfreport.workbook.formulas import SheetBytes

    found = SheetBytes()
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        b"<sheetData><row r='7'>"
    )
    whole = head + xml + b"</row></sheetData></worksheet>"
    cut += len(head)  # within the cell: between '<' and 'f', or '<x:' and 'f'
    found.feed(whole[:cut])
    found.feed(whole[cut:])
    assert found.has_formula is formula


def test_an_extensions_formula_is_not_taken_for_a_cells() -> None:
    """A dropdown's source (<xm:f>, in an extension of another namespace) is no cell's formula:
    a sheet with dropdowns is not parsed whole for formulas it does not have."""
    from cfreport.workbook.formulas import SheetBytes

    found = SheetBytes()
    found.feed(
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        b'<sheetData><row r="7"><c r="D7"><v>1</v></c></row></sheetData><extLst><ext>'
        b"<x14:dataValidations><x14:dataValidation><x14:formula1><xm:f>Lists!$A$2:$A$9</xm:f>"
        b"</x14:formula1><xm:sqref>D7</xm:sqref></x14:dataValidation></x14:dataValidations>"
        b"</ext></extLst></worksheet>"
    )
    assert not found.has_formula


def _with_own_sheet(target: Path, damaged: bool) -> Path:
    """The valid example with a sheet the agency added (notes of its own), its XML cut short
    halfway where `damaged`."""
    book = openpyxl.load_workbook(VALID)
    notes = book.create_sheet("Our notes")
    for row in range(1, 200):
        notes.append([f"note {row}", row, "=1/0"])
    book.save(target)
    if not damaged:
        return target
    with zipfile.ZipFile(target) as zf:
        part = next(n for n in zf.namelist() if n.endswith(f"sheet{len(book.sheetnames)}.xml"))
    whole = target.with_name("whole.xlsx")
    target.rename(whole)
    return rezip(target, lambda n, d: d[: len(d) // 2] if n == part else d, source=whole)


@pytest.mark.parametrize("damaged", [False, True], ids=["whole", "cut-short"])
def test_a_sheet_of_the_agencys_own_is_named_and_not_read(
    damaged: bool, fw: Framework, tmp_path: Path
) -> None:
    # Only its name counts (F002): its cells (formulas without results) are not read, and its
    # XML cut short does not refuse the workbook whose data sheets are whole.
    path = _with_own_sheet(tmp_path / "notes.xlsx", damaged)
    _, findings = read_submission(path, fw)
    on_notes = [(f.code, f.cell) for f in findings if f.sheet == "Our notes"]
    assert on_notes == [("F002", None)]
    assert not [f for f in findings if f.code in ("F001", "F014")]
