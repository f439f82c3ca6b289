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
    rows = {r["agency"]: r for r in json.loads(result.stdout)}
    assert len(rows) == 28
    assert rows["ILO"]["state"] == "has errors" and rows["ILO"]["errors"] == 1
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
    assert lines[0] == "agency,state,errors,warnings,file,last changed"
    assert any(line.startswith("FAO,several files") for line in lines)
    assert any(line.startswith("?,cannot be read") and "broken.xlsx" in line for line in lines)


def test_status_as_text_and_markdown() -> None:
    text = runner.invoke(app, ["status", str(EXAMPLES)]).stdout
    assert text.strip().endswith("28 agencies: 2 has errors, 17 missing, 9 valid")
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
    rows = {r["agency"]: r for r in json.loads(result.stdout)}
    assert rows["UNICEF"]["state"] == "empty" and rows["FAO"]["state"] == "valid"
    spanish = runner.invoke(app, ["status", str(folder), "--lang", "es"]).stdout
    assert "vacío (una plantilla sin llenar)" in spanish
