"""Check a report draft's printed figures against the consolidated data (`--against FILE`).

The file format is documented in docs/published-figures.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path as FilePath
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from cfreport.checks.published import P001, P002
from cfreport.errors import UserError
from cfreport.figures import Figure, Source, Summary
from cfreport.findings import Finding, Worded
from cfreport.framework import Framework
from cfreport.framework.models import Path, path_label
from cfreport.i18n import phrase
from cfreport.tomlfile import read_toml


class AgainstError(UserError):
    """The file of printed figures cannot be read."""


class _Strict(BaseModel):
    # A printed figure is a number a report prints: never NaN or infinity (TOML has both).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PrintedIndicator(_Strict):
    code: str
    total: int
    breakdown: dict[str, int] = Field(default_factory=dict)


class PrintedCoverage(_Strict):
    area: str
    states: int
    federal: bool


class PrintedCount(_Strict):
    total: int
    by_area: dict[str, int] = Field(default_factory=dict)
    checked: bool = True


class PrintedFinance(_Strict):
    years: tuple[int, int]
    unit: int = Field(1, ge=1)
    """What the printed amounts are in: 1_000_000 for millions."""
    required: float
    available: float
    gap: float | None = None


class PrintedProgrammes(_Strict):
    status: str
    count: int
    amount: float


class Published(_Strict):
    framework: str
    year: int
    indicators: list[PrintedIndicator] = Field(default_factory=list)
    coverage: list[PrintedCoverage] = Field(default_factory=list)
    initiatives: PrintedCount | None = None
    joint_initiatives: PrintedCount | None = None
    finance: PrintedFinance | None = None
    programmes: list[PrintedProgrammes] = Field(default_factory=list)


class NotChecked(Worded):
    """A printed figure the data cannot carry: listed, never compared."""

    model_config = ConfigDict(frozen=True)

    figure: str
    """A key of the catalogs' [figures]."""
    params: dict[str, str] = Field(default_factory=dict)
    printed: int

    def text(self, lang: str = "en") -> str:
        name = phrase(f"figures.{self.figure}", lang).format(**self.params)
        return f"{name}: {self.printed:,}"


class AgainstReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    checked: int
    findings: tuple[Finding, ...]
    not_checked: tuple[NotChecked, ...]


