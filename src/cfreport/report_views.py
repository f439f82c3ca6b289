"""What `cfreport summarize` does between parsing its arguments and writing its output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cfreport.against import AgainstError, AgainstReport, check_against, load_published
from cfreport.checks.registry import RULES
from cfreport.consolidate import YearError
from cfreport.figures import Summary
from cfreport.framework import Framework
from cfreport.i18n import ui
from cfreport.summarize import summarize_paths
from cfreport.validate import ExitCode


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


@dataclass(frozen=True)
class SummaryResult:
    summary: Summary
    content: str | bytes
    notes: str
    """Lines for standard error (files left out, --against with a binary format)."""
    exit_code: int


def render_against(report: AgainstReport, lang: str = "en") -> str:
    lines = [
        ui("against_head", lang).format(
            file=report.file,
            checked=report.checked,
            differences=len(report.findings),
            not_checked=len(report.not_checked),
        )
    ]
    for f in report.findings:
        lines.append(f"  {f.code}  {f.message}")
        cells = ", ".join(f"{Path(p.file).name} {p.sheet}!{p.cell}" for p in f.related[:6])
        if cells:
            more = " ..." if len(f.related) > 6 else ""
            lines.append(f"        {ui('sum_from', lang)} {cells}{more}")
    for item in report.not_checked:
        lines.append("  " + ui("against_not_checked", lang).format(figure=item))
    return "\n".join(lines) + "\n"


def run_summary(request: SummaryRequest, fw: Framework) -> SummaryResult:
    """Read, validate, consolidate and render; ValueError carries a one-line usage error."""
    published = None
    if request.against is not None:
        try:
            published = load_published(request.against)
        except AgainstError as exc:
            raise ValueError(str(exc)) from None
    try:
        if request.progress:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("reading", total=len(request.paths))
                summary = summarize_paths(
                    request.paths,
                    fw,
                    year=request.year,
                    only_valid=request.only_valid,
                    progress=lambda _p: bar.advance(task),
                    jobs=request.jobs,
                    lang=request.lang,
                )
        else:
            summary = summarize_paths(
                request.paths,
                fw,
                year=request.year,
                only_valid=request.only_valid,
                jobs=request.jobs,
                lang=request.lang,
            )
    except YearError as exc:
        raise ValueError(str(exc)) from None
    against = None
    if published is not None:
        try:
            against = check_against(summary, published, fw, str(request.against), request.lang)
        except AgainstError as exc:
            raise ValueError(str(exc)) from None

    content: str | bytes
    notes = ""
    if request.format == "text":
        from cfreport.render.summary_text import render_summary_text

        content = render_summary_text(
            summary, fw, request.area, explain=request.explain, lang=request.lang
        )
        if against is not None:
            content += "\n" + render_against(against, request.lang)
    elif request.format == "json":
        import json

        from cfreport.render.summary_json import render_summary_json

        content = render_summary_json(summary, request.area)
        if against is not None:
            data = json.loads(content)
            data["against"] = against.model_dump(mode="json")
            content = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        if request.format == "markdown":
            from cfreport.render.summary_markdown import render_summary_markdown

            content = render_summary_markdown(summary, fw, request.area, request.lang)
        elif request.format == "csv":
            from cfreport.render.summary_csv import render_summary_csv

            content = render_summary_csv(summary, fw, request.area, request.lang)
        else:
            from cfreport.render.summary_xlsx import render_summary_xlsx

            content = render_summary_xlsx(summary, fw, request.area, request.lang)
        if against is not None:
            notes += render_against(against, request.lang)
    left_out = ui("sum_left_out", request.lang)
    notes = (
        "".join(
            f"cfreport: {left_out.format(file=f, why=why)}\n" for f, why in summary.left_out.items()
        )
        + notes
    )
    unreadable = any(RULES[f.code].refuses and f.file in summary.left_out for f in summary.findings)
    code = (
        ExitCode.UNREADABLE
        if unreadable
        else (ExitCode.FINDINGS if against is not None and against.findings else ExitCode.OK)
    )
    return SummaryResult(summary=summary, content=content, notes=notes, exit_code=int(code))
