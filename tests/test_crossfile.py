"""Checks across workbooks: duplicate submissions and joint figures that disagree."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cfreport.checks.crossfile import across_part, similar_pairs
from cfreport.cli import app
from cfreport.export import for_export
from cfreport.findings import Finding
from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.summarize import read_paths, summarize_paths
from cfreport.validate import across_files, validate_file, validate_paths
from tests.conftest import EXAMPLES, edited_copy

runner = CliRunner()


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
        if f.code.startswith("X") or f.code == "M004"
    ]


def edit(folder: Path, name: str, edits: list[list[Any]]) -> None:
    path = folder / name
    edited_copy(path, path, edits)


def test_the_examples_agree_across_files(folder: Path, fw: Framework) -> None:
    assert cross_findings(folder, fw) == []


def test_two_submissions_of_one_agency_and_year_name_each_other(
    folder: Path, fw: Framework
) -> None:
    # A corrected copy, saved later: the workbooks' own save times choose, and both say so.
    edited_copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-final.xlsx", [])
    found = cross_findings(folder, fw)
    assert found == [
        (
            "unhcr-2021-final.xlsx",
            "X001",
            "Submission",
            "B2",
            None,
            None,
            [("unhcr-2021.xlsx", "B2")],
        ),
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
    report = validate_paths(discover([str(folder)]), fw)
    message = next(f for f in report.findings if f.code == "X001").message
    assert "UNHCR sent 2 submissions for 2021" in message
    assert "unhcr-2021-final.xlsx counts, the last saved" in message
    assert re.search(r"unhcr-2021\.xlsx \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)", message)
    summary = summarize_paths(discover([str(folder)]), fw)
    assert "unhcr-2021-final.xlsx" in " ".join(summary.files)
    left = summary.left_out[str(folder / "unhcr-2021.xlsx")].text()
    final = folder / "unhcr-2021-final.xlsx"
    assert left == (
        f"another submission of UNHCR for 2021 counts: {final}, "
        "the last saved (by the save time each workbook records)"
    )


def test_without_save_times_the_first_by_name_counts_and_the_message_says_why(
    folder: Path, fw: Framework
) -> None:
    shutil.copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-b.xlsx")  # the same save time
    message = next(
        f for f in validate_paths(discover([str(folder)]), fw).findings if f.code == "X001"
    ).message
    assert "unhcr-2021-b.xlsx counts, the first by file name" in message


def test_the_keep_setting_chooses_and_silences_the_finding(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited_copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-final.xlsx", [["Counts", "D2", 1]])
    (folder / "cfreport.toml").write_text('keep = ["unhcr-2021.xlsx"]\n')
    monkeypatch.chdir(folder)
    validated = runner.invoke(app, ["validate", ".", "-f", "json"])
    assert "X001" not in validated.stdout
    summarized = runner.invoke(app, ["summarize", ".", "-f", "json"])
    data = json.loads(summarized.stdout)
    assert any(f.endswith("unhcr-2021.xlsx") for f in data["files"])
    assert "named by the keep setting" in summarized.stderr


def count_joint_initiative_differently(folder: Path) -> None:
    """IOM counts JI-02's total as 275 on Counts!D2; UNHCR, its lead, says 281."""
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


def test_a_participant_counting_a_joint_initiative_differently(folder: Path, fw: Framework) -> None:
    count_joint_initiative_differently(folder)
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


def test_money_that_differs_between_an_agencys_files_is_pointed_at(
    folder: Path, fw: Framework
) -> None:
    edited_copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-final.xlsx", [])
    edit(folder, "unhcr-2021.xlsx", [["Money", "C2", 1]])  # saved later still: re-save final
    edited_copy(folder / "unhcr-2021-final.xlsx", folder / "unhcr-2021-final.xlsx", [])
    found = [f for f in cross_findings(folder, fw) if f[1] == "M004"]
    assert found == [
        (
            "unhcr-2021.xlsx",
            "M004",
            "Money",
            "C2",
            found[0][4],
            1,
            [("unhcr-2021-final.xlsx", "C2")],
        )
    ]


