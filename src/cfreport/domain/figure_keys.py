"""A stable name for every figure of a summary, the same in every language and every year.

`indicator/1.1`, `indicator/1.1/Federal / CSOs`, `area/1/coverage`, `money/all/2021/required`:
what a comparison with another year matches figures by, and what the results database stores
them under. The descriptive fields (area, section, indicator, category, year, measure) are the
columns of the summary's CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cfreport.breakdown import path_label
from cfreport.figures import Figure, MoneyFigures, Summary
from cfreport.framework.models import FEDERAL


@dataclass(frozen=True)
class KeyedFigure:
    key: str
    figure: Figure
    area: str = "all"
    """An area code, or 'all' for a system-wide figure."""
    section: str = ""
    """The CSV's stable section key: indicator, breakdown, coverage, initiatives, money ..."""
    indicator: str = ""
    category: str = ""
    """A breakdown path ('Federal / CSOs'), an effect, population, principle, programme status
    or programme id: the code that tells figures of one section apart."""
    year: int | None = None
    """A money figure's year."""
    measure: str = ""
    """required, available, gap (money); count, amount (programmes)."""

    @property
    def additive(self) -> bool:
        """Whether adding this figure over several reporting years means something: counts of
        what was done in a year do (with people reached in several years counted in each);
        initiatives, states and agencies, which go on from year to year, do not."""
        return self.section in ("indicator", "breakdown")


def indicator_key(code: str, path: tuple[str, ...] = ()) -> str:
    return f"indicator/{code}" + (f"/{path_label(path)}" if path else "")


def money_key(area: str, year: int | None, measure: str) -> str:
    return f"money/{area}/{year if year is not None else 'all'}/{measure}"


def _money(m: MoneyFigures) -> Iterator[KeyedFigure]:
    for measure, fig in (("required", m.required), ("available", m.available), ("gap", m.gap)):
        yield KeyedFigure(
            money_key(m.area, m.year, measure),
            fig,
            area=m.area,
            section="money",
            year=m.year,
            measure=measure,
        )


def keyed_figures(summary: Summary) -> dict[str, KeyedFigure]:
    """Every figure of `summary` by its key, in the order the summary's views list them."""
    out: list[KeyedFigure] = []
    add = out.append
    for area in summary.areas:
        a = area.code
        for ind in area.indicators:
            if ind.total is None:
                continue
            add(KeyedFigure(indicator_key(ind.code), ind.total, a, "indicator", ind.code))
            for line in ind.breakdown:
                add(
                    KeyedFigure(
                        indicator_key(ind.code, line.path),
                        line.figure,
                        a,
                        "breakdown",
                        ind.code,
                        path_label(line.path),
                    )
                )
        add(KeyedFigure(f"area/{a}/coverage", area.coverage, a, "coverage"))
        add(KeyedFigure(f"area/{a}/initiatives", area.initiatives, a, "initiatives"))
        for effect, fig in area.initiatives_by_effect.items():
            add(KeyedFigure(f"area/{a}/effect/{effect}", fig, a, "initiatives", category=effect))
        add(KeyedFigure(f"area/{a}/joint-initiatives", area.joint_initiatives, a, "initiatives"))
        add(KeyedFigure(f"area/{a}/sdgs", area.sdg_goals, a, "sdgs", measure="goals"))
        add(KeyedFigure(f"area/{a}/sdg-targets", area.sdg_targets, a, "sdgs", measure="targets"))
        for pop, fig in area.populations.items():
            add(KeyedFigure(f"area/{a}/population/{pop}", fig, a, "populations", category=pop))
    add(KeyedFigure("initiatives", summary.initiatives, section="headline"))
    add(KeyedFigure("joint-initiatives", summary.joint_initiatives, section="headline"))
    add(KeyedFigure("agencies-reporting", summary.agencies_reporting, section="headline"))
    for section, key, figures in (
        ("initiatives by area", "initiatives-by-area", summary.initiatives_by_area),
        (
            "joint initiatives by area",
            "joint-initiatives-by-area",
            summary.joint_initiatives_by_area,
        ),
        (
            "initiatives contributing to cross-cutting areas",
            "cross-cutting",
            summary.cross_cutting,
        ),
        ("initiatives applying each principle", "principle", summary.principles),
        (
            "agencies working with each population",
            "agencies-by-population",
            summary.agencies_by_population,
        ),
    ):
        for code, fig in figures.items():
            add(KeyedFigure(f"{key}/{code}", fig, section=section, category=code))
    for m in (*summary.money_by_area, *summary.money_by_year, summary.money_total):
        out.extend(_money(m))
    for p in summary.programmes:
        base = f"programmes/{p.status}"
        for measure, fig in (("count", p.count), ("amount", p.amount)):
            add(
                KeyedFigure(
                    f"{base}/{measure}",
                    fig,
                    section="joint programmes",
                    category=p.status,
                    measure=measure,
                )
            )
        for item in p.items:
            add(
                KeyedFigure(
                    f"programme/{item.id}/amount",
                    item.amount,
                    section="joint programmes",
                    category=item.id,
                    measure="amount",
                )
            )
    return {k.key: k for k in out}


@dataclass(frozen=True)
class YearFigures:
    """One reporting year's figures by key, wherever they were read from: what a comparison
    and the framework period put side by side."""

    year: int | None
    origin: str
    """Where they come from: a folder of workbooks, a saved JSON summary, a database."""
    figures: dict[str, KeyedFigure]
    states: dict[str, tuple[str, ...]]
    """Area -> the states it covers, the federal level among them as its code."""
    agency_of: dict[str, str]
    """File -> its agency: whose each source cell is."""


def year_figures(summary: Summary, origin: str) -> YearFigures:
    """A summary's figures by key."""
    states = {a.code: (*a.states, FEDERAL) if a.federal else tuple(a.states) for a in summary.areas}
    return YearFigures(summary.year, origin, keyed_figures(summary), states, summary.agency_of)
