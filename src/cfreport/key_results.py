"""The key results agencies send for the report's pages, placed by their initiatives.

A key result takes its area, direct effect and agencies from its initiative (the one counted:
for a joint initiative, the agencies of every workbook that reports it); a figure it cites is
the number typed, or else the count it refers to, and carries the codes of the findings on
either cell, as every figure does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfreport.figures import CitedItem, KeyResultItem, Source
from cfreport.framework.models import path_label

if TYPE_CHECKING:
    from cfreport.consolidate import RowKey, _Marker
    from cfreport.domain.counted import Initiatives
    from cfreport.framework import Framework
    from cfreport.models import CitedFigure, Count, Initiative, KeyResult, Submission


def _count(sub: Submission, initiative: str, fig: CitedFigure) -> Count | None:
    if not fig.indicator or fig.path is None:
        return None
    return next(
        (
            c
            for c in sub.counts
            if c.initiative == initiative and c.indicator == fig.indicator and c.path == fig.path
        ),
        None,
    )


def _cited(sub: Submission, kr: KeyResult, fig: CitedFigure, mark: _Marker) -> CitedItem | None:
    count = _count(sub, kr.initiative, fig)
    value = fig.value if fig.value is not None else (count.value if count else None)
    if value is None:
        return None  # nothing to print (K007, K006)
    shown = int(value) if isinstance(value, float) and value.is_integer() else value
    sources = []
    if fig.value is not None:
        sources.append(Source(*sub.where("key_figures", fig.row, "value"), shown))
    if count is not None:
        sources.append(Source(*sub.where("counts", count.row, "value"), count.value))
    touched: list[RowKey] = [(sub.file, sub.sheet("key_figures"), fig.row)]
    return CitedItem(
        label=fig.label,
        figure=mark.figure(shown, sources, touched),
        indicator=fig.indicator,
        category=path_label(fig.path) if fig.path else "",
    )


def collect_key_results(
    subs: list[Submission], fw: Framework, counted: Initiatives, mark: _Marker
) -> tuple[KeyResultItem, ...]:
    """Every key result of the counted submissions, in the framework's order of effects, then
    by agency and id."""
    # Each workbook is read once; the agencies of the initiatives its key results name are
    # looked up after (only those: a summary counts tens of thousands of initiatives).
    found: list[tuple[Submission, KeyResult, Initiative, dict[str, Any]]] = []
    for sub in subs:
        initiatives = {i.id: i for i in sub.initiatives}
        for kr in sub.key_results:
            ini = initiatives.get(kr.initiative)
            if not kr.id or ini is None:
                continue  # K001: placed nowhere, said by the finding
            own_states = [t.code for t in sub.states if t.initiative == ini.id]
            own_populations = [t.code for t in sub.populations if t.initiative == ini.id]
            figures = [_cited(sub, kr, f, mark) for f in sub.cited if f.key_result == kr.id]
            rows = [(sub.file, sub.sheet("key_results"), kr.row)]
            head = Source(*sub.where("key_results", kr.row, "headline"), kr.headline)
            codes = set(mark.figure(0, [head], rows).codes)
            found.append(
                (
                    sub,
                    kr,
                    ini,
                    {
                        "states": tuple(dict.fromkeys(kr.states or own_states)),
                        "populations": tuple(dict.fromkeys(kr.populations or own_populations)),
                        "figures": tuple(f for f in figures if f is not None),
                        "source": head,
                        "codes": tuple(sorted(codes)),
                    },
                )
            )
    named = {(sub.file, ini.id) for sub, _, ini, _ in found}
    by_initiative = {(c.sub.file, c.id): c for c in counted if (c.sub.file, c.id) in named}
    joint = {c.id: c for c in counted if c.joint}
    out = []
    for sub, kr, ini, made in found:
        item = by_initiative.get((sub.file, ini.id)) or joint.get(ini.id)
        agencies = sorted((item.agencies if item else set()) - {sub.agency})
        out.append(
            KeyResultItem(
                id=kr.id,
                agency=sub.agency,
                initiative=ini.id,
                title=ini.title,
                area=ini.area,
                effect=ini.effect,
                agencies=(sub.agency, *agencies),
                headline=kr.headline,
                text=kr.text,
                partners=kr.partners,
                **made,
            )
        )
    order = {e.code: i for i, e in enumerate(fw.effects)}
    out.sort(key=lambda k: (order.get(k.effect, len(order)), k.agency, k.id))
    return tuple(out)
