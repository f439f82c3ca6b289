"""Y: changes since the year compared that need an explanation (`summarize --compare`).

A figure, or one agency's part of it, that grew or shrank by more than a factor, one that
appeared or disappeared, an area that lost states: either a real result or a typing error, and
the RCO asks the focal point which. Warnings: they fail a run only with --strict.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cfreport.checks.registry import Rule, register
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.domain.figure_keys import KeyedFigure, YearFigures
    from cfreport.figures import Figure, Share, Source
    from cfreport.findings import Finding, Place
    from cfreport.framework import Framework

Y001 = register(Rule("Y001", "figure-changed-by-factor", Severity.WARNING))
Y002 = register(Rule("Y002", "figure-appeared", Severity.WARNING))
Y003 = register(Rule("Y003", "figure-disappeared", Severity.WARNING))
Y004 = register(Rule("Y004", "share-changed-by-factor", Severity.WARNING))
Y005 = register(Rule("Y005", "share-appeared", Severity.WARNING))
Y006 = register(Rule("Y006", "share-disappeared", Severity.WARNING))
Y007 = register(Rule("Y007", "states-lost", Severity.WARNING))

COUNTED = ("indicator", "breakdown")
"""Sections whose figures appearing or disappearing need an explanation, and whose agencies'
parts are compared: what agencies count. Initiatives, money and the rest are compared by
factor only."""

RELATED_AT_MOST = 20
"""Cells named besides a finding's own: a figure of many agencies has hundreds."""


@dataclass(frozen=True)
class Thresholds:
    """When a change needs an explanation (docs/figures-and-findings.md, settings change-*)."""

    factor: float = 3.0
    by_indicator: Mapping[str, float] = field(default_factory=dict)
    ignore_below: float = 10.0

    def factor_of(self, indicator: str) -> float:
        return self.by_indicator.get(indicator, self.factor)

    def jumped(self, before: float, now: float, indicator: str = "") -> float | None:
        """The factor of the change from `before` to `now` when it exceeds the threshold."""
        if abs(before) < self.ignore_below and abs(now) < self.ignore_below:
            return None
        if before == 0 or now == 0 or (before < 0) != (now < 0):
            return None  # appearing, disappearing or changing sign: not a factor
        ratio = abs(now / before)
        grown = max(ratio, 1 / ratio)
        return round(ratio, 2) if grown > self.factor_of(indicator) else None


def figure_name(figure: KeyedFigure, fw: Framework) -> dict[str, str]:
    """The figure as a message names it, in every language (`name`, `name@es` ...): the
    framework's own words for an indicator's categories, the catalogs' for the rest; its key
    where neither has a name for it."""
    from cfreport.i18n import in_every_language, phrase

    indicator = fw.indicator_by_code.get(figure.indicator)
    parts = tuple(figure.category.split(" / ")) if figure.category else ()

    def worded(lang: str) -> str:
        if figure.section == "indicator":
            return phrase("figures.indicator_total", lang).format(indicator=figure.indicator)
        if figure.section == "breakdown" and indicator is not None:
            category = " / ".join(indicator.category_in(p, lang) for p in parts)
            return phrase("figures.indicator_category", lang).format(
                indicator=figure.indicator, category=category
            )
        if figure.section == "coverage":
            return phrase("figures.area_states", lang).format(area=figure.area)
        if figure.key == f"area/{figure.area}/initiatives":
            return phrase("figures.initiatives_area", lang).format(area=figure.area)
        if figure.key == "initiatives":
            return phrase("figures.initiatives", lang)
        if figure.section == "money" and figure.measure:
            span = str(figure.year) if figure.year is not None else ""
            name = phrase(f"figures.money_{figure.measure}", lang).format(span=span)
            return f"{name} ({figure.area})" if figure.area != "all" else name
        return figure.key

    return in_every_language("name", worded)


def _places(sources: Iterable[Source]) -> list[Place]:
    return [s.place() for s in list(sources)[:RELATED_AT_MOST]]


def _shares(fig: Figure | None) -> dict[str, Share]:
    return {s.agency: s for s in fig.shares} if fig is not None else {}


def _of_agency(fig: Figure, agency: str, files: Mapping[str, str]) -> list[Source]:
    return [s for s in fig.sources if files.get(s.file) == agency]


def changes(
    current: YearFigures,
    previous: YearFigures,
    thresholds: Thresholds,
    fw: Framework,
) -> list[Finding]:
    """Every Y finding between two years' figures, in the order of the current figures."""
    agency_of = {**previous.agency_of, **current.agency_of}
    found: list[Finding] = []
    for key in [*current.figures, *(k for k in previous.figures if k not in current.figures)]:
        found += _figure_changes(
            current.figures.get(key),
            previous.figures.get(key),
            current.year,
            previous,
            thresholds,
            agency_of,
            fw,
        )
    found += _states_lost(current, previous, fw)
    return found


