"""The two kinds of failure a command can end with, and their exit codes.

A `UserError` is the user's to fix (an argument, a file, a setting): one line naming what is
wrong, exit code 2. Anything else that escapes a command is a bug of cfreport's: it says so,
asks for a report, and exits 3 (as pytest does for its own internal errors), so that a bug is
never mistaken for a misused command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    """Ctrl-C (SIGINT)."""
    TERMINATED = 143
    """SIGTERM: a CI runner or a supervisor stopping the command."""
    READER_GONE = 141
    """Whoever read the standard output stopped before the end (`| head`): as a command killed
    by SIGPIPE ends in a shell, and silently."""


class Terminated(BaseException):
    """SIGTERM, raised where the command is so that its temporary files are removed on the way
    out (a BaseException, so that no `except Exception` of the library swallows it)."""


class UserError(Exception):
    """A mistake the user can fix: one line on standard error, exit code 2.

    It carries a key of the catalogs' [errors] table and the values that fill it, so that
    the line is worded in the language of the run by whoever shows it (`text(lang)`).
    """

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, lang: str = "en") -> str:
        """The one line, in `lang`."""
        if _WORDING:
            return _WORDING[0](self.key, self.params, lang)
        return f"{self.key}: {self.params}"

    def __str__(self) -> str:
        return self.text()


Wording = Callable[[str, Mapping[str, object], str], str]
_WORDING: list[Wording] = []


def set_wording(wording: Wording) -> None:
    """How a UserError's key and params become a line: installed by the catalogs' module
    (which sits beside this one and so cannot be imported from it)."""
    _WORDING[:] = [wording]
