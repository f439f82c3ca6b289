"""The layers of pyproject.toml's [tool.importlinter]: a sideways or upward import fails here."""

from __future__ import annotations

import os

from importlinter.cli import lint_imports

from tests.conftest import ROOT


def test_imports_follow_the_layers() -> None:
    old = os.getcwd()
    os.chdir(ROOT)  # import-linter reads the contracts of the current folder's pyproject.toml
    try:
        assert lint_imports(no_cache=True, no_logo=True) == 0
    finally:
        os.chdir(old)
