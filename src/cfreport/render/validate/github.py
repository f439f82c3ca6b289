"""GitHub Actions: one workflow command per finding, and a Markdown table for the job summary.

A workbook has no line numbers, so the sheet and cell go into the annotation's title. Values are
escaped as the workflow-command syntax requires, so that a title typed in a workbook cannot end
the command early or inject another one.
"""

from __future__ import annotations

from cfreport.findings import Finding, Severity
from cfreport.render import RenderOptions
from cfreport.render.validate.text import summary_line
from cfreport.report import Report
from cfreport.text import visible


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(f: Finding, lang: str) -> str:
    level = "error" if f.severity is Severity.ERROR else "warning"
    title = visible(f"{f.code} {f.location}".strip())
    props = f"file={escape_property(visible(f.file))},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(visible(f.text(lang)))}"


def render(report: Report, options: RenderOptions) -> str:
    lines = [_command(f, options.lang) for f in report.findings]
    lines.append(summary_line(report, options.lang))
    return "\n".join(lines) + "\n"


def job_summary(report: Report, lang: str = "en") -> str:
    """The full table of findings, for $GITHUB_STEP_SUMMARY (annotations are capped per step)."""
    from cfreport.render.validate.markdown import render as markdown

    return markdown(report, RenderOptions(lang=lang))
