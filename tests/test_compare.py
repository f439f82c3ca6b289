"""`summarize --compare`: the invented 2022 examples against 2021. The planted changes (a
tenfold CSOs figure, UNDP's 2.3 gone, indicator 1.3 not reported, Chihuahua no longer covered in
area 1) are flagged at their cells, nothing else is, and a folder, a saved JSON summary and the
database give the same comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cfreport.checks.changes import Thresholds
from cfreport.compare import Comparison, compare, load_previous
from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.summarize import summarize_paths
from tests.conftest import EXAMPLES, ROOT
from tests.conftest import run_cli as run

SECOND = ROOT / "examples" / "2022-invented"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Last year's figures saved as JSON and exported into a database."""
    folder = tmp_path_factory.mktemp("previous")
    summary_json, db = folder / "summary-2021.json", folder / "results.db"
    assert run("summarize", str(EXAMPLES), "-f", "json", "-o", str(summary_json))[0] == 0
    assert run("export", str(EXAMPLES), "-o", str(db))[0] == 0
    return summary_json, db


@pytest.fixture(scope="module")
def comparison(fw: Framework) -> Comparison:
    current = summarize_paths(discover([str(SECOND)]), fw)
    previous = load_previous(EXAMPLES, fw, current=current.year)
    return compare(current, previous, Thresholds(), fw)


def where(c: Comparison) -> list[tuple[str, str, str, str | None, str | None]]:
    return [
        (f.code, str(f.params["figure"]), Path(f.file).name, f.sheet, f.cell) for f in c.findings
    ]


def test_the_planted_changes_are_flagged_at_their_cells(comparison: Comparison) -> None:
    assert where(comparison) == [
        # The tenfold CSOs figure: the total, and each line above it, at UNDP's cells first.
        ("Y001", "indicator/1.1", "undp-2022.xlsx", "Counts", "D2"),
        ("Y001", "indicator/1.1/Federal", "undp-2022.xlsx", "Counts", "D3"),
        ("Y001", "indicator/1.1/Federal / CSOs", "undp-2022.xlsx", "Counts", "D7"),
        # UNDP's 40 towards 2.3: last year's cell, since nothing stands for it this year.
        ("Y006", "indicator/2.3", "undp-2021.xlsx", "Counts", "D17"),
        # Indicator 1.3, ILO's alone, not reported.
        ("Y003", "indicator/1.3", "ilo-2021.xlsx", "Counts", "D2"),
        # Chihuahua: the States row that named it last year.
        ("Y007", "area/1/coverage", "undp-2021.xlsx", "States", "B8"),
    ]
    by_code = {f.code + str(f.params["figure"]): f for f in comparison.findings}
    tenfold = by_code["Y001indicator/1.1/Federal / CSOs"]
    assert (tenfold.expected, tenfold.found, tenfold.params["ratio"]) == (261, 2610, 10.0)
    assert by_code["Y007area/1/coverage"].params["states"] == "CHH"
    assert all(f.severity.value == "warning" for f in comparison.findings)


def test_unchanged_figures_carry_no_change(comparison: Comparison) -> None:
    lines = comparison.by_key()
    assert lines["indicator/4.1"].change == 0 and lines["indicator/4.1"].codes == ()
    # 1.2 grew from 17 to 21: a change, not one that needs an explanation.
    assert (lines["indicator/1.2"].previous, lines["indicator/1.2"].current) == (17, 21)
    assert lines["indicator/1.2"].codes == ()
    # 1.3 is listed though not reported this year.
    assert (lines["indicator/1.3"].previous, lines["indicator/1.3"].current) == (24, None)
    flagged = {c.key for c in comparison.figures if c.codes}
    assert flagged == {str(f.params["figure"]) for f in comparison.findings}


def test_a_year_against_itself_has_no_change(fw: Framework) -> None:
    current = summarize_paths(discover([str(EXAMPLES)]), fw)
    same = compare(current, load_previous(EXAMPLES, fw, current=2021), Thresholds(), fw)
    assert same.findings == ()
    assert all(c.change == 0 for c in same.figures)


