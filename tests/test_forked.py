"""summarize checks across files in a forked copy of itself while it consolidates: the copy's
result is the call's result, and anything that goes wrong there is done again here."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from cfreport.forked import Forked, can_fork
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
