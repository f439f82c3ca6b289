"""The findings as a Markdown table: for an issue, a pull request or GitHub's job summary."""

from __future__ import annotations

from cfreport.i18n import header, severity_word
from cfreport.render import RenderOptions
from cfreport.render.safe import markdown_cell
from cfreport.render.validate.text import summary_line
from cfreport.report import Report

COLUMNS = ("file", "cell", "code", "severity", "message")


def render(report: Report, options: RenderOptions) -> str:
    lang = options.lang
    out = ["### cfreport validate", "", summary_line(report, lang), ""]
    if report.findings:
        out += ["| " + " | ".join(header(t, lang) for t in COLUMNS) + " |"]
        out += ["| " + " | ".join("---" for _ in COLUMNS) + " |"]
        out += [
            f"| {markdown_cell(f.file)} | {markdown_cell(f.location)} | {f.code} | "
            f"{severity_word(f.severity.value, lang)} | {markdown_cell(f.text(lang))} |"
            for f in report.findings
        ]
    return "\n".join(out) + "\n"
