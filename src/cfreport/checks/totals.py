"""T: every total equals the sum of its parts, at every level of an indicator's breakdown."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from cfreport.breakdown import Path, path_label
from cfreport.checks.registry import Rule, check, register
from cfreport.domain.counts import Given, count_groups, effective_value
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Submission


T001 = register(Rule("T001", "total-not-sum-of-parts", Severity.ERROR))
T002 = register(Rule("T002", "missing-total", Severity.WARNING))

MAX_PARTS_SHOWN = 12


def _value(
    path: Path, given: Given, children: dict[Path, list[Path]], values: Sequence[int | None]
) -> int | None:
    """`effective_value` without the rows: what the check needs for the groups that add up."""
    at = given.get(path)
    if at is not None and values[at] is not None:
        return values[at]
    total: int | None = None
    for child in children[path]:
        value = _value(child, given, children, values)
        if value is not None:
            total = value if total is None else total + value
    return total


def _adds_up(given: Given, children: dict[Path, list[Path]], values: Sequence[int | None]) -> bool:
    """Whether every typed node with parts equals the sum of its parts (most groups do)."""
    for path, at in given.items():
        kids = children[path]
        typed = values[at]
        if typed is None or not kids:
            continue
        total: int | None = None
        for kid in kids:
            part = given.get(kid)  # typed: the common case, without a call
            value = values[part] if part is not None else None
            if value is None:
                value = _value(kid, given, children, values)
            if value is not None:
                total = value if total is None else total + value
        if total is not None and total != typed:
            return False
    return True


def _difference(found: int, expected: int) -> str:
    """A word of the catalog: the parts fall short of the total, or go over it."""
    return "@parts_short" if found > expected else "@parts_over"


@check(T001, T002)
def totals_equal_parts(sub: Submission, fw: Framework) -> Iterator[Finding]:
    grouped = count_groups(sub, fw)
    rows, values = grouped.counts.rows, grouped.counts.values
    for (initiative, code), given in grouped.groups.items():
        indicator = fw.indicator_by_code[code]
        if () not in given:
            value, _ = effective_value((), given, indicator, values)
            first = min(rows[at] for at in given.values())
            yield T002.finding(
                *sub.where("counts", first, "category"),
                expected=value,
                indicator=code,
                initiative=initiative,
            )
        if _adds_up(given, indicator.children, values):
            continue
        for path, at in given.items():
            typed = values[at]
            if typed is None or not indicator.children[path]:
                continue
            parts: list[int] = []
            sources: list[int] = []
            for child in indicator.children[path]:
                value, found = effective_value(child, given, indicator, values)
                if value is not None:
                    parts.append(value)
                    sources += found
            if not parts or sum(parts) == typed:
                continue
            shown = " + ".join(f"{p:,}" for p in parts[:MAX_PARTS_SHOWN])
            if len(parts) > MAX_PARTS_SHOWN:
                shown += " + ..."
            yield T001.finding(
                *sub.where("counts", rows[at], "value"),
                expected=sum(parts),
                found=typed,
                category=path_label(path),
                indicator=code,
                initiative=initiative,
                # One part is the sum itself: not said twice ("add to 3 (3)").
                parts=f" ({shown})" if len(parts) > 1 else "@one_part",
                difference=_difference(typed, sum(parts)),
                gap=abs(typed - sum(parts)),
                related=[
                    sub.place("counts", rows[i], "value", values[i])
                    for i in sorted(sources, key=rows.__getitem__)
                ],
            )
