"""The `cfreport` command: start reading a large workbook it names, then run the command line.

Kept apart from `cli.py`, whose imports (typer, pydantic, the checks) are what the read overlaps.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the `cfreport` command and of `python -m cfreport`."""
    from cfreport.workbook.prefetch import start

    start(sys.argv[1:])
    from cfreport.cli import main as run

    run()
