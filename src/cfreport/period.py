"""`summarize --period`: the framework period's years side by side.

The one place where reporting years are put together. Each year is consolidated on its own
(from its workbooks, a saved JSON summary or the results database); then every figure gets its
value in each year, and the figures that add up over years (an indicator's counts) get a period
total, which counts someone reached in two years twice. Areas get the states covered in any year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_serializer

from cfreport.compare import is_database, load_saved_summary, rounded
from cfreport.database.store import read_year, years_in
from cfreport.domain.figure_keys import KeyedFigure, YearFigures, year_figures
from cfreport.errors import UserError
from cfreport.figures import Figure, LeftOut, Sources
from cfreport.framework import Framework
from cfreport.summarize import for_figures, read_paths, summarize_readings


class PeriodError(UserError):
    """Inputs that do not make a period: no year, or one year given twice."""


class PeriodLine(BaseModel):
    """One figure in every year of the period."""

    model_config = ConfigDict(frozen=True)

    key: str
    area: str
    section: str
    indicator: str = ""
    category: str = ""
    money_year: int | None = None
    """A money figure's own year (each report restates every year of the framework)."""
    measure: str = ""
    values: dict[int, float | int]
    """Reporting year -> the figure that year; a year without it is absent."""
    codes: dict[int, tuple[str, ...]] = {}
    """Reporting year -> codes of the findings behind that year's figure."""
    sources: dict[int, Sources] = {}
    """Reporting year -> the cells that year's figure comes from."""
    total: float | int | None = None
    """The sum over the years, for a figure that adds up over years; None for the others."""

    @field_serializer("sources")
    def _sources_as_objects(self, sources: dict[int, Sources]) -> dict[int, list[dict[str, Any]]]:
        # As a summary's figures write them: named fields.
        return {y: [s._asdict() for s in places] for y, places in sources.items()}

    def keyed(self) -> KeyedFigure:
        """The descriptive fields, as a KeyedFigure of the latest year (for naming the line)."""
        last = max(self.values)
        return KeyedFigure(
            self.key,
            Figure(value=self.values[last]),
            self.area,
            self.section,
            self.indicator,
            self.category,
            self.money_year,
            self.measure,
        )


class AreaStates(BaseModel):
    """The states an area covered, year by year and in any year of the period."""

    model_config = ConfigDict(frozen=True)

    area: str
    by_year: dict[int, tuple[str, ...]]
    any_year: tuple[str, ...]


class Period(BaseModel):
    """Figures of several reporting years side by side."""

    model_config = ConfigDict(frozen=True)

    framework: str
    years: tuple[int, ...]
    origins: dict[int, str]
    """Reporting year -> where its figures were read (a folder of workbooks, a file)."""
    lines: tuple[PeriodLine, ...]
    states: tuple[AreaStates, ...]


def period_of(years: Sequence[YearFigures], fw: Framework) -> Period:
    """Every figure of any of `years`, with its value in each (years in order)."""
    ordered = sorted(years, key=lambda y: y.year or 0)
    keys = list(ordered[-1].figures) if ordered else []
    known = set(keys)
    # The latest year's order; a figure only earlier years have goes after its neighbour there.
    for one in reversed(ordered[:-1]):
        before: str | None = None
        for key in one.figures:
            if key not in known:
                keys.insert(keys.index(before) + 1 if before is not None else 0, key)
                known.add(key)
            before = key
    lines = []
    for key in keys:
        found = [(y.year, y.figures[key]) for y in ordered if key in y.figures]
        first = found[-1][1]
        values = {year: f.figure.value for year, f in found if year is not None}
        lines.append(
            PeriodLine(
                key=key,
                area=first.area,
                section=first.section,
                indicator=first.indicator,
                category=first.category,
                money_year=first.year,
                measure=first.measure,
                values=values,
                codes={y: f.figure.codes for y, f in found if y is not None and f.figure.codes},
                sources={y: f.figure.sources for y, f in found if y is not None},
                total=rounded(sum(values.values())) if first.additive else None,
            )
        )
    areas = [a.code for a in fw.areas]
    states = []
    for area in areas:
        by_year = {
            y.year: y.states[area] for y in ordered if y.year is not None and area in y.states
        }
        if by_year:
            every = {s for held in by_year.values() for s in held}
            states.append(AreaStates(area=area, by_year=by_year, any_year=_in_order(every, fw)))
    return Period(
        framework=fw.id,
        years=tuple(y.year for y in ordered if y.year is not None),
        origins={y.year: y.origin for y in ordered if y.year is not None},
        lines=tuple(lines),
        states=tuple(states),
    )


def _folders(files: Sequence[str]) -> str:
    """Where a year's workbooks are: their folders, named once each."""
    return ", ".join(sorted({str(Path(f).parent) for f in files})) or "-"


def _in_order(states: set[str], fw: Framework) -> tuple[str, ...]:
    order = {s.code: i for i, s in enumerate(fw.states)}
    return tuple(sorted(states, key=lambda s: (order.get(s, len(order)), s)))


@dataclass
class PeriodReading:
    """The years read for a period and what could not be read."""

    years: list[YearFigures]
    left_out: dict[str, LeftOut] = field(default_factory=dict)


def read_period(
    paths: Sequence[Path],
    fw: Framework,
    *,
    years: Sequence[int] = (),
    jobs: int = 1,
    keep: Sequence[str] = (),
    progress: Callable[[Path], None] | None = None,
) -> PeriodReading:
    """Each reporting year in `paths`: workbooks (of any years, each year consolidated on its
    own), JSON summaries saved by summarize, results databases (every year they hold).

    `years`: only these. A year found in two places is a PeriodError: which to believe is the
    user's call, not ours.
    """
    found: list[YearFigures] = []
    workbooks = []
    for path in paths:
        if path.is_file() and is_database(path):
            for year in years_in(path):
                if not years or year in years:
                    found.append(read_year(path, year, fw.id))
        elif path.is_file() and path.suffix.lower() == ".json":
            saved = load_saved_summary(path, fw)
            if not years or saved.year in years:
                found.append(saved)
        else:
            workbooks.append(path)
    reading = PeriodReading(found)
    if workbooks:
        readings = read_paths(workbooks, fw, progress=progress, jobs=jobs, shrink=for_figures)
        reading.left_out.update(readings.left_out)
        held = sorted({s.year for s in readings.submissions if s.year is not None})
        for year in held:
            if years and year not in years:
                continue
            summary = summarize_readings(readings, fw, year=year, keep=keep)
            for file, why in summary.left_out.items():
                if why.reason not in ("other_year", "unreadable"):
                    reading.left_out[file] = why
            found.append(year_figures(summary, _folders(summary.files)))
        for sub in readings.submissions:
            if sub.year is None:
                reading.left_out[sub.file] = LeftOut(reason="no_year")
    counted: dict[int, str] = {}
    for one in found:
        if one.year is None:
            continue
        if one.year in counted:
            raise PeriodError(
                "period_year_twice", year=one.year, first=counted[one.year], second=one.origin
            )
        counted[one.year] = one.origin
    if not counted:
        raise PeriodError("period_no_year", asked=", ".join(map(str, years)) or "-")
    reading.years = [y for y in found if y.year is not None]
    return reading
