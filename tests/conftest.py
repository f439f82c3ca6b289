"""Shared fixtures: the framework, the examples, and edited copies of a valid workbook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cfreport.framework import Framework, load_framework
from cfreport.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "2021"
VALID = EXAMPLES / "undp-2021.xlsx"
"""An example with no findings: the base that rule cases edit."""


@pytest.fixture(scope="session")
def fw() -> Framework:
    return load_framework()


def edited_copy(source: Path, target: Path, edits: Iterable[Sequence[Any]]) -> Path:
    """Copy a workbook through openpyxl, applying [sheet, cell, value] edits ('' clears),
    ["+sheet", name], ["+hide", sheet], ["+hiderow", sheet, row] and ["+hidecol", sheet, letter]."""
    wb = openpyxl.load_workbook(source)
    for edit in edits:
        if edit[0] == "+sheet":
            wb.create_sheet(edit[1])
            continue
        if edit[0] == "+hide":
            wb[edit[1]].sheet_state = "hidden"
            continue
        if edit[0] == "+hiderow":
            wb[edit[1]].row_dimensions[edit[2]].hidden = True
            continue
        if edit[0] == "+hidecol":
            wb[edit[1]].column_dimensions[edit[2]].hidden = True
            continue
        sheet, cell, value = edit
        wb[sheet][cell] = None if value == "" else value
    wb.save(target)
    return target


def set_saved(path: Path, saved: str) -> Path:
    """Rewrite a workbook's own last-saved time (docProps/core.xml dcterms:modified), which
    openpyxl sets to the time of saving: tests that show it need it fixed."""
    import re
    import zipfile

    data = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data[info.filename] = zf.read(info)
    core = data["docProps/core.xml"].decode()
    core = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{saved}\g<2>", core
    )
    data["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    return path


def finding_places(path: Path, fw: Framework) -> list[tuple[str, str, str]]:
    """(code, sheet, cell) of every finding of one file, sorted."""
    _, findings = validate_file(path, fw)
    return sorted((f.code, f.sheet or "", f.cell or "") for f in findings)


def run_cli(*args: str) -> tuple[int, str, str]:
    """`cfreport ARGS` as a user runs it: exit code, standard output, standard error; a
    traceback in either is a failure whatever the exit code."""
    from typer.testing import CliRunner

    from cfreport.cli import app

    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr
