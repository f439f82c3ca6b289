"""Hostile and broken workbooks: never crash, never hang, never write, always say why.

The corpus is built by tests/hostile_corpus.py from a valid example. Each file is run through
`cfreport validate` and `cfreport summarize` as a subprocess, with a timeout against hangs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfreport.framework import Framework
from cfreport.render import render_text
from cfreport.render.annotate import CannotAnnotate, annotate
from cfreport.validate import validate_file, validate_paths
from cfreport.workbook.safety import declares_dtd
from tests.conftest import VALID, edited_copy
from tests.hostile_corpus import CASES, Case, build, rezip

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


NOT_FINITE = {"NaN": 987654.125, "INF": 987654.25, "-INF": 987654.375, "1E308": 987654.5}
"""Values openpyxl will not write: a sentinel number is written, then its XML replaced."""

CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    # Any text, control characters (ESC, BEL, a vertical tab) included.
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.dates(),
    st.sampled_from(sorted(NOT_FINITE)),
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


def _excel_text(text: str) -> str:
    """Text as Excel stores it: a control character as its _xHHHH_ escape."""
    return "".join(
        f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in text
    )


def _hostile_copy(edits: list, target: Path) -> Path:  # type: ignore[type-arg]
    cells = []
    for (sheet, cell), value in edits:
        if isinstance(value, str) and value in NOT_FINITE:
            value = NOT_FINITE[value]
        elif isinstance(value, str):
            value = _excel_text(value)
        cells.append([sheet, cell, value])
    path = edited_copy(VALID, target, cells)
    sentinels = {repr(v).encode(): k.encode() for k, v in NOT_FINITE.items()}
    return rezip(
        target,
        lambda name, data: _replace_all(data, sentinels) if "worksheets" in name else data,
        source=path.rename(target.with_suffix(".tmp.xlsx")),
    )


def _replace_all(data: bytes, pairs: dict[bytes, bytes]) -> bytes:
    for old, new in pairs.items():
        data = data.replace(b"<v>" + old + b"</v>", b"<v>" + new + b"</v>")
    return data


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(st.tuples(CELLS, CELL_VALUES), min_size=1, max_size=6))
def test_random_values_never_crash(edits: list, fw: Framework, tmp_path: Path) -> None:  # type: ignore[type-arg]
    path = _hostile_copy(edits, tmp_path / "random.xlsx")
    sub, findings = validate_file(path, fw)
    assert sub is not None or findings[0].code.startswith("F")
    # Every writer takes what the reader took: reports stay JSON and XML, a copy is written
    # or refused in one line.
    report = validate_paths([path], fw)
    for fmt in ("json", "sarif"):
        _strict_json(render_text("validate", fmt, report))
    ET.fromstring(render_text("validate", "junit", report).encode())
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", render_text("validate", "text", report))
    with contextlib.suppress(CannotAnnotate):
        annotate(path, list(report.findings))
