"""Every initiative of one year counted once: joint ones by their framework id (the lead's row
stands for all), the others per agency, in the order of their keys ('UNDP:I-01').

A summary of thousands of workbooks counts tens of thousands of initiatives. They are kept as
columns (the workbook, the row, the id, an index into the few combinations of area, effect,
cross-cutting areas and principles, one into the sets of agencies): some 30 bytes each besides
the id's own text, where an object with its row took some 330. The rows themselves wait in the
readings' spill; an initiative is made when it is read.
"""

from __future__ import annotations

import heapq
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from cfreport.figures import Source
from cfreport.packed import Texts

if TYPE_CHECKING:
    from cfreport.domain.batch import Batch
    from cfreport.models import Initiative, Submission


class Kind(NamedTuple):
    """What the figures ask of a counted initiative besides its place: shared by every
    initiative of the same area, effect, cross-cutting areas, principles and jointness."""

    area: str
    effect: str
    cross_cutting: tuple[str, ...]
    principles: tuple[str, ...]
    joint: bool


class Counted(NamedTuple):
    """One initiative as counted, made when read: which submission's row stands for it, and
    the agencies that take part."""

    sub: Submission
    id: str
    row: int
    kind: Kind
    agencies: frozenset[str]
    column: tuple[str, str, str | None]
    """(file, sheet, column letter) of its id."""

    @property
    def key(self) -> str:
        """A joint initiative's id; another's agency and id ('UNDP:I-01')."""
        return self.id if self.kind.joint else f"{self.sub.agency}:{self.id}"

    @property
    def place(self) -> Source:
        """The cell of its id."""
        file, sheet, letter = self.column
        return Source(file, sheet, f"{letter}{self.row}" if letter else None, self.id)

    @property
    def area(self) -> str:
        return self.kind.area

    @property
    def effect(self) -> str:
        return self.kind.effect

    @property
    def cross_cutting(self) -> tuple[str, ...]:
        return self.kind.cross_cutting

    @property
    def principles(self) -> tuple[str, ...]:
        return self.kind.principles

    @property
    def joint(self) -> bool:
        return self.kind.joint


Selection: TypeAlias = "array[int]"
"""Indexes into `Initiatives`, in key order."""


class Initiatives:
    """The counted initiatives as columns, in key order; `views` makes them."""

    def __init__(self) -> None:
        self._subs: list[Submission] = []
        self._columns: list[tuple[str, str, str | None]] = []
        self._sub_at: dict[int, int] = {}
        self._kinds: list[Kind] = []
        self._kind_at: dict[Kind, int] = {}
        self._sets: list[frozenset[str]] = []
        self._set_at: dict[frozenset[str], int] = {}
        self.sub_of: array[int] = array("I")
        self.rows: array[int] = array("I")
        self.ids = Texts()
        self.kind_of: array[int] = array("I")
        self.set_of: array[int] = array("I")

    def add(self, sub: Submission, ini: Initiative, agencies: Iterable[str], joint: bool) -> None:
        at = self._sub_at.get(id(sub))
        if at is None:
            at = self._sub_at[id(sub)] = len(self._subs)
            self._subs.append(sub)
            file, sheet, cell = sub.where("initiatives", 1, "id")
            self._columns.append((file, sheet, cell.rstrip("0123456789") if cell else None))
        kind = Kind(ini.area, ini.effect, ini.cross_cutting, ini.principles, joint)
        k = self._kind_at.get(kind)
        if k is None:
            k = self._kind_at[kind] = len(self._kinds)
            self._kinds.append(kind)
        shared = frozenset(agencies)
        s = self._set_at.get(shared)
        if s is None:
            s = self._set_at[shared] = len(self._sets)
            self._sets.append(shared)
        self.sub_of.append(at)
        self.rows.append(ini.row)
        self.ids.append(ini.id)
        self.kind_of.append(k)
        self.set_of.append(s)

    def __len__(self) -> int:
        return len(self.ids)

    def view(self, i: int) -> Counted:
        at = self.sub_of[i]
        return Counted(
            self._subs[at],
            self.ids[i],
            self.rows[i],
            self._kinds[self.kind_of[i]],
            self._sets[self.set_of[i]],
            self._columns[at],
        )

    def views(self, selection: Iterable[int] | None = None) -> Iterator[Counted]:
        """The initiatives selected (all of them by default), in key order."""
        return map(self.view, range(len(self)) if selection is None else selection)

    def __iter__(self) -> Iterator[Counted]:
        return self.views()

    def cells(
        self, selection: Selection, column: Callable[[str, str | None, str | None], int]
    ) -> Iterator[tuple[int, int, str]]:
        """The id cell of each initiative selected, its `Counted.place` as a cell: the column
        as `column` numbers it (once a workbook), the row (0 where the column is not known),
        the id. A count of every initiative has tens of thousands: making each one's view, or
        its reference as text, cost more than the cell."""
        columns, sub_of, rows, ids = self._columns, self.sub_of, self.rows, self.ids
        numbered: dict[int, int] = {}
        for i in selection:
            at = sub_of[i]
            number = numbered.get(at)
            if number is None:
                number = numbered[at] = column(*columns[at])
            yield number, rows[i] if columns[at][2] else 0, ids[i]

    def agencies_of(self, selection: Selection) -> Iterator[tuple[str, frozenset[str]]]:
        """(the agency whose row counts, the agencies taking part) of each initiative selected."""
        subs, sub_of, sets, set_of = self._subs, self.sub_of, self._sets, self.set_of
        for i in selection:
            yield subs[sub_of[i]].agency, sets[set_of[i]]

    def select(
        self,
        within: Selection | None = None,
        *,
        area: str | None = None,
        effect: str | None = None,
        cross_cutting: str | None = None,
        principle: str | None = None,
        joint: bool | None = None,
    ) -> Selection:
        """The initiatives (among `within`) of an area, an effect, a cross-cutting area, a
        principle, joint or not: those of every criterion given."""

        def keep(k: Kind) -> bool:
            return (
                (area is None or k.area == area)
                and (effect is None or k.effect == effect)
                and (cross_cutting is None or cross_cutting in k.cross_cutting)
                and (principle is None or principle in k.principles)
                and (joint is None or k.joint == joint)
            )

        wanted = [keep(kind) for kind in self._kinds]
        kinds = self.kind_of
        pool = range(len(self)) if within is None else within
        return array("I", (i for i in pool if wanted[kinds[i]]))


