"""The command line as a user meets it: exit codes, the JSON shape, the text report, errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.validate import validate_paths
from tests.conftest import EXAMPLES, VALID, edited_copy
from tests.conftest import run_cli as run

runner = CliRunner()


def test_validate_a_valid_file_exits_0() -> None:
    code, out, _ = run("validate", str(VALID))
    assert code == 0
    assert "no findings" in out
    assert out.strip().endswith("1 file checked, 0 errors, 0 warnings")


def test_validate_the_examples_reports_their_genuine_findings() -> None:
    code, out, _ = run("validate", str(EXAMPLES))
    assert code == 1
    assert "ilo-2021.xlsx" in out and "D4" in out and "T001" in out
    assert "is 12,854 but its parts add to 12,894" in out
    assert "is 281 but its parts add to 277" in out
    assert out.strip().endswith("11 files checked, 2 errors, 1 warning")


def test_json_output_is_the_library_report(fw: Framework) -> None:
    code, out, _ = run("validate", str(EXAMPLES), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"version", "files", "findings", "summary"}
    assert data["version"] == 1
    assert data["summary"] == {"files": 11, "errors": 2, "warnings": 1}
    finding = data["findings"][0]
    assert {
        "code",
        "severity",
        "message",
        "file",
        "sheet",
        "cell",
        "expected",
        "found",
        "related",
    } <= set(finding)
    assert (finding["code"], finding["sheet"], finding["cell"]) == ("T001", "Counts", "D4")
    assert (finding["expected"], finding["found"]) == (12894, 12854)
    assert finding["related"][0] == {
        "file": finding["file"],
        "sheet": "Counts",
        "cell": "D5",
        "value": 5047,
    }
    assert data == validate_paths(discover([str(EXAMPLES)]), fw).to_json()


def test_an_unreadable_file_in_a_batch_is_a_finding_and_exit_2(tmp_path: Path) -> None:
    shutil.copy(VALID, tmp_path / "good.xlsx")
    (tmp_path / "bad.xlsx").write_text("not,a,workbook\n")
    code, out, _ = run("validate", str(tmp_path), "--format", "json")
    assert code == 2
    data = json.loads(out)
    statuses = {Path(f["file"]).name: f["status"] for f in data["files"]}
    assert statuses == {"bad.xlsx": "unreadable", "good.xlsx": "valid"}
    assert [f["code"] for f in data["findings"]] == ["F001"]


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = edited_copy(VALID, tmp_path / "w.xlsx", [["States", "B2", "nuevo leon"]])
    assert run("validate", str(path))[0] == 0
    assert run("validate", str(path), "--strict")[0] == 1


def test_select_and_ignore_by_code_and_prefix() -> None:
    assert run("validate", str(EXAMPLES), "--ignore", "T001")[0] == 0
    assert run("validate", str(EXAMPLES), "--select", "C,I")[0] == 0
    assert run("validate", str(EXAMPLES), "--select", "T", "--ignore", "T0")[0] == 0
    assert run("validate", str(EXAMPLES), "--select", "T", "--ignore", "T002")[0] == 1
    code, _, err = run("validate", str(EXAMPLES), "--ignore", "Z999")
    assert code == 2
    assert "unknown rule code 'Z999'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "nowhere/*.xlsx"], "no workbook matches this pattern"),
        (["validate", "."], "no .xlsx or .xlsm workbook in this folder"),
        (["validate", str(VALID), "--format", "yaml"], "unknown format 'yaml'"),
        (["validate", str(VALID), "--framework", "nowhere.toml"], "framework file not found"),
        (["template", "--agency", "UNISEF"], "unknown agency 'UNISEF'"),
        (["template", "--year", "2019"], "outside the framework period"),
        (["rules", "X123"], "unknown rule code 'X123'"),
    ],
)
def test_misuse_is_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_file_named_on_the_command_line_is_reported(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(tmp_path / "missing.xlsx"))
    assert code == 2
    assert "F001" in out and "file not found" in out


def test_the_report_goes_to_a_file_never_over_an_input(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(VALID), "-o", str(tmp_path / "report.json"), "-f", "json")
    assert code == 0 and out == ""
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["files"] == 1
    copy = shutil.copy(VALID, tmp_path / "in.xlsx")
    before = Path(copy).read_bytes()
    code, _, err = run("validate", str(copy), "-o", str(copy))
    assert code == 2 and "is one of the inputs" in err
    assert Path(copy).read_bytes() == before


def test_folders_skip_lock_files_hidden_files_and_annotated_copies(tmp_path: Path) -> None:
    for name in (
        "a.xlsx",
        "~$a.xlsx",
        ".hidden.xlsx",
        "a.checked.xlsx",
        "b.checked.xlsx",
        "sub/c.xlsm",
        ".git/d.xlsx",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in discover([str(tmp_path)]))
    assert found == ["a.xlsx", "b.checked.xlsx", "sub/c.xlsm"]
    # A file named on the command line is always read.
    assert discover([str(tmp_path / "~$a.xlsx")]) == [tmp_path / "~$a.xlsx"]


def test_template_writes_a_workbook_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "unicef-2021.xlsx"
    code, out, _ = run("template", "--agency", "unicef", "--year", "2021", "-o", str(target))
    assert code == 0 and "wrote" in out
    code, out, _ = run("validate", str(target), "--format", "json")
    # Read without a complaint, but a blank template is not a submission yet.
    assert [f["code"] for f in json.loads(out)["findings"]] == ["S003"]
    assert code == 1


def test_rules_lists_the_catalog_and_a_page() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert "T001" in out and "C104" in out and "total-not-sum-of-parts" in out
    code, out, _ = run("rules", "t001")
    assert code == 0
    assert out.startswith("T001 total-not-sum-of-parts (error;")
    assert "Fails:" in out and "Fixed:" in out
    assert json.loads(run("rules", "--format", "json")[1])[0]["code"] == "C101"


def test_framework_shows_areas_indicators_and_codes() -> None:
    code, out, _ = run("framework")
    assert code == 0
    assert "indicator 4.3 (institutions)" in out
    assert "agencies (28)" in out
    data = json.loads(run("framework", "--format", "json")[1])
    assert data["id"] == "mexico-2020-2025"


@pytest.mark.parametrize("command", ["validate", "summarize", "status", "template", "rules"])
def test_help_reads_like_a_cli(command: str) -> None:
    text = runner.invoke(app, [command, "--help"]).stdout
    assert "Examples:" in text and f"cfreport {command}" in text.split("Examples:")[1]
    # No Python types, no typer-style defaults, no ranges in the margin.
    assert not re.search(r"<(list|str|int|bool|path)", text)
    assert "[default:" not in text.replace("[default: validate]", "") and "[x>=" not in text


def test_jobs_below_one_is_a_clear_error() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLES), "-j", "0"])
    assert result.exit_code == 2 and "--jobs 0: at least 1" in result.stderr


def test_an_annotated_copy_named_with_its_original_is_skipped(tmp_path: Path) -> None:
    shutil.copy(VALID, tmp_path / "undp-2021.xlsx")
    first = runner.invoke(app, ["validate", str(tmp_path / "undp-2021.xlsx"), "--annotate"])
    assert first.exit_code == 0
    both = sorted(str(p) for p in tmp_path.glob("*.xlsx"))  # what `*.xlsx` expands to
    again = runner.invoke(app, ["validate", *both, "--annotate"])
    assert again.exit_code == 0, again.output  # no X001: the copy is not a second submission
    assert "skipped " in again.stderr and "undp-2021.checked.xlsx: an annotated copy" in (
        again.stderr
    )
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == [
        "undp-2021.checked.xlsx",
        "undp-2021.xlsx",
    ]  # never .checked.checked.xlsx


def repeated_rows(tmp_path: Path, times: int) -> Path:
    """The valid example with its first count row copied `times` times below the others."""
    import openpyxl

    row = [c.value for c in openpyxl.load_workbook(VALID)["Counts"][2]][:4]
    edits = [
        ["Counts", f"{col}{30 + i}", value]
        for i in range(times)
        for col, value in zip("ABCD", row, strict=True)
    ]
    return edited_copy(VALID, tmp_path / "repeated.xlsx", edits)


def test_a_rule_repeated_in_a_sheet_is_one_group_in_text(tmp_path: Path) -> None:
    path = repeated_rows(tmp_path, 30)
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert "I005 on 30 rows: 30-59; the first 5 shown (--all-findings lists every one)" in out
    assert sum(" I005  " in line for line in out.splitlines()) == 5
    assert "30 errors" in out  # the summary still counts every one
    _, every, _ = run("validate", str(path), "--all-findings")
    assert sum(" I005  " in line for line in every.splitlines()) == 30
    _, as_json, _ = run("validate", str(path), "-f", "json")
    assert as_json.count('"I005"') == 30  # machine formats keep every finding


def test_the_group_line_in_spanish(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(repeated_rows(tmp_path, 12)), "--lang", "es")
    assert code == 1
    assert "I005 en 12 filas: 30-41; se muestran las primeras 5" in out


def test_row_ranges_are_short() -> None:
    from cfreport.render.validate.text import row_ranges

    assert row_ranges([14, 15, 16, 20, 3]) == "3, 14-16, 20"
    assert row_ranges(range(2, 20_000)) == "2-19,999"
    assert row_ranges([1, 3, 5, 7], shown=2) == "1, 3, 2 more"
