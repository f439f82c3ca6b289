"""Consolidate submissions of one year into the report's figures, each traceable to its cells.

Joint initiatives and programmes are counted once, with the lead agency's figures (or, where the
lead did not report them, those of the first agency by code that did).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Any

from cfreport.domain.batch import Batch
from cfreport.domain.counted import (
    Counted,
    Initiatives,
    Selection,
    counted_initiatives,
)
from cfreport.domain.counts import group_counts
from cfreport.domain.tally import Group, entries, left_out_rows, tally
from cfreport.figures import (
    AreaFigures,
    BreakdownLine,
    Figure,
    IndicatorFigures,
    LeftOut,
    MoneyFigures,
    ProgrammeFigures,
    ProgrammeItem,
    Share,
    Source,
    Summary,
)
from cfreport.findings import Finding, column_letter
from cfreport.framework import Framework
from cfreport.framework.models import FEDERAL, path_label
from cfreport.key_results import collect_key_results
from cfreport.models import Entry, Submission, Tag, Tally
from cfreport.packed import (
    CHUNK,
    Cell,
    PackedShares,
    PackedSources,
    PackedTextsByKey,
    Places,
    Spill,
    Stored,
    pack_values,
)


def _place(sub: Submission, key: str, row: int, column: str, value: object = None) -> Source:
    shown = value if isinstance(value, str | int | float) or value is None else str(value)
    return Source(*sub.where(key, row, column), shown)


def value_cells(sub: Submission) -> tuple[str, str, str]:
    """(file, sheet, column letter) of the value column of a submission's counts."""
    # A required column: a workbook without it is refused before anything is counted.
    return sub.file, sub.sheet("counts"), column_letter(sub.columns["counts"]["value"])


RowKey = tuple[str, str | None, int]
"""(file, sheet, row): findings mark a figure by the rows behind it, not only by the cell."""


@lru_cache(maxsize=65536)
def _row_of(cell: str | None) -> int:
    """The row number of an A1 reference ('D12' -> 12); 0 when there is none."""
    digits = (cell or "").lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return int(digits) if digits.isdigit() else 0


class _Marker:
    """The codes of the findings on any row behind a figure.

    A figure is marked by a finding on the row of any of its source cells (an unknown initiative
    on column A marks the count on column D), and by a finding on a row it `touches`: a row of
    its breakdown that could not be counted, or the row of the initiative a count belongs to.
    """

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.places = Places(Spill())
        """The columns of every figure's cells, shared by the figures; those of a figure of
        many cells are kept in a temporary file (see `packed`)."""
        self.by_row: dict[RowKey, set[str]] = defaultdict(set)
        for f in findings:
            if f.cell:
                self.by_row[(f.file, f.sheet, _row_of(f.cell))].add(f.code)
            for r in f.related:
                if r.cell:
                    self.by_row[(r.file, r.sheet, _row_of(r.cell))].add(f.code)

    def figure(
        self,
        value: float,
        sources: Iterable[Source],
        touched: Iterable[RowKey] = (),
        shares: tuple[Share, ...] = (),
    ) -> Figure:
        return self.figure_of_cells(value, self.places.cells_of(sources), touched, shares)

    def figure_of_cells(
        self,
        value: float,
        cells: Iterable[Cell],
        touched: Iterable[RowKey] = (),
        shares: tuple[Share, ...] = (),
    ) -> Figure:
        """As `figure`, of cells given by their column in `places` and their row."""
        codes: set[str] = set()
        by_row, table = self.by_row, self.places.columns

        def marking(cells: Iterable[Cell]) -> Iterator[Cell]:
            for cell in cells:
                file, sheet, _ = table[cell[0]]
                found = by_row.get((file, sheet, cell[1]))
                if found:
                    codes.update(found)
                yield cell

        # Packed as they come: a figure of every initiative has tens of thousands of cells.
        packed = self.places.pack_cells(marking(cells) if by_row else cells)
        if by_row:
            for key in touched:
                found = by_row.get(key)
                if found:
                    codes |= found
        value = round(value, 2) if isinstance(value, float) else value
        # Every part was built here from values already validated.
        return Figure.model_construct(
            value=value,
            sources=packed,
            codes=tuple(sorted(codes)),
            shares=PackedShares.of(shares, self.places.spill),
        )


