"""What `cfreport summarize` does between parsing its arguments and writing its output."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cfreport.against import check_against, load_published
from cfreport.checks.changes import Thresholds
from cfreport.checks.registry import RULES
from cfreport.errors import ExitCode
from cfreport.figures import LeftOut
from cfreport.framework import Framework
from cfreport.i18n import ui
from cfreport.render import Rendered, RenderOptions, render
from cfreport.render.summarize.text import against_text, comparison_text
from cfreport.summarize import SummaryOutcome, summarize_paths

if TYPE_CHECKING:
    from cfreport.period import Period


@dataclass(frozen=True)
class SummaryRequest:
    paths: list[Path]
    area: str = "all"
    format: str = "text"
    explain: bool = False
    only_valid: bool = False
    year: int | None = None
    against: Path | None = None
    progress: bool = False
    jobs: int = 1
    lang: str = "en"
    keep: tuple[str, ...] = ()
    color: bool | None = False
    """Colour in the text format (None: when standard output is a terminal)."""
    bom: bool = False
    """CSV: a UTF-8 byte-order mark first, for Excel."""
    compare: Path | None = None
    """Last year's figures: a folder or glob of workbooks, a JSON summary or a database."""
    compare_year: int | None = None
    """Which year of `compare` (a database's; else the one year it holds)."""
    thresholds: Thresholds = field(default_factory=Thresholds)
    strict: bool = False
    """Exit code 1 on a change that needs an explanation (Y findings are warnings)."""
    period: bool = False
    """The years of `paths` side by side instead of one year's figures."""
    by_agency: bool = False
    """Each agency's part of every figure instead of the figures alone."""
    agency: str | None = None
    """With `by_agency`: only this agency."""
    paper: str = "A4"
    """The report's pages (format html): the paper they print on."""


@dataclass(frozen=True)
class SummaryResult:
    outcome: SummaryOutcome | Period
    content: Rendered
    notes: str
    """Lines for standard error (files left out, --against with a format that cannot show it)."""
    exit_code: int


SHOWS_AGAINST = ("text", "json")
"""Formats that include the comparison with a draft; the others get it on standard error."""
SHOWS_CHANGES = ("text", "json", "markdown", "xlsx")
"""Formats that list the changes since the year compared (the CSV has its columns only)."""


@contextmanager
def progress_bar(show: bool, total: int) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar's advance function while `total` files are read; None when not `show`."""
    if not show:
        yield None
        return
    import time

    from rich.progress import Progress

    # Redrawn as files are read, not by a thread of its own: summarize checks across files in a
    # forked copy of itself (forked.py), which another thread running would rule out.
    with Progress(transient=True, auto_refresh=False) as bar:
        task = bar.add_task("reading", total=total)
        drawn = [0.0]

        def advance(_path: Path) -> None:
            bar.advance(task)
            if time.monotonic() - drawn[0] >= 0.1:
                drawn[0] = time.monotonic()
                bar.refresh()

        yield advance


def _left_out_notes(left_out: Mapping[str, LeftOut], lang: str) -> str:
    return "".join(
        "cfreport: " + ui("sum_left_out", lang).format(file=f, why=why.text(lang)) + "\n"
        for f, why in left_out.items()
    )


def run_period(request: SummaryRequest, fw: Framework) -> SummaryResult:
    """The years of the inputs side by side (--period)."""
    from cfreport.period import period_of, read_period

    with progress_bar(request.progress, len(request.paths)) as progress:
        reading = read_period(
            request.paths, fw, jobs=request.jobs, keep=request.keep, progress=progress
        )
    period = period_of(reading.years, fw)
    options = RenderOptions(
        lang=request.lang, framework=fw, area=request.area, color=request.color, bom=request.bom
    )
    content = render("period", request.format, period, options)
    unreadable = any(why.reason == "unreadable" for why in reading.left_out.values())
    return SummaryResult(
        outcome=period,
        content=content,
        notes=_left_out_notes(reading.left_out, request.lang),
        exit_code=int(ExitCode.UNREADABLE if unreadable else ExitCode.OK),
    )


def run_summary(request: SummaryRequest, fw: Framework) -> SummaryResult:
    """Read, validate, consolidate, compare with a draft, and render; UserError for bad input."""
    if request.period:
        return run_period(request, fw)
    published = load_published(request.against) if request.against is not None else None
    with progress_bar(request.progress, len(request.paths)) as progress:
        summary = summarize_paths(
            request.paths,
            fw,
            year=request.year,
            only_valid=request.only_valid,
            progress=progress,
            jobs=request.jobs,
            keep=request.keep,
        )
    against = None
    if published is not None:
        against = check_against(summary, published, fw, str(request.against))
    comparison = None
    if request.compare is not None:
        from cfreport.compare import compare, load_previous

        previous = load_previous(
            request.compare,
            fw,
            current=summary.year,
            year=request.compare_year,
            jobs=request.jobs,
            keep=request.keep,
        )
        comparison = compare(summary, previous, request.thresholds, fw)
    outcome = SummaryOutcome(summary, against, comparison)
    options = RenderOptions(
        lang=request.lang,
        framework=fw,
        area=request.area,
        explain=request.explain,
        color=request.color,
        bom=request.bom,
        agency=request.agency,
        paper=request.paper,
    )
    kind = "agencies" if request.by_agency else "summarize"
    content = render(kind, request.format, outcome, options)
    notes = _left_out_notes(summary.left_out, request.lang)
    if against is not None and request.format not in SHOWS_AGAINST:
        notes += against_text(against, request.lang)
    if comparison is not None and request.format not in SHOWS_CHANGES:
        notes += comparison_text(comparison, request.lang)
    unreadable = any(RULES[f.code].refuses and f.file in summary.left_out for f in summary.findings)
    differs = against is not None and bool(against.findings)
    changed = request.strict and comparison is not None and bool(comparison.findings)
    code = (
        ExitCode.UNREADABLE
        if unreadable
        else (ExitCode.FINDINGS if differs or changed else ExitCode.OK)
    )
    return SummaryResult(outcome=outcome, content=content, notes=notes, exit_code=int(code))
