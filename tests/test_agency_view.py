"""`summarize --by-agency`: which agency contributed what to each figure, joint initiatives under
the agency whose cells count with their partners named; the parts add up to the figures."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cfreport.domain.figure_keys import keyed_figures
from cfreport.framework import Framework
from cfreport.inputs import discover
from cfreport.summarize import summarize_paths
from tests.conftest import EXAMPLES, ROOT
from tests.conftest import run_cli as run

SECOND = ROOT / "examples" / "2022-invented"


def summary_figures(folder: Path, fw: Framework) -> dict[str, float | int]:
    """Every figure of the folder's summary by key: what the agency view must add up to."""
    summary = summarize_paths(discover([str(folder)]), fw)
    return {k: f.figure.value for k, f in keyed_figures(summary).items()}


@pytest.mark.parametrize("folder", [EXAMPLES, SECOND], ids=["2021", "2022"])
def test_the_agencies_parts_add_up_to_the_figures(folder: Path, fw: Framework) -> None:
    code, out, _ = run("summarize", str(folder), "--by-agency", "-f", "csv", "-q")
    assert code == 0
    figures: dict[str, float] = {}
    parts: dict[str, float] = defaultdict(float)
    for row in csv.DictReader(io.StringIO(out)):
        if row["agency"]:
            parts[row["key"]] += float(row["value"])
        else:
            figures[row["key"]] = float(row["value"])
    assert len(figures) > 100
    for key, value in figures.items():
        assert parts[key] == pytest.approx(value), key
    # The figures are the summary's own.
    published = summary_figures(folder, fw)
    for key, value in figures.items():
        assert float(published[key]) == value, key


def test_a_joint_initiative_counts_under_one_agency_with_its_partners() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), "--by-agency", "-f", "json", "-q")
    assert code == 0
    figures = {f["key"]: f for f in json.loads(out)["figures"]}
    joint = figures["area/1/joint-initiatives"]
    assert sum(s["value"] for s in joint["shares"]) == joint["value"]
    named = [s for s in joint["shares"] if s["partners"]]
    assert named and all(s["agency"] not in s["partners"] for s in named)
    assert "S005" in joint["codes"]  # a figure with a finding behind it stays marked


def test_the_text_names_each_agency_and_its_partners() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), "--by-agency", "--area", "1", "-q")
    assert code == 0
    assert any(line.split()[-4:] == ["Women", "2", "ECLAC,", "UNFPA"] for line in out.splitlines())
    row = next(line for line in out.splitlines() if "CSOs" in line)
    assert row.split()[-2:] == ["UNDP", "261"]


def test_one_agency_for_its_focal_point() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), "--agency", "undp", "-f", "csv", "-q")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["agency"] for r in rows} == {"", "UNDP"}
    total = [r for r in rows if r["key"] == "indicator/1.1"]
    assert [(r["agency"], r["value"]) for r in total] == [("", "294"), ("UNDP", "291")]
    assert not any(r["key"] == "indicator/1.3" for r in rows)  # ILO's alone


def test_an_unknown_agency_is_a_one_line_error() -> None:
    code, _, err = run("summarize", str(EXAMPLES), "--agency", "NOPE")
    assert code == 2 and err.count("\n") == 1 and "NOPE" in err


def test_markdown_and_spanish() -> None:
    code, out, _ = run(
        "summarize", str(EXAMPLES), "--by-agency", "-f", "markdown", "-q", "--lang", "es"
    )
    assert code == 0
    assert "| agencia" in out and "en conjunto con" in out
    assert "each agency" not in out and "joint with" not in out


def test_xlsx_lists_the_parts(tmp_path: Path) -> None:
    out = tmp_path / "agencies.xlsx"
    code, _, _ = run("summarize", str(EXAMPLES), "--by-agency", "-f", "xlsx", "-o", str(out), "-q")
    assert code == 0
    ws = load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    csos = next(r for r in values if r[0] == "CSOs")
    assert csos[1:3] == ["UNDP", 261]