Part = tuple[str, float, Iterable[str]]
"""(agency, value, the agencies it shares the item with) of one item behind a figure."""


def shares_of(parts: Iterable[Part]) -> tuple[Share, ...]:
    """Each agency's part of a figure, by agency code: they add up to the figure."""
    values: dict[str, float] = defaultdict(int)
    partners: dict[str, set[str]] = defaultdict(set)
    for agency, value, others in parts:
        values[agency] += value
        partners[agency].update(others)
    return tuple(
        Share(
            agency,
            round(value, 2) if isinstance(value, float) else value,
            tuple(sorted(partners[agency] - {agency})),
        )
        for agency, value in sorted(values.items())
    )


def _counted_shares(counted: Initiatives, selection: Selection) -> tuple[Share, ...]:
    """Initiatives by the agency whose row counts; a joint one names its other agencies."""
    return shares_of(
        (agency, 1, taking_part) for agency, taking_part in counted.agencies_of(selection)
    )


def _joint_groups(batch: Batch) -> list[tuple[Submission, Group]]:
    """(reporting submission, group) for each joint initiative's counts of an indicator: from
    the first of the workbooks that report it (the lead's first) that has them."""
    fw = batch.fw
    out = []
    taken: set[tuple[str, str]] = set()
    for jid, reports in batch.joint_initiatives.items():
        for sub, _ in reports:
            for (initiative, code), given in group_counts(sub, fw).items():
                if initiative == jid and (jid, code) not in taken:
                    taken.add((jid, code))
                    out.append((sub, (initiative, fw.indicator_by_code[code], given, sub.counts)))
    return out


class _NodeSum:
    """One indicator figure as it is added up: its value, cells, agencies' shares, marks. Its
    cells go to the spill in chunks: a figure of 3,000 workbooks has 100,000 or more."""

    __slots__ = (
        "codes",
        "columns",
        "partners",
        "rows",
        "share_agencies",
        "share_values",
        "spill",
        "stored",
        "value",
        "values",
    )

    def __init__(self, spill: Spill | None) -> None:
        self.spill = spill
        self.value = 0
        self.columns: array[int] = array("I")
        self.rows: array[int] = array("I")
        self.values: array[int] | list[int] = array("q")
        self.stored: list[tuple[Stored, int]] = []
        self.share_agencies: list[str] = []
        self.share_values: array[int] | list[int] = array("q")
        """Each agency's part, as added (one entry a workbook): summed when the figure is
        made. A dict of every agency for every figure would hold ten times as much."""
        self.partners: dict[str, set[str]] = {}
        self.codes: set[str] = set()

    def add(self, column: int, row: int, value: int) -> None:
        self.value += value
        self.columns.append(column)
        self.rows.append(row)
        try:
            self.values.append(value)
        except OverflowError:  # past 8 bytes: kept as Python integers
            self.values = [*self.values, value]
        self._spill_if_many()

    def extend(self, column: int, rows: Sequence[int], values: Sequence[int]) -> None:
        """Add the cells of one column at once (a run of a tally)."""
        self.value += sum(values)
        self.columns.extend(repeat(column, len(rows)))
        self.rows.extend(rows.tolist() if isinstance(rows, array) else rows)
        listed = values.tolist() if isinstance(values, array) else list(values)
        try:
            self.values.extend(listed)
        except OverflowError:  # past 8 bytes: kept as Python integers
            self.values = [*self.values, *listed]
        self._spill_if_many()

    def share(self, agency: str, value: int) -> None:
        """Add to an agency's part: to its last entry where the agency is the same."""
        agencies, values = self.share_agencies, self.share_values
        if agencies and agencies[-1] is agency:
            value += values[-1]
            try:
                values[-1] = value
            except OverflowError:  # past 8 bytes: kept as Python integers
                self.share_values = [*values[:-1], value]
            return
        agencies.append(agency)
        try:
            values.append(value)
        except OverflowError:
            self.share_values = [*values, value]

    def _shares(self) -> dict[str, int]:
        summed: dict[str, int] = {}
        for agency, value in zip(self.share_agencies, self.share_values, strict=True):
            summed[agency] = summed.get(agency, 0) + value
        return summed

    def _spill_if_many(self) -> None:
        if len(self.rows) >= CHUNK and self.spill is not None:
            at = self.spill.put((self.columns, self.rows, pack_values(self.values)))
            if at is not None:
                self.stored.append((at, len(self.rows)))
                self.columns, self.rows, self.values = array("I"), array("I"), array("q")

    def figure(self, places: Places, extra: set[str]) -> Figure:
        shares = PackedShares.of(
            (
                Share(a, v, tuple(sorted(self.partners.get(a, set()) - {a})))
                for a, v in sorted(self._shares().items())
            ),
            places.spill,
        )
        return Figure.model_construct(
            value=self.value,
            sources=PackedSources(
                places, self.columns, self.rows, pack_values(self.values), self.stored
            ),
            codes=tuple(sorted(self.codes | extra)),
            shares=shares,
        )


