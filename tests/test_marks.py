"""No figure touched by a finding goes unmarked (docs/figures-and-findings.md).

Each case edits a valid example with one ordinary mistake and names the figure that must carry
the finding's code; every case also checks that no count figure is negative and that the
summary's findings are what validate reports for the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from cfreport.figures import Figure, Summary
from cfreport.framework import Framework
from cfreport.summarize import summarize_paths
from cfreport.validate import validate_paths
from tests.conftest import VALID, edited_copy

IND_12 = (
    "1.2 — Institutions with tools and technical support to incorporate the vision of the 2030 "
    "Agenda into the public policy cycle"
)
AREA_1 = "1 — Equality and inclusion"


def line(sheet: str, row: int, *values: object) -> list[list[Any]]:
    """Edits that type a whole row, from column A."""
    return [[sheet, f"{col}{row}", v] for col, v in zip("ABCDE", values, strict=False)]


def indicator_total(code: str) -> Any:
    return lambda s: s.indicator(code).total


def money_by_area(area: str, field: str) -> Any:
    return lambda s: getattr(next(m for m in s.money_by_area if m.area == area), field)


def money_by_year(year: int, field: str) -> Any:
    return lambda s: getattr(next(m for m in s.money_by_year if m.year == year), field)


CASES = [
    ("count: text in a number cell", [["Counts", "D2", "doce"]], indicator_total("1.1"), "V002"),
    ("count: a total typed 12.5", [["Counts", "D2", 12.5]], indicator_total("1.1"), "V003"),
    ("count: a negative part", [["Counts", "D5", -2]], indicator_total("1.1"), "V004"),
    (
        "count: an initiative not on the Initiatives sheet",
        line("Counts", 40, "UNDP-99", IND_12, "Total", 5),
        indicator_total("1.2"),
        "I002",
    ),
    (
        "count: a category the indicator does not have",
        [["Counts", "C5", "Galactic"]],
        indicator_total("1.1"),
        "C111",
    ),
    (
        "count: its initiative has an unknown direct effect",
        [["Initiatives", "E2", "Effect 99"]],
        indicator_total("1.1"),
        "C102",
    ),
    (
        "money: text in a number cell",
        [["Money", "C2", "2.5 millones"]],
        money_by_area("1", "required"),
        "V002",
    ),
    (
        "money: a year outside the period",
        line("Money", 8, 2030, AREA_1, 1000, 500),
        money_by_area("1", "required"),
        "M002",
    ),
    (
        "money: a repeated year and area",
        line("Money", 9, 2021, AREA_1, 12000000, 9000000),
        money_by_year(2021, "required"),
        "I006",
    ),
    (
        "coverage: a state the framework does not know",
        [["States", "B3", "Nueva York"]],
        lambda s: s.area("1").coverage,
        "C105",
    ),
    (
        "coverage: a state typed loosely",
        [["States", "B3", "aguascalientes"]],
        lambda s: s.area("1").coverage,
        "V001",
    ),
    (
        "population: a row of an initiative not on the Initiatives sheet",
        [["Populations", "A2", "UNDP-99"]],
        lambda s: next(iter(s.agencies_by_population.values())),
        "I002",
    ),
    (
        "joint programme: text in the amount",
        [["Joint programmes", "C2", "mucho"]],
        lambda s: s.programmes[0].amount,
        "V002",
    ),
    (
        "joint programme by name: text in the amount",
        [["Joint programmes", "C2", "mucho"]],
        lambda s: s.programmes[0].items[0].amount,
        "V002",
    ),
    (
        "headline: an initiative with an unknown work area",
        [["Initiatives", "D2", "Area 9"]],
        lambda s: s.initiatives,
        "C101",
    ),
]


def _figures(data: Any) -> list[Figure]:
    if isinstance(data, Figure):
        return [data]
    if isinstance(data, dict):
        return [f for v in data.values() for f in _figures(v)]
    if isinstance(data, list | tuple):
        return [f for v in data for f in _figures(v)]
    if isinstance(data, BaseModel):
        return [f for name in type(data).model_fields for f in _figures(getattr(data, name))]
    return []


@pytest.mark.parametrize(
    ("edits", "figure", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_figure_touched_by_a_finding_is_marked(
    edits: list[list[Any]], figure: Any, code: str, fw: Framework, tmp_path: Path
) -> None:
    path = edited_copy(VALID, tmp_path / "undp-2021.xlsx", edits)
    summary: Summary = summarize_paths([path], fw)
    assert code in {f.code for f in summary.findings}, "the case must raise its finding"
    assert code in figure(summary).codes
    counts = [f for a in summary.areas for i in a.indicators for f in _figures(i)]
    assert all(f.value >= 0 for f in counts)
    assert len(summary.findings) == len(validate_paths([path], fw).findings)


def test_the_money_table_marks_the_rows_a_finding_touches(fw: Framework, tmp_path: Path) -> None:
    from cfreport.render import RenderOptions, render
    from cfreport.summarize import SummaryOutcome

    path = edited_copy(VALID, tmp_path / "undp-2021.xlsx", [["Money", "C2", "2.5 millones"]])
    outcome = SummaryOutcome(summarize_paths([path], fw), None)
    options = RenderOptions(framework=fw)
    text = render("summarize", "text", outcome, options)
    assert isinstance(text, str)
    table = text[text.index("money, in millions of USD") :].splitlines()
    area_1 = next(line for line in table if line.strip().startswith("1. Equality"))
    assert "[! V002]" in area_1
    markdown = render("summarize", "markdown", outcome, options)
    assert isinstance(markdown, str)
    assert any(r.startswith("| 1. Equality") and "V002" in r for r in markdown.splitlines())
