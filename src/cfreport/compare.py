"""`summarize --compare PREVIOUS`: this year's figures beside the year compared, and the changes
that need an explanation (the Y rules).

PREVIOUS is a folder (or glob) of that year's workbooks, a JSON summary saved by
`summarize --format json`, or a results database (`cfreport export`) with the year to compare:
all three give the same comparison, only `previous_from` says which it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from cfreport.checks.changes import Thresholds, changes
from cfreport.database.store import read_year, years_in
from cfreport.domain.figure_keys import YearFigures, year_figures
from cfreport.errors import UserError
from cfreport.figures import Summary
from cfreport.findings import Finding
from cfreport.framework import Framework
from cfreport.summarize import summarize_paths

SQLITE_HEADER = b"SQLite format 3\x00"


class CompareError(UserError):
    """What --compare names cannot be read as last year's figures."""


class ChangeLine(BaseModel):
    """One figure in both years."""

    model_config = ConfigDict(frozen=True)

    key: str
    current: float | int | None
    """None: not reported this year."""
    previous: float | int | None
    """None: not reported in the year compared."""
    change: float | int | None
    """current - previous (a figure missing in one year counts as 0 there)."""
    codes: tuple[str, ...] = ()
    """The Y findings on this figure."""


class Comparison(BaseModel):
    """This year's figures against the year compared."""

    model_config = ConfigDict(frozen=True)

    year: int | None
    previous_year: int | None
    previous_from: str
    figures: tuple[ChangeLine, ...]
    findings: tuple[Finding, ...] = ()

    def by_key(self) -> dict[str, ChangeLine]:
        return {c.key: c for c in self.figures}


def rounded(value: float | int) -> float | int:
    """A sum or difference of figures without float noise: money to the cent."""
    return round(value, 2) if isinstance(value, float) else value


def compare(
    current: Summary, previous: YearFigures, thresholds: Thresholds, fw: Framework
) -> Comparison:
    """Every figure of either year with both values, and the Y findings."""
    now = year_figures(current, "")
    found = changes(now, previous, thresholds, fw)
    codes: dict[str, set[str]] = {}
    for f in found:
        codes.setdefault(str(f.params.get("figure")), set()).add(f.code)
    keys = [*now.figures, *(k for k in previous.figures if k not in now.figures)]
    lines = []
    for key in keys:
        a = now.figures.get(key)
        b = previous.figures.get(key)
        va = a.figure.value if a else None
        vb = b.figure.value if b else None
        lines.append(
            ChangeLine(
                key=key,
                current=va,
                previous=vb,
                change=rounded((va or 0) - (vb or 0)),
                codes=tuple(sorted(codes.get(key, ()))),
            )
        )
    return Comparison(
        year=current.year,
        previous_year=previous.year,
        previous_from=previous.origin,
        figures=tuple(lines),
        findings=tuple(found),
    )


def is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def load_saved_summary(path: Path, fw: Framework) -> YearFigures:
    """A summary saved by `summarize --format json`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CompareError("compare_unreadable", file=path, detail=exc) from None
    try:
        summary = Summary.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "-"
        raise CompareError("compare_not_summary", file=path, where=where) from None
    if summary.framework != fw.id:
        raise CompareError("compare_other_framework", file=path, held=summary.framework, ours=fw.id)
    return year_figures(summary, str(path))


def previous_year_in_database(path: Path, current: int | None, asked: int | None) -> int:
    """The year to compare in a database: the one asked, else the last before `current`."""
    if asked is not None:
        return asked
    years = years_in(path)
    earlier = [y for y in years if current is None or y < current]
    if not earlier:
        raise CompareError(
            "compare_no_earlier",
            file=path,
            year=current if current is not None else "-",
            years=", ".join(map(str, years)) or "-",
        )
    return earlier[-1]


def load_previous(
    source: Path,
    fw: Framework,
    *,
    current: int | None,
    year: int | None = None,
    jobs: int = 1,
    keep: Sequence[str] = (),
) -> YearFigures:
    """The figures of the year compared, from a folder or glob, a saved summary or a database;
    `year`: which year (a database's, or a folder's of several years)."""
    if source.is_file() and is_database(source):
        return read_year(source, previous_year_in_database(source, current, year), fw.id)
    if source.is_file() and source.suffix.lower() == ".json":
        return load_saved_summary(source, fw)
    from cfreport.inputs import discover

    paths = discover([str(source)], [])
    summary = summarize_paths(paths, fw, year=year, jobs=jobs, keep=keep)
    unread = [f for f, why in summary.left_out.items() if why.reason == "unreadable"]
    if unread:
        raise CompareError("compare_unreadable_file", file=unread[0], source=source)
    return year_figures(summary, str(source))
