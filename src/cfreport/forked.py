"""Work done in a forked copy of this process, while this one goes on with other work: on a
machine of two cores, summarize checks across files beside consolidating (`Forked`), and makes
its JSON in two processes (`in_two`).

Where there is no fork to be had (Windows; macOS, where system libraries are not fork-safe;
another thread running), or where the copy fails in any way, the call runs in this process
when its result is asked for, with the same result.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a forked copy of this process is safe to make now."""
    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
        and os.environ.get("CFREPORT_NO_FORK", "") == ""
    )


def _fork() -> tuple[int, int, int] | None:
    """A pipe and a forked copy of this process: (pid, read end, write end), the pid 0 in the
    copy; None where either cannot be had (too many processes, or open files)."""
    # What waits in this process's buffers would be written twice, once by each.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:
        # Ctrl-C is the main process's to decide; it ends the copy. SIGTERM simply ends it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return pid, read, write


class Forked(Generic[T]):
    """`fn()` started in a forked copy of this process; `result()` waits for it."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._pid = 0
        self._pipe = -1
        forked = _fork() if can_fork() else None
        if forked is None:
            return
        pid, read, write = forked
        if pid == 0:  # the copy: the result down the pipe, and out without any clean-up
            code = 0
            try:
                os.close(read)
                try:
                    data = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # the main process runs it again, and says what it raises
                    data = b""
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        """The call's result: from the copy, or made here where there is none."""
        if not self._pid:
            return self._fn()
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        self._pipe = -1
        self._reap()
        if not data:
            return self._fn()
        value: T = pickle.loads(data)  # made by a copy of this very process
        return value

    def stop(self) -> None:
        """End the copy if it still runs (the main process stopped first)."""
        if not self._pid:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        self._reap()

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = 0


Piece = Callable[[], Iterable[str]]
"""Part of a text, made when called."""
Make = Callable[[Piece, int], Iterable[str]]
"""What a walk hands each piece of its text to, with the piece's weight (its size, roughly)."""
BLOCK = 1 << 20


def made_here(piece: Piece, weight: int = 0) -> Iterable[str]:
    """A piece made in this process, when it is reached."""
    return piece()


def in_two(walk: Callable[[Make], Iterable[str]]) -> Iterator[str]:
    """The text `walk(make)` yields, its pieces shared out between this process and a forked
    copy: a large output is made on two cores, and comes out in order, the same text.

    Both processes walk the same text and give each piece to the one that has the less weight
    so far, so they agree on whose each piece is without talking. The copy writes its pieces to
    a temporary file (never held whole, wherever it gets ahead) and says where each ends; this
    process makes its own and reads the copy's in turn. Where there is no copy, or it fails,
    the pieces are made here.
    """
    try:
        spool = tempfile.TemporaryFile(prefix="cfreport-") if can_fork() else None  # noqa: SIM115
    except OSError:  # no temporary folder to write to
        spool = None
    forked = _fork() if spool is not None else None
    if spool is None or forked is None:
        if spool is not None:
            spool.close()
        yield from walk(made_here)
        return
    pid, read, write = forked
    if pid == 0:
        code = 0
        try:
            os.close(read)
            _make_in_copy(walk, spool.fileno(), write)
        except BaseException:  # this process's part ends; the other makes what is left
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    shares = _Shares()
    pipe = os.fdopen(read, "rb")
    alone = False
    spooled = 0  # where the copy's pieces read so far end

    def make(piece: Piece, weight: int) -> Iterable[str]:
        nonlocal alone, spooled
        if shares.mine(weight) or alone:
            return piece()
        end = pipe.read(8)
        if len(end) < 8:  # the copy stopped: what it has not made is made here
            alone = True
            return piece()
        start, spooled = spooled, int.from_bytes(end, "little")
        return _spooled(spool.fileno(), start, spooled)

    try:
        yield from walk(make)
    finally:
        pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        spool.close()


class _Shares:
    """Whose each piece is: this process's where its weight so far is not the greater."""

    def __init__(self, here: bool = True) -> None:
        self.here = here
        self.weights = [0, 0]

    def mine(self, weight: int) -> bool:
        side = 0 if self.weights[0] <= self.weights[1] else 1
        self.weights[side] += weight + 1
        return (side == 0) == self.here


def _make_in_copy(walk: Callable[[Make], Iterable[str]], spool: int, pipe: int) -> None:
    """The copy's side of `in_two`: its pieces to the spool, where each ends to the pipe."""
    shares = _Shares(here=False)
    written = 0

    def make(piece: Piece, weight: int) -> Iterable[str]:
        nonlocal written
        if not shares.mine(weight):
            return ()
        out: list[bytes] = []
        size = 0
        for text in piece():
            out.append(text.encode("utf-8"))
            size += len(out[-1])
            if size >= BLOCK:
                written += _write_all(spool, b"".join(out))
                out, size = [], 0
        written += _write_all(spool, b"".join(out))
        _write_all(pipe, written.to_bytes(8, "little"))
        return ()

    for _ in walk(make):
        pass


def _write_all(fd: int, data: bytes) -> int:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    return len(data)


def _spooled(fd: int, start: int, end: int) -> Iterator[str]:
    """The text written to the spool between `start` and `end`."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    while start < end:
        data = os.pread(fd, min(BLOCK, end - start), start)
        if not data:
            raise OSError(errno.EIO, "the spool of a forked copy is cut short")
        start += len(data)
        yield decoder.decode(data, final=start >= end)
