"""Renderers: each output format of a validation report in its own module, behind one interface.

A renderer is a function `render(report) -> str` (the text one also takes the language);
`get_renderer` maps --format names to them, importing a module only when it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

Renderer = Callable[..., str]

_RENDERERS = {
    "text": ("cfreport.render.text", "render_text"),
    "json": ("cfreport.render.json_report", "render_json"),
    "github": ("cfreport.render.github", "render_github"),
    "junit": ("cfreport.render.junit", "render_junit"),
    "sarif": ("cfreport.render.sarif", "render_sarif"),
    "csv": ("cfreport.render.findings_csv", "render_findings_csv"),
}
FORMATS = tuple(_RENDERERS)


def get_renderer(name: str) -> Renderer:
    """The renderer of a --format name."""
    module, function = _RENDERERS[name]
    renderer: Renderer = getattr(import_module(module), function)
    return renderer
