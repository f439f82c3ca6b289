"""A rich console that writes into a string, for the text views."""

from __future__ import annotations

import io

from rich.console import Console


def string_console(buffer: io.StringIO, *, color: bool | None, width: int) -> Console:
    """Colour only when asked (None: when standard output is a terminal and NO_COLOR unset)."""
    import os

    if color is None:
        color = os.environ.get("NO_COLOR") is None and os.isatty(1)
    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        soft_wrap=True,
    )
