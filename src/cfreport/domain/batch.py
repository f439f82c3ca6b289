"""The submissions of one reporting year: which ones count, and who reports each joint item.

One agency sends one submission a year; where it sent several, the first by file name counts
and the others are duplicates (X001 names them). A joint initiative or programme is reported by
every agency taking part; the lead agency's report comes first, and stands for all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfreport.framework import Framework
    from cfreport.models import Initiative, ProgrammeLine, Submission


class Batch:
    """Submissions of one reporting year, with what checks and consolidation share, made once."""

    def __init__(self, subs: Iterable[Submission], fw: Framework, year: int | None = None) -> None:
        self.all: list[Submission] = sorted(subs, key=lambda s: s.file)
        self.fw = fw
        self.year = year

    @cached_property
    def _split(self) -> tuple[list[Submission], list[tuple[Submission, Submission]]]:
        first: dict[tuple[str, int | None], Submission] = {}
        kept: list[Submission] = []
        duplicates: list[tuple[Submission, Submission]] = []
        for sub in self.all:
            key = (sub.agency, sub.year)
            if sub.agency and key in first:
                duplicates.append((sub, first[key]))
                continue
            first[key] = sub
            kept.append(sub)
        return kept, duplicates

    @property
    def kept(self) -> list[Submission]:
        """The submissions that count: the first per agency (by file name)."""
        return self._split[0]

    @property
    def duplicates(self) -> list[tuple[Submission, Submission]]:
        """(duplicate, the submission that counts instead) for each further one of an agency."""
        return self._split[1]

    @cached_property
    def joint_initiatives(self) -> dict[str, list[tuple[Submission, Initiative]]]:
        """Joint initiative id -> every (submission, row) that lists it, the lead's first."""
        found: dict[str, list[tuple[Submission, Initiative]]] = defaultdict(list)
        joint = self.fw.joint_initiative_by_id
        for sub in self.kept:
            for ini in sub.initiatives:
                if ini.id in joint:
                    found[ini.id].append((sub, ini))
        for jid, reports in found.items():
            lead = joint[jid].lead
            reports.sort(key=lambda r: (r[0].agency != lead, r[0].agency, r[0].file))
        return dict(found)

    @cached_property
    def joint_programmes(self) -> dict[str, list[tuple[Submission, ProgrammeLine]]]:
        """Joint programme id -> every (submission, row) that reports it, the lead's first."""
        found: dict[str, list[tuple[Submission, ProgrammeLine]]] = defaultdict(list)
        programmes = self.fw.joint_programme_by_id
        for sub in self.kept:
            seen: set[str] = set()
            for line in sub.programmes:
                if line.id in programmes and line.id not in seen:
                    seen.add(line.id)
                    found[line.id].append((sub, line))
        for pid, reports in found.items():
            lead = programmes[pid].lead
            reports.sort(key=lambda r: (r[0].agency != lead, r[0].agency, r[0].file))
        return dict(found)


def batches_by_year(subs: Sequence[Submission], fw: Framework) -> dict[int | None, Batch]:
    """The submissions grouped by reporting year, in year order (no year last)."""
    by_year: dict[int | None, list[Submission]] = defaultdict(list)
    for sub in subs:
        by_year[sub.year].append(sub)
    order = sorted(by_year, key=lambda y: (y is None, y or 0))
    return {year: Batch(by_year[year], fw, year) for year in order}