def _indicator_figures(
    fw: Framework, batch: Batch, mark: _Marker, joint: dict[str, frozenset[str]]
) -> tuple[dict[str, IndicatorFigures], dict[str, set[str]]]:
    """Each indicator's total and breakdown, and the agencies counted in each area's indicators;
    `joint`: joint initiative -> its agencies.

    Each workbook's own counts come tallied (`domain/tally.py`); a joint initiative's from the
    workbook chosen for it. A figure is marked by a finding on one of its rows, on the row of
    an initiative it counts, or on a row it leaves out (no value, or a category the indicator
    does not have).
    """
    sums: dict[int, _NodeSum] = {}
    extra: dict[int, set[str]] = defaultdict(set)
    agencies: dict[str, set[str]] = defaultdict(set)
    by_row = mark.by_row
    places = mark.places
    spill = places.spill

    def add(sub: Submission, items: Iterable[Entry], partners: Iterable[str] = ()) -> None:
        file, sheet, letter = value_cells(sub)
        column = places.column(file, sheet, letter)
        initiatives = sub.sheet("initiatives")
        agency = sub.agency
        for node, row, value, initiative_row in items:
            total = sums.get(node)
            if total is None:
                total = sums[node] = _NodeSum(spill)
            total.add(column, row, value)
            total.share(agency, value)
            if partners:
                total.partners.setdefault(agency, set()).update(partners)
            if by_row:
                for key in ((file, sheet, row), (file, initiatives, initiative_row)):
                    found = by_row.get(key)
                    if found:
                        total.codes |= found

    def leave_out(sub: Submission, rows: Iterable[tuple[int, int]]) -> None:
        file, sheet = sub.file, sub.sheet("counts")
        for node, row in rows:
            found = by_row.get((file, sheet, row))
            if found:
                extra[node] |= found

    marked_files = {file for file, _, _ in by_row}

    def add_tally(sub: Submission, own: Tally) -> None:
        """A tally's runs of one figure each (it is in figure order) at once."""
        nodes, rows, values, _ = own.columns()
        file, sheet, letter = value_cells(sub)
        column = places.column(file, sheet, letter)
        agency = sub.agency
        start, size = 0, len(nodes)
        while start < size:
            node = nodes[start]
            end = bisect_right(nodes, node, start)
            total = sums.get(node)
            if total is None:
                total = sums[node] = _NodeSum(spill)
            part = values[start:end]
            total.extend(column, rows[start:end], part)
            total.share(agency, sum(part))
            start = end
        if file in marked_files:
            initiatives = sub.sheet("initiatives")
            for node, row, _, initiative_row in own.entries():
                for key in ((file, sheet, row), (file, initiatives, initiative_row)):
                    found = by_row.get(key)
                    if found:
                        sums[node].codes |= found

    reporting: dict[int, Submission] = {}
    for sub, group in _joint_groups(batch):
        initiative, indicator, _, _ = group
        rows_of = {i.id: i.row for i in sub.initiatives}
        add(sub, entries([group], fw, rows_of), joint.get(initiative, ()))
        leave_out(sub, left_out_rows([group], fw))
        agencies[indicator.area].add(sub.agency)
        reporting[id(sub)] = sub
    for sub in batch.kept:
        own = sub.tallied if sub.tallied is not None else tally(sub, fw)
        add_tally(sub, own)
        for area in {fw.indicator_by_code[code].area for code in own.indicators}:
            agencies[area].add(sub.agency)
        if own.indicators or id(sub) in reporting:
            leave_out(sub, own.left_out)
    nodes = fw.breakdown_node_index
    out: dict[str, IndicatorFigures] = {}
    for ind in fw.indicators:
        at = {path: nodes[(ind.code, path)] for path in ind.paths}
        total = sums.pop(at[()]) if at[()] in sums else None
        lines = tuple(
            BreakdownLine(
                path=path,
                label=path_label(path),
                figure=sums.pop(at[path]).figure(places, extra.get(at[path], set())),
            )
            for path in ind.paths[1:]
            if at[path] in sums
        )
        out[ind.code] = IndicatorFigures(
            code=ind.code,
            name=ind.name,
            unit=ind.unit,
            total=total.figure(places, extra.get(at[()], set())) if total else None,
            breakdown=lines,
        )
    return out, agencies


