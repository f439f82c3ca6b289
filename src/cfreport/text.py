"""Text normalisation shared by everything that matches what a person typed."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """A key for tolerant matching: no accents, no case, single spaces, no dots."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.replace(".", " ")).strip().casefold()


def clean_spaces(text: str) -> str:
    """Strip the ends and fold runs of white space (a non-breaking space included)."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
