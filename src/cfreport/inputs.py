"""Which files a command reads: files, folders and globs, by one rule every command shares."""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path

from cfreport.errors import UserError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
WRONG_FORMAT_SUFFIXES = (".ods", ".xls", ".xlsb")
"""Spreadsheets cfreport does not read: a folder still yields them, so that each is reported
(with how to convert it) rather than its agency counted as missing."""


class InputError(UserError):
    """An input argument that names nothing to read."""


ANNOTATED = re.compile(r"^(?P<stem>.+)\.checked(?:-(?P<n>\d+))?$", re.IGNORECASE)
"""The name of an annotated copy: NAME.checked.xlsx, NAME.checked-2.xlsx ..."""


def _skipped_in_folder(path: Path) -> bool:
    name = path.name
    if name.startswith(("~$", ".")):
        return True
    copy = ANNOTATED.match(path.stem)
    if copy is not None:
        stem = copy.group("stem")
        return any((path.parent / f"{stem}{s}").exists() for s in WORKBOOK_SUFFIXES)
    return False


def _folder(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts[:-1]):
            continue
        if (
            path.suffix.lower() in (*WORKBOOK_SUFFIXES, *WRONG_FORMAT_SUFFIXES)
            and path.is_file()
            and not _skipped_in_folder(path)
        ):
            found.append(path)
    return found


def file_name(path: Path) -> str:
    """The name a file has in every report and message: its path as text.

    A name that is not text in the file system's encoding (made on Windows in another code
    page, then unzipped here: caf\\xe9.xlsx) cannot go into JSON, SARIF or a database as it is;
    its odd bytes are written as \\xe9, which shows which file it is.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return text


def identity(path: Path) -> Path:
    """The file a path leads to; a link loop (which cannot be resolved) is its own."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a symlink loop
        return path.absolute()


def discover(arguments: list[str], skipped: list[tuple[Path, Path]] | None = None) -> list[Path]:
    """The workbooks named by `arguments`, each once, in a stable order.

    A folder yields every .xlsx and .xlsm inside it, recursively, and every .ods, .xls and
    .xlsb (reported as a file to convert, never silently skipped), skipping Excel's ~$ lock
    files, hidden files and folders, and NAME.checked.xlsx beside NAME.xlsx. A glob is expanded
    by the same rule. A file named on the command line is read whatever its name, but for an
    annotated copy named together with its original: it is skipped, and listed in `skipped`.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = identity(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for arg in arguments:
        if arg == "":  # Path('') is the current folder: "$FILE" unset would read it all
            raise InputError("empty_argument")
        path = Path(arg)
        if path.is_dir():
            in_folder = _folder(path)
            if not in_folder:
                raise InputError("empty_folder", arg=arg)
            for found in in_folder:
                add(found)
        elif glob.has_magic(arg) and not path.exists():
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            files = [
                m
                for m in matches
                if m.is_file()
                and m.suffix.lower() in (*WORKBOOK_SUFFIXES, *WRONG_FORMAT_SUFFIXES)
                and not _skipped_in_folder(m)
            ]
            for folder in (m for m in matches if m.is_dir()):
                files += _folder(folder)
            if not files:
                raise InputError("no_match", arg=arg)
            for found in files:
                add(found)
        else:
            add(path)
    # An annotated copy named beside its original (`validate *.xlsx` after --annotate): the
    # original is the submission; the copy is cfreport's own output, never read as a second one.
    originals = {identity(p) for p in out}
    kept = []
    for path in out:
        copy = ANNOTATED.match(path.stem)
        original = next(
            (
                path.with_name(copy.group("stem") + suffix)
                for suffix in WORKBOOK_SUFFIXES
                if copy and identity(path.with_name(copy.group("stem") + suffix)) in originals
            ),
            None,
        )
        if original is None:
            kept.append(path)
        elif skipped is not None:
            skipped.append((path, original))
    return kept