class _Cells:
    """The cells of one code gathered for an area's figures (an area's initiatives name a
    state on thousands of rows), as columns until a figure is made of them."""

    __slots__ = ("code", "columns", "rows")

    def __init__(self, code: str) -> None:
        self.code = code
        self.columns: array[int] = array("I")
        self.rows: array[int] = array("I")

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, column: int, row: int) -> None:
        self.columns.append(column)
        self.rows.append(row)

    def extend(self, other: _Cells) -> None:
        self.columns.extend(other.columns)
        self.rows.extend(other.rows)

    def cells(self) -> Iterator[Cell]:
        """Each cell, its code the value."""
        return zip(self.columns, self.rows, repeat(self.code))


def _column_of(places: Places, sub: Submission, kind: str, field: str) -> tuple[int, bool]:
    """The index in `places` of the column of `field` on sheet `kind` of a workbook, and
    whether the workbook has it (a cell without it is not known: row 0, as `Places.pack`)."""
    file, sheet, cell = sub.where(kind, 1, field)
    letter = cell.rstrip("0123456789") if cell else None
    return places.column(file, sheet, letter), letter is not None


class _TagPlaces:
    """The cells of an initiative's tags (its states, populations, SDG targets): (code, column
    in `places`, row) of each.

    Each sheet of the workbook asked for last is grouped by initiative once: counted
    initiatives come workbook by workbook, and a workbook lists dozens.
    """

    def __init__(self, places: Places) -> None:
        self.places = places
        self._last: dict[str, tuple[Submission, int, bool, dict[str, list[Tag]]]] = {}

    def __call__(self, item: Counted, kind: str) -> Iterator[tuple[str, int, int]]:
        sub = item.sub
        last = self._last.get(kind)
        if last is None or last[0] is not sub:
            grouped: dict[str, list[Tag]] = defaultdict(list)
            for tag in sub.tags(kind):
                grouped[tag.initiative].append(tag)
            column, located = _column_of(self.places, sub, kind, "code")
            last = self._last[kind] = (sub, column, located, grouped)
        _, column, located, grouped = last
        for tag in grouped.get(item.id, ()):
            # A sheet without the column: the cell is not known (row 0), as `Places.pack` has it.
            yield tag.code, column, tag.row if located else 0


