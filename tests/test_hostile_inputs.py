"""What a careless command line or a broken settings file gives cfreport: one line naming the
file and what is wrong, exit code 2, never an internal error and never a hang."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.framework import load_framework
from cfreport.framework.loader import FrameworkError, parse_framework
from tests.conftest import EXAMPLES, VALID

runner = CliRunner()
FRAMEWORK = Path(load_framework.__code__.co_filename).parent / "data" / "mexico-2020-2025.toml"


def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args))
    finally:
        os.chdir(old)
    output = result.stdout + result.stderr
    assert "internal error" not in output and "Traceback" not in output, output
    return result.exit_code, output


def test_a_symlink_loop_named_as_input_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")
    code, out = run("validate", str(tmp_path / "a.xlsx"), str(VALID))
    assert code == 2
    assert "a.xlsx: is a link that leads back to itself" in out
    assert "2 files checked" in out  # the other file is still checked


def test_an_empty_name_as_input_is_refused_not_read_as_the_current_folder(tmp_path: Path) -> None:
    """`cfreport validate "$FILE"` with FILE unset: Path('') is '.', which read every workbook
    of the folder it ran in."""
    (tmp_path / "agency.xlsx").write_bytes(VALID.read_bytes())
    for command in ("validate", "summarize", "export"):
        code, out = run(command, "", "-o", str(tmp_path / "out"), cwd=tmp_path)
        assert code == 2
        assert out.strip().endswith("or none to read the inputs setting or the current folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agency.xlsx"]


def test_a_symlink_loop_as_output_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "out.json").symlink_to(tmp_path / "out.json")
    code, out = run("validate", str(VALID), "-f", "json", "-o", str(tmp_path / "out.json"))
    assert code == 2
    assert "cannot write: a symbolic link leads back to itself" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_as_input_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "agency.xlsx"
    os.mkfifo(fifo)
    # A real process: opening a FIFO nobody writes to would block it for ever.
    done = subprocess.run(
        [sys.executable, "-m", "cfreport", "validate", str(fifo), str(VALID)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "agency.xlsx: is not a file but a pipe" in done.stderr


def test_a_disk_that_fails_to_read_is_said_in_each_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input/output error (a network drive dropping, a failing disk): the system's words in
    English, cfreport's in Spanish, and an error number it has no words for by its name."""
    failing = tmp_path / "unicef-2021.xlsx"
    failing.write_bytes(VALID.read_bytes())
    opened = Path.open

    def open_failing(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == failing.name:
            raise OSError(number, os.strerror(number), str(path))
        return opened(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_failing)
    for number, lang, said in (
        (errno.EIO, "en", "cannot open the file: the disk or network drive failed to read"),
        (errno.EIO, "es", "no se puede abrir el archivo: el disco o la unidad de red falló"),
        (errno.ENOTRECOVERABLE, "en", os.strerror(errno.ENOTRECOVERABLE)),
        (errno.ENOTRECOVERABLE, "es", "error del sistema ENOTRECOVERABLE"),
    ):
        code, out = run("validate", str(failing), "--lang", lang)
        assert code == 2 and said in out, out
        if lang == "es":
            assert os.strerror(number) not in out and "Errno" not in out


def _deep(levels: int) -> str:
    return "x = " + "[" * levels + "]" * levels + "\n"


def test_a_settings_file_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "cfreport.toml").write_text(_deep(5000))
    code, out = run("validate", str(VALID), cwd=tmp_path)
    assert code == 2
    assert "cfreport.toml: cannot read the configuration: values are nested too deeply" in out


def test_a_framework_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(_deep(5000))
    code, out = run("validate", str(VALID), "--framework", str(deep))
    assert code == 2
    assert "deep.toml: not valid TOML: values are nested too deeply" in out


