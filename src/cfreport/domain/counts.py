"""An agency's counts grouped by initiative and indicator, and the value of a breakdown node.

Groups name rows by their index in the submission's `CountRows`: a sheet of 100,000 rows is
grouped without a tuple per row (its value and row are read from the columns where needed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, cast

from cfreport.breakdown import Path

if TYPE_CHECKING:
    from cfreport.framework import Framework, Indicator
    from cfreport.models import CountRows, Submission

Given = Mapping[Path, int]
"""Category -> the index of its row among the submission's counts."""


def effective_value(
    path: Path, given: Given, indicator: Indicator, values: Sequence[int | None]
) -> tuple[int | None, list[int]]:
    """A node's value: typed, or else the sum of its parts; with the rows (indexes into the
    counts, whose `values` these are) it comes from."""
    at = given.get(path)
    if at is not None and values[at] is not None:
        return values[at], [at]
    total, rows, any_part = 0, [], False
    for child in indicator.children[path]:
        value, sources = effective_value(child, given, indicator, values)
        if value is not None:
            total += value
            rows += sources
            any_part = True
    return (total, rows) if any_part else (None, [])


class CountGroups(NamedTuple):
    counts: CountRows
    """The rows the indexes below point into."""
    groups: dict[tuple[str, str], dict[Path, int]]
    """(initiative, indicator) -> category -> its row (the first one where a row repeats)."""
    repeats: list[tuple[int, int]]
    """(first, again) for each row whose initiative, indicator and category came before."""
    unplaced: list[int]
    """Rows of a known indicator whose category is not one of its breakdown's."""


_CACHE_KEY = "_cfreport_count_groups"


def count_groups(sub: Submission, fw: Framework) -> CountGroups:
    """The submission's counts by initiative and indicator, made once per submission.

    The checks, the cross-file checks and the consolidation all need them; a sheet of 100,000
    rows takes some hundredths of a second to group. The result rides in the submission's
    __dict__, which pydantic leaves out of its fields, dumps and comparisons but pickles with it.
    """
    cached = sub.__dict__.get(_CACHE_KEY)
    # Made for these very rows: a copy of the submission with other rows groups them anew.
    if cached is not None and cached[0] == fw.id and cached[1].counts is sub.counts:
        return cast(CountGroups, cached[1])
    groups: dict[tuple[str, str], dict[Path, int]] = defaultdict(dict)
    repeats: list[tuple[int, int]] = []
    unplaced: list[int] = []
    known = fw.indicator_by_code
    counts = sub.counts
    every_known = set(counts.indicators) <= known.keys()
    keys = zip(counts.initiatives, counts.indicators, strict=True)
    for at, key, path in zip(range(len(counts)), keys, counts.paths, strict=True):
        if not every_known and key[1] not in known:
            continue
        if path is None:
            unplaced.append(at)
            continue
        group = groups[key]
        first = group.setdefault(path, at)
        if first != at:
            repeats.append((first, at))
    result = CountGroups(counts, dict(groups), repeats, unplaced)
    sub.__dict__[_CACHE_KEY] = (fw.id, result)
    return result


def group_counts(sub: Submission, fw: Framework) -> dict[tuple[str, str], dict[Path, int]]:
    """(initiative, indicator) -> category -> its row (the first one where a row repeats)."""
    return count_groups(sub, fw).groups
