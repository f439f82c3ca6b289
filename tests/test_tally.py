"""summarize keeps each workbook's own counts tallied where it is read, not its rows: the
figures, their cells, shares and marks are those of the rows as read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cfreport import consolidate, packed
from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.summarize import for_figures, summarize_paths, summarize_submissions
from cfreport.validate import validate_file
from tests.conftest import EXAMPLES, edited_copy
from tests.test_crossfile import count_joint_initiative_differently


def _messy(tmp_path: Path) -> Path:
    folder = tmp_path / "2021"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("source", "*.md"))
    undp = folder / "undp-2021.xlsx"
    edited_copy(
        undp,
        undp,
        [
            ["Counts", "D2", ""],  # an untyped total: its parts are added
            ["Counts", "D4", "doce"],  # a value that cannot be read (left out, marked)
            ["Counts", "C5", "Nowhere"],  # a category the indicator does not have
            ["Counts", "A22", "UNDP-99"],  # an initiative the workbook does not list
            ["Initiatives", "F2", "Not a status"],  # a finding on a counted initiative's row
        ],
    )
    count_joint_initiative_differently(folder)  # X002: a joint count that disagrees
    edited_copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-v2.xlsx", [])  # X001
    return folder


@pytest.mark.parametrize("spill", [False, True], ids=["in-memory", "spilled"])
@pytest.mark.parametrize("case", ["messy", "2022"])
def test_tallied_workbooks_give_the_figures_of_the_rows(
    case: str, spill: bool, tmp_path: Path, fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    if spill:
        # Every figure's cells in the temporary file, added up in chunks of 3: what a summary
        # of thousands of workbooks does with its large figures.
        monkeypatch.setattr(packed, "SPILL_FROM", 1)
        monkeypatch.setattr(consolidate, "CHUNK", 3)
    folder = _messy(tmp_path) if case == "messy" else EXAMPLES.parent / "2022-invented"
    paths = discover([str(folder)])
    read = [validate_file(path, fw) for path in paths]
    whole = [sub for sub, _ in read if sub is not None]
    findings = [f for _, found in read for f in found]
    from_rows = summarize_submissions(whole, fw, findings=findings)
    tallied = summarize_paths(paths, fw)
    assert tallied.model_dump_json() == from_rows.model_dump_json()
    assert tallied.affected() == from_rows.affected() > 0
    # What the parent held: the rows of joint initiatives and those key results cite.
    kept = [for_figures(sub, fw) for sub in whole]
    # (The examples are mostly joint initiatives.)
    assert sum(len(s.counts) for s in kept) < sum(len(s.counts) for s in whole)
    assert all(s.tallied is not None for s in kept)
    assert any(s.tallied and len(s.tallied.nodes) for s in kept)
    if case == "messy":
        marked = {c for a in tallied.areas for i in a.indicators if i.total for c in i.total.codes}
        # X002 on a joint count, V002 on a value left out, C111 on a category the indicator
        # lacks, C112 on the row of an initiative counted.
        assert {"X002", "V002", "C111", "C112"} <= marked, marked