def test_a_workbook_resent_under_another_agency_is_found(folder: Path, fw: Framework) -> None:
    # UNDP's data stamped UNFPA: every check of its own passes, and every UNDP figure that is
    # not joint would count twice.
    edited_copy(
        folder / "undp-2021.xlsx", folder / "unfpa-2021.xlsx", [["Submission", "B2", "UNFPA"]]
    )
    found = [f for f in cross_findings(folder, fw) if f[1] == "X006"]
    assert [(f[0], f[2], f[3], f[5]) for f in found] == [
        ("unfpa-2021.xlsx", "Submission", "B2", "UNFPA")
    ]
    assert found[0][6] == [("undp-2021.xlsx", "B2")]
    code, out = _summarize_exit(folder)
    assert code == 0 and "X006" in out  # the doubled figures are marked


def test_nearly_the_same_content_is_found_and_different_content_is_not(
    folder: Path, fw: Framework
) -> None:
    # A comment added: still the same report. The examples (eleven agencies, joint
    # initiatives reported by several of them) have no X006: test_the_examples_agree.
    edited_copy(
        folder / "undp-2021.xlsx",
        folder / "unfpa-2021.xlsx",
        [["Submission", "B2", "UNFPA"], ["Counts", "E2", "a comment"]],
    )
    assert [f[1] for f in cross_findings(folder, fw)] == ["X006"]


def _summarize_exit(folder: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["summarize", str(folder), "-q"])
    return result.exit_code, result.stdout + result.stderr


@settings(max_examples=300, deadline=None)
@given(
    # Few items, so that sets share some; spread over 32 bits, as a fingerprint's hashes are.
    st.lists(
        st.sets(st.integers(0, 12).map(lambda i: i * 2_654_435_761 % 2**32), max_size=10),
        max_size=8,
    ),
    st.sampled_from([0.5, 0.75, 0.9, 1.0]),
    st.integers(1, 4),
)
def test_similar_pairs_finds_what_comparing_every_pair_finds(
    sets: list[set[int]], share: float, least: int
) -> None:
    """X006 without comparing every pair of files (thousands of them) finds the same pairs."""
    every = [
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if min(len(sets[i]), len(sets[j])) >= least
        and len(sets[i] & sets[j]) / min(len(sets[i]), len(sets[j])) >= share
    ]
    assert similar_pairs(sets, share, least) == every


def test_what_validate_keeps_of_each_file_finds_what_the_whole_files_find(
    folder: Path, fw: Framework
) -> None:
    """validate keeps of each workbook only its cross-file part (a few kilobytes, not every
    row): every cross-file rule finds the same on the parts as on the whole submissions."""
    edited_copy(folder / "unhcr-2021.xlsx", folder / "unhcr-2021-final.xlsx", [])
    edit(folder, "unhcr-2021.xlsx", [["Money", "C2", 1]])
    final = folder / "unhcr-2021-final.xlsx"  # saved last: it counts
    edited_copy(final, final, [["Joint programmes", "C2", 2000000]])
    edit(folder, "iom-2021.xlsx", [["Initiatives", "B2", "Migrants"]])
    count_joint_initiative_differently(folder)
    edited_copy(
        folder / "undp-2021.xlsx",
        folder / "unfpa-2021.xlsx",
        [["Submission", "B2", "UNFPA"], ["Counts", "E2", "a comment"]],
    )
    paths = discover([str(folder)])
    whole = [sub for path in paths if (sub := validate_file(path, fw)[0]) is not None]
    parts = [across_part(sub, fw) for sub in whole]
    # The examples are mostly joint initiatives: what is not joint is left out.
    assert sum(len(p.counts) for p in parts) < sum(len(s.counts) for s in whole)
    assert not any(p.states or p.populations or p.key_results for p in parts)
    found = across_files(whole, fw)
    assert {f.code for f in found} >= {"X001", "X002", "X003", "X004", "X006", "M004"}
    assert across_files(parts, fw) == found
    assert [f for f in validate_paths(paths, fw).findings if f in found] == sorted(
        found, key=lambda f: (f.file, *Finding.sort_key(f))
    )
    # export keeps every row of each, in the readings' spill: the same findings.
    exported = read_paths(paths, fw, shrink=for_export).submissions
    assert sorted(across_files(exported, fw), key=lambda f: (f.file, *Finding.sort_key(f))) == (
        sorted(found, key=lambda f: (f.file, *Finding.sort_key(f)))
    )
