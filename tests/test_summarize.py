"""`cfreport summarize`: the 2021 figures as published, provenance, joint and year rules."""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.figures import Summary
from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.render.summarize.csv import read_summary_csv, render_summary_csv
from cfreport.render.summary_rows import summary_rows
from cfreport.summarize import summarize_paths
from tests.conftest import EXAMPLES, edited_copy
from tests.conftest import run_cli as run

runner = CliRunner()

PUBLISHED_TOTALS = {
    "D.1": 1187,
    "D.2": 96,
    "1.1": 294,
    "1.2": 17,
    "1.3": 24,
    "1.4": 62,
    "2.1": 12854,
    "2.2": 406,
    "2.3": 66,
    "2.4": 227,
    "3.1": 23,
    "3.2": 53,
    "3.3": 30,
    "4.1": 4475,
    "4.2": 158,
    "4.3": 281,
}


@pytest.fixture(scope="module")
def summary() -> Summary:
    from cfreport.framework import load_framework

    return summarize_paths(discover([str(EXAMPLES)]), load_framework())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "2021"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("source", "*.md", "*.toml"))
    return target


def test_every_indicator_total_is_as_published(summary: Summary) -> None:
    totals = {i.code: i.total.value for a in summary.areas for i in a.indicators if i.total}
    assert totals == PUBLISHED_TOTALS


def test_breakdowns_follow_the_indicators_tree(summary: Summary) -> None:
    lines = [(line.label, line.figure.value) for line in summary.indicator("4.1").breakdown]
    assert lines == [
        ("CSOs", 351),
        ("Government", 2072),
        ("Government / Federal", 2024),
        ("Government / State", 48),
        ("Academia", 2),
        ("Without disaggregation", 2050),
    ]
    one = {line.label: line.figure.value for line in summary.indicator("1.1").breakdown}
    assert one["Federal / CSOs"] == 261 and one["Shelters"] == 1


def test_coverage_as_printed(summary: Summary) -> None:
    coverage = {a.code: (len(a.states), a.federal) for a in summary.areas if a.kind == "work"}
    assert coverage == {"1": (24, True), "2": (32, True), "3": (32, True), "4": (24, True)}


def test_money_and_joint_programmes_as_published(summary: Summary) -> None:
    total = summary.money_total
    assert (total.required.value, total.available.value) == (248_610_000, 172_950_000)
    programmes = {p.status: (p.count.value, p.amount.value) for p in summary.programmes}
    assert programmes == {
        "Ongoing": (5, 10_309_070),
        "About to start": (2, 4_302_980),
        "In design": (3, 599_665),
    }


def test_joint_programmes_by_name_period_and_source_under_each_status(
    summary: Summary, fw: Framework
) -> None:
    ongoing = next(p for p in summary.programmes if p.status == "Ongoing")
    assert [i.id for i in ongoing.items] == ["JP-01", "JP-02", "JP-03", "JP-04", "JP-05"]
    assert sum(i.amount.value for i in ongoing.items) == ongoing.amount.value == 10_309_070
    closing_gaps = ongoing.items[1]
    assert (closing_gaps.period, closing_gaps.source) == ("2020-2022", "SDG Fund")
    assert all(len(i.amount.sources) == 1 for i in ongoing.items)
    text = run("summarize", str(EXAMPLES))[1]
    assert (
        "JP-02 Closing Gaps, making social protection work for women in Mexico (2020-2022). "
        "Source: SDG Fund: USD 2,000,000.00" in text
    )
    spanish = run("summarize", str(EXAMPLES), "--lang", "es")[1]
    assert "En curso: programas: 5" in spanish and "Ongoing" not in spanish
    assert "Fuente: Fondo ODS" in spanish


def test_initiatives_are_those_the_examples_hold(summary: Summary) -> None:
    # 20 initiatives in the workbooks; JI-02 and JI-03 are each listed by two agencies.
    assert sum(f.value for f in summary.initiatives_by_area.values()) == 17
    assert (summary.initiatives.value, summary.joint_initiatives.value) == (17, 8)
    assert summary.agencies_reporting.value == 11
    assert {s.sheet for s in summary.agencies_reporting.sources} == {"Submission"}
    assert sum(f.value for f in summary.joint_initiatives_by_area.values()) == 8
    assert summary.joint_initiatives_by_area["4"].value == 3


