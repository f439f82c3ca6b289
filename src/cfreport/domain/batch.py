"""The submissions of one reporting year: which ones count, and who reports each joint item.

One agency sends one submission a year. Where it sent several, one counts, by a rule the RCO
controls: the file the `keep` setting names; else the last saved, by the workbooks' own save
times (docProps/core.xml); else, where they do not say, the first by file name. Unless `keep`
chose, X001 names every file and which counts. A joint initiative or programme is reported by
every agency taking part; the lead agency's report comes first, and stands for all.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from cfreport.framework import Framework
    from cfreport.models import Initiative, ProgrammeLine, Submission


def kept_by_setting(file: str, keep: Sequence[str]) -> bool:
    """Whether the `keep` setting names a file: its path or its name, or a glob of either."""
    name = PurePath(file).name
    return any(fnmatch.fnmatch(file, k) or fnmatch.fnmatch(name, k) for k in keep)


ChoiceRule = Literal["keep", "saved", "name"]


@dataclass(frozen=True)
class Duplicates:
    """Several submissions of one agency for one year, and the one that counts."""

    agency: str
    year: int | None
    kept: Submission
    others: tuple[Submission, ...]
    rule: ChoiceRule
    """How `kept` was chosen: the keep setting, the last saved time, the file name."""

    @property
    def all(self) -> tuple[Submission, ...]:
        return tuple(sorted((self.kept, *self.others), key=lambda s: s.file))


def _choose(subs: list[Submission], keep: Sequence[str]) -> tuple[Submission, ChoiceRule]:
    named = [s for s in subs if kept_by_setting(s.file, keep)]
    if len(named) == 1:
        return named[0], "keep"
    saved = [s.saved for s in subs]
    if all(saved) and len(set(saved)) == len(saved):
        # ISO 8601 in UTC, as Excel and LibreOffice write it: text order is time order.
        return max(subs, key=lambda s: s.saved or ""), "saved"
    return subs[0], "name"


class Batch:
    """Submissions of one reporting year, with what checks and consolidation share, made once."""

    def __init__(
        self,
        subs: Iterable[Submission],
        fw: Framework,
        year: int | None = None,
        keep: Sequence[str] = (),
    ) -> None:
        self.all: list[Submission] = sorted(subs, key=lambda s: s.file)
        self.fw = fw
        self.year = year
        self.keep = tuple(keep)

    @cached_property
    def _split(self) -> tuple[list[Submission], list[Duplicates]]:
        by_agency: dict[tuple[str, int | None], list[Submission]] = defaultdict(list)
        for sub in self.all:
            by_agency[(sub.agency, sub.year)].append(sub)
        kept: list[Submission] = []
        duplicates: list[Duplicates] = []
        for (agency, year), subs in by_agency.items():
            if not agency or len(subs) == 1:
                kept += subs
                continue
            chosen, rule = _choose(subs, self.keep)
            kept.append(chosen)
            others = tuple(s for s in subs if s is not chosen)
            duplicates.append(Duplicates(agency, year, chosen, others, rule))
        return sorted(kept, key=lambda s: s.file), duplicates

    @property
    def kept(self) -> list[Submission]:
        """The submissions that count: one per agency and year."""
        return self._split[0]

    @property
    def duplicates(self) -> list[Duplicates]:
        """Each agency that sent several submissions for the year, and which one counts."""
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


def batches_by_year(
    subs: Sequence[Submission], fw: Framework, keep: Sequence[str] = ()
) -> dict[int | None, Batch]:
    """The submissions grouped by reporting year, in year order (no year last)."""
    by_year: dict[int | None, list[Submission]] = defaultdict(list)
    for sub in subs:
        by_year[sub.year].append(sub)
    order = sorted(by_year, key=lambda y: (y is None, y or 0))
    return {year: Batch(by_year[year], fw, year, keep) for year in order}
