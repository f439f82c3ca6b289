"""What cfreport writes: atomic, never over an input, neutralised against injection; Ctrl-C."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import cfreport.cli
from cfreport.framework import Framework
from cfreport.output import atomic_write_bytes
from cfreport.render.safe import csv_cell, markdown_cell
from cfreport.render.summarize.csv import render_summary_csv
from cfreport.render.summarize.xlsx import render_summary_xlsx
from cfreport.summarize import summarize_paths
from tests.conftest import VALID


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("UNDP-01", "UNDP-01"),
        ("", ""),
    ],
)
def test_csv_cells_that_start_like_a_formula_get_a_quote(text: str, safe: str) -> None:
    assert csv_cell(text) == safe


def test_markdown_cells_cannot_break_the_table_or_add_markup() -> None:
    assert markdown_cell("a|b<script>\nc") == "a\\|b&lt;script&gt; c"


def test_workbook_text_in_exports_is_neutralised(fw: Framework, tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://example.invalid","click")'
    wb = openpyxl.load_workbook(VALID)
    cells = [("Initiatives", "A4"), ("Participating agencies", "A2")]
    cells += [("Participating agencies", "A3"), ("Participating agencies", "A4")]
    cells += [("Counts", f"A{r}") for r in range(22, 27)]
    for sheet_name, ref in cells:
        cell = wb[sheet_name][ref]
        cell.value = hostile
        cell.data_type = "s"  # text that looks like a formula, as a focal point may type it
    path = tmp_path / "undp.xlsx"
    wb.save(path)
    summary = summarize_paths([path], fw)
    sheet = openpyxl.load_workbook(io.BytesIO(render_summary_xlsx(summary, fw)))["Sources"]
    values = [c for row in sheet.iter_rows() for c in row if c.value == hostile]
    assert values and all(c.data_type == "s" for c in values)
    for record in csv.reader(io.StringIO(render_summary_csv(summary, fw))):
        assert not any(field.startswith(("=", "+", "@")) for field in record)


def test_an_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"new")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("error", [RuntimeError("something unforeseen"), ValueError("a bug")])
def test_a_bug_says_so_and_exits_3_never_2(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """A bug is never disguised as a misused command (a pydantic ValidationError is a
    ValueError, so catching ValueError as a usage error would hide one)."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr("cfreport.validate.validate_paths", broken)
    monkeypatch.delenv("CFREPORT_DEBUG", raising=False)
    result = CliRunner().invoke(cfreport.cli.app, ["validate", str(VALID)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output + result.stderr
    assert str(error) in result.stderr and "a bug of cfreport" in result.stderr
    assert "please report it with the command you ran" in result.stderr


def test_a_users_mistake_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(cfreport.cli.app, ["validate", "no-such-file.xlsx"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no-such-file.xlsx" in result.stderr
