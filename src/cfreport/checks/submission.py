"""S: the submission's details: who reports, for which year, against which framework."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfreport.checks.registry import Rule, check, register
from cfreport.checks.structure import F007
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Submission


S001 = register(Rule("S001", "year-outside-period", Severity.ERROR))
S002 = register(Rule("S002", "missing-detail", Severity.ERROR))


@check(S001, S002, F007)
def submission_details(sub: Submission, fw: Framework) -> Iterator[Finding]:
    sheet = sub.sheet("submission")
    if sub.framework_id and sub.framework_id != fw.id:
        yield F007.finding(
            sub.file, sheet, sub.detail_cell("framework"), expected=fw.id, found=sub.framework_id
        )
    for field, label in (("agency", "Agency"), ("year", "Reporting year")):
        if field not in sub.detail_rows:
            yield S002.finding(sub.file, sheet, None, column=label)
    if sub.year is not None and sub.year not in fw.years():
        start, end = fw.period
        yield S001.finding(
            sub.file,
            sheet,
            sub.detail_cell("year"),
            found=sub.year,
            start=start,
            end=end,
            expected=f"{start}-{end}",
        )
