"""Every rule: a failing case at a known cell, and passing cases, as data (rule_cases.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from cfreport.checks import all_rules
from cfreport.framework import Framework
from tests.conftest import VALID, edited_copy, finding_places

CASES: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).parent / "rule_cases.toml").read_text(encoding="utf-8")
)["case"]

# Rules whose failing cases live elsewhere: refusals need a broken file, cross-file rules and
# report-draft rules more than one workbook.
TESTED_ELSEWHERE = {
    "F001": "test_reader.py",
    "F003": "test_reader.py",
    "F004": "test_reader.py",
    "F005": "test_reader.py",
    "F006": "test_reader.py",
    "F014": "test_reader.py",
    "F008": "test_hostile.py",
    "S003": "test_status.py",
    "M004": "test_crossfile.py",
    "X001": "test_crossfile.py",
    "X002": "test_crossfile.py",
    "X003": "test_crossfile.py",
    "X004": "test_crossfile.py",
    "X005": "test_summarize.py",
    "X006": "test_crossfile.py",
    "P001": "test_summarize.py",
    "P002": "test_summarize.py",
    **{f"Y00{n}": "test_compare.py" for n in range(1, 8)},
}


def test_the_base_workbook_has_no_findings(fw: Framework) -> None:
    assert finding_places(VALID, fw) == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_case(case: dict[str, Any], fw: Framework, tmp_path: Path) -> None:
    path = edited_copy(VALID, tmp_path / "edited.xlsx", case["edits"])
    assert finding_places(path, fw) == sorted(tuple(e) for e in case["expect"])


def test_every_rule_has_a_failing_case() -> None:
    failing = {code for case in CASES for code, _, _ in case["expect"]}
    missing = [r.code for r in all_rules() if r.code not in failing | set(TESTED_ELSEWHERE)]
    assert missing == []


def test_every_rule_documents_why_and_examples() -> None:
    for rule in all_rules():
        assert rule.summary and rule.why and rule.bad and rule.good, rule.code
        assert len(rule.summary.splitlines()) == 1, rule.code


def test_count_codes_give_the_same_findings_by_columns_as_row_by_row(
    fw: Framework, tmp_path: Path
) -> None:
    from cfreport.checks.codes import _count_codes_row_by_row, count_codes
    from cfreport.workbook.reader import read_submission

    edits = [
        ["Counts", "B22", "4.3"],  # C109 at its first row
        ["Counts", "C24", "Federal / Government"],  # C111
        ["Counts", "C3", "Nowhere"],  # C111, earlier
    ]
    sub, _ = read_submission(edited_copy(VALID, tmp_path / "codes.xlsx", edits), fw)
    by_columns = list(count_codes(sub, fw))
    assert [(f.code, f.cell) for f in by_columns] == [
        ("C111", "C3"),
        ("C109", "B22"),
        ("C111", "C24"),
    ]
    assert by_columns == list(_count_codes_row_by_row(sub, fw))
