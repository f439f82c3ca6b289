"""`cfreport status`: every agency of the framework and where its submission stands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cfreport.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def test_status_lists_all_28_agencies_of_the_examples() -> None:
    result = runner.invoke(app, ["status", str(EXAMPLES), "--year", "2021", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["years"] == [2021]
    rows = {r["agency"]: r for r in data["agencies"]}
    assert len(rows) == 28
    assert rows["ILO"]["state"] == "has_errors" and rows["ILO"]["errors"] == 1
    assert rows["ILO"]["year"] == 2021 and rows["ILO"]["focal_point"]
    assert "@" in rows["ILO"]["email"]
    assert data["summary"]["valid"] == 9 and data["summary"]["missing"] == 17
    assert rows["UNDP"]["state"] == "valid" and rows["UNDP"]["modified"]
    assert rows["WMO"]["state"] == "missing" and rows["WMO"]["files"] == []
    assert sum(r["state"] == "valid" for r in rows.values()) == 9


def test_status_names_unreadable_files_and_second_submissions(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("source", "*.md", "*.toml"))
    shutil.copy(folder / "fao-2021.xlsx", folder / "fao-2021-v2.xlsx")
    (folder / "broken.xlsx").write_text("x")
    result = runner.invoke(app, ["status", str(folder), "-f", "csv"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "agency,year,state,errors,warnings,focal point,e-mail,file,last changed"
    assert any(line.startswith("FAO,2021,with several files") for line in lines)
    assert any(line.startswith("?,,cannot be read") and "broken.xlsx" in line for line in lines)


def test_status_as_text_and_markdown() -> None:
    text = runner.invoke(app, ["status", str(EXAMPLES)]).stdout
    assert text.strip().endswith("28 agencies: 2 with errors, 17 missing, 9 valid")
    spanish = runner.invoke(app, ["status", str(EXAMPLES), "--lang", "es"]).stdout
    assert spanish.strip().endswith("28 agencias: 2 con errores, 17 faltan, 9 válidas")
    markdown = runner.invoke(app, ["status", str(EXAMPLES), "-f", "markdown"]).stdout
    assert markdown.startswith("| agency")


def test_an_untouched_template_is_empty_not_valid(tmp_path: Path) -> None:
    """S003: a blank template sent back is not a submission; status says so."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "fao-2021.xlsx", folder)
    blank = folder / "unicef-2021.xlsx"
    made = runner.invoke(
        app, ["template", "--agency", "UNICEF", "--year", "2021", "-o", str(blank)]
    )
    assert made.exit_code == 0
    checked = runner.invoke(app, ["validate", str(blank), "-f", "json"])
    assert checked.exit_code == 1
    assert [f["code"] for f in json.loads(checked.stdout)["findings"]] == ["S003"]
    result = runner.invoke(app, ["status", str(folder), "-f", "json"])
    rows = {r["agency"]: r for r in json.loads(result.stdout)["agencies"]}
    assert rows["UNICEF"]["state"] == "empty" and rows["FAO"]["state"] == "valid"
    spanish = runner.invoke(app, ["status", str(folder), "--lang", "es"]).stdout
    assert "vacío (una plantilla sin llenar)" in spanish


def test_a_file_in_the_wrong_format_is_reported_on_its_agencys_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "fao-2021.xlsx", folder)
    (folder / "unicef-2021.ods").write_bytes(b"PK\x03\x04" + b"0" * 100)
    (folder / "informe-final.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"0" * 100)
    checked = runner.invoke(app, ["validate", str(folder)])
    assert checked.exit_code == 2  # never skipped: each is named with how to convert it
    assert "unicef-2021.ods" in checked.stdout and ".ods" in checked.stdout
    assert "informe-final.xls" in checked.stdout
    result = runner.invoke(app, ["status", str(folder), "-f", "json"])
    rows = json.loads(result.stdout)["agencies"]
    unicef = next(r for r in rows if r["agency"] == "UNICEF")
    assert unicef["state"] == "wrong_format" and unicef["files"][0].endswith("unicef-2021.ods")
    alone = next(r for r in rows if r["agency"] == "?")
    assert alone["state"] == "wrong_format" and alone["files"][0].endswith("informe-final.xls")
    text = runner.invoke(app, ["status", str(folder), "--lang", "es"]).stdout
    assert "formato equivocado (conviértalo a .xlsx)" in text


def test_status_is_a_gate_with_fail_on(tmp_path: Path) -> None:
    assert runner.invoke(app, ["status", str(EXAMPLES)]).exit_code == 0
    assert runner.invoke(app, ["status", str(EXAMPLES), "--fail-on", "missing"]).exit_code == 1
    errors = runner.invoke(app, ["status", str(EXAMPLES), "--fail-on", "errors,wrong-format"])
    assert errors.exit_code == 1  # ILO and UNHCR have errors
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "fao-2021.xlsx", folder)
    assert runner.invoke(app, ["status", str(folder), "--fail-on", "errors"]).exit_code == 0
    bad = runner.invoke(app, ["status", str(folder), "--fail-on", "late"])
    assert bad.exit_code == 2 and "unknown state 'late'" in bad.stderr


def test_two_years_never_share_a_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "fao-2021.xlsx", folder)
    next_year = runner.invoke(
        app,
        [
            "template",
            "--from",
            str(EXAMPLES / "fao-2021.xlsx"),
            "-o",
            str(folder / "fao-2022.xlsx"),
        ],
    )
    assert next_year.exit_code == 0, next_year.output
    rows = json.loads(runner.invoke(app, ["status", str(folder), "-f", "json"]).stdout)["agencies"]
    fao = [(r["year"], r["state"], len(r["files"])) for r in rows if r["agency"] == "FAO"]
    assert fao == [(2021, "valid", 1), (2022, "valid", 1)]
    assert len(rows) == 56  # every agency, for each of the two years
    only = json.loads(
        runner.invoke(app, ["status", str(folder), "--year", "2022", "-f", "json"]).stdout
    )
    assert [r["year"] for r in only["agencies"] if r["agency"] == "FAO"] == [2022]
