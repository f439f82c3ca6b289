"""M: money lines: years of the framework, and a typed gap equal to required minus available."""

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


@check(M001, M002)
def money_lines(sub: Submission, fw: Framework) -> Iterator[Finding]:
    start, end = fw.period
    for line in sub.money:
        if line.year is not None and line.year not in fw.years():
            yield M002.finding(
                *sub.where("money", line.row, "year"),
                found=line.year,
                start=start,
                end=end,
                expected=f"{start}-{end}",
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
