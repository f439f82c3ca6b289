"""Every command's output in every format, pinned on the examples (syrupy snapshots).

The inputs are copies of the examples and one workbook with ordinary mistakes, in a temporary
folder that the commands run in, so that paths and file times are the same on every machine.
A change of output shows here as a diff; `pytest --snapshot-update` accepts it, and the commit
message says why it changed.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from cfreport.cli import app
from tests.conftest import EXAMPLES, VALID, edited_copy, set_saved

runner = CliRunner()
FIXED_TIME = 1_640_995_200  # 2022-01-01T00:00:00Z: the status view prints file times
SAVED = "2022-01-10T14:02:00Z"
"""The workbooks' own last-saved time, which X001 shows."""

MISTAKES = [
    ["Counts", "D3", 7],  # a total that differs from its parts
    ["Counts", "D4", "doce"],  # text in a number cell
    ["Initiatives", "E3", "Area 9"],  # an unknown work area
    ["States", "B2", "Nueva York"],  # an unknown state
    ["States", "B3", "nuevo leon"],  # a loosely typed state (a warning)
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder with `examples/` (copies of the 2021 examples) and `messy/` (one workbook)."""
    root = tmp_path_factory.mktemp("snapshots")
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns("source"))
    (root / "messy").mkdir()
    edited_copy(VALID, root / "messy" / "undp-2021.xlsx", MISTAKES)
    for path in root.rglob("*.xlsx"):
        # The messy copy of UNDP's workbook is saved after the example: it is the one counted.
        set_saved(path, "2022-01-20T09:15:00Z" if path.parent.name == "messy" else SAVED)
        os.utime(path, (FIXED_TIME, FIXED_TIME))
    old = Path.cwd()
    os.chdir(root)
    os.environ["SOURCE_DATE_EPOCH"] = str(FIXED_TIME)  # JUnit's timestamp
    try:
        yield root
    finally:
        os.chdir(old)
        del os.environ["SOURCE_DATE_EPOCH"]


def run(*args: str) -> str:
    result = runner.invoke(app, [*args, "--jobs", "1"] if _takes_jobs(args) else list(args))
    assert "Traceback" not in result.output + result.stderr, result.output + result.stderr
    assert result.exit_code in (0, 1), result.output + result.stderr
    return re.sub(r'hostname="[^"]*"', 'hostname="HOST"', result.stdout)


def _takes_jobs(args: tuple[str, ...]) -> bool:
    return args[0] in ("validate", "summarize", "status")


def sheets(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cell values, row by row: what a person sees, without styles."""
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


VALIDATE_FORMATS = ["text", "json", "github", "junit", "sarif", "csv", "markdown"]
SUMMARY_FORMATS = ["text", "json", "markdown", "csv", "html"]
STATUS_FORMATS = ["text", "json", "csv", "markdown"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", VALIDATE_FORMATS)
def test_validate_output(
    workdir: Path, fmt: str, lang: str, snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert run("validate", "examples", "messy", "--format", fmt, "--lang", lang) == snapshot


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", SUMMARY_FORMATS)
def test_summarize_output(workdir: Path, fmt: str, lang: str, snapshot: SnapshotAssertion) -> None:
    assert run("summarize", "examples", "--format", fmt, "--lang", lang) == snapshot


@pytest.mark.parametrize("lang", ["en", "es"])
def test_summarize_one_area_explained_against_a_draft(
    workdir: Path, lang: str, snapshot: SnapshotAssertion
) -> None:
    published = "examples/published.toml"  # copied with the examples: a path the same everywhere
    out = run("summarize", "examples", "--area", "4", "--explain", "--lang", lang)
    assert out == snapshot
    assert run("summarize", "examples", "--lang", lang, "--against", published) == snapshot


@pytest.mark.parametrize("lang", ["en", "es"])
def test_summarize_xlsx_cell_values(workdir: Path, lang: str, snapshot: SnapshotAssertion) -> None:
    target = workdir / f"consolidated-{lang}.xlsx"
    run("summarize", "examples", "--format", "xlsx", "-o", str(target.name), "--lang", lang)
    assert sheets(target) == snapshot


@pytest.mark.parametrize("lang", ["en", "es"])
def test_annotated_copy_cell_values(workdir: Path, lang: str, snapshot: SnapshotAssertion) -> None:
    folder = workdir / f"annotated-{lang}"
    run("validate", "messy", "--annotate-dir", folder.name, "--lang", lang)
    findings_sheet = "Findings" if lang == "en" else "Hallazgos"
    assert sheets(folder / "undp-2021.checked.xlsx")[findings_sheet] == snapshot


@pytest.mark.parametrize("fmt", STATUS_FORMATS)
def test_status_output(workdir: Path, fmt: str, snapshot: SnapshotAssertion) -> None:
    assert run("status", "examples", "messy", "--format", fmt) == snapshot


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rules_output(workdir: Path, fmt: str, lang: str, snapshot: SnapshotAssertion) -> None:
    assert run("rules", "--format", fmt, "--lang", lang) == snapshot
    assert run("rules", "T001", "--format", fmt, "--lang", lang) == snapshot


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_framework_output(workdir: Path, fmt: str, lang: str, snapshot: SnapshotAssertion) -> None:
    assert run("framework", "--format", fmt, "--lang", lang) == snapshot


def test_every_format_of_every_command_is_pinned() -> None:
    """A new format is one module; this fails until its output is pinned above too."""
    from cfreport.render import formats

    assert set(formats("validate")) == set(VALIDATE_FORMATS)
    assert set(formats("summarize")) == {*SUMMARY_FORMATS, "xlsx"}
    assert set(formats("status")) == set(STATUS_FORMATS)
    assert set(formats("rules")) == set(formats("framework")) == {"text", "json"}
