"""Configuration as ruff users expect: found upward, sections per command, flags win."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from tests.conftest import EXAMPLES, edited_copy
from tests.conftest import run_cli as run

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of submissions with the examples, and a warning in one of them."""
    folder = tmp_path / "submissions"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("source", "*.md", "*.toml"))
    edited_copy(folder / "fao-2021.xlsx", folder / "fao-2021.xlsx", [["States", "B2", "oaxaca"]])
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    return tmp_path


def codes(out: str) -> list[str]:
    return sorted(f["code"] for f in json.loads(out)["findings"])


def test_settings_are_found_upward_and_flags_win(project: Path) -> None:
    submissions = str(project / "submissions")
    # S005: UNICEF's JI-04 has no counts (the report prints no figure for it).
    assert codes(run("validate", submissions, "-f", "json")[1]) == ["S005", "T001", "T001", "V001"]
    (project / "cfreport.toml").write_text('ignore = ["T001"]\nstrict = true\n')
    code, out, _ = run("validate", submissions, "-f", "json")
    assert codes(out) == ["S005", "V001"]
    assert code == 1  # strict: the warning fails
    assert run("validate", submissions, "--no-strict")[0] == 0
    code, out, _ = run("validate", submissions, "-f", "json", "--ignore", "V")
    assert codes(out) == ["S005", "T001", "T001"]  # the flag replaces the file's list


def test_a_command_section_beats_the_top_level(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cfreport]\nstrict = true\n\n'
        '[tool.cfreport.validate]\nformat = "csv"\nstrict = false\n'
    )
    code, out, _ = run("validate", str(project / "submissions" / "fao-2021.xlsx"))
    assert out.startswith("file,sheet,cell,code")
    assert code == 0


def test_per_file_ignores(project: Path) -> None:
    (project / "cfreport.toml").write_text(
        '[per-file-ignores]\n"submissions/fao-*.xlsx" = ["V001"]\n"ilo-2021.xlsx" = ["T"]\n'
    )
    assert codes(run("validate", str(project / "submissions"), "-f", "json")[1]) == ["S005", "T001"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("[validate]\nfromat = 'json'\n", "unknown setting 'validate.fromat'"),
        ("ignore = ['Z999']\n", "unknown rule code 'Z999'"),
        ("[per-file-ignores]\n'a.xlsx' = ['Q1']\n", "unknown rule code 'Q1'"),
        ("strict = \n", "cannot read the configuration"),
    ],
)
def test_a_wrong_configuration_is_an_error(project: Path, text: str, message: str) -> None:
    (project / "cfreport.toml").write_text(text)
    code, _, err = run("validate", str(project / "submissions"))
    assert code == 2
    assert message in err and "cfreport.toml" in err


def test_config_shows_each_setting_and_where_it_came_from(project: Path) -> None:
    (project / "cfreport.toml").write_text(
        'jobs = 1\n[summarize]\nformat = "markdown"\narea = "4"\n'
    )
    code, out, _ = run("config", "summarize")
    assert code == 0
    assert f"configuration file: {project / 'cfreport.toml'}" in out
    lines = {line.split()[0]: line for line in out.splitlines()[3:]}
    assert "markdown" in lines["format"] and "[summarize]" in lines["format"]
    assert "command line" not in out
    assert lines["only-valid"].rstrip().endswith("default")
    code, out, _ = run("summarize", str(project / "submissions"))
    assert out.startswith("# United Nations") and "## 4." in out and "## 1." not in out


def test_without_files_a_command_reads_the_current_folder(monkeypatch: Any) -> None:
    monkeypatch.chdir(EXAMPLES)
    result = runner.invoke(app, ["summarize", "--area", "1"])
    assert result.exit_code == 0, result.output
    assert "11 submissions" in result.stdout and "Area 1." in result.stdout
    assert runner.invoke(app, ["status"]).exit_code == 0
    assert runner.invoke(app, ["validate", "-f", "json"]).exit_code == 1  # the 2021 findings


def test_without_files_a_command_reads_the_configurations_inputs(
    tmp_path: Path, monkeypatch: Any
) -> None:
    (tmp_path / "submissions").mkdir()
    shutil.copy(EXAMPLES / "undp-2021.xlsx", tmp_path / "submissions")
    (tmp_path / "submissions" / "notes.txt").write_text("not a workbook")
    (tmp_path / "cfreport.toml").write_text('inputs = ["submissions"]\nyear = 2021\n')
    (tmp_path / "deeper").mkdir()
    monkeypatch.chdir(tmp_path / "deeper")  # the inputs are where the file says, not here
    checked = runner.invoke(app, ["validate", "-f", "json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["files"][0]["file"].endswith("undp-2021.xlsx")
    summary = runner.invoke(app, ["summarize", "-f", "json"])
    assert json.loads(summary.stdout)["year"] == 2021
    shown = runner.invoke(app, ["config", "summarize"]).stdout
    assert "inputs" in shown and "year" in shown


def test_an_empty_current_folder_says_so(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "no .xlsx or .xlsm workbook in this folder" in result.stderr
