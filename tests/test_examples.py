"""The 2021 examples: exactly the findings the published figures imply, and any wrong number
typed into a disaggregation cell is reported with the expected and found sums."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfreport.framework import Framework, load_framework
from cfreport.inputs import discover
from cfreport.validate import validate_file, validate_paths
from cfreport.workbook.reader import read_submission
from tests.conftest import EXAMPLES, edited_copy


def test_the_examples_give_exactly_the_findings_of_the_published_figures(fw: Framework) -> None:
    report = validate_paths(discover([str(EXAMPLES)]), fw)
    assert len(report.files) == 11
    got = [(Path(f.file).name, f.code, f.cell, f.expected, f.found) for f in report.findings]
    assert got == [
        ("ilo-2021.xlsx", "T001", "D4", 12894, 12854),
        ("unhcr-2021.xlsx", "T001", "D2", 277, 281),
        # The report prints no figure for the safe reopening of schools: a warning, as data.
        ("unicef-2021.xlsx", "S005", "A3", None, None),
    ]


def _disaggregation_cells() -> list[tuple[str, int]]:
    fw = load_framework()
    cells = []
    for path in sorted(EXAMPLES.glob("*.xlsx")):
        sub, _ = read_submission(path, fw)
        cells += [(path.name, c.row) for c in sub.counts if c.path]
    return cells


DISAGGREGATION_CELLS = _disaggregation_cells()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "row"), DISAGGREGATION_CELLS, ids=[f"{n}:D{r}" for n, r in DISAGGREGATION_CELLS]
)
def test_a_wrong_disaggregation_number_is_reported_at_that_cell(
    name: str, row: int, fw: Framework, tmp_path: Path
) -> None:
    source = EXAMPLES / name
    sub, _ = read_submission(source, fw)
    count = next(c for c in sub.counts if c.row == row)
    assert count.value is not None
    _, before = validate_file(source, fw)
    edited = edited_copy(source, tmp_path / name, [["Counts", f"D{row}", count.value + 7]])
    _, after = validate_file(edited, fw)
    seen = {(f.code, f.cell, f.expected, f.found) for f in before}
    new = [f for f in after if (f.code, f.cell, f.expected, f.found) not in seen]
    assert new, f"a wrong number at Counts!D{row} went unreported"
    cell = f"D{row}"
    # A key result citing that count differs from it too, said once, of the cited figure.
    cited = [f for f in new if f.code == "K005"]
    assert all(p.cell == cell for f in cited for p in f.related)
    for finding in (f for f in new if f.code != "K005"):
        assert finding.code == "T001"
        # At the cell itself (a subtotal that no longer matches its parts) or among the parts
        # of the total it belongs to.
        assert cell == finding.cell or cell in [p.cell for p in finding.related]
        assert isinstance(finding.expected, int) and isinstance(finding.found, int)
        assert finding.expected != finding.found
