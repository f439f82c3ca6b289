"""The benchmark measures what users run: the workbooks it generates are valid submissions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfreport.cli import app

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_the_bench_workbooks_have_no_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A finding on every generated workbook (S004 on each initiative, last round) made the
    # bench measure 132,000 findings where it meant to measure valid submissions.
    monkeypatch.syspath_prepend(str(BENCH))
    from generate import many_workbooks

    folder, framework = many_workbooks(tmp_path / "agencies", 4, 450)
    result = CliRunner().invoke(
        app, ["validate", str(folder), "--framework", str(framework), "-f", "json"]
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [f["status"] for f in report["files"]] == ["valid"] * 4
    assert report["findings"] == []


def test_the_large_workbook_has_no_findings_nor_the_findings_one_but_its_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The large workbook was ECLAC's with UNICEF's initiatives: an I009 on each of its 4,819
    # initiatives, where the 100,000-row point meant to time a valid submission.
    monkeypatch.syspath_prepend(str(BENCH))
    from generate import findings_workbook, large_workbook

    def codes(path: Path) -> list[str]:
        result = CliRunner().invoke(app, ["validate", str(path), "-f", "json"])
        return [f["code"] for f in json.loads(result.stdout)["findings"]]

    assert codes(large_workbook(tmp_path / "large.xlsx", 1_000)) == []
    found = codes(findings_workbook(tmp_path / "findings.xlsx", 50))
    assert found.count("I005") == 49 and "I009" not in found
