"""X005: the consolidated figures are checked like a submission: totals against their parts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cfreport.breakdown import Path, path_label
from cfreport.checks.registry import Rule, register
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.figures import Figure, Summary
    from cfreport.findings import Finding
    from cfreport.framework import Framework


X005 = register(Rule("X005", "consolidated-total-not-sum", Severity.ERROR))


def consolidated_totals(summary: Summary, fw: Framework) -> list[Finding]:
    """X005: a consolidated node whose consolidated parts do not add up to it."""
    findings = []
    figures = {i.code: i for area in summary.areas for i in area.indicators}
    for code, fig in figures.items():
        ind = fw.indicator_by_code[code]
        values: dict[Path, Figure] = {line.path: line.figure for line in fig.breakdown}
        if fig.total is not None:
            values[()] = fig.total
        for path, node in values.items():
            parts = [values[c] for c in ind.children[path] if c in values]
            if not parts or sum(p.value for p in parts) == node.value:
                continue
            first = node.sources[0] if node.sources else None
            findings.append(
                X005.finding(
                    first.file if first else "(consolidated)",
                    first.sheet if first else None,
                    first.cell if first else None,
                    expected=sum(int(p.value) for p in parts),
                    found=int(node.value),
                    category=path_label(path),
                    indicator=code,
                    related=[s.place() for p in parts for s in p.sources]
                    + [s.place() for s in node.sources[1:]],
                )
            )
    return findings