def test_every_figure_names_real_cells(summary: Summary, fw: Framework) -> None:
    books: dict[str, openpyxl.Workbook] = {}
    for row in summary_rows(summary, fw):
        for place in row.sources:
            wb = books.setdefault(place.file, openpyxl.load_workbook(place.file))
            assert wb[place.sheet][place.cell].value is not None
    fig = summary.indicator("2.2").total
    assert fig is not None
    assert [(Path(p.file).name, p.sheet, p.cell, p.value) for p in fig.sources] == [
        ("un-habitat-2021.xlsx", "Counts", "D2", 406)
    ]


def test_figures_touched_by_a_finding_say_so(summary: Summary) -> None:
    assert summary.indicator("4.3").total.codes == ("T001", "X005")  # type: ignore[union-attr]
    assert summary.indicator("4.2").total.codes == ()  # type: ignore[union-attr]


def test_shuffling_the_inputs_changes_nothing(fw: Framework, tmp_path: Path) -> None:
    paths = discover([str(EXAMPLES)])
    first = summarize_paths(paths, fw).model_dump_json()
    for seed in (1, 2):
        shuffled = paths[:]
        random.Random(seed).shuffle(shuffled)
        assert summarize_paths(shuffled, fw).model_dump_json() == first


def test_a_joint_initiative_is_counted_once_with_the_leads_figures(
    folder: Path, fw: Framework
) -> None:
    # IOM, a participant of JI-02, reports a different 4.3 total: the lead's 281 stands.
    iom = folder / "iom-2021.xlsx"
    edited_copy(
        iom,
        iom,
        [
            ["Counts", "A2", "JI-02"],
            ["Counts", "B2", "4.3"],
            ["Counts", "C2", "Total"],
            ["Counts", "D2", 275],
        ],
    )
    summary = summarize_paths(discover([str(folder)]), fw)
    total = summary.indicator("4.3").total
    assert total is not None and total.value == 281
    conflict = [f for f in summary.findings if f.code == "X002"]
    assert [(Path(f.file).name, f.cell, f.expected, f.found) for f in conflict] == [
        ("iom-2021.xlsx", "D2", 281, 275)
    ]
    assert [Path(p.file).name for p in conflict[0].related] == ["unhcr-2021.xlsx"]


def test_several_years_need_year(folder: Path, fw: Framework) -> None:
    edited_copy(folder / "fao-2021.xlsx", folder / "fao-2022.xlsx", [["Submission", "B3", 2022]])
    code, _, err = run("summarize", str(folder))
    assert code == 2
    assert "several reporting years (2021, 2022); pick one with --year" in err
    code, out, _ = run("summarize", str(folder), "--year", "2022", "--format", "json")
    data = json.loads(out)
    assert [Path(f).name for f in data["files"]] == ["fao-2022.xlsx"]
    assert len(data["left_out"]) == 11


def test_an_unreadable_file_is_named_and_left_out(folder: Path) -> None:
    (folder / "broken.xlsx").write_text("not a workbook")
    code, out, err = run("summarize", str(folder), "--format", "json")
    assert code == 2
    data = json.loads(out)
    assert any("broken.xlsx" in f for f in data["left_out"])
    assert data["areas"][0]["indicators"][0]["total"]["value"] == 294
    assert "broken.xlsx" in err


def test_only_valid_leaves_out_files_with_errors() -> None:
    _, out, _ = run("summarize", str(EXAMPLES), "--only-valid", "--format", "json")
    data = json.loads(out)
    assert sorted(Path(f).name for f in data["left_out"]) == ["ilo-2021.xlsx", "unhcr-2021.xlsx"]


def test_the_text_view_and_explain() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), "--area", "4")
    assert code == 0
    assert "Area 4. Peace, justice, and the rule of law" in out
    assert "4,475" in out and "Federal: 2,024" in out
    assert "We work in: 24 states and the federal level" in out
    assert "[! T001, X005]" in out
    assert "Area 1." not in out
    _, explained, _ = run("summarize", str(EXAMPLES), "--area", "2", "--explain")
    assert "un-habitat-2021.xlsx: Counts!D2" in explained


