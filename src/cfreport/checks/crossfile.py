"""X: checks across submissions: one submission per agency and year, joint figures that agree.

A joint initiative or programme reported by several agencies is one, counted once; where the
reports differ, the lead agency's figure stands and the difference is an error naming every cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from cfreport.breakdown import path_label
from cfreport.checks.registry import Rule, register
from cfreport.checks.totals import effective_value, group_counts
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Initiative, ProgrammeLine, Submission


X001 = register(Rule("X001", "duplicate-submission", Severity.ERROR))
X002 = register(Rule("X002", "joint-count-conflict", Severity.ERROR))
X003 = register(Rule("X003", "joint-programme-conflict", Severity.ERROR))
X004 = register(Rule("X004", "joint-initiative-differs", Severity.ERROR))


def duplicate_submissions(subs: Sequence[Submission]) -> tuple[list[Submission], list[Finding]]:
    """The submissions to count (first per agency and year, by file name), and X001 findings."""
    from cfreport.findings import Place

    first: dict[tuple[str, int | None], Submission] = {}
    kept: list[Submission] = []
    findings: list[Finding] = []
    for sub in sorted(subs, key=lambda s: s.file):
        key = (sub.agency, sub.year)
        if sub.agency and key in first:
            other = first[key]
            findings.append(
                X001.finding(
                    sub.file,
                    sub.sheet("submission"),
                    sub.detail_cell("agency"),
                    agency=sub.agency,
                    year=sub.year,
                    other=other.file,
                    related=[
                        Place(
                            file=other.file,
                            sheet=other.sheet("submission"),
                            cell=other.detail_cell("agency"),
                            value=other.agency,
                        )
                    ],
                )
            )
            continue
        first[key] = sub
        kept.append(sub)
    return kept, findings


def joint_reporters(
    subs: Sequence[Submission], fw: Framework
) -> dict[str, list[tuple[Submission, Initiative]]]:
    """Joint initiative id -> every (submission, row) that lists it, the lead agency's first."""
    found: dict[str, list[tuple[Submission, Initiative]]] = defaultdict(list)
    for sub in sorted(subs, key=lambda s: s.file):
        for ini in sub.initiatives:
            if ini.id in fw.joint_initiative_by_id:
                found[ini.id].append((sub, ini))
    for jid, reports in found.items():
        lead = fw.joint_initiative_by_id[jid].lead
        reports.sort(key=lambda r: (r[0].agency != lead, r[0].agency, r[0].file))
    return found


def programme_reporters(
    subs: Sequence[Submission], fw: Framework
) -> dict[str, list[tuple[Submission, ProgrammeLine]]]:
    """Joint programme id -> every (submission, row) that reports it, the lead agency's first."""
    found: dict[str, list[tuple[Submission, ProgrammeLine]]] = defaultdict(list)
    for sub in sorted(subs, key=lambda s: s.file):
        seen: set[str] = set()
        for line in sub.programmes:
            if line.id in fw.joint_programme_by_id and line.id not in seen:
                seen.add(line.id)
                found[line.id].append((sub, line))
    for pid, reports in found.items():
        lead = fw.joint_programme_by_id[pid].lead
        reports.sort(key=lambda r: (r[0].agency != lead, r[0].agency, r[0].file))
    return found


def _joint_descriptions(subs: Sequence[Submission], fw: Framework) -> Iterator[Finding]:
    for jid, reports in joint_reporters(subs, fw).items():
        lead_sub, lead_ini = reports[0]
        for sub, ini in reports[1:]:
            for field, label in (
                ("area", "@work_area"),
                ("effect", "@direct_effect"),
                ("title", "@title"),
            ):
                mine, theirs = getattr(ini, field), getattr(lead_ini, field)
                if mine and theirs and mine != theirs:
                    yield X004.finding(
                        *sub.where("initiatives", ini.row, field),
                        expected=theirs,
                        found=mine,
                        initiative=jid,
                        agency=sub.agency,
                        lead=lead_sub.agency,
                        field=label,
                        related=[lead_sub.place("initiatives", lead_ini.row, field, theirs)],
                    )


def _joint_counts(subs: Sequence[Submission], fw: Framework) -> Iterator[Finding]:
    groups = {sub.file: group_counts(sub, fw) for sub in subs}
    for jid, reports in joint_reporters(subs, fw).items():
        lead_sub = reports[0][0]
        lead_groups = groups[lead_sub.file]
        for sub, _ in reports[1:]:
            for (initiative, code), given in groups[sub.file].items():
                lead_given = lead_groups.get((initiative, code))
                if initiative != jid or lead_given is None:
                    continue
                indicator = fw.indicator_by_code[code]
                for path, count in sorted(given.items(), key=lambda kv: kv[1].row):
                    theirs, rows = effective_value(path, lead_given, indicator)
                    if count.value is None or theirs is None or theirs == count.value:
                        continue
                    yield X002.finding(
                        *sub.where("counts", count.row, "value"),
                        expected=theirs,
                        found=count.value,
                        initiative=jid,
                        indicator=code,
                        category=path_label(path),
                        agency=sub.agency,
                        lead=lead_sub.agency,
                        related=[lead_sub.place("counts", r.row, "value", r.value) for r in rows],
                    )


def _joint_programmes(subs: Sequence[Submission], fw: Framework) -> Iterator[Finding]:
    for pid, reports in programme_reporters(subs, fw).items():
        lead_sub, lead_line = reports[0]
        for sub, line in reports[1:]:
            for field in ("status", "amount"):
                mine, theirs = getattr(line, field), getattr(lead_line, field)
                if mine in (None, "") or theirs in (None, "") or mine == theirs:
                    continue
                yield X003.finding(
                    *sub.where("programmes", line.row, field),
                    expected=theirs,
                    found=mine,
                    programme=pid,
                    agency=sub.agency,
                    lead=lead_sub.agency,
                    field=f"@{field}",
                    related=[lead_sub.place("programmes", lead_line.row, field, theirs)],
                )


def check_across(subs: Sequence[Submission], fw: Framework) -> list[Finding]:
    """Every cross-file finding over submissions of one year (duplicates already left out)."""
    return [
        *_joint_descriptions(subs, fw),
        *_joint_counts(subs, fw),
        *_joint_programmes(subs, fw),
    ]
