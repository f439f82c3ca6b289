"""The geometry of the report's charts, drawn as inline SVG by the page template.

Each chart has a text alternative (`alt`) and prints its numbers and names as text, so it
reads without colour and without the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cfreport.i18n import ui

if TYPE_CHECKING:
    from cfreport.framework import Framework
    from cfreport.render.pages.view import Number

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 110
BAR_WIDTH = 150
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60
LABEL_CHARS = 16
TILE = 34
TILE_GAP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    """As printed beside the bar (cut to fit); `name` is whole, for the tooltip."""
    name: str
    shown: str
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    alt: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def _cut(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def bar_chart(title: str, numbers: Sequence[Number], lang: str) -> BarChart:
    """Horizontal bars of `numbers`, the longest the largest, each with its name and value."""
    largest = max((abs(n.value) for n in numbers), default=0) or 1
    bars = tuple(
        Bar(
            label=_cut(n.label),
            name=n.label,
            shown=n.shown,
            y=i * (BAR_HEIGHT + BAR_GAP),
            width=max(1.0, round(BAR_WIDTH * abs(n.value) / largest, 1)),
        )
        for i, n in enumerate(numbers)
    )
    parts = "; ".join(f"{n.label} {n.shown}" for n in numbers)
    return BarChart(
        alt=ui("page_chart_alt", lang).format(title=title, parts=parts),
        bars=bars,
        width=WIDTH,
        height=len(bars) * (BAR_HEIGHT + BAR_GAP),
    )


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: int
    y: int
    covered: bool


@dataclass(frozen=True)
class TileMap:
    alt: str
    tiles: tuple[Tile, ...]
    width: int
    height: int
    size: int = TILE


def tile_map(fw: Framework, covered: set[str], lang: str) -> TileMap:
    """The framework's states as a grid of squares at their `tile`, those covered filled."""
    step = TILE + TILE_GAP
    tiles = tuple(
        Tile(s.code, s.name, s.tile[0] * step, s.tile[1] * step, s.code in covered)
        for s in fw.states
        if s.tile is not None
    )
    columns = max(s.tile[0] for s in fw.states if s.tile is not None) + 1
    rows = max(s.tile[1] for s in fw.states if s.tile is not None) + 1
    names = [t.name for t in tiles if t.covered]
    alt = ui("page_map_alt", lang).format(
        total=len(tiles),
        n=len(names),
        covered=", ".join(names) or "-",
    )
    return TileMap(alt, tiles, columns * step - TILE_GAP, rows * step - TILE_GAP)