def _by_file_and_row(cells: Sequence[_Cells], places: Places) -> Iterator[Cell]:
    """The `cells` by file and row, in their order where those are the same: sorted as
    numbers (an area names states on tens of thousands of rows)."""
    table = places.columns
    used = {c for each in cells for c in set(each.columns)}
    files = {f: i for i, f in enumerate(sorted({table[c][0] for c in used}))}
    rank = {c: files[table[c][0]] for c in used}
    starts = list(accumulate((len(each) for each in cells), initial=0))
    order_bits = starts[-1].bit_length()
    row_bits = max((max(each.rows, default=0) for each in cells), default=0).bit_length()
    keys = sorted(
        ((rank[column] << row_bits | row) << order_bits) | k
        for k, (column, row) in enumerate(
            (c, r) for each in cells for c, r in zip(each.columns, each.rows, strict=True)
        )
    )
    mask = (1 << order_bits) - 1
    for key in keys:
        k = key & mask
        n = bisect_right(starts, k) - 1
        each, at = cells[n], k - starts[n]
        yield each.columns[at], each.rows[at], each.code


def _goal_order(goal: str) -> tuple[int, str]:
    return (int(goal), "") if goal.isdigit() else (99, goal)


def _count(mark: _Marker, counted: Initiatives, selection: Selection) -> Figure:
    """How many initiatives are selected: each one's id cell a source, each by the agency whose
    row counts."""
    return mark.figure_of_cells(
        len(selection),
        counted.cells(selection, mark.places.column),
        shares=_counted_shares(counted, selection),
    )


class _AreaPart:
    """What an area's figures gather from its initiatives: their agencies (and through which
    initiatives), and the cells of the states, populations and SDG targets they name."""

    __slots__ = ("agencies", "pops", "reaching", "states", "targets", "through")

    def __init__(self) -> None:
        self.agencies: set[str] = set()
        self.through: dict[str, Selection] = defaultdict(lambda: array("I"))
        """Agency -> the initiatives through which it counts (indexes into the counted)."""
        self.states: dict[str, _Cells] = {}
        self.pops: dict[str, _Cells] = {}
        self.reaching: dict[str, Selection] = defaultdict(lambda: array("I"))
        """Population -> the initiatives that reach it."""
        self.targets: dict[str, _Cells] = {}


def _gather(into: dict[str, _Cells], code: str, column: int, row: int) -> None:
    if code not in into:
        into[code] = _Cells(code)
    into[code].add(column, row)


def _area_parts(fw: Framework, counted: Initiatives, mark: _Marker) -> dict[str, _AreaPart]:
    """Each area's part, in one pass over the initiatives in key order: each workbook's tags
    are read (back from the spill) once, not once for each area."""
    parts = {area.code: _AreaPart() for area in fw.areas}
    work = {a.code for a in fw.areas if a.kind == "work"}
    across = {a.code for a in fw.areas if a.kind != "work"}
    sdg_known = set(fw.sdg_targets)
    tag_places = _TagPlaces(mark.places)
    for i, c in enumerate(counted):
        areas = [c.area] if c.area in work else []
        areas += [code for code in dict.fromkeys(c.cross_cutting) if code in across]
        if not areas:
            continue
        states = list(tag_places(c, "states"))
        populations: dict[str, tuple[int, int]] = {}
        for code, column, row in tag_places(c, "populations"):
            # an initiative reaches a population once: by its first row
            populations.setdefault(code, (column, row))
        targets = [t for t in tag_places(c, "sdg_targets") if t[0] in sdg_known]
        for area in areas:
            part = parts[area]
            part.agencies.update(c.agencies)
            for agency in sorted(c.agencies):
                part.through[agency].append(i)
            for code, column, row in states:
                _gather(part.states, code, column, row)
            for code, (column, row) in populations.items():
                _gather(part.pops, code, column, row)
                part.reaching[code].append(i)
            for code, column, row in targets:
                _gather(part.targets, code, column, row)
    return parts


def _through(counted: Initiatives, through: dict[str, Selection]) -> PackedTextsByKey:
    """Agency -> the ids of the initiatives through which it counts."""
    agencies = sorted(a for a in through if a)
    return PackedTextsByKey(counted.ids, ((a, through.pop(a)) for a in agencies))