def load_published(path: FilePath) -> Published:
    try:
        data = read_toml(FilePath(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AgainstError("published_missing", file=path) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AgainstError("published_unreadable", file=path, detail=exc) from None
    try:
        return Published.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AgainstError("published_wrong", file=path, where=where, detail=first) from None


Named = tuple[str, Mapping[str, Any]]
"""A printed figure's name: a key of the catalogs' [figures] and its params."""


class _Comparison:
    def __init__(self, file: str) -> None:
        self.file = file
        self.checked = 0
        self.findings: list[Finding] = []
        self.not_checked: list[NotChecked] = []

    def compare(
        self,
        figure: Named,
        printed: float,
        data: Figure | float | None,
        tolerance: float = 0.0,
    ) -> None:
        self.checked += 1
        value = data.value if isinstance(data, Figure) else data
        sources = data.sources if isinstance(data, Figure) else ()
        key, params = figure
        if value is None:
            self.findings.append(
                P001.finding(
                    self.file, figure=f"@figures.{key}", found=printed, expected=None, **params
                )
            )
        elif abs(value - printed) > tolerance:
            self.findings.append(
                P001.finding(
                    self.file,
                    figure=f"@figures.{key}",
                    found=printed,
                    expected=value,
                    related=[s.place() for s in sources],
                    **params,
                )
            )

    def printed_sum(
        self, figure: Named, total: float, parts: Sequence[float], tolerance: float = 0.0
    ) -> None:
        if parts and abs(sum(parts) - total) > tolerance:
            expected = round(float(sum(parts)), 2)
            key, params = figure
            self.findings.append(
                P002.finding(
                    self.file,
                    figure=f"@figures.{key}",
                    found=total,
                    expected=int(expected) if expected.is_integer() else expected,
                    **params,
                )
            )

    def skip(self, key: str, count: int, **params: str) -> None:
        """A printed figure the data cannot carry: listed, never compared."""
        self.not_checked.append(NotChecked(figure=key, params=params, printed=count))


def check_against(
    summary: Summary, published: Published, fw: Framework, file: str
) -> AgainstReport:
    """Every difference between the printed figures and the data, as P001/P002 findings."""
    cmp = _Comparison(file)
    for printed in published.indicators:
        ind = fw.indicator_by_code.get(printed.code)
        if ind is None:
            raise AgainstError("published_indicator", file=file, code=printed.code)
        data = summary.indicator(printed.code)
        total: Named = ("indicator_total", {"indicator": printed.code})
        cmp.compare(total, printed.total, data.total)
        lines = {line.path: line.figure for line in data.breakdown}
        paths: dict[Path, int] = {}
        for label, value in printed.breakdown.items():
            path = ind.resolve_path(label)
            if path is None or not path:
                raise AgainstError("published_category", file=file, label=label, code=printed.code)
            paths[path] = value
            category = (
                "indicator_category",
                {"indicator": printed.code, "category": path_label(path)},
            )
            cmp.compare(category, value, lines.get(path))
        # A printed category may hold printed sub-categories ("Microentrepreneurs: 40 (13 men,
        # 27 women)"): each printed figure is checked against its nearest printed parts.
        for parent, value in [((), printed.total), *paths.items()]:
            parts = [v for p, v in paths.items() if _nearest_printed(p, paths) == parent]
            name: Named = (
                total
                if not parent
                else (
                    "indicator_category",
                    {"indicator": printed.code, "category": path_label(parent)},
                )
            )
            cmp.printed_sum(name, value, parts)
    for cov in published.coverage:
        area = summary.area(cov.area)
        places = _state_sources(summary, cov.area)
        cmp.compare(
            ("area_states", {"area": cov.area}),
            cov.states,
            Figure(value=len(area.states), sources=places),
        )
        cmp.compare(("area_federal", {"area": cov.area}), int(cov.federal), int(area.federal))
    for label, count in (
        ("initiatives", published.initiatives),
        ("joint initiatives", published.joint_initiatives),
    ):
        if count is None:
            continue
        figures = (
            summary.initiatives_by_area
            if label == "initiatives"
            else (summary.joint_initiatives_by_area)
        )
        key = label.replace(" ", "_")
        _printed_by_area(cmp, key, count, [a.code for a in fw.work_areas])
        if not count.checked:
            cmp.skip(key, count.total)
            for a, n in count.by_area.items():
                cmp.skip(f"{key}_area", n, area=a)
            continue
        cmp.compare((key, {}), count.total, sum(f.value for f in figures.values()))
        for area_code, n in count.by_area.items():
            cmp.compare((f"{key}_area", {"area": area_code}), n, figures.get(area_code))
    if published.finance is not None:
        _finance(cmp, summary, published.finance)
    by_status = {p.status: p for p in summary.programmes}
    for printed_p in published.programmes:
        data_p = by_status.get(printed_p.status)
        status = {"status": printed_p.status.lower()}
        cmp.compare(("programmes", status), printed_p.count, data_p.count if data_p else 0)
        cmp.compare(
            ("programmes_amount", status),
            printed_p.amount,
            data_p.amount if data_p else 0,
            tolerance=0.5,
        )
    return AgainstReport(
        file=file,
        checked=cmp.checked,
        findings=tuple(cmp.findings),
        not_checked=tuple(cmp.not_checked),
    )


def _nearest_printed(path: Path, printed: Mapping[Path, int]) -> Path:
    """The nearest ancestor of a category that the draft prints too; () for the total."""
    for cut in range(len(path) - 1, 0, -1):
        if path[:cut] in printed:
            return path[:cut]
    return ()


def _printed_by_area(
    cmp: _Comparison, key: str, count: PrintedCount, work_areas: list[str]
) -> None:
    """A printed total against its own printed parts by area: equal when every work area is
    printed, not smaller when some is not (its figure lost, as green economy's in 2021)."""
    parts = [count.by_area[a] for a in work_areas if a in count.by_area]
    if not parts:
        return
    complete = all(a in count.by_area for a in work_areas)
    if complete or sum(parts) > count.total:
        cmp.printed_sum((key, {}), count.total, parts)


def _state_sources(summary: Summary, area: str) -> Sequence[Source]:
    return summary.area(area).initiatives.sources


def _finance(cmp: _Comparison, summary: Summary, fin: PrintedFinance) -> None:
    first, last = fin.years
    lines = [m for m in summary.money if m.year is not None and first <= m.year <= last]
    unit = fin.unit
    tolerance = 0.005 if unit > 1 else 0.5

    def total(column: str) -> Figure:
        figs = [getattr(m, column) for m in lines]
        return Figure(
            value=round(sum(f.value for f in figs) / unit, 2),
            sources=tuple(p for f in figs for p in f.sources),
        )

    span = {"span": f"{first}-{last}"}
    required, available = total("required"), total("available")
    cmp.compare(("money_required", span), fin.required, required, tolerance)
    cmp.compare(("money_available", span), fin.available, available, tolerance)
    if fin.gap is not None:
        gap = Figure(
            value=round(float(required.value) - float(available.value), 2),
            sources=(*required.sources, *available.sources),
        )
        cmp.compare(("money_gap", span), fin.gap, gap, tolerance)
        cmp.printed_sum(
            ("money_gap_parts", span),
            fin.gap,
            [fin.required, -fin.available],
            tolerance,
        )
