"""A Spanish run shows no English: every command, every format a person reads, on the examples
and on a workbook full of ordinary mistakes, holds no text of the English catalog that the
Spanish catalog words otherwise (issue: "a Spanish run shows no English")."""

from __future__ import annotations

import re
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cfreport.checks import all_rules
from cfreport.cli import app
from tests.conftest import EXAMPLES, VALID, edited_copy

runner = CliRunner()
CATALOGS = Path(__file__).resolve().parent.parent / "src/cfreport/i18n"

MISTAKES = [
    ["Counts", "D3", 7],
    ["Counts", "D4", "doce"],
    ["Initiatives", "E3", "Area 9"],
    ["States", "B2", "Nueva York"],
    ["States", "B3", "nuevo leon"],
    ["Money", "A8", 2030],
    ["Money", "D2", 99_000_000],
    ["Joint programmes", "C2", "mucho"],
    ["Counts", "C7", "Federal / Marcianos"],
    ["Initiatives", "E4", "8"],
    ["Counts", "A30", "UNDP-01"],
    ["Counts", "B30", "4.3"],
    ["Counts", "C30", "Total"],
    ["Counts", "D30", 5],
    ["Counts", "A31", "UNDP-01"],
    ["Counts", "B31", "D.1"],
    ["Counts", "C31", "Total"],
    ["Counts", "D31", 5],
]
"""Ordinary mistakes, one of each kind a message words differently (C103, C109, C110, C111 name
the framework's areas and categories, which the framework file translates)."""


def _strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, str):
        yield path, node


def english_fragments() -> set[str]:
    """The literal pieces (between placeholders) of every English text that Spanish words
    differently: long enough to be English prose, not a shared word or a code."""
    en = dict(_strings(tomllib.loads((CATALOGS / "en.toml").read_text(encoding="utf-8"))))
    es = dict(_strings(tomllib.loads((CATALOGS / "es.toml").read_text(encoding="utf-8"))))
    found = set()
    for key, text in en.items():
        if es.get(key) == text:
            continue
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(" .,:;()'\"")
            if len(piece) >= 8 and " " in piece:
                found.add(piece)
    return found


def _with_a_sheet_cut_short(source: Path, copy: Path) -> None:
    """A workbook whose zip is whole but one sheet's XML stops halfway (calamine's own
    message for it is English)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            zout.writestr(info, data)


@pytest.fixture(scope="module")
def spanish_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("es")
    messy = edited_copy(VALID, root / "undp-2021.xlsx", MISTAKES)
    damaged = root / "damaged" / "fao-2021.xlsx"
    damaged.parent.mkdir()
    damaged.write_bytes(VALID.read_bytes()[:3000])  # cut short, as a failed download is
    _with_a_sheet_cut_short(VALID, damaged.parent / "wfp-2021.xlsx")
    runs = {
        "damaged workbook": ["summarize", str(damaged.parent)],
        "validate examples": ["validate", str(EXAMPLES)],
        "validate messy": ["validate", str(messy)],
        "validate markdown": ["validate", str(messy), "-f", "markdown"],
        "validate github": ["validate", str(messy), "-f", "github"],
        "validate annotate": ["validate", str(messy), "--annotate"],
        "summarize examples": [
            "summarize",
            str(EXAMPLES),
            "--explain",
            "--against",
            str(EXAMPLES / "published.toml"),
        ],
        "summarize messy": ["summarize", str(messy), "--explain"],
        "summarize markdown": ["summarize", str(EXAMPLES), "-f", "markdown"],
        "report examples": ["report", str(EXAMPLES)],
        "report messy": ["report", str(messy)],
        "report bad paper": ["report", str(EXAMPLES), "--paper", "A3"],
        "status": ["status", str(EXAMPLES)],
        "rules": ["rules"],
        **{f"rule page {r.code}": ["rules", r.code] for r in all_rules()},
        "framework": ["framework"],
        "template": ["template", "-o", str(root / "t.xlsx")],
        "template again": ["template", "-o", str(root / "t.xlsx")],
        "template from": ["template", "--from", str(messy), "-o", str(root / "next.xlsx")],
        "template upgrade": [
            "template",
            "--from",
            str(messy),
            "--year",
            "2021",
            "-o",
            str(root / "same.xlsx"),
        ],
        "unknown agency": ["template", "--agency", "UNISEF"],
        "year outside": ["template", "--year", "2031", "-o", str(root / "u.xlsx")],
        "unknown area": ["summarize", str(EXAMPLES), "--area", "9"],
        "unknown format": ["validate", str(EXAMPLES), "-f", "pdf"],
        "workbook without -o": ["summarize", str(EXAMPLES), "-f", "xlsx"],
        "output is input": ["summarize", str(messy), "-o", str(messy)],
        "unknown rule": ["rules", "Z999"],
        "unknown rule selected": ["validate", str(EXAMPLES), "--select", "Z9"],
        "no published file": ["summarize", str(EXAMPLES), "--against", str(root / "none.toml")],
        "no framework file": ["validate", str(EXAMPLES), "--framework", str(root / "none.toml")],
        "cannot write": ["summarize", str(EXAMPLES), "-o", str(root / "none" / "s.md")],
    }
    out = {}
    for name, args in runs.items():
        result = runner.invoke(app, [*args, "--lang", "es"])
        assert result.exit_code in (0, 1, 2), (name, result.output)
        out[name] = result.stdout + result.stderr
    return out


def _without_sheet_names(text: str) -> str:
    """The examples are English workbooks: their sheets' names are the file's, quoted as they
    are (`SDG targets!B2`), not the catalog speaking English."""
    from cfreport.framework import load_framework
    from cfreport.workbook.layout import data_sheets

    for spec in data_sheets(load_framework()):
        text = text.replace(spec.name, "")
    return text


def _without_figure_keys(text: str) -> str:
    """The report's pages carry each figure's key (`indicator/1.1/Federal / Government`) as a
    data attribute for programs: an identifier, the same in every language, never shown."""
    return re.sub(r'data-key="[^"]*"', "", text)


def test_a_spanish_run_shows_no_english(spanish_outputs: dict[str, str]) -> None:
    spanish_outputs = {
        k: _without_figure_keys(_without_sheet_names(v)) for k, v in spanish_outputs.items()
    }
    fragments = english_fragments()
    assert len(fragments) > 100, "the catalog's English prose is what is looked for"
    leaks = {
        name: sorted(f for f in fragments if f in text) for name, text in spanish_outputs.items()
    }
    assert {name: found for name, found in leaks.items() if found} == {}


def test_a_damaged_workbook_is_said_in_spanish_without_python_s_english(
    spanish_outputs: dict[str, str],
) -> None:
    said = spanish_outputs["damaged workbook"]
    assert "está dañado" in said and "zip file" not in said
    assert "está dañada y no se puede leer" in said and "XmlError" not in said


def test_what_a_spanish_run_says_it_wrote_is_spanish(spanish_outputs: dict[str, str]) -> None:
    for name in ("validate annotate", "template"):
        assert "se escribió" in spanish_outputs[name] and "wrote" not in spanish_outputs[name]


def test_the_spanish_template_itself_holds_no_english(tmp_path: Path) -> None:
    import openpyxl

    from cfreport.framework import load_framework
    from cfreport.workbook.template import build_template

    path = tmp_path / "plantilla.xlsx"
    build_template(load_framework(), lang="es").save(path)
    wb = openpyxl.load_workbook(path)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            texts += [dv.prompt or "", dv.promptTitle or "", dv.error or "", dv.errorTitle or ""]
    fragments = english_fragments()
    assert sorted({f for f in fragments for text in texts if f in text}) == []
