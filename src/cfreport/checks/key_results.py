"""K: the key results a workbook sends for the report's pages, and the figures they cite.

A key result belongs to an initiative of the workbook; a figure it cites either is a number or
names a count of that initiative, and then must be that count.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfreport.checks.registry import Rule, check, register
from cfreport.models import HEADLINE_LENGTH, TEXT_LENGTH
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.models import CitedFigure, Count, Submission

K001 = register(Rule("K001", "key-result-unknown-initiative", Severity.ERROR))
K002 = register(Rule("K002", "key-result-too-long", Severity.WARNING))
K003 = register(Rule("K003", "duplicate-key-result", Severity.ERROR))
K004 = register(Rule("K004", "figure-of-unknown-key-result", Severity.ERROR))
K005 = register(Rule("K005", "cited-figure-differs", Severity.ERROR))
K006 = register(Rule("K006", "cited-count-missing", Severity.ERROR))
K007 = register(Rule("K007", "cited-figure-empty", Severity.ERROR))
K008 = register(Rule("K008", "key-result-unknown-place", Severity.ERROR))

_LIMITS = {"headline": HEADLINE_LENGTH, "text": TEXT_LENGTH}


@check(K001, K002, K003, K008)
def key_results(sub: Submission, fw: Framework) -> Iterator[Finding]:
    initiatives = {i.id for i in sub.initiatives}
    first: dict[str, int] = {}
    for kr in sub.key_results:
        if kr.id in first:
            yield K003.finding(
                *sub.where("key_results", kr.row, "id"), found=kr.id, first_row=first[kr.id]
            )
        elif kr.id:
            first[kr.id] = kr.row
        if kr.initiative and kr.initiative not in initiatives:
            yield K001.finding(
                *sub.where("key_results", kr.row, "initiative"),
                found=kr.initiative,
                key_result=kr.id,
            )
        for field, limit in _LIMITS.items():
            length = len(getattr(kr, field))
            if length > limit:
                yield K002.finding(
                    *sub.where("key_results", kr.row, field),
                    expected=limit,
                    found=length,
                    column=field.capitalize(),
                )
        for field, vocab in (("states", fw.state_vocab), ("populations", fw.population_vocab)):
            unknown = [code for code in getattr(kr, field) if code not in vocab]
            if unknown:
                yield K008.finding(
                    *sub.where("key_results", kr.row, field),
                    found=", ".join(unknown),
                    column=field.capitalize(),
                )


def _count_of(sub: Submission, initiative: str, figure: CitedFigure) -> Count | None:
    return next(
        (
            c
            for c in sub.counts
            if c.initiative == initiative
            and c.indicator == figure.indicator
            and c.path == figure.path
            and c.value is not None
        ),
        None,
    )


@check(K004, K005, K006, K007)
def cited_figures(sub: Submission, fw: Framework) -> Iterator[Finding]:
    initiative_of: dict[str, str] = {}
    for kr in sub.key_results:
        if kr.id:
            initiative_of.setdefault(kr.id, kr.initiative)
    initiatives = {i.id for i in sub.initiatives}
    for fig in sub.cited:
        if fig.key_result and fig.key_result not in initiative_of:
            yield K004.finding(
                *sub.where("key_figures", fig.row, "key_result"), found=fig.key_result
            )
            continue
        if fig.value is None and not fig.indicator:
            yield K007.finding(*sub.where("key_figures", fig.row, "value"), label=fig.label)
            continue
        if not fig.indicator or fig.indicator not in fw.indicator_by_code:
            continue  # a number alone; an unknown indicator is C-family's
        initiative = initiative_of.get(fig.key_result, "")
        if initiative not in initiatives:
            continue  # said of the key result (K001), not again of each figure
        count = _count_of(sub, initiative, fig) if fig.path is not None else None
        if count is None:
            yield K006.finding(
                *sub.where("key_figures", fig.row, "indicator"),
                initiative=initiative,
                indicator=fig.indicator,
                category=fig.category or "Total",
            )
        elif fig.value is not None and fig.value != count.value:
            yield K005.finding(
                *sub.where("key_figures", fig.row, "value"),
                expected=count.value,
                found=int(fig.value) if fig.value.is_integer() else fig.value,
                label=fig.label,
                related=[sub.place("counts", count.row, "value", count.value)],
            )