def _area_figures(
    fw: Framework,
    counted: Initiatives,
    indicators: dict[str, IndicatorFigures],
    agencies_in: dict[str, set[str]],
    mark: _Marker,
) -> list[AreaFigures]:
    out = []
    parts = _area_parts(fw, counted, mark)
    for area in fw.areas:
        if area.kind == "work":
            members = counted.select(area=area.code)
        else:
            members = counted.select(cross_cutting=area.code)
        part = parts[area.code]
        agencies, through = part.agencies, part.through
        places_of, pops, reaching, targets = part.states, part.pops, part.reaching, part.targets
        area_inds = [i for i in fw.indicators if i.area == area.code]
        agencies |= agencies_in.get(area.code, set())
        known_states = [s.code for s in fw.states]
        states = [code for code in known_states if code in places_of]
        # "We work in N states": every row naming a counted state is a source; a row naming
        # no state of the framework is left out, and marks the figure.
        table = mark.places.columns
        unknown = [
            (table[column][0], table[column][1], row)
            for code, cells in places_of.items()
            if code not in {*known_states, FEDERAL}
            for column, row in zip(cells.columns, cells.rows, strict=True)
        ]
        coverage = mark.figure_of_cells(
            len(states),
            _by_file_and_row(
                [places_of[code] for code in [*states, FEDERAL] if code in places_of],
                mark.places,
            ),
            unknown,
        )
        # The SDG targets the area's initiatives contribute to, and their goals ('5.2' -> '5').
        goals: dict[str, list[_Cells]] = defaultdict(list)
        for code, cells in targets.items():
            goals[code.split(".")[0]].append(cells)
        by_effect = {
            e.code: _count(mark, counted, counted.select(members, effect=e.code))
            for e in fw.effects
            if e.area == area.code
        }
        out.append(
            AreaFigures(
                code=area.code,
                name=area.name,
                kind=area.kind,
                indicators=tuple(indicators[i.code] for i in area_inds),
                agencies=tuple(sorted(a for a in agencies if a)),
                agencies_through=_through(counted, through),
                states=tuple(states),
                federal=FEDERAL in places_of,
                coverage=coverage,
                sdg_targets=mark.figure_of_cells(
                    len(targets), (c for t in targets.values() for c in t.cells())
                ),
                sdg_goals=mark.figure_of_cells(
                    len(goals), (c for g in goals.values() for t in g for c in t.cells())
                ),
                sdgs=tuple(sorted(goals, key=_goal_order)),
                initiatives_by_effect=by_effect,
                initiatives=_count(mark, counted, members),
                joint_initiatives=_count(mark, counted, counted.select(members, joint=True)),
                populations={
                    p.code: mark.figure_of_cells(
                        len(pops[p.code]),
                        pops[p.code].cells(),
                        shares=_counted_shares(counted, reaching[p.code]),
                    )
                    for p in fw.populations
                    if p.code in pops
                },
            )
        )
    return out


MoneyKey = tuple[str, int | None]
"""(work area, year) of a money line."""
OUTSIDE = -1
"""The year of a money line outside the framework's period."""


