"""I: ids are unique, references point at something that exists, joint ids are the framework's."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, TypeVar

from cfreport.checks.registry import Rule, check, register
from cfreport.domain.counts import count_groups
from cfreport.framework.models import letters_of
from cfreport.models import CountRows
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import Count, Submission, Tag


I001 = register(Rule("I001", "duplicate-initiative", Severity.ERROR))
I002 = register(Rule("I002", "unknown-initiative", Severity.ERROR))
I003 = register(Rule("I003", "joint-id-unknown", Severity.ERROR))
I004 = register(Rule("I004", "joint-lead-differs", Severity.ERROR))
I005 = register(Rule("I005", "duplicate-count", Severity.ERROR))
I006 = register(Rule("I006", "duplicate-money", Severity.ERROR))
I007 = register(Rule("I007", "duplicate-programme", Severity.ERROR))
I008 = register(Rule("I008", "duplicate-tag", Severity.WARNING))
I009 = register(Rule("I009", "id-of-another-agency", Severity.WARNING))

T = TypeVar("T")
_ID_PREFIX = re.compile(r"[-_.\s]")
"""What ends the agency part of an id (UNDP-01, UNDP_01, UNDP.01, UNDP 01)."""


def _repeats(items: Iterable[T], key: Callable[[T], object]) -> Iterator[tuple[T, T]]:
    """(first, repeat) for every item whose key was seen before."""
    first: dict[object, T] = {}
    for item in items:
        k = key(item)
        if k in first:
            yield first[k], item
        else:
            first[k] = item


@check(I001, I002, I008)
def initiative_ids(sub: Submission, fw: Framework) -> Iterator[Finding]:
    for first, again in _repeats((i for i in sub.initiatives if i.id), lambda i: i.id):
        yield I001.finding(
            *sub.where("initiatives", again.row, "id"),
            found=again.id,
            first_row=first.row,
            related=[sub.place("initiatives", first.row, "id", first.id)],
        )
    known = {i.id for i in sub.initiatives}
    referring: list[tuple[str, Sequence[Count] | Sequence[Tag]]] = [("counts", sub.counts)]
    vocabs = {
        "participants": fw.agency_vocab,
        "states": fw.state_vocab,
        "sdg_targets": fw.sdg_vocab,
        "populations": fw.population_vocab,
    }
    for kind, vocab in vocabs.items():
        referring.append((kind, sub.tags(kind)))
        for first_tag, tag in _repeats(
            (t for t in sub.tags(kind) if t.code), lambda t: (t.initiative, t.code)
        ):
            yield I008.finding(
                *sub.where(kind, tag.row, "code"),
                # As the user reads it ('Jalisco'), not the code it was read as ('JAL').
                found=vocab.labels.get(tag.code, tag.code),
                initiative=tag.initiative,
                first_row=first_tag.row,
            )
    initiative_of = attrgetter("initiative")
    for kind, items in referring:
        # A set of the ids first: 100,000 counts name a few thousand initiatives at most.
        named = items.initiatives if isinstance(items, CountRows) else map(initiative_of, items)
        unknown = set(named) - known - {""}
        for item in items if unknown else ():
            if item.initiative in unknown:
                yield I002.finding(*sub.where(kind, item.row, "initiative"), found=item.initiative)


@check(I003, I004)
def joint_initiatives(sub: Submission, fw: Framework) -> Iterator[Finding]:
    participants: dict[str, list[int]] = defaultdict(list)
    for tag in sub.participants:
        participants[tag.initiative].append(tag.row)
    choices = ", ".join(fw.joint_initiative_by_id) or "none"
    for ini in sub.initiatives:
        joint = fw.joint_initiative_by_id.get(ini.id)
        if ini.id in participants and joint is None:
            yield I003.finding(
                *sub.where("initiatives", ini.row, "id"),
                found=ini.id,
                choices=choices,
                related=[
                    sub.place("participants", r, "initiative", ini.id) for r in participants[ini.id]
                ],
            )
        if joint is not None and ini.lead and ini.lead != joint.lead:
            yield I004.finding(
                *sub.where("initiatives", ini.row, "lead"),
                expected=joint.lead,
                found=ini.lead,
                initiative=ini.id,
            )


@check(I005, I006, I007)
def duplicate_rows(sub: Submission, fw: Framework) -> Iterator[Finding]:
    grouped = count_groups(sub, fw)
    for first_at, again_at in grouped.repeats:
        first, again = grouped.counts[first_at], grouped.counts[again_at]
        if not again.initiative:
            continue
        yield I005.finding(
            *sub.where("counts", again.row, "category"),
            initiative=again.initiative,
            indicator=again.indicator,
            category=again.category,
            first_row=first.row,
            related=[sub.place("counts", first.row, "value", first.value)],
        )
    money = (m for m in sub.money if m.year is not None and m.area)
    for first_line, line in _repeats(money, lambda m: (m.year, m.area)):
        yield I006.finding(
            *sub.where("money", line.row, "year"),
            year=line.year,
            area=line.area,
            first_row=first_line.row,
        )
    programmes = (p for p in sub.programmes if p.id)
    for first_prog, prog in _repeats(programmes, lambda p: p.id):
        yield I007.finding(
            *sub.where("programmes", prog.row, "id"),
            found=prog.id,
            first_row=first_prog.row,
        )


@check(I009)
def foreign_ids(sub: Submission, fw: Framework) -> Iterator[Finding]:
    """An initiative id that starts with another agency's code (UNDP-01 in UNFPA's workbook):
    a copy of that agency's report, or a joint initiative without its joint id."""
    if not sub.agency:
        return
    agencies = fw.agency_by_letters
    joint = {j.id for j in fw.joint_initiatives}
    agency_of: dict[str, str | None] = {}  # by prefix: thousands of ids share a few
    for ini in sub.initiatives:
        prefix = _ID_PREFIX.split(ini.id, maxsplit=1)[0] if ini.id else ""
        if prefix not in agency_of:
            agency_of[prefix] = agencies.get(letters_of(prefix)) if prefix else None
        other = agency_of[prefix]
        if other and other != sub.agency and ini.id not in joint:
            yield I009.finding(
                *sub.where("initiatives", ini.row, "id"),
                found=ini.id,
                other=other,
                agency=sub.agency,
            )
