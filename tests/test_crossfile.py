"""Checks across workbooks: duplicate submissions and joint figures that disagree."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.validate import validate_paths
from tests.conftest import EXAMPLES, edited_copy


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "2021"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("source", "*.md"))
    return target


def cross_findings(folder: Path, fw: Framework) -> list[tuple[Any, ...]]:
    report = validate_paths(discover([str(folder)]), fw)
    return [
        (
            Path(f.file).name,
            f.code,
            f.sheet,
            f.cell,
            f.expected,
            f.found,
            sorted((Path(r.file).name, r.cell) for r in f.related),
        )
        for f in report.findings
        if f.code.startswith("X")
    ]


def edit(folder: Path, name: str, edits: list[list[Any]]) -> None:
    path = folder / name
    edited_copy(path, path, edits)


def test_the_examples_agree_across_files(folder: Path, fw: Framework) -> None:
    assert cross_findings(folder, fw) == []


def test_two_submissions_of_one_agency_and_year(folder: Path, fw: Framework) -> None:
    shutil.copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-final.xlsx")
    assert cross_findings(folder, fw) == [
        (
            "unhcr-2021.xlsx",
            "X001",
            "Submission",
            "B2",
            None,
            None,
            [("unhcr-2021-final.xlsx", "B2")],
        ),
    ]


def test_a_participant_counting_a_joint_initiative_differently(folder: Path, fw: Framework) -> None:
    edit(
        folder,
        "iom-2021.xlsx",
        [
            ["Counts", "A2", "JI-02"],
            ["Counts", "B2", "4.3"],
            ["Counts", "C2", "Total"],
            ["Counts", "D2", 275],
        ],
    )
    assert cross_findings(folder, fw) == [
        ("iom-2021.xlsx", "X002", "Counts", "D2", 281, 275, [("unhcr-2021.xlsx", "D2")]),
    ]


def test_the_same_joint_figures_agree(folder: Path, fw: Framework) -> None:
    edit(
        folder,
        "iom-2021.xlsx",
        [
            ["Counts", "A2", "JI-02"],
            ["Counts", "B2", "4.3"],
            ["Counts", "C2", "CSOs"],
            ["Counts", "D2", 111],
        ],
    )
    assert cross_findings(folder, fw) == []


def test_a_joint_programme_with_another_amount(folder: Path, fw: Framework) -> None:
    edit(folder, "unhcr-2021.xlsx", [["Joint programmes", "C2", 2000000]])
    assert cross_findings(folder, fw) == [
        (
            "unhcr-2021.xlsx",
            "X003",
            "Joint programmes",
            "C2",
            2309070,
            2000000,
            [("ilo-2021.xlsx", "C3")],
        ),
    ]


def test_a_joint_initiative_described_differently(folder: Path, fw: Framework) -> None:
    edit(folder, "iom-2021.xlsx", [["Initiatives", "B2", "Migrants"]])
    (finding,) = cross_findings(folder, fw)
    assert finding[:4] == ("iom-2021.xlsx", "X004", "Initiatives", "B2")
    assert finding[5] == "Migrants"