def _money(
    subs: Sequence[Submission], fw: Framework, mark: _Marker
) -> tuple[list[MoneyFigures], list[MoneyFigures], list[MoneyFigures], MoneyFigures]:
    """Money by area and year, by area, by year, and in all (docs/figures-and-findings.md).

    A line counts when its year is one of the framework's and its area a work area, once per
    agency (a repeated area and year is left out). A value that cannot be read is left out. Each
    line left out marks the figures it would have gone into, through its finding.
    """
    cells: dict[MoneyKey, dict[str, list[tuple[float, Source, str]]]] = defaultdict(
        lambda: {"required": [], "available": []}
    )
    # (area, year, row) of each line left out; None where it is not known, OUTSIDE for a year
    # that is read but not the framework's (it would have gone into no year's figure).
    touched: list[tuple[str | None, int | None, RowKey]] = []
    years = set(fw.years())
    areas = {a.code for a in fw.work_areas}
    for sub in sorted(subs, key=lambda s: s.file):
        seen: set[MoneyKey] = set()
        sheet = sub.sheet("money")
        for line in sub.money:
            row: RowKey = (sub.file, sheet, line.row)
            year = line.year if line.year in years or line.year is None else OUTSIDE
            area = line.area if line.area in areas else None
            if year is None or year == OUTSIDE or area is None or (area, year) in seen:
                touched.append((area, year, row))
                continue
            seen.add((area, year))
            for column in ("required", "available"):
                value = getattr(line, column)
                if value is None:
                    touched.append((area, year, row))
                else:
                    cells[(area, year)][column].append(
                        (value, _place(sub, "money", line.row, column, value), sub.agency)
                    )

    def figures(area: str, year: int | None, keys: list[MoneyKey]) -> MoneyFigures:
        req = [v for k in keys for v in cells[k]["required"]]
        avail = [v for k in keys for v in cells[k]["available"]]
        near = [
            row
            for a, y, row in touched
            if (area == "all" or a in (area, None)) and (year is None or y in (year, None))
        ]
        required = mark.figure(
            sum(v for v, _, _ in req),
            [p for _, p, _ in req],
            near,
            shares_of((a, v, ()) for v, _, a in req),
        )
        available = mark.figure(
            sum(v for v, _, _ in avail),
            [p for _, p, _ in avail],
            near,
            shares_of((a, v, ()) for v, _, a in avail),
        )
        gap = mark.figure(
            required.value - available.value,
            [*required.sources, *available.sources],
            near,
            shares_of([*((a, v, ()) for v, _, a in req), *((a, -v, ()) for v, _, a in avail)]),
        )
        return MoneyFigures(area=area, year=year, required=required, available=available, gap=gap)

    keys = sorted(cells, key=lambda k: (k[0], k[1] or 0))
    by_cell = [figures(a, y, [(a, y)]) for a, y in keys]
    order = [x.code for x in fw.areas]
    by_area = [
        figures(a, None, [k for k in keys if k[0] == a])
        for a in sorted({a for a, _ in keys}, key=order.index)
    ]
    by_year = [
        figures("all", y, [k for k in keys if k[1] == y])
        for y in sorted({y for _, y in keys if y is not None})
    ]
    return by_cell, by_area, by_year, figures("all", None, keys)


@dataclass(frozen=True)
class _Programme:
    id: str
    lead: str
    """The agency whose row counts."""
    partners: tuple[str, ...]
    amount: float | None
    status_place: Source
    amount_place: Source | None
    source: str

    @property
    def row(self) -> RowKey:
        s = self.status_place
        return (s.file, s.sheet, _row_of(s.cell))


def _programmes(batch: Batch, mark: _Marker) -> list[ProgrammeFigures]:
    """Joint programmes by status, each once (with its lead's report), and each by name."""
    fw = batch.fw
    by_status: dict[str, list[_Programme]] = defaultdict(list)
    for pid, reports in sorted(batch.joint_programmes.items()):
        sub, line = reports[0]
        by_status[line.status].append(
            _Programme(
                pid,
                sub.agency,
                tuple(s.agency for s, _ in reports),
                line.amount,
                _place(sub, "programmes", line.row, "status", line.status),
                _place(sub, "programmes", line.row, "amount", line.amount)
                if line.amount is not None
                else None,
                line.source,
            )
        )
    out = []
    order = [s.code for s in fw.programme_statuses]
    for status in [*order, *sorted(set(by_status) - set(order))]:
        items = by_status.get(status, [])
        if not items:
            continue
        listed = []
        for p in items:
            known = fw.joint_programme_by_id.get(p.id)
            listed.append(
                ProgrammeItem(
                    id=p.id,
                    title=known.title if known else p.id,
                    period=known.period if known else "",
                    source=p.source or (known.source if known else ""),
                    amount=mark.figure(
                        p.amount or 0,
                        [p.amount_place] if p.amount_place else [],
                        [p.row],
                        shares_of([(p.lead, p.amount or 0, p.partners)]),
                    ),
                )
            )
        out.append(
            ProgrammeFigures(
                status=status,
                programmes=tuple(p.id for p in items),
                count=mark.figure(
                    len(items),
                    [p.status_place for p in items],
                    shares=shares_of((p.lead, 1, p.partners) for p in items),
                ),
                # A programme whose amount cannot be read is left out of the amount, marked.
                amount=mark.figure(
                    sum(p.amount or 0 for p in items),
                    [p.amount_place for p in items if p.amount_place],
                    [p.row for p in items if p.amount_place is None],
                    shares_of((p.lead, p.amount or 0, p.partners) for p in items),
                ),
                items=tuple(listed),
            )
        )
    return out


