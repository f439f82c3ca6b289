"""What a workbook's counts add to each figure, as a few columns of numbers.

A figure of an indicator (its total, or a line of its breakdown) adds, for each initiative, the
count typed on that line or else the lines under it (`effective_value`). A tally lists each
row that goes into a figure: the figure (its index among the framework's breakdown nodes), the
row, its value and the row of its initiative. Summarizing thousands of workbooks, each worker
tallies the workbooks it reads and lets their rows go: a tally is some 20 bytes a row, the rows
as read some 300.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cfreport.domain.counts import count_groups, effective_value
from cfreport.models import Entry, Tally
from cfreport.packed import int_array, pack_values

if TYPE_CHECKING:
    from cfreport.framework import Framework, Indicator
    from cfreport.framework.models import Path
    from cfreport.models import CountRows, Submission

Group = tuple[str, "Indicator", "dict[Path, int]", "CountRows"]
"""(initiative, indicator, category -> its row, the rows) of one initiative's counts of an
indicator: each row an index into the submission's counts."""


def _figure_rows(
    groups: Iterable[Group], fw: Framework, initiative_rows: dict[str, int]
) -> Iterator[tuple[int, list[int], int, CountRows]]:
    """(figure, the rows it adds, the row of their initiative, the counts those rows index)
    for each figure of each group."""
    node_of = fw.breakdown_node_index
    for initiative, indicator, given, counts in groups:
        at = initiative_rows.get(initiative, 0)
        values = counts.values
        for path in indicator.paths:
            i = given.get(path)
            if i is not None and values[i] is not None:  # typed: the common case
                rows = [i]
            else:
                value, rows = effective_value(path, given, indicator, values)
                if value is None:
                    continue
            yield node_of[(indicator.code, path)], rows, at, counts


def entries(
    groups: Iterable[Group], fw: Framework, initiative_rows: dict[str, int]
) -> Iterator[Entry]:
    """Each row that goes into a figure, group by group, figure by figure, in the order the
    figures list their sources."""
    for node, rows, at, counts in _figure_rows(groups, fw, initiative_rows):
        for i in rows:
            yield Entry(node, counts.rows[i], counts.values[i] or 0, at)


def left_out_rows(groups: Iterable[Group], fw: Framework) -> Iterator[tuple[int, int]]:
    """(figure, row) for each row that could not be counted (no value): it leaves its line
    out, and marks its figure and every total above it."""
    node_of = fw.breakdown_node_index
    for _, indicator, given, counts in groups:
        for path, i in given.items():
            if counts.values[i] is None:
                for depth in range(len(path) + 1):
                    yield node_of[(indicator.code, path[:depth])], counts.rows[i]


def own_groups(sub: Submission, fw: Framework) -> list[Group]:
    """The submission's count groups of initiatives that are not joint, in the order read."""
    joint = fw.joint_initiative_by_id
    grouped = count_groups(sub, fw)
    return [
        (initiative, fw.indicator_by_code[code], given, grouped.counts)
        for (initiative, code), given in grouped.groups.items()
        if initiative not in joint
    ]


def tally(sub: Submission, fw: Framework) -> Tally:
    """What the submission's own counts (not those of joint initiatives) add to each figure:
    `entries`, in figure order (each figure's rows in the order read), as columns."""
    groups = own_groups(sub, fw)
    rows_of = {i.id: i.row for i in sub.initiatives}
    node_of = fw.breakdown_node_index
    # Each figure's run of (row, value, initiative row), flat: consolidation adds a run at once.
    # A worker tallies every workbook it reads: no tuple, nor sort, for each of its rows.
    runs: dict[int, list[int]] = {}
    for node, indexes, at, counts in _figure_rows(groups, fw, rows_of):
        run = runs.get(node)
        if run is None:
            run = runs[node] = []
        for i in indexes:
            run += (counts.rows[i], counts.values[i] or 0, at)
    nodes = sorted(runs)
    grouped = count_groups(sub, fw)
    unplaced = [
        (node_of[(grouped.counts.indicators[i], ())], grouped.counts.rows[i])
        for i in grouped.unplaced
    ]
    return Tally(
        int_array([node for node in nodes for _ in range(len(runs[node]) // 3)]),
        int_array([row for node in nodes for row in runs[node][0::3]]),
        pack_values([value for node in nodes for value in runs[node][1::3]]),
        int_array([at for node in nodes for at in runs[node][2::3]]),
        frozenset(ind.code for _, ind, _, _ in groups),
        (*left_out_rows(groups, fw), *unplaced),
    )
