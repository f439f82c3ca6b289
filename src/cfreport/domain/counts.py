"""An agency's counts grouped by initiative and indicator, and the value of a breakdown node."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple, cast

from cfreport.breakdown import Path

if TYPE_CHECKING:
    from cfreport.framework import Framework, Indicator
    from cfreport.models import Count, Submission


def effective_value(
    path: Path, given: dict[Path, Count], indicator: Indicator
) -> tuple[int | None, list[Count]]:
    """A node's value: typed, or else the sum of its parts; with the rows it comes from."""
    count = given.get(path)
    if count is not None and count.value is not None:
        return count.value, [count]
    total, rows, any_part = 0, [], False
    for child in indicator.children[path]:
        value, sources = effective_value(child, given, indicator)
        if value is not None:
            total += value
            rows += sources
            any_part = True
    return (total, rows) if any_part else (None, [])


class CountGroups(NamedTuple):
    groups: dict[tuple[str, str], dict[Path, Count]]
    """(initiative, indicator) -> category -> its row (the first one where a row repeats)."""
    repeats: list[tuple[Count, Count]]
    """(first, again) for each row whose initiative, indicator and category came before."""
    unplaced: list[Count]
    """Rows of a known indicator whose category is not one of its breakdown's."""


_CACHE_KEY = "_cfreport_count_groups"


def count_groups(sub: Submission, fw: Framework) -> CountGroups:
    """The submission's counts by initiative and indicator, made once per submission.

    The checks, the cross-file checks and the consolidation all need them; a sheet of 100,000
    rows takes a tenth of a second to group. The result rides in the submission's __dict__,
    which pydantic leaves out of its fields, dumps and comparisons but pickles with it.
    """
    cached = sub.__dict__.get(_CACHE_KEY)
    if cached is not None and cached[0] == fw.id:
        return cast(CountGroups, cached[1])
    groups: dict[tuple[str, str], dict[Path, Count]] = defaultdict(dict)
    repeats: list[tuple[Count, Count]] = []
    unplaced: list[Count] = []
    known = fw.indicator_by_code
    counts = sub.counts
    for count, key, path in zip(
        counts, zip(counts.initiatives, counts.indicators, strict=True), counts.paths, strict=True
    ):
        if key[1] not in known:
            continue
        if path is None:
            unplaced.append(count)
            continue
        group = groups[key]
        first = group.setdefault(path, count)
        if first is not count:
            repeats.append((first, count))
    result = CountGroups(dict(groups), repeats, unplaced)
    sub.__dict__[_CACHE_KEY] = (fw.id, result)
    return result


def group_counts(sub: Submission, fw: Framework) -> dict[tuple[str, str], dict[Path, Count]]:
    """(initiative, indicator) -> category -> its row (the first one where a row repeats)."""
    return count_groups(sub, fw).groups