def consolidate(
    batch: Batch,
    *,
    findings: Sequence[Finding] = (),
    left_out: dict[str, LeftOut] | None = None,
    consolidated: Sequence[Finding] = (),
) -> Summary:
    """The report's figures over the submissions of one year (already read and validated).

    A figure any of whose rows a finding touches carries that finding's code: `findings` are
    the files' (kept in the summary as validate reports them), `consolidated` those about the
    consolidated figures themselves (X005).
    """
    fw = batch.fw
    kept = batch.kept
    mark = _Marker([*findings, *consolidated])
    counted = counted_initiatives(batch)
    joint = {c.id: c.agencies for c in counted if c.joint}
    indicators, agencies_in = _indicator_figures(fw, batch, mark, joint)
    areas = _area_figures(fw, counted, indicators, agencies_in, mark)

    def count_of(**criteria: Any) -> Figure:
        return _count(mark, counted, counted.select(**criteria))

    by_cell, by_area, by_year, total = _money(kept, fw, mark)
    reporting: dict[str, Source] = {}
    for sub in sorted(kept, key=lambda s: s.file):
        if sub.agency:
            cell = sub.detail_cell("agency")
            reporting.setdefault(
                sub.agency, Source(sub.file, sub.sheet("submission"), cell, sub.agency)
            )
    return Summary(
        framework=fw.id,
        year=batch.year,
        files=tuple(s.file for s in kept),
        agencies=tuple(sorted({s.agency for s in kept if s.agency})),
        agency_of={s.file: s.agency for s in kept},
        left_out=dict(sorted((left_out or {}).items())),
        initiatives=count_of(),
        joint_initiatives=count_of(joint=True),
        agencies_reporting=mark.figure(len(reporting), list(reporting.values())),
        areas=tuple(areas),
        initiatives_by_area={a.code: count_of(area=a.code) for a in fw.work_areas},
        joint_initiatives_by_area={
            a.code: count_of(area=a.code, joint=True) for a in fw.work_areas
        },
        cross_cutting={a.code: count_of(cross_cutting=a.code) for a in fw.cross_cutting_areas},
        principles={p.code: count_of(principle=p.code) for p in fw.principles},
        agencies_by_population=_agencies_by_population(kept, fw, mark),
        money=tuple(by_cell),
        money_by_area=tuple(by_area),
        money_by_year=tuple(by_year),
        money_total=total,
        programmes=tuple(_programmes(batch, mark)),
        key_results=collect_key_results(kept, fw, counted, mark),
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        consolidated=tuple(consolidated),
    )


def _agencies_by_population(
    subs: Sequence[Submission], fw: Framework, mark: _Marker
) -> dict[str, Figure]:
    """Population -> agencies whose initiatives reach it (each agency once, by its first row)."""
    known = {a.code for a in fw.agencies}
    reached: dict[str, set[str]] = defaultdict(set)
    cells: dict[str, _Cells] = {}
    for sub in sorted(subs, key=lambda s: s.file):
        taking_part: dict[str, set[str]] = defaultdict(set)
        for t in sub.participants:
            if t.code in known:
                taking_part[t.initiative].add(t.code)
        column, located = _column_of(mark.places, sub, "populations", "code")
        for tag in sub.populations:
            # The agencies taking part in the initiative work with its populations too.
            for agency in sorted({sub.agency} | taking_part.get(tag.initiative, set())):
                if agency not in reached[tag.code]:
                    reached[tag.code].add(agency)
                    _gather(cells, tag.code, column, tag.row if located else 0)
    return {
        p.code: mark.figure_of_cells(len(reached[p.code]), cells[p.code].cells())
        for p in fw.populations
        if p.code in cells
    }
