"""A call run in a forked copy of this process, while this one goes on with other work: on a
machine of two cores, summarize checks across files beside consolidating.

Where there is no fork to be had (Windows; macOS, where system libraries are not fork-safe;
another thread running), or where the copy fails in any way, the call runs in this process
when its result is asked for, with the same result.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
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


class Forked(Generic[T]):
    """`fn()` started in a forked copy of this process; `result()` waits for it."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._pid = 0
        self._pipe = -1
        if not can_fork():
            return
        # What waits in this process's buffers would be written twice, once by each.
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: the result down the pipe, and out without any clean-up
            code = 0
            try:
                os.close(read)
                # Ctrl-C is the main process's to decide; it ends the copy (`stop`).
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
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