def test_against_the_published_figures_reports_exactly_their_differences() -> None:
    code, out, _ = run(
        "summarize",
        str(EXAMPLES),
        "--against",
        str(EXAMPLES / "published.toml"),
        "--format",
        "json",
    )
    assert code == 1
    against = json.loads(out)["against"]
    got = [
        (f["code"], f["message"].split(":")[0], f["found"], f["expected"])
        for f in against["findings"]
    ]
    assert got == [
        ("P002", "indicator 2.1 total", 12854, 12894),
        ("P002", "indicator 4.3 total", 281, 277),
        ("P001", "money gap 2020-2022", 86.86, 75.66),
        ("P002", "money gap 2020-2022 (required - available)", 86.86, 75.66),
    ]
    shown = [item["message"] for item in against["not_checked"][:2]]
    assert shown == ["initiatives: 322", "joint initiatives: 45"]


def _against(tmp_path: Path, printed: str) -> list[tuple[str, str, object, object]]:
    draft = tmp_path / "draft.toml"
    draft.write_text('framework = "mexico-2020-2025"\nyear = 2021\n' + printed)
    out = run("summarize", str(EXAMPLES), "--against", str(draft), "-f", "json")[1]
    return [
        (f["code"], f["message"].split(":")[0], f["found"], f["expected"])
        for f in json.loads(out)["against"]["findings"]
    ]


def test_a_printed_category_with_printed_parts_is_checked_against_them(tmp_path: Path) -> None:
    # "Microentrepreneurs: 41 (13 men, 27 women)": the 41 is compared with the data and with
    # its own printed parts; the total with the top-level printed categories only.
    found = _against(
        tmp_path,
        '[[indicators]]\ncode = "2.1"\ntotal = 12854\nbreakdown = { "Women" = 5047, '
        '"Refugees" = 5092, "Microentrepreneurs" = 41, "Microentrepreneurs / Men" = 13, '
        '"Microentrepreneurs / Women" = 27, "Without disaggregation" = 2715 }\n',
    )
    assert found == [
        ("P001", "indicator 2.1, Microentrepreneurs", 41, 40),
        ("P002", "indicator 2.1 total", 12854, 12895),
        ("P002", "indicator 2.1, Microentrepreneurs", 41, 40),
    ]


def test_a_printed_total_whose_printed_parts_by_area_do_not_add_up(tmp_path: Path) -> None:
    def printed(total: int, by_area: str) -> str:
        return f"[joint_initiatives]\ntotal = {total}\nby_area = {{ {by_area} }}\nchecked = false\n"

    every_area = printed(45, '"1" = 14, "2" = 13, "3" = 2, "4" = 15')
    assert _against(tmp_path, every_area) == [("P002", "joint initiatives", 45, 44)]
    # One area's figure not printed (green economy, 2021): the others must not exceed the total.
    one_lost = printed(40, '"1" = 14, "2" = 13, "4" = 15')
    assert _against(tmp_path, one_lost) == [("P002", "joint initiatives", 40, 42)]
    assert _against(tmp_path, printed(45, '"1" = 14, "2" = 13, "4" = 15')) == []


def test_against_in_spanish_names_the_same_differences_in_spanish() -> None:
    code, out, _ = run(
        "summarize",
        str(EXAMPLES),
        "--against",
        str(EXAMPLES / "published.toml"),
        "--lang",
        "es",
    )
    assert code == 1
    assert "P002  indicador 2.1, total: el borrador imprime 12,854" in out
    assert "P001  brecha de recursos 2020-2022: el borrador imprime 86.86" in out
    assert "sin revisar (los datos no pueden sostenerla): iniciativas: 322" in out


def test_json_round_trips(summary: Summary) -> None:
    assert Summary.model_validate_json(summary.model_dump_json()) == summary


