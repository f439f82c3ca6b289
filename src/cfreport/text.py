"""Text normalisation shared by everything that matches what a person typed, and the one rule
for showing text from a workbook where a control character could do harm."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""Control characters `\\s` does not already cover: ESC, BEL, NUL, the C1 set..."""
_UNSHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What `visible` spells out: every C0 and C1 control (a terminal escape starts with one), the
Unicode line separators, and the bidirectional overrides that reorder what a reader sees."""


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """A key for tolerant matching: no accents, no case, single spaces, no dots."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.replace(".", " ")).strip().casefold()


def clean_spaces(text: str) -> str:
    """Strip the ends and fold runs of white space (a non-breaking space included); a control
    character (Word's line break, an escape) counts as a space."""
    # Printable ASCII has one white space, the plain space: most cells (ids, codes) need nothing.
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return text
    if _CONTROLS.search(text):
        text = _CONTROLS.sub(" ", text)
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def visible(text: str) -> str:
    """`text` with every control character written out (ESC as '\\x1b', a line break as
    '\\n'): what a terminal, a log or an annotation shows of a workbook's text, where a raw
    escape sequence would recolour, retitle or rewrite the screen."""
    if not _UNSHOWN.search(text):
        return text
    return _UNSHOWN.sub(_spelled, text)


def _spelled(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch)
    if named:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