def test_a_folder_a_saved_summary_and_the_database_give_the_same_comparison(
    saved: tuple[Path, Path],
) -> None:
    outputs = []
    for previous in (EXAMPLES, *saved):
        code, out, _ = run("summarize", str(SECOND), "--compare", str(previous), "-f", "json")
        assert code == 0
        data = json.loads(out)["comparison"]
        assert str(previous) in data["previous_from"]
        for f in data["findings"]:
            del f["params"]["previous_from"], f["message"]
        del data["previous_from"]
        outputs.append(data)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]["findings"]) == 6


def test_the_database_compares_with_the_last_year_before_this_one(
    saved: tuple[Path, Path], tmp_path: Path
) -> None:
    _, db = saved
    code, out, _ = run("summarize", str(SECOND), "--compare", str(db), "--area", "1")
    assert code == 0
    assert "(2021: 294, +2,349)  [! Y001]" in out
    code, _, err = run("summarize", str(EXAMPLES), "--compare", str(db))
    assert code == 2 and "no year before 2021" in err
    code, out, _ = run("summarize", str(EXAMPLES), "--compare", str(db), "--compare-year", "2021")
    assert code == 0 and "0 changes" in out


def test_warnings_fail_the_run_only_with_strict() -> None:
    assert run("summarize", str(SECOND), "--compare", str(EXAMPLES))[0] == 0
    assert run("summarize", str(SECOND), "--compare", str(EXAMPLES), "--strict")[0] == 1
    assert run("summarize", str(EXAMPLES), "--compare", str(EXAMPLES), "--strict")[0] == 0


def test_thresholds_come_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cfreport.toml").write_text(
        '[summarize]\nchange-factor = 20\nchange-factor-by-indicator = { "2.3" = 1.2 }\n',
        encoding="utf-8",
    )
    code, out, _ = run("summarize", str(SECOND), "--compare", str(EXAMPLES), "-f", "json")
    assert code == 0
    found = [(f["code"], f["params"]["figure"]) for f in json.loads(out)["comparison"]["findings"]]
    # x10 is within a factor of 20; 2.3 (66 -> 26, UNDP's part gone) is its own factor's.
    assert ("Y001", "indicator/1.1/Federal / CSOs") not in found
    assert ("Y001", "indicator/2.3") in found
    (tmp_path / "cfreport.toml").write_text("[summarize]\nchange-factor = 1\n", encoding="utf-8")
    code, _, err = run("summarize", str(SECOND), "--compare", str(EXAMPLES))
    assert code == 2 and "more than 1" in err


def test_every_format_shows_the_year_compared(tmp_path: Path) -> None:
    args = ("summarize", str(SECOND), "--compare", str(EXAMPLES), "--area", "1")
    code, markdown, _ = run(*args, "-f", "markdown")
    assert code == 0 and "|   2021 |" in markdown and "**Y001**" in markdown
    code, csv_text, err = run(*args, "-f", "csv")
    header = csv_text.splitlines()[0].split(",")
    assert header[-5:] == ["key", "previous_year", "previous", "change", "changes"]
    assert "Y003" in err  # the CSV has its columns; the list of changes goes to standard error
    out = tmp_path / "figures.xlsx"
    assert run(*args, "-f", "xlsx", "-o", str(out))[0] == 0
    import openpyxl

    wb = openpyxl.load_workbook(out)
    sheet = wb["Comparison"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_col=5)]
    assert values[0][1:] == [2643, 294, 2349, "Y001"]
    assert sheet._charts, "a chart of the indicator totals by year"


def test_a_spanish_comparison_shows_no_english() -> None:
    code, out, _ = run("summarize", str(SECOND), "--compare", str(EXAMPLES), "--lang", "es")
    assert code == 0
    assert "Comparado con 2021" in out and "ya no cubiertos: CHH" in out
    assert "Compared with" not in out and "need an explanation" not in out
    # Each figure is named as the framework names it in Spanish, not by its key.
    assert "indicador 1.1, Federal / OSC: 2,610 en 2022" in out
    assert "indicator/" not in out and "CSOs" not in out


def test_what_cannot_be_compared_with_is_one_line(tmp_path: Path) -> None:
    bad_json = tmp_path / "summary.json"
    bad_json.write_text('{"figures": 1}', encoding="utf-8")
    for previous, words in (
        (bad_json, "not a summary saved by"),
        (tmp_path / "nowhere", "nowhere"),
    ):
        code, _, err = run("summarize", str(SECOND), "--compare", str(previous))
        assert code == 2 and words in err and err.count("\n") == 1, err