def test_the_csv_is_written_a_megabyte_or_so_at_a_time(
    summary: Summary, fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row's sources are every cell behind its figure: counted in rows, the 112 MB CSV of
    3,000 workbooks was held whole before a byte of it was written (313 MB at its peak)."""
    import cfreport.render.summarize.csv as summary_csv

    whole = render_summary_csv(summary, fw)
    monkeypatch.setattr(summary_csv, "CHUNK_CHARS", 2_000)
    chunks = list(summary_csv.summary_csv_chunks(summary, fw))
    assert "".join(chunks) == whole
    longest_row = max(len(line) for line in whole.splitlines(keepends=True))
    assert len(chunks) > 10 and max(map(len, chunks)) < 2_000 + longest_row


def test_csv_round_trips(summary: Summary, fw: Framework) -> None:
    rows = summary_rows(summary, fw)
    back = read_summary_csv(render_summary_csv(summary, fw))
    strip = [
        r.__class__(
            **{
                **r.__dict__,
                "sources": tuple(p._replace(value=None) for p in r.sources),
                "explained": (),  # what --explain adds in text: not a CSV column
                "key": "",  # a column with --compare only
            }
        )
        for r in rows
    ]
    assert back == strip


def test_markdown_has_a_table_per_area() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), "--format", "markdown")
    assert code == 0
    assert out.count("\n## ") == 6
    assert "| indicator   | 4.3 Institutions strengthened" in out


def test_xlsx_export_has_sheets_and_native_charts(tmp_path: Path) -> None:
    target = tmp_path / "consolidated-2021.xlsx"
    code, _, _ = run("summarize", str(EXAMPLES), "--format", "xlsx", "-o", str(target))
    assert code == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:2] == ["Overview", "Area 1"]
    assert {"Cross-cutting D", "System-wide", "Sources"} <= set(wb.sheetnames)
    with zipfile.ZipFile(target) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    sources = wb["Sources"]
    assert sources["C2"].value.endswith(".xlsx") and sources["E2"].value


def test_sources_past_a_sheets_rows_go_on_in_the_next_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel's sheets end at row 1,048,576, and a summary of 3,000 workbooks has 1.9 million
    source cells: the workbook was refused with an internal error. Every cell is kept, in
    'Sources', 'Sources 2' ..., after the sheets of figures (Spanish: 'Fuentes 2')."""
    import cfreport.render.summarize.xlsx as summary_xlsx

    target = tmp_path / "consolidated-2021.xlsx"
    assert run("summarize", str(EXAMPLES), "-f", "xlsx", "-o", str(target))[0] == 0
    whole = openpyxl.load_workbook(target)
    monkeypatch.setattr(summary_xlsx, "SHEET_ROWS", 400)
    for lang, name in (("en", "Sources"), ("es", "Fuentes")):
        split = tmp_path / f"split-{lang}.xlsx"
        assert (
            run("summarize", str(EXAMPLES), "-f", "xlsx", "-o", str(split), "--lang", lang)[0] == 0
        )
        wb = openpyxl.load_workbook(split)
        parts = [n for n in wb.sheetnames if n.startswith(name)]
        assert len(parts) > 2 and parts == [
            name,
            *(f"{name} {n}" for n in range(2, len(parts) + 1)),
        ]
        assert wb.sheetnames[-len(parts) :] == parts  # after every sheet of figures
        assert all(wb[p].max_row <= 400 for p in parts)
        if lang == "en":
            rows = [r for p in parts for r in wb[p].iter_rows(min_row=2, values_only=True)]
            assert rows == list(whole["Sources"].iter_rows(min_row=2, values_only=True))


def test_xlsx_needs_an_output_file() -> None:
    code, _, err = run("summarize", str(EXAMPLES), "--format", "xlsx")
    assert code == 2 and "-o" in err


def test_money_is_shown_in_the_frameworks_currency(tmp_path: Path) -> None:
    shipped = Path(__file__).parent.parent / "src/cfreport/framework/data/mexico-2020-2025.toml"
    framework = tmp_path / "in-euros.toml"
    framework.write_text(
        shipped.read_text(encoding="utf-8").replace('currency = "USD"', 'currency = "EUR"'),
        encoding="utf-8",
    )
    folder = tmp_path / "in-euros"
    folder.mkdir()
    for path in EXAMPLES.glob("*.xlsx"):  # the workbooks of a framework in euros say so
        wb = openpyxl.load_workbook(path)
        for ws in wb:
            for cell in ws[1]:
                if isinstance(cell.value, str) and "(USD)" in cell.value:
                    cell.value = cell.value.replace("(USD)", "(EUR)")
        wb.save(folder / path.name)
    base = ["summarize", str(folder), "--framework", str(framework), "-q", "--jobs", "1"]
    for fmt in ("text", "markdown", "csv"):
        out = runner.invoke(app, [*base, "--format", fmt]).stdout
        assert "EUR" in out and "USD" not in out, fmt
    book = tmp_path / "eur.xlsx"
    assert runner.invoke(app, [*base, "--format", "xlsx", "-o", str(book)]).exit_code == 0
    values = [
        str(c.value)
        for ws in openpyxl.load_workbook(book)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert any("EUR" in v for v in values) and not any("USD" in v for v in values)
    from cfreport.framework import load_framework
    from cfreport.workbook.template import build_template

    euros = load_framework(str(framework))
    for lang, required in (("en", "Required (EUR)"), ("es", "Requerido (EUR)")):
        wb = build_template(euros, lang=lang)
        headers = {c.value for ws in wb for c in ws[1]}
        assert required in headers and not any("USD" in str(h) for h in headers), lang


def test_a_summary_of_one_year_reports_that_years_findings_and_true_reasons(
    fw: Framework, tmp_path: Path
) -> None:
    """A 2022 file with errors is left out of a 2021 summary for its year, findings and all."""
    other = edited_copy(
        EXAMPLES / "fao-2021.xlsx",
        tmp_path / "fao-2022.xlsx",
        [["Submission", "B3", 2022], ["States", "B2", "Nueva York"], ["Counts", "D2", "doce"]],
    )
    paths = [*sorted(EXAMPLES.glob("*.xlsx")), other]
    summary = summarize_paths(paths, fw, year=2021, only_valid=True)
    assert summary.left_out[str(other)].reason == "other_year"
    assert not any(f.file == str(other) for f in summary.findings)
    assert {f.code for f in summary.findings} == {"T001", "S005"}
    assert summary.left_out[str(EXAMPLES / "ilo-2021.xlsx")].reason == "only_valid"


def test_agencies_per_area_count_the_participants_the_lead_names(summary: Summary) -> None:
    """The report's 'agencies' of an area include those taking part in its joint initiatives."""
    area4 = summary.area("4")
    assert {"UNFPA", "PAHO/WHO", "UNICEF", "UNDP"} <= set(area4.agencies)
    assert area4.agencies_through["UNFPA"] == ("JI-01",)
    assert set(area4.agencies) == set(area4.agencies_through)


def test_sdgs_and_initiatives_per_direct_effect_per_area(summary: Summary, fw: Framework) -> None:
    """The report's area pages print 'SDGs promoted', 'Number of SDG targets' and the
    initiatives working towards each direct effect."""
    for area in summary.areas:
        if area.kind != "work":
            continue
        assert sum(f.value for f in area.initiatives_by_effect.values()) == area.initiatives.value
        assert set(area.initiatives_by_effect) == {
            e.code for e in fw.effects if e.area == area.code
        }
        assert area.sdg_goals.value == len(area.sdgs) <= area.sdg_targets.value
        assert all(s.sheet == "SDG targets" for s in area.sdg_targets.sources)
    assert summary.area("4").sdgs == ("5", "10", "16")


def test_a_spanish_markdown_summary_names_its_sections_in_spanish(tmp_path: Path) -> None:
    out = runner.invoke(app, ["summarize", str(EXAMPLES), "-f", "markdown", "--lang", "es", "-q"])
    sections = {
        line.split("|")[1].strip() for line in out.stdout.splitlines() if line.startswith("|")
    }
    assert not sections & {"indicator", "breakdown", "coverage", "initiatives", "agencies"}


def test_what_a_summary_keeps_of_a_workbook_reads_back_as_the_workbook(fw: Framework) -> None:
    """Summarizing, each workbook read waits in a temporary file but for its file, agency,
    year, layout and tally: every other field reads back as it was, and so does a pickle."""
    import pickle

    from cfreport.models import ROW_FIELDS
    from cfreport.summarize import Filed, for_figures, read_paths
    from cfreport.validate import validate_file

    paths = discover([EXAMPLES])
    readings = read_paths(paths, fw, shrink=for_figures)
    assert readings.spill.written > 0
    for path, kept in zip(sorted(paths, key=str), readings.submissions, strict=True):
        assert isinstance(kept, Filed)
        sub, _ = validate_file(path, fw)
        assert sub is not None
        made = for_figures(sub, fw)
        for name in (*ROW_FIELDS, "own_content", "focal_point", "template_version"):
            assert getattr(kept, name) == getattr(made, name), name
        assert kept.where("counts", 7, "value") == made.where("counts", 7, "value")
        again = pickle.loads(pickle.dumps(kept))
        assert again.initiatives == made.initiatives and again.file == made.file
        assert list(again.tallied.entries()) == list(made.tallied.entries())