def test_a_broken_pyproject_with_our_settings_is_said(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.cfreport]\nstrict = true\n[broken\n")
    code, out = run("validate", str(VALID), cwd=tmp_path)
    assert code == 2
    assert "pyproject.toml: cannot read the configuration" in out


def test_a_broken_pyproject_without_our_settings_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 88\n[broken\n")
    code, _ = run("validate", str(VALID), cwd=tmp_path)
    assert code == 0


def test_printed_figures_in_a_unit_of_zero_are_refused(tmp_path: Path) -> None:
    text = (EXAMPLES / "published.toml").read_text(encoding="utf-8")
    assert "unit = 1_000_000" in text
    printed = tmp_path / "published.toml"
    printed.write_text(text.replace("unit = 1_000_000", "unit = 0"), encoding="utf-8")
    code, out = run("summarize", str(EXAMPLES), "--against", str(printed), "-q")
    assert code == 2
    assert "published.toml: finance.unit: must be at least 1" in out
    code, out = run("summarize", str(EXAMPLES), "--against", str(printed), "-q", "--lang", "es")
    assert "finance.unit: debe ser al menos 1" in out


def test_a_year_no_submission_is_for_says_there_is_nothing_to_summarize() -> None:
    code, out = run("summarize", str(EXAMPLES), "--year", "2023", "-q")
    assert code == 2
    assert "nothing to summarize: no submission is for 2023 (the inputs are for 2021)" in out


@pytest.mark.parametrize(
    ("category", "why"),
    [
        ("Total", "which is the name of the total row"),
        ("total", "which is the name of the total row"),
        ("Public/private", "contains '/'"),
        ("Type: other", "contains ':'"),
    ],
)
def test_a_framework_category_a_workbook_cannot_name_is_refused(category: str, why: str) -> None:
    text = FRAMEWORK.read_text(encoding="utf-8")
    assert '  "Shelters",' in text
    with pytest.raises(FrameworkError, match=why):
        parse_framework(text.replace('  "Shelters",', f'  "{category}",', 1), "bad.toml")


@pytest.mark.slow
def test_a_framework_too_wide_for_a_sheet_is_refused_with_the_limit() -> None:
    text = FRAMEWORK.read_text(encoding="utf-8")
    first = text.index("[[indicators]]")
    block = text[first : text.index("[[indicators]]", first + 1)]
    code_line = next(line for line in block.splitlines() if line.startswith("code = "))
    copies = "".join(block.replace(code_line, f'code = "9.{n}"') for n in range(16_384))
    with pytest.raises(FrameworkError, match="at most 16,384 columns"):
        parse_framework(text + copies, "wide.toml")


def test_a_workbook_whose_name_is_not_utf8_is_read_and_named_in_every_output(
    tmp_path: Path,
) -> None:
    """caf\\xe9.xlsx, a name a Windows zip leaves in Latin-1 on Linux: calamine opens paths only
    as UTF-8, and JSON, SARIF and the database hold only text. It was an internal error."""
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        weird = Path(os.fsdecode(bytes(folder) + b"/caf\xe9.xlsx"))
        shutil.copy(EXAMPLES / "undp-2021.xlsx", weird)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    shown = f"{folder}/caf\\xe9.xlsx"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cfreport", *args],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
        )

    for command in ("validate", "summarize"):
        done = run(command, str(folder), "-f", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["files"] in ([shown], [{**_FILE, "file": shown}])
    sarif = run("validate", str(folder), "-f", "sarif")
    assert sarif.returncode == 0 and json.loads(sarif.stdout)["runs"]
    database = tmp_path / "results.db"
    assert run("export", str(folder), "-o", str(database), "-q").returncode == 0
    con = sqlite3.connect(database)
    ((file, digest),) = con.execute("SELECT file, sha256 FROM submissions").fetchall()
    con.close()
    assert file == shown and len(digest) == 64
    annotated = run("validate", str(folder), "--annotate")
    assert annotated.returncode == 0 and "caf\\xe9.checked.xlsx" in annotated.stderr
    assert Path(os.fsdecode(bytes(folder) + b"/caf\xe9.checked.xlsx")).is_file()


_FILE = {"status": "valid", "agency": "UNDP", "year": 2021, "errors": 0, "warnings": 0}
