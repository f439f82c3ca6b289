"""Renderers: each output format of a validation report in its own module, behind one interface.

A renderer is a function `render(report, *, strict) -> str`; `FORMATS` maps --format names to them.
"""

from __future__ import annotations

from collections.abc import Callable

from cfreport.validate import Report

Renderer = Callable[[Report], str]


def get_renderer(name: str) -> Renderer:
    """The renderer of a --format name (imported only when asked for)."""
    if name == "text":
        from cfreport.render.text import render_text

        return render_text
    if name == "json":
        from cfreport.render.json_report import render_json

        return render_json
    raise KeyError(name)


FORMATS = ("text", "json")
