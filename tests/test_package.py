"""The package as it would be published: `python -m build` gives a wheel and an sdist that
`twine check` accepts, and the wheel installs into a fresh virtual environment and runs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("build") is None or importlib.util.find_spec("twine") is None,
        reason="build and twine are not installed: make package-check",
    ),
]


def test_the_wheel_builds_passes_twine_and_runs_in_a_fresh_environment(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheels, sdists = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, wheels + sdists)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    env = tmp_path / "fresh"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(wheels[0])],
        check=True,
        timeout=600,
    )
    cfreport = env / "bin" / "cfreport"
    version = subprocess.run([cfreport, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("cfreport ")
    # The framework, catalogs and template data ship in the wheel: a whole run works.
    run = subprocess.run(
        [cfreport, "summarize", str(EXAMPLES), "--area", "1", "--lang", "es"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert "Igualdad e inclusión" in run.stdout
    checked_files = subprocess.run(
        [cfreport, "validate", str(EXAMPLES), "-f", "json"], capture_output=True, text=True
    )
    assert checked_files.returncode == 1 and '"T001"' in checked_files.stdout
