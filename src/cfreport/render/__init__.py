"""Renderers: every command's output, one module per format, found by name.

The output of command C in format F is the module `cfreport.render.C.F`, which defines

    def render(result, options: RenderOptions) -> str | bytes | Iterator[str]

(an iterator of text for an output too large to hold whole: it is written as it is made).
A command's formats are the modules of its package, listed without importing them, so `--help`
and the error for an unknown format name them all; a new format is one new module (and its
test). The language is an option of the renderer: results carry codes and params, and are worded
here, once, at the edge.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cfreport.framework import Framework

KINDS = ("validate", "summarize", "period", "agencies", "status", "rules", "framework")
"""The commands whose output is rendered: each is a package of format modules here."""

PREFERRED_ORDER = ("text", "json")
"""Formats listed first in --help; the others follow alphabetically."""


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may need besides the result; each renderer reads only its own."""

    lang: str = "en"
    framework: Framework | None = None
    area: str = "all"
    explain: bool = False
    color: bool | None = False
    """Colour in the text views: None colours when standard output is a terminal."""
    bom: bool = False
    """CSV: start with a UTF-8 byte-order mark, for Excel on Windows."""
    width: int | None = None
    """The terminal's width, for the text views to wrap to; None leaves lines whole (a pipe)."""
    agency: str | None = None
    """The agency view: only this agency's parts."""
    every_finding: bool = False
    """The text view of validate: every finding, not a group for a rule repeated in a sheet."""
    paper: str = "A4"
    """The report's pages: the paper they print on (A4 or Letter)."""


Rendered = str | bytes | Iterator[str]


class Renderer(Protocol):
    def __call__(self, result: Any, options: RenderOptions) -> Rendered: ...


@cache
def formats(kind: str) -> tuple[str, ...]:
    """The format names of a command's output: the modules of `cfreport.render.<kind>`."""
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent / kind)])]
    names = [n for n in names if not n.startswith("_")]
    first = [n for n in PREFERRED_ORDER if n in names]
    return (*first, *sorted(n for n in names if n not in first))


def normalize(kind: str, name: str) -> str | None:
    """The format a user's spelling names (case does not matter), or None if there is none."""
    name = name.strip().lower()
    return name if name in formats(kind) else None


def is_binary(kind: str, name: str) -> bool:
    """Whether the format writes bytes (a workbook) and so needs a file to go to."""
    return bool(getattr(import_module(f"cfreport.render.{kind}.{name}"), "BINARY", False))


def renderer(kind: str, name: str) -> Renderer:
    """The render function of one format; its module is imported only now."""
    module = import_module(f"cfreport.render.{kind}.{name}")
    function: Renderer = module.render
    return function


def render(kind: str, name: str, result: Any, options: RenderOptions | None = None) -> Rendered:
    """Render a command's result in a format."""
    return renderer(kind, name)(result, options or RenderOptions())


def render_text(kind: str, name: str, result: Any, options: RenderOptions | None = None) -> str:
    """`render` for the formats that are text (all but the workbooks)."""
    out = render(kind, name, result, options)
    assert isinstance(out, str), f"{kind} {name} writes bytes"
    return out
