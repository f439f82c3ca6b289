"""Nodes of an indicator's breakdown: a path of category names, and how a workbook writes it."""

from __future__ import annotations

PATH_SEPARATOR = " / "
TOTAL = "Total"
TYPED_SEPARATORS = ("/", ">", "›", "»", ":", "|", "\\")
"""What a person may type between a category and its part ('Federal > Government'): a
category's own name can hold none of them."""

Path = tuple[str, ...]
"""A node of an indicator's breakdown: () is the total, ("Federal", "Government") a part."""


def path_label(path: Path) -> str:
    """How a breakdown node is written in a workbook: 'Federal / Government', or 'Total'."""
    return PATH_SEPARATOR.join(path) if path else TOTAL
