"""The `cfreport` command: start reading a large workbook it names, run the command line, and end.

Kept apart from `cli.py`, whose imports (typer, pydantic, the checks) are what the read overlaps.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

TYPE_CHECKING = False  # typing is 6 ms to import, before the parse starts
if TYPE_CHECKING:
    from typing import NoReturn


def run() -> int:
    """Run the command line of `sys.argv`; its exit status."""
    from cfreport.workbook.prefetch import start

    reads_one = start(sys.argv[1:])
    # The cycle collector walks every object the imports make (modules, classes, pydantic's
    # schemas), again and again while they are made: they live as long as the process, so they
    # are made without it and then set aside for good (frozen).
    gc.disable()
    from cfreport.cli import main as cli_main

    gc.freeze()
    if reads_one:
        # A command over one workbook runs without it to the end, and keeps what it reads
        # (lifetime.py): reading makes hundreds of thousands of objects and no cycles worth
        # collecting before the process ends; each collection walked them all (50 ms of
        # validating 100,000 rows). Over many workbooks it runs, paused while each one is read
        # (validate.collector_paused), so that what one leaves is not kept through thousands.
        from cfreport.lifetime import keep_to_the_end

        keep_to_the_end()
    else:
        gc.enable()
    try:
        cli_main()
    except SystemExit as exc:
        return _status(exc.code)
    return 0


def _status(code: object) -> int:
    """The status `sys.exit(code)` ends a process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def end(status: int) -> NoReturn:
    """End the process now, its standard streams flushed.

    Not through the interpreter's shutdown, which frees every object and module one by one:
    35-50 ms at the end of every command, a twentieth of validating 100,000 rows (mypy ends the
    same way). Nothing is lost: every file cfreport writes is closed and renamed into place
    before its command returns (output.py), its temporary files have no name to remove, its
    worker processes are joined, and a workbook still being parsed is of no more use.
    """
    try:
        sys.stdout.flush()
    except OSError:  # its reader went away: what is left is not written, as cli.py does
        from cfreport.errors import ExitCode

        status = ExitCode.READER_GONE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


def main() -> NoReturn:
    """Entry point of the `cfreport` command and of `python -m cfreport`."""
    end(run())
