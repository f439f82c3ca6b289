"""The `cfreport` command starts parsing the one large workbook it names before its imports.

What a user would notice if it went wrong: other findings than a read without it, a file the
safety pass refuses handed to calamine anyway, a file changed since read as it was, a command
that ends early hanging or crashing on the way out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import typer.main

from cfreport.framework import Framework
from cfreport.validate import validate_file
from cfreport.workbook import prefetch
from cfreport.workbook.safety import UnsafeWorkbook, inspect_workbook
from tests.conftest import VALID, edited_copy
from tests.hostile_corpus import build

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def large_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bench's generated workbook of 5,000 count rows: its Counts sheet is 1.7 MB of XML."""
    monkeypatch.syspath_prepend(str(BENCH))
    from generate import large_workbook

    return large_workbook(tmp_path / "large.xlsx", 5_000)


@pytest.fixture
def every_sheet_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any sheet is large enough to be started early, and nothing is left started after."""
    monkeypatch.setattr(prefetch, "LARGE_SHEET", 0)
    yield
    left = prefetch._started
    prefetch._started = None
    if left is not None:
        left.result()


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["validate", "book.xlsx"], True),
        (["summarize", "-f", "json", "book.xlsx"], True),
        (["summarize", "book.xlsx", "-o", "summary.xlsx"], True),
        (["summarize", "--format=json", "book.xlsx"], True),
        (["validate", "--", "book.xlsx"], True),
        (["validate", "BOOK.XLSX"], False),  # another file, on a case-sensitive file system
        (["validate", "--strict", "book.xlsx"], True),
        (["summarize", "-q", "book.xlsx", "--period"], True),
        (["validate", "-qj2", "book.xlsx"], False),  # a flag, or an option and its value: unsure
        (["validate", "--select", "book.xlsx"], False),  # an option's value
        (["validate", "book.xlsx", "book.xlsx"], False),
        (["validate", "book.xlsx", "other.xlsx"], False),
        (["validate", "folder"], False),
        (["validate", "missing.xlsx"], False),
        (["template", "-o", "book.xlsx"], False),
        (["template", "book.xlsx"], False),
        (["rules"], False),
        (["--version"], False),
        ([], False),
    ],
)
def test_the_one_workbook_a_command_line_names(
    argv: list[str], named: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "book.xlsx").write_bytes(b"PK")
    (tmp_path / "other.xlsx").write_bytes(b"PK")
    (tmp_path / "folder").mkdir()
    assert prefetch.one_workbook(argv) == ("book.xlsx" if named else None)


def test_the_commands_that_start_a_workbook_early_are_those_that_read_workbooks() -> None:
    from cfreport.cli import app

    group = typer.main.get_command(app)
    reading = {
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if any(param.name == "files" for param in command.params)
    }
    assert reading == prefetch.READS_WORKBOOKS


def test_a_workbook_is_what_the_inputs_rule_calls_one() -> None:
    from cfreport.inputs import WORKBOOK_SUFFIXES

    assert prefetch._SUFFIXES == WORKBOOK_SUFFIXES


def test_the_options_known_to_take_no_value_are_the_flags_of_those_commands() -> None:
    from cfreport.cli import app

    group = typer.main.get_command(app)
    flags = {
        name
        for command in prefetch.READS_WORKBOOKS
        for param in group.commands[command].params  # type: ignore[attr-defined]
        if param.param_type_name == "option" and param.is_flag  # type: ignore[attr-defined]
        for name in (*param.opts, *param.secondary_opts)
    }
    assert flags == prefetch.FLAGS


def test_a_workbook_started_early_gives_the_findings_of_one_read_without(
    fw: Framework, tmp_path: Path, every_sheet_large: None
) -> None:
    path = edited_copy(
        VALID,
        tmp_path / "edited.xlsx",
        [["Counts", "D22", "=30+3"], ["+hiderow", "Counts", 5], ["Initiatives", "C3", ""]],
    )
    plain = validate_file(path, fw)
    prefetch.start(["validate", str(path)])
    started = prefetch._started
    assert started is not None
    early = started.result()
    assert early is not None and len(early.sheets) == 1  # the largest: the reader parses the rest
    assert validate_file(path, fw) == plain
    assert prefetch._started is None, "the read took (or let go) what was started"
    assert {f.code for f in plain[1]} >= {"V006", "F010", "V005"}


def test_a_file_changed_after_it_was_started_is_read_as_it_is_now(
    fw: Framework, tmp_path: Path, every_sheet_large: None
) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(VALID.read_bytes())
    prefetch.start(["validate", str(path)])
    assert prefetch._started is not None
    prefetch._started.result()
    edited = edited_copy(VALID, tmp_path / "edited.xlsx", [["Counts", "D5", 1_000_000]])
    os.replace(edited, path)
    sub, _ = validate_file(path, fw)
    assert sub is not None
    assert next(c.value for c in sub.counts if c.row == 5) == 1_000_000
    assert prefetch.take(path) is None


@pytest.mark.slow
def test_a_hostile_file_started_early_is_read_as_before_and_never_unsafe_in_calamine(
    fw: Framework, tmp_path: Path, every_sheet_large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import python_calamine

    real = python_calamine.CalamineWorkbook
    given_early: list[str] = []

    class Recording:
        @staticmethod
        def from_path(path: str) -> object:
            if threading.current_thread().name == "cfreport-prefetch":
                given_early.append(Path(path).name)
            return real.from_path(path)

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Recording)
    unsafe = 0
    for case, path in build(tmp_path):
        plain = validate_file(path, fw)
        prefetch.start(["validate", str(path)])
        assert validate_file(path, fw) == plain, case.name
        try:
            inspect_workbook(path)
        except UnsafeWorkbook:
            unsafe += 1
            assert path.name not in given_early, f"{case.name} was parsed before it was refused"
        prefetch._started = None
    assert unsafe >= 5 and len(given_early) >= 5, "both kinds of file were tried"


def test_a_command_that_ends_before_reading_what_it_started_ends_cleanly(
    large_workbook: Path,
) -> None:
    """A usage error while a large workbook is parsed: one line and exit 2, nothing from Rust
    or from Python's shutdown (the parse is waited for, not cut)."""
    done = subprocess.run(
        [sys.executable, "-m", "cfreport", "validate", str(large_workbook), "-f", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "nope" in done.stderr
    assert not any(w in done.stderr for w in ("panicked", "Fatal Python error", "Traceback"))


def test_the_command_reads_a_large_workbook_as_it_did(large_workbook: Path) -> None:
    """`cfreport validate` as a user runs it (which starts the parse early) gives the JSON of the
    same command run without the start."""
    assert prefetch.one_workbook(["validate", str(large_workbook)]) == str(large_workbook)
    args = ["validate", str(large_workbook), "--format", "json"]
    early = subprocess.run(
        [sys.executable, "-m", "cfreport", *args], capture_output=True, text=True, timeout=120
    )
    late = subprocess.run(
        [sys.executable, "-c", "from cfreport.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert early.returncode == late.returncode == 0, early.stderr + late.stderr
    assert early.stdout == late.stdout
