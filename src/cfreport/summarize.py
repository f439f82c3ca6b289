"""From workbooks to the report's figures: read and validate every input, then consolidate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cfreport.against import AgainstReport
from cfreport.consolidate import consolidate
from cfreport.figures import LeftOut, Summary
from cfreport.findings import Finding
from cfreport.framework import Framework
from cfreport.models import Submission
from cfreport.validate import across_files, collector_paused, validate_each


@dataclass(frozen=True)
class SummaryOutcome:
    """What `summarize` renders: the figures, and the comparison with a draft if one was given."""

    summary: Summary
    against: AgainstReport | None = None


def summarize_paths(
    paths: Sequence[Path],
    fw: Framework,
    *,
    year: int | None = None,
    only_valid: bool = False,
    progress: Callable[[Path], None] | None = None,
    jobs: int = 1,
) -> Summary:
    """Validate each workbook and consolidate what could be read.

    A file that cannot be read is left out and named; findings do not leave data out, unless
    `only_valid` leaves out every file with errors.
    """
    subs: list[Submission] = []
    findings: list[Finding] = []
    left_out: dict[str, LeftOut] = {}
    ordered = sorted(paths, key=str)
    for path, (sub, found) in zip(
        ordered, validate_each(ordered, fw, jobs=jobs, progress=progress), strict=True
    ):
        findings += found
        if sub is None:
            left_out[str(path)] = LeftOut(reason="unreadable", refusal=found[0] if found else None)
        elif only_valid and any(f.is_error for f in found):
            left_out[str(path)] = LeftOut(reason="only_valid")
        else:
            subs.append(sub)
    with collector_paused():
        if len(subs) > 1:
            findings += across_files(subs, fw)
        return consolidate(subs, fw, findings=findings, year=year, left_out=left_out)
