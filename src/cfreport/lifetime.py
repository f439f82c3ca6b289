"""What a process that is about to end keeps rather than frees.

The `cfreport` command ends without freeing its objects one by one (`launch.end`). A command
over one workbook reads it into hundreds of thousands of objects (100,000 rows: the cells as
read, then the submission), and freeing them as each stage lets go took 35 ms, a twentieth of
validating such a sheet, for memory the process gives back a moment later anyway. Such a
command keeps them to its end; any other (thousands of workbooks, the library called from a
program) frees each as it goes, so that memory does not grow with the files read.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

_kept: list[object] | None = None


def keep_to_the_end() -> None:
    """From now on, what `kept` is given stays until the process ends: for a process that
    reads one workbook and ends without freeing."""
    global _kept
    if _kept is None:
        _kept = []


def kept(value: T) -> T:
    """`value`, held to the end of the process where `keep_to_the_end` was called."""
    if _kept is not None:
        _kept.append(value)
    return value