def _figure_changes(
    now: KeyedFigure | None,
    before: KeyedFigure | None,
    year: int | None,
    previous: YearFigures,
    thresholds: Thresholds,
    agency_of: Mapping[str, str],
    fw: Framework,
) -> Iterator[Finding]:
    known = now or before
    assert known is not None
    key, indicator = known.key, known.indicator
    common = {
        **figure_name(known, fw),
        "figure": key,
        "year": year,
        "previous_year": previous.year,
        "previous_from": previous.origin,
    }
    value_now = now.figure.value if now else 0
    value_before = before.figure.value if before else 0
    counted = known.section in COUNTED
    if now is not None and (before is None or value_before == 0) and value_now and counted:
        yield _at(Y002, now.figure.sources, found=value_now, expected=value_before, **common)
        return
    if before is not None and (now is None or value_now == 0) and value_before and counted:
        # Nothing of this year stands behind it: the finding points at last year's cells.
        yield _at(Y003, before.figure.sources, found=value_now, expected=value_before, **common)
        return
    if now is None or before is None:
        return
    ratio = thresholds.jumped(value_before, value_now, indicator)
    if ratio is not None:
        yield _at(
            Y001,
            _most_changed(now.figure, before.figure, agency_of),
            found=value_now,
            expected=value_before,
            ratio=ratio,
            **common,
        )
        return
    if not counted:
        return
    shares_now, shares_before = _shares(now.figure), _shares(before.figure)
    for agency in sorted({*shares_now, *shares_before}):
        part_now = shares_now[agency].value if agency in shares_now else 0
        part_before = shares_before[agency].value if agency in shares_before else 0
        cells = _of_agency(now.figure, agency, agency_of)
        if part_before == 0 and part_now:
            yield _at(Y005, cells, found=part_now, expected=0, agency=agency, **common)
        elif part_now == 0 and part_before:
            gone = _of_agency(before.figure, agency, agency_of)
            yield _at(Y006, gone, found=0, expected=part_before, agency=agency, **common)
        elif (ratio := thresholds.jumped(part_before, part_now, indicator)) is not None:
            yield _at(
                Y004,
                cells,
                found=part_now,
                expected=part_before,
                agency=agency,
                ratio=ratio,
                **common,
            )


def _most_changed(now: Figure, before: Figure, agency_of: Mapping[str, str]) -> list[Source]:
    """The figure's cells, those of the agency whose part changed most first."""
    shares_now, shares_before = _shares(now), _shares(before)

    def change(agency: str) -> float:
        a = shares_before[agency].value if agency in shares_before else 0
        b = shares_now[agency].value if agency in shares_now else 0
        return abs(b - a)

    agencies = sorted(shares_now, key=change, reverse=True)
    if not agencies:
        return list(now.sources)
    first = _of_agency(now, agencies[0], agency_of)
    return [*first, *(s for s in now.sources if s not in first)]


def _at(rule: Rule, sources: Iterable[Source], **params: object) -> Finding:
    cells = list(sources)
    first = cells[0] if cells else None
    expected = params.pop("expected")
    found = params.pop("found")
    return rule.finding(
        first.file if first else str(params["previous_from"]),
        first.sheet if first else None,
        first.cell if first else None,
        expected=expected,  # type: ignore[arg-type]
        found=found,  # type: ignore[arg-type]
        related=_places(cells[1:]),
        **params,  # type: ignore[arg-type]
    )


def _states_lost(current: YearFigures, previous: YearFigures, fw: Framework) -> Iterator[Finding]:
    """Y007: an area no longer covers states it covered: at the rows that named them then."""
    for area, before in previous.states.items():
        now = set(current.states.get(area, ()))
        lost = [s for s in before if s not in now]
        if not lost:
            continue
        key = f"area/{area}/coverage"
        was = previous.figures.get(key)
        is_now = current.figures.get(key)
        named = [s for s in (was.figure.sources if was else ()) if s.value in lost]
        yield _at(
            Y007,
            named,
            found=is_now.figure.value if is_now else 0,
            expected=was.figure.value if was else len(before),
            area=area,
            states=", ".join(lost),
            figure=key,
            names=figure_name(known, fw) if (known := was or is_now) else None,
            year=current.year,
            previous_year=previous.year,
            previous_from=previous.origin,
        )
