"""The two kinds of failure a command can end with, and their exit codes.

A `UserError` is the user's to fix (an argument, a file, a setting): one line naming what is
wrong, exit code 2. Anything else that escapes a command is a bug of cfreport's: it says so,
asks for a report, and exits 3 (as pytest does for its own internal errors), so that a bug is
never mistaken for a misused command.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a command's exit code means, the same for every command."""

    OK = 0
    FINDINGS = 1
    """Any error (or, with --strict, any warning); with --against, a printed figure differs."""
    UNREADABLE = 2
    """A file could not be read, or the command was misused."""
    INTERNAL = 3
    """A bug of cfreport's: it says so and asks for a report."""
    INTERRUPTED = 130


class UserError(Exception):
    """A mistake the user can fix: one line on standard error, exit code 2.

    With a `key`, the line is the catalog's `err_<key>` filled with `params`, in the language
    of the run (the English text given is what a caller without a language sees).
    """

    def __init__(self, message: str, *, key: str = "", **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params
