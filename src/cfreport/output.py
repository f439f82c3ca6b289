"""Write outputs so that an interrupt never leaves a half-written file, and nothing is replaced
that should not be.

A regular file (or a new path) is written atomically: a temporary file in the same folder,
then a rename, keeping the old file's permissions. A symbolic link is followed: the file it
points at is rewritten, the link stays. Anything else at the path (a device such as /dev/null
or /dev/stdout, a FIFO) is written in place, as a shell redirection would, and a failed write
(/dev/full) is an error. A folder is refused. The temporary file is always removed, whatever
ends the write (an error, Ctrl-C, or SIGTERM, which the command line turns into an exception).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO


def atomic_write_bytes(destination: Path, data: bytes) -> None:
    """Write `data` to `destination` as the module says; OSError when it cannot be written."""
    atomic_write_chunks(destination, (data,))


def atomic_write_chunks(destination: Path, chunks: Iterable[bytes]) -> None:
    """Write the `chunks` one after another, as they are produced (a large output is never
    whole in memory), to `destination` as the module says; OSError when it cannot be written."""
    destination = Path(destination)
    if str(destination) in ("", "."):
        raise IsADirectoryError(errno.EISDIR, "no file name", str(destination))
    try:
        existing = destination.stat()  # follows a symbolic link to what it names
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(destination))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_in_place(destination, chunks)
        return
    if destination.is_symlink():
        destination = destination.resolve()
    _replace(destination, chunks, existing)


def _write_all(handle: BinaryIO, data: bytes, destination: Path) -> None:
    view = memoryview(data)
    while view:
        written = handle.write(view)
        if not written:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(destination))
        view = view[written:]


def _write_in_place(destination: Path, chunks: Iterable[bytes]) -> None:
    """A device or FIFO: written through, never replaced by a file."""
    with open(destination, "wb", buffering=0) as handle:
        for data in chunks:
            _write_all(handle, data, destination)


def _replace(destination: Path, chunks: Iterable[bytes], existing: os.stat_result | None) -> None:
    folder = destination.parent if str(destination.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                # A rewritten report keeps its permissions (and, for root, its owner).
                os.chmod(tmp, stat.S_IMODE(existing.st_mode))
                with contextlib.suppress(OSError):
                    os.chown(tmp, existing.st_uid, existing.st_gid)
            else:
                # mkstemp makes the file private; give it the mode a plain open() would.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            for data in chunks:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(destination: Path, text: str) -> None:
    atomic_write_bytes(destination, text.encode("utf-8"))
