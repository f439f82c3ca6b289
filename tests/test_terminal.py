"""Text for a person at a terminal: lines that fit it, colour there and never in a pipe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfreport import cli
from cfreport.cli import app
from cfreport.framework import load_framework
from cfreport.render import RenderOptions, render
from cfreport.validate import validate_paths
from tests.conftest import EXAMPLES, VALID, edited_copy

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _messy(tmp_path: Path) -> Path:
    return edited_copy(VALID, tmp_path / "undp-2021.xlsx", [["Counts", "C7", "Federal / Marte"]])


def test_a_long_message_wraps_under_itself_to_the_terminal_width(tmp_path: Path) -> None:
    report = validate_paths([_messy(tmp_path)], load_framework())
    options = RenderOptions(lang="es", width=70)
    text = ANSI.sub("", str(render("validate", "text", report, options)))
    lines = [line for line in text.splitlines() if line.startswith(" ")]  # not the file's path
    assert max(len(line) for line in lines) <= 70
    start = next(i for i, line in enumerate(lines) if "C111" in line)
    column = lines[start].index("'Federal / Marte'")
    # The categories go on below the message's first word, not back at the margin.
    following = lines[start + 1]
    assert following[:column].strip() == "" and following[column] != " "
    assert "Federal / Gobierno" in text.replace("\n" + " " * column, " ")


def test_a_pipe_gets_whole_lines_and_no_colour() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLES)])
    assert not ANSI.search(result.stdout)
    # The whole message on the finding's line, however long: grep finds it.
    assert any(
        "T001" in line and line.endswith("40 too many in the parts")
        for line in result.stdout.splitlines()
    )


def test_a_terminal_gets_colour_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert cli._terminal(None)["color"] is None  # rich colours a terminal, NO_COLOR aside
    assert cli._terminal(Path("report.txt")) == {"color": False, "width": None}
    report = validate_paths([VALID.parent / "ilo-2021.xlsx"], load_framework())
    monkeypatch.setattr("os.isatty", lambda fd: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = str(render("validate", "text", report, RenderOptions(color=None, width=100)))
    assert "\x1b[1;31merror" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = str(render("validate", "text", report, RenderOptions(color=None, width=100)))
    assert not ANSI.search(plain)
