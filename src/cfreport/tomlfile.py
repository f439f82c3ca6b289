"""Reading a TOML file a user wrote (settings, a framework, printed figures) safely."""

from __future__ import annotations

import tomllib
from typing import Any


class NestedTooDeeply(tomllib.TOMLDecodeError):
    """Nesting deeper than the parser goes: a syntax error with no line to name."""


def read_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads`, with nesting too deep for the parser (thousands of '[') reported as
    the syntax error it is rather than a RecursionError."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise NestedTooDeeply("values are nested too deeply") from None
