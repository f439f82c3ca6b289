"""The `cfreport` command ends without the interpreter's shutdown: nothing it writes may be lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES


def test_everything_written_to_a_file_or_a_pipe_is_there_with_the_commands_exit_code(
    tmp_path: Path,
) -> None:
    into = tmp_path / "stdout.json"
    with into.open("w") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "cfreport", "summarize", str(EXAMPLES), "-f", "json"],
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(into.read_text())["areas"]
    output = tmp_path / "report.json"
    piped = subprocess.run(
        [sys.executable, "-m", "cfreport", "validate", str(EXAMPLES), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    to_file = subprocess.run(
        [sys.executable, "-m", "cfreport", "validate", str(EXAMPLES), "-f", "json", "-o", output],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == to_file.returncode == 1  # the examples hold errors on purpose
    assert json.loads(piped.stdout) == json.loads(output.read_text())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "stdout.json"]
