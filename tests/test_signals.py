"""Interrupts and special outputs with the real mechanisms: signals sent to a running cfreport
and its worker processes, a real FIFO, real devices."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CFREPORT = [sys.executable, "-m", "cfreport"]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough workbooks that --jobs 2 is busy for a while."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(40):
        for source in sorted(EXAMPLES.glob("*.xlsx")):
            shutil.copy(source, folder / f"{n:02}-{source.name}")
    return folder


def _children(pid: int) -> set[int]:
    found = set()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(proc.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the workers")
@pytest.mark.parametrize(
    ("signals", "code", "line"),
    [
        ([signal.SIGINT], 130, "cfreport: interrupted"),
        ([signal.SIGINT, signal.SIGINT], 130, "cfreport: interrupted"),
        ([signal.SIGTERM], 143, "cfreport: terminated"),
    ],
)
def test_a_signal_ends_the_run_and_its_workers_with_one_line(
    many: Path, tmp_path: Path, signals: list[int], code: int, line: str
) -> None:
    out = tmp_path / "summary.xlsx"
    process = subprocess.Popen(
        [*CFREPORT, "summarize", str(many), "--jobs", "2", "-f", "xlsx", "-o", str(out), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a terminal's Ctrl-C reaches the whole group: so do we
    )
    deadline = time.monotonic() + 30
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid)
    assert len(workers) >= 2, "the workers never started"
    for sig in signals:
        os.killpg(process.pid, sig) if sig == signal.SIGINT else process.send_signal(sig)
        time.sleep(0.05)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=20)
    assert time.monotonic() - started < 5
    assert process.returncode == code, stderr
    assert stderr.strip().splitlines() == [line]  # one line, no worker tracebacks
    time.sleep(0.2)
    assert _alive(workers) == set()
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    """`cfreport summarize -f json | head`: the reader's end is no bug of cfreport's, and says
    nothing; the code is a shell's for a command SIGPIPE ended."""
    process = subprocess.Popen(
        [*CFREPORT, "summarize", str(EXAMPLES), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdout.read(10)
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (141, b"")


def test_a_closed_standard_output_or_error_is_no_internal_error(tmp_path: Path) -> None:
    """`cfreport ... >&-` (a CI step that closes what it does not read): the report still goes
    to -o, the exit code still means what it says, nothing is printed about Python."""

    def closed(*fds: int) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [*CFREPORT, "validate", str(EXAMPLES), "-f", "json", "-o", str(tmp_path / "r.json")],
            stderr=subprocess.PIPE if 2 not in fds else None,
            preexec_fn=lambda: [os.close(fd) for fd in fds],
            timeout=120,
        )

    only_out = closed(1)
    assert (only_out.returncode, only_out.stderr) == (1, b"")  # the examples hold errors
    assert (tmp_path / "r.json").read_text().startswith("{")
    assert closed(1, 2).returncode == 1
    rules = subprocess.run(
        [*CFREPORT, "rules"], stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=60
    )
    assert (rules.returncode, rules.stderr) == (0, b"")


def test_output_to_a_device_writes_through_and_keeps_it(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("replacing /dev/null takes root, as in a CI container")
    done = subprocess.run(
        [*CFREPORT, "validate", str(EXAMPLES), "-f", "json", "-o", "/dev/null"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # still the device


def test_a_failed_write_to_a_full_device_is_an_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    done = subprocess.run(
        [*CFREPORT, "validate", str(EXAMPLES), "-f", "json", "-o", "/dev/full"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "cfreport: /dev/full: cannot write: no space left on the disk"


def test_output_to_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    done = subprocess.run(
        [*CFREPORT, "status", str(EXAMPLES), "-f", "csv", "-o", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    received, _ = reader.communicate(timeout=30)
    assert done.returncode == 0, done.stderr
    assert received.startswith("\ufeffagency,year,state") and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_or_no_name_as_output_is_refused(tmp_path: Path) -> None:
    folder = subprocess.run(
        [*CFREPORT, "validate", str(EXAMPLES), "-o", str(tmp_path)], capture_output=True, text=True
    )
    assert folder.returncode == 2 and "cannot write: it is a folder" in folder.stderr
    empty = subprocess.run(
        [*CFREPORT, "validate", str(EXAMPLES), "-o", ""], capture_output=True, text=True
    )
    assert empty.returncode == 2 and empty.stderr.strip() == "cfreport: -o needs a file name"


def test_a_rewritten_report_keeps_its_permissions_and_a_symlink_stays_one(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("old")
    report.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(report)
    done = subprocess.run(
        [*CFREPORT, "validate", str(EXAMPLES), "-f", "json", "-o", str(link)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    assert link.is_symlink() and report.read_text().startswith("{")
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
