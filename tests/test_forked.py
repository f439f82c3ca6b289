"""summarize checks across files in a forked copy of itself while it consolidates: the copy's
result is the call's result, and anything that goes wrong there is done again here."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cfreport.forked import Forked, Make, can_fork, in_two, made_here
from cfreport.framework import load_framework
from cfreport.summarize import summarize_paths
from tests.conftest import EXAMPLES, VALID, edited_copy

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork here")


@needs_fork
def test_the_result_comes_from_a_copy_of_this_process() -> None:
    parent = os.getpid()
    call = Forked(lambda: os.getpid())
    assert call.result() != parent


@needs_fork
def test_a_call_that_fails_in_the_copy_is_made_again_here() -> None:
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("in the copy")
        return 42

    assert Forked(only_here).result() == 42


@needs_fork
def test_an_error_is_raised_where_it_can_be_shown() -> None:
    def broken() -> int:
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        Forked(broken).result()


@needs_fork
def test_a_copy_that_still_runs_is_stopped() -> None:
    read, write = os.pipe()
    call = Forked(lambda: os.read(read, 1))  # waits for ever: nothing is written
    pid = call._pid
    call.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # gone, and reaped
    os.close(read)
    os.close(write)


def test_with_another_thread_running_the_call_is_made_here() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        assert Forked(lambda: os.getpid()).result() == os.getpid()
    finally:
        stop.set()
        other.join()


def test_the_summary_is_the_same_with_and_without_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cross-file findings (a joint initiative counted differently, a workbook re-sent under
    another agency's name) mark the figures as they would in one process."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in EXAMPLES.glob("*.xlsx"):
        (folder / path.name).write_bytes(path.read_bytes())
    joint = [["Counts", "A2", "JI-02"], ["Counts", "B2", "4.3"], ["Counts", "C2", "Total"]]
    edited_copy(folder / "iom-2021.xlsx", folder / "iom-2021.xlsx", [*joint, ["Counts", "D2", 275]])
    edited_copy(VALID, folder / "unfpa-2021.xlsx", [["Submission", "B2", "UNFPA"]])
    fw = load_framework()
    paths = sorted(folder.glob("*.xlsx"))
    forked = summarize_paths(paths, fw)
    monkeypatch.setenv("CFREPORT_NO_FORK", "1")
    alone = summarize_paths(paths, fw)
    assert forked.model_dump_json() == alone.model_dump_json()
    assert {"X002", "X006"} <= {f.code for f in alone.findings}
    assert "X006" in alone.agencies_reporting.codes


def test_the_progress_bar_leaves_the_fork_possible() -> None:
    """The bar shown while files are read (a terminal) runs no thread of its own: with one
    running, summarize would check across files in one process, not beside consolidating."""
    from cfreport.views import progress_bar

    with progress_bar(True, 2) as advance:
        assert advance is not None
        advance(VALID)
        assert threading.active_count() == 1


def _walk(n: int, text: Callable[[int], str]) -> Callable[[Make], Iterator[str]]:
    """A text of `n` pieces of every size, with plain text between them."""

    def walk(make: Make) -> Iterator[str]:
        for i in range(n):
            yield f"<{i}>"
            yield from make(lambda i=i: iter([text(i)] * (i % 7 + 1)), i % 7 + 1)
        yield "end"

    return walk


@needs_fork
def test_a_text_made_in_two_comes_out_in_order_and_whole() -> None:
    """Pieces of text, a few of them large and non-ASCII (split across the copy's blocks), are
    made in both processes and come out as one process makes them."""
    text = lambda i: f"{i}ñ" * (i * 40_000 if i % 5 == 0 else 3)  # noqa: E731
    alone = "".join(_walk(40, text)(made_here))
    assert "".join(in_two(_walk(40, text))) == alone


def _pid(i: int) -> str:
    return f"{i}:{os.getpid()}|"


def _makers(text: str) -> dict[int, set[int]]:
    """Piece -> the processes that made it, from pieces written as `_pid` writes them."""
    makers: dict[int, set[int]] = {}
    for piece, pid in re.findall(r"(\d+):(\d+)\|", text):
        makers.setdefault(int(piece), set()).add(int(pid))
    return makers


@needs_fork
def test_both_processes_make_pieces_of_it() -> None:
    makers = _makers("".join(in_two(_walk(20, _pid))))
    assert sorted(makers) == list(range(20))
    assert all(len(pids) == 1 for pids in makers.values())
    assert len(set.union(*makers.values()) - {os.getpid()}) == 1


@needs_fork
def test_what_the_copy_fails_to_make_is_made_here() -> None:
    parent = os.getpid()

    def text(i: int) -> str:
        if i >= 9 and os.getpid() != parent:
            raise RuntimeError("in the copy")
        return _pid(i)

    out = "".join(in_two(_walk(20, text)))
    assert re.sub(r":\d+\|", "|", out) == re.sub(
        r":\d+\|", "|", "".join(_walk(20, _pid)(made_here))
    )
    makers = _makers(out)
    assert any(pids != {parent} for i, pids in makers.items() if i < 9)
    assert all(pids == {parent} for i, pids in makers.items() if i >= 9)


def test_without_a_fork_the_text_is_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFREPORT_NO_FORK", "1")
    makers = _makers("".join(in_two(_walk(10, _pid))))
    assert set.union(*makers.values()) == {os.getpid()}


def _no_fork() -> int:
    raise BlockingIOError(11, "Resource temporarily unavailable")


@needs_fork
def test_where_no_process_can_be_started_the_work_is_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A machine at its limit of processes (fork fails with EAGAIN): the same results, here."""
    monkeypatch.setattr(os, "fork", _no_fork)
    assert Forked(lambda: os.getpid()).result() == os.getpid()
    alone = "".join(_walk(10, _pid)(made_here))
    assert "".join(in_two(_walk(10, _pid))) == alone


@needs_fork
def test_without_a_temporary_folder_the_text_is_made_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    alone = "".join(_walk(10, _pid)(made_here))
    assert "".join(in_two(_walk(10, _pid))) == alone
