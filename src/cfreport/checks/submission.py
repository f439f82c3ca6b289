"""S: the submission's details: who reports, for which year, against which framework."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfreport.checks.registry import Rule, check, register
from cfreport.checks.structure import F007, F015
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Submission


S001 = register(Rule("S001", "year-outside-period", Severity.ERROR))
S002 = register(Rule("S002", "missing-detail", Severity.ERROR))
S003 = register(Rule("S003", "no-initiatives", Severity.ERROR))
S004 = register(Rule("S004", "initiative-without-results", Severity.WARNING))
S005 = register(Rule("S005", "initiative-without-counts", Severity.WARNING))


@check(S001, S002, F007, F015)
def submission_details(sub: Submission, fw: Framework) -> Iterator[Finding]:
    sheet = sub.sheet("submission")
    if sub.framework_id and sub.framework_id != fw.id:
        yield F007.finding(
            sub.file, sheet, sub.detail_cell("framework"), expected=fw.id, found=sub.framework_id
        )
    elif not sub.framework_id and "submission" in sub.sheet_names:
        # Deleted, the stamp would let a workbook of another framework pass unnoticed.
        yield F015.finding(
            sub.file, sheet, sub.detail_cell("framework"), column="Framework", expected=fw.id
        )
    for field, label in (("agency", "Agency"), ("year", "Reporting year")):
        # A missing Submission sheet is said once, by F003.
        if field not in sub.detail_rows and "submission" in sub.sheet_names:
            yield S002.finding(sub.file, sheet, None, column=label)
    if sub.year is not None and sub.year not in fw.years():
        start, end = fw.period
        yield S001.finding(
            sub.file,
            sheet,
            sub.detail_cell("year"),
            found=sub.year,
            year=sub.year,
            start=str(start),
            end=str(end),
            expected=f"{start}-{end}",
        )


@check(S003, S004, S005)
def completeness(sub: Submission, fw: Framework) -> Iterator[Finding]:
    """An untouched template is not a submission; an initiative with no states or populations
    silently lowers the report's coverage ("we work in N states"), one with no counts its
    indicators.

    No counts is a rule of its own (S005): some initiatives have no output indicator of the
    framework (the 2021 report prints no figure for the safe reopening of schools, JI-04), and
    an RCO that knows it may ignore S005 alone.
    """
    if not sub.initiatives:
        yield S003.finding(sub.file, sub.sheet("initiatives"), None)
        return
    counted = set(sub.counts.initiatives)
    # A sheet that is missing is said once (F003), not once per initiative.
    reported = {
        f"@{kind}": {t.initiative for t in sub.tags(kind)}
        for kind in ("states", "populations")
        if kind in sub.sheet_names
    }
    for ini in sub.initiatives:
        joint = fw.joint_initiative_by_id.get(ini.id)
        if not ini.id or (joint is not None and joint.lead != sub.agency):
            continue  # a partner of a joint initiative leaves its figures to the lead
        for what, ids in reported.items():
            if ini.id not in ids:
                yield S004.finding(
                    *sub.where("initiatives", ini.row, "id"), initiative=ini.id, what=what
                )
        if ini.id not in counted and "counts" in sub.sheet_names:
            yield S005.finding(*sub.where("initiatives", ini.row, "id"), initiative=ini.id)
