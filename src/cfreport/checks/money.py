"""M: money lines: years of the framework, a typed gap equal to required minus available, and
available money that exceeds what was required."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfreport.checks.registry import Rule, check, register
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Submission


GAP_TOLERANCE = 0.005
"""Half a cent: a gap typed with two decimals is accepted when it rounds to the difference."""

M001 = register(Rule("M001", "gap-not-difference", Severity.ERROR))
M002 = register(Rule("M002", "money-year-outside-period", Severity.ERROR))
M003 = register(Rule("M003", "available-over-required", Severity.WARNING))


@check(M001, M002, M003)
def money_lines(sub: Submission, fw: Framework) -> Iterator[Finding]:
    start, end = fw.period
    for line in sub.money:
        if line.year is not None and line.year not in fw.years():
            yield M002.finding(
                *sub.where("money", line.row, "year"),
                found=line.year,
                year=line.year,
                start=str(start),
                end=str(end),
                expected=f"{start}-{end}",
            )
        required, available = line.required, line.available
        if required is not None and available is not None and available > required + GAP_TOLERANCE:
            yield M003.finding(
                *sub.where("money", line.row, "available"),
                expected=required,
                found=available,
                year=line.year,
                related=[sub.place("money", line.row, "required", required)],
            )
        if line.gap is None or line.required is None or line.available is None:
            continue
        difference = round(line.required - line.available, 2)
        if abs(line.gap - difference) > GAP_TOLERANCE:
            yield M001.finding(
                *sub.where("money", line.row, "gap"),
                expected=difference,
                found=line.gap,
                related=[
                    sub.place("money", line.row, "required", line.required),
                    sub.place("money", line.row, "available", line.available),
                ],
            )
