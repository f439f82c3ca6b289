"""T: every total equals the sum of its parts, at every level of an indicator's breakdown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfreport.breakdown import Path, path_label
from cfreport.checks.registry import Rule, check, register
from cfreport.domain.counts import effective_value, group_counts
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Count, Submission


T001 = register(Rule("T001", "total-not-sum-of-parts", Severity.ERROR))
T002 = register(Rule("T002", "missing-total", Severity.WARNING))

MAX_PARTS_SHOWN = 12


def _value(path: Path, given: dict[Path, Count], children: dict[Path, list[Path]]) -> int | None:
    """`effective_value` without the rows: what the check needs for the groups that add up."""
    count = given.get(path)
    if count is not None and count.value is not None:
        return count.value
    total: int | None = None
    for child in children[path]:
        value = _value(child, given, children)
        if value is not None:
            total = value if total is None else total + value
    return total


def _adds_up(given: dict[Path, Count], children: dict[Path, list[Path]]) -> bool:
    """Whether every typed node with parts equals the sum of its parts (most groups do)."""
    for path, count in given.items():
        kids = children[path]
        if count.value is None or not kids:
            continue
        total: int | None = None
        for kid in kids:
            part = given.get(kid)  # typed: the common case, without a call
            value = part.value if part is not None else None
            if value is None:
                value = _value(kid, given, children)
            if value is not None:
                total = value if total is None else total + value
        if total is not None and total != count.value:
            return False
    return True


def _difference(found: int, expected: int) -> str:
    """A word of the catalog: the parts fall short of the total, or go over it."""
    return "@parts_short" if found > expected else "@parts_over"


@check(T001, T002)
def totals_equal_parts(sub: Submission, fw: Framework) -> Iterator[Finding]:
    for (initiative, code), given in group_counts(sub, fw).items():
        indicator = fw.indicator_by_code[code]
        if () not in given:
            value, _ = effective_value((), given, indicator)
            first = min(given.values(), key=lambda c: c.row)
            yield T002.finding(
                *sub.where("counts", first.row, "category"),
                expected=value,
                indicator=code,
                initiative=initiative,
            )
        if _adds_up(given, indicator.children):
            continue
        for path, count in given.items():
            if count.value is None or not indicator.children[path]:
                continue
            parts: list[int] = []
            sources: list[Count] = []
            for child in indicator.children[path]:
                value, rows = effective_value(child, given, indicator)
                if value is not None:
                    parts.append(value)
                    sources += rows
            if not parts or sum(parts) == count.value:
                continue
            shown = " + ".join(f"{p:,}" for p in parts[:MAX_PARTS_SHOWN])
            if len(parts) > MAX_PARTS_SHOWN:
                shown += " + ..."
            yield T001.finding(
                *sub.where("counts", count.row, "value"),
                expected=sum(parts),
                found=count.value,
                category=path_label(path),
                indicator=code,
                initiative=initiative,
                # One part is the sum itself: not said twice ("add to 3 (3)").
                parts=f" ({shown})" if len(parts) > 1 else "",
                difference=_difference(count.value, sum(parts)),
                gap=abs(count.value - sum(parts)),
                related=[
                    sub.place("counts", s.row, "value", s.value)
                    for s in sorted(sources, key=lambda c: c.row)
                ],
            )
