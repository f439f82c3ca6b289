"""Renderers: each output format of a validation report in its own module, behind one interface.

A renderer is a function `render(report) -> str` (the text one also takes the language);
`get_renderer` maps --format names to them.
"""

from __future__ import annotations

from collections.abc import Callable

Renderer = Callable[..., str]


def get_renderer(name: str) -> Renderer:
    """The renderer of a --format name (imported only when asked for)."""
    if name == "text":
        from cfreport.render.text import render_text

        return render_text
    if name == "json":
        from cfreport.render.json_report import render_json

        return render_json
    if name == "github":
        from cfreport.render.github import render_github

        return render_github
    if name == "junit":
        from cfreport.render.junit import render_junit

        return render_junit
    if name == "sarif":
        from cfreport.render.sarif import render_sarif

        return render_sarif
    if name == "csv":
        from cfreport.render.findings_csv import render_findings_csv

        return render_findings_csv
    raise KeyError(name)


FORMATS = ("text", "json", "github", "junit", "sarif", "csv")
