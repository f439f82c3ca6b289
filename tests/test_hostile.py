"""Hostile and broken workbooks: never crash, never hang, never write, always say why.

The corpus is built by tests/hostile_corpus.py from a valid example. Each file is run through
`cfreport validate` and `cfreport summarize` as a subprocess, with a timeout against hangs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfreport.framework import Framework
from cfreport.validate import validate_file
from cfreport.workbook.safety import declares_dtd
from tests.conftest import VALID, edited_copy
from tests.hostile_corpus import CASES, Case, build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: path for case, path in build(folder)}


def cfreport(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cfreport", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("command", ["validate", "summarize"])
def test_each_hostile_file(case: Case, command: str, corpus: dict[str, Path]) -> None:
    path = corpus[case.name]
    before = sorted(path.parent.iterdir())
    data = path.read_bytes()
    result = cfreport(command, str(path), env=dict(case.env))
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(path.parent.iterdir()) == before, "cfreport wrote a file"
    assert path.read_bytes() == data, "cfreport changed its input"
    if case.exit_code == 2:
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert path.name in lines[0] and case.message in lines[0]
    elif command == "validate":
        assert result.returncode == case.exit_code
        assert case.message in result.stdout
    else:
        assert result.returncode == 0, result.stderr


def test_a_batch_with_a_refused_file_still_reports_the_others(corpus: dict[str, Path]) -> None:
    result = cfreport("validate", str(corpus["xxe.xlsx"]), str(VALID), "--format", "json")
    assert result.returncode == 2
    assert '"status": "valid"' in result.stdout and '"status": "unreadable"' in result.stdout


@pytest.mark.parametrize(
    ("xml", "verdict"),
    [
        (b"<?xml version='1.0'?><root/>", False),
        (b"\n\n  <!-- c --><?pi x?>\n<root>", False),
        (b"<!DOCTYPE x><root/>", True),
        (b"<?xml version='1.0'?>\n<!-- <root> in a comment -->\n<!DOCTYPE x>", True),
        ("\ufeff<!DOCTYPE x><r/>".encode("utf-16-le"), True),
        ("<r/>".encode("utf-16-be"), False),
        (b"<?xml version='1.0'?>\n<!-- not closed yet", None),
        (b"   ", None),
    ],
)
def test_the_dtd_scan(xml: bytes, verdict: bool | None) -> None:
    assert declares_dtd(xml) is verdict


def test_a_dtd_is_refused_before_calamine_reads_it(corpus: dict[str, Path], fw: Framework) -> None:
    """Without the scan, calamine would read this file: the defence is what refuses it."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(corpus["dtd-after-comments.xlsx"]))
    assert book.get_sheet_by_name("Counts").to_python()
    sub, findings = validate_file(corpus["dtd-after-comments.xlsx"], fw)
    assert sub is None and findings[0].code == "F001"


CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300),
    st.dates(),
)
CELLS = st.sampled_from(
    [
        ("Counts", "A2"),
        ("Counts", "B3"),
        ("Counts", "C4"),
        ("Counts", "D5"),
        ("Money", "C2"),
        ("Money", "A3"),
        ("Initiatives", "D2"),
        ("Initiatives", "G3"),
        ("States", "B2"),
        ("SDG targets", "B2"),
        ("Submission", "B2"),
        ("Submission", "B3"),
        ("Submission", "B7"),
        ("Joint programmes", "C2"),
        ("Participating agencies", "A2"),
        ("Counts", "A30"),
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(st.tuples(CELLS, CELL_VALUES), min_size=1, max_size=6))
def test_random_values_never_crash(edits: list, fw: Framework, tmp_path: Path) -> None:  # type: ignore[type-arg]
    path = edited_copy(
        VALID, tmp_path / "random.xlsx", [[sheet, cell, value] for (sheet, cell), value in edits]
    )
    sub, findings = validate_file(path, fw)
    assert sub is not None or findings[0].code.startswith("F")