def counted_initiatives(batch: Batch) -> Initiatives:
    """Every initiative once: joint ones by their framework id, the others per agency."""
    fw = batch.fw
    known = {a.code for a in fw.agencies}

    def participants(sub: Submission) -> dict[str, set[str]]:
        """The agencies a workbook names on its Participating agencies sheet, by initiative."""
        found: dict[str, set[str]] = defaultdict(set)
        for t in sub.participants:
            if t.code in known:
                found[t.initiative].add(t.code)
        return found

    joint: list[tuple[str, Submission, Initiative, set[str]]] = []
    for jid, reports in sorted(batch.joint_initiatives.items()):
        sub, ini = reports[0]
        agencies = {s.agency for s, _ in reports}
        for reporter, _ in reports:
            agencies |= participants(reporter).get(jid, set())
        joint.append((jid, sub, ini, agencies))

    def own(sub: Submission) -> dict[str, tuple[Submission, Initiative, set[str]]]:
        """A workbook's initiatives that are not joint, the first row of each id."""
        taking_part = participants(sub)
        found: dict[str, tuple[Submission, Initiative, set[str]]] = {}
        for ini in sub.initiatives:
            if ini.id in fw.joint_initiative_by_id or not ini.id or ini.id in found:
                continue
            found[ini.id] = (sub, ini, {sub.agency} | taking_part.get(ini.id, set()))
        return found

    def others() -> Iterator[tuple[str, Submission, Initiative, set[str]]]:
        """The initiatives that are not joint in key order, a workbook read at a time: one
        agency's keys all start with 'AGENCY:' (of workbooks that name no agency, ':', the
        last row of an id counting)."""
        named = [s for s in batch.kept if s.agency]
        nameless = [s for s in batch.kept if not s.agency]
        groups: list[tuple[str, Submission | None]] = [(f"{s.agency}:", s) for s in named]
        if nameless:
            groups.append((":", None))

        def items(sub: Submission | None) -> dict[str, tuple[Submission, Initiative, set[str]]]:
            if sub is not None:
                return own(sub)
            found: dict[str, tuple[Submission, Initiative, set[str]]] = {}
            for each in nameless:
                found.update(own(each))
            return found

        if any(":" in s.agency for s in named):  # a prefix may then hold another: sort all
            rows = [(f"{p}{i}", *r) for p, sub in groups for i, r in items(sub).items()]
            yield from sorted(rows, key=lambda r: r[0])
            return
        for prefix, sub in sorted(groups, key=lambda g: g[0]):
            found = items(sub)
            for i in sorted(found):
                yield (f"{prefix}{i}", *found[i])

    out = Initiatives()
    for _, sub, ini, agencies in heapq.merge(joint, others(), key=itemgetter(0)):
        out.add(sub, ini, agencies, ini.id in fw.joint_initiative_by_id)
    return out
