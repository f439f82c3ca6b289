"""Start parsing a large workbook's largest sheet while the rest of cfreport is imported.

Validating one workbook of 100,000 rows spends half a second in calamine's parse of its largest
sheet, which releases the GIL, and a fifth of a second before reading can start (Python's
imports of typer, pydantic, the checks; then the framework, which says what to read). The
`cfreport` command calls `start` first thing, with its own arguments: where they name one
workbook with a large sheet, a thread looks at it as `safety.py` does, then has calamine parse
its largest sheet; the read proper (`cells.py`) parses the others meanwhile (`parsing` says
which one is taken care of) and takes it with `take`.

This module imports nothing before `start` but `os` and `threading`: the thread imports what it
needs (zipfile alone is 12 ms), in parallel with the command line's imports.
"""

from __future__ import annotations

import os
import threading

TYPE_CHECKING = False  # typing itself is 6 ms to import; mypy takes any TYPE_CHECKING as true
if TYPE_CHECKING:
    import zipfile
    from pathlib import Path
    from typing import Any

LARGE_SHEET = 1 << 20
"""A sheet part this large (uncompressed bytes) is worth reading on a thread of its own."""

READS_WORKBOOKS = frozenset({"validate", "summarize", "report", "status", "export"})
"""The commands whose operands are workbooks (FILES)."""

FLAGS = frozenset(
    {
        "--all-files",
        "--all-findings",
        "--annotate",
        "--bom",
        "--by-agency",
        "--explain",
        "--no-annotate",
        "--no-bom",
        "--no-explain",
        "--no-strict",
        "--only-valid",
        "--period",
        "--quiet",
        "--strict",
        "-q",
    }
)
"""The options of those commands that take no value (a test holds this to cli.py's)."""

_SUFFIXES = (".xlsx", ".xlsm")
"""inputs.WORKBOOK_SUFFIXES, not imported from there (glob, re and the catalogs' errors would
come first): a test holds the two alike."""


def one_workbook(argv: list[str]) -> str | None:
    """The one workbook a command line names, where it names exactly one: an operand of a command
    that reads workbooks, not an option's value, an existing file. None otherwise.

    An argument after an option that takes a value is that value (`-o summary.xlsx`), never a
    workbook; after an option this module does not know (short flags run together, `-qj2`), it
    may be either, and is not taken: that workbook is read as any other, only not early.
    """
    command: str | None = None
    operands: list[str] = []
    after_option = False
    only_operands = False
    for arg in argv:
        if not only_operands and arg == "--":
            only_operands = True
            continue
        if not only_operands and arg.startswith("-") and arg != "-":
            after_option = "=" not in arg and arg not in FLAGS
            continue
        if command is None:
            if after_option:
                return None  # a value of a global option, or a command after a flag: unsure
            command = arg
        elif not after_option or only_operands:
            operands.append(arg)
        after_option = False
    if command not in READS_WORKBOOKS or len(operands) != 1:
        return None
    operand = operands[0]
    if not operand.lower().endswith(_SUFFIXES) or not os.path.isfile(operand):
        return None
    return operand


def _identity(path: str | Path) -> tuple[int, int, int, int] | None:
    """Which file, as it is now: a file replaced or written to since is not the one parsed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def large_sheets(zf: zipfile.ZipFile) -> list[str]:
    """The names of the sheets whose XML is LARGE_SHEET or more, the largest first."""
    from cfreport.workbook.formulas import is_sheet_part, sheet_map

    sizes = {
        info.filename.casefold(): info.file_size
        for info in zf.infolist()
        if is_sheet_part(info.filename) and info.file_size >= LARGE_SHEET
    }
    if not sizes:
        return []
    parts = sheet_map(zf).parts
    large = [
        (sizes[part.casefold()], name) for name, part in parts.items() if part.casefold() in sizes
    ]
    return [name for _, name in sorted(large, reverse=True)]


class Parsed:
    """A workbook calamine opened, and the sheets it has parsed of it, by name."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.sheets: dict[str, Any] = {}


class _Started:
    """The parse of one workbook on a thread of its own.

    Not a daemon: a command that ends before taking it (a usage error) waits for the parse, so
    that the interpreter never stops a thread while it is inside calamine.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.identity = _identity(path)
        self.parsed: Parsed | None = None
        self.names: frozenset[str] = frozenset()
        """The sheets it parses: known once `named` is set."""
        self.named = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cfreport-prefetch")
        self._thread.start()

    def _run(self) -> None:
        try:
            import zipfile
            from pathlib import Path

            from cfreport.workbook.safety import inspect_workbook

            # Nothing parses a workbook before the safety pass has looked at it (zip bombs, DTDs).
            inspect_workbook(Path(self.path))
            with zipfile.ZipFile(self.path) as zf:
                # The largest alone: the reader parses any other meanwhile, on another core,
                # where here it would wait for the largest (a 2 MB Initiatives sheet: 25 ms).
                names = large_sheets(zf)[:1]
            self.names = frozenset(names)
            self.named.set()
            if not names:
                return
            from cfreport.workbook.cells import open_book

            book = open_book(self.path)
            parsed = Parsed(book)
            for name in names:
                parsed.sheets[name] = book.get_sheet_by_name(name)
            self.parsed = parsed
        except BaseException:
            self.parsed = None
        finally:
            self.named.set()

    def result(self) -> Parsed | None:
        self._thread.join()
        return self.parsed


_started: _Started | None = None


def start(argv: list[str]) -> bool:
    """Start parsing the one workbook `argv` names, if it names one; whether it does."""
    global _started
    path = one_workbook(argv)
    if path is not None and _started is None:
        _started = _Started(path)
    return path is not None


def parsing(path: Path) -> frozenset[str]:
    """The sheets of `path` being parsed ahead of the read (they are then `take`n), if it is
    the file that was started, unchanged; none otherwise. The read parses the others meanwhile.
    """
    started = _started
    if started is None or started.identity is None or _identity(path) != started.identity:
        return frozenset()
    started.named.wait()
    return started.names


def let_go(path: Path) -> None:
    """What was started for `path` is of no use to its read (it parses a sheet not read): it
    finishes on its own, unread, and the read goes on without waiting for it."""
    global _started
    if _started is not None and _identity(path) == _started.identity:
        _started = None


def take(path: Path) -> Parsed | None:
    """What was parsed of `path` ahead of the read, if it is that file, unchanged since; once."""
    global _started
    started = _started
    if started is None or started.identity is None or _identity(path) != started.identity:
        return None
    _started = None
    parsed = started.result()
    if parsed is not None and _identity(path) != started.identity:
        return None  # written to while it was parsed
    return parsed
