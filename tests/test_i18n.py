"""Spanish and English: one catalog per language, the same codes and exit codes in both."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cfreport.checks import all_rules
from cfreport.cli import app
from cfreport.framework import Framework
from cfreport.i18n import LANGUAGES, catalog
from cfreport.workbook.fill import append_rows, counts_rows, label_of
from cfreport.workbook.reader import read_submission
from cfreport.workbook.template import build_template
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()


def _keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in data.items():
        if isinstance(value, dict):
            keys |= _keys(value, f"{prefix}{key}.")
        else:
            keys.add(f"{prefix}{key}")
    return keys


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_exists_in_every_language(lang: str) -> None:
    english = _keys(catalog("en"))
    other = _keys(catalog(lang))
    # [headers] maps English texts to translations: English needs none of them.
    assert {k for k in english if not k.startswith("headers.")} == {
        k for k in other if not k.startswith("headers.")
    }
    assert {f"rules.{r.code}.summary" for r in all_rules()} <= english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_use_only_params_their_rule_gives(lang: str) -> None:
    for rule in all_rules():
        english = rule.params_in_message("en")
        assert rule.params_in_message(lang) <= english | {"expected", "found"}, rule.code


def test_messages_do_not_live_in_the_checks() -> None:
    import ast

    for path in (ROOT / "src/cfreport/checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Rule":
                assert len(node.args) == 3 and {k.arg for k in node.keywords} <= {"refuses"}, (
                    path.name
                )


def test_spanish_and_english_runs_give_the_same_codes_and_exit_codes() -> None:
    en = runner.invoke(app, ["validate", str(EXAMPLES), "-f", "json"])
    es = runner.invoke(app, ["validate", str(EXAMPLES), "-f", "json", "--lang", "es"])
    assert en.exit_code == es.exit_code == 1
    english, spanish = json.loads(en.stdout), json.loads(es.stdout)
    strip = [{k: v for k, v in f.items() if k != "message"} for f in english["findings"]]
    assert strip == [{k: v for k, v in f.items() if k != "message"} for f in spanish["findings"]]
    assert spanish["findings"][0]["message"].startswith("Total del indicador 2.1 (JI-03) es 12,854")
    text = runner.invoke(app, ["validate", str(EXAMPLES), "--lang", "es"]).stdout
    assert text.strip().endswith("11 archivos revisados, 2 errores, 0 advertencias")


def test_spanish_rule_pages() -> None:
    out = runner.invoke(app, ["rules", "V001", "--lang", "es"]).stdout
    assert "se leyó con una corrección tolerada" in out and "Por qué:" in out
    assert runner.invoke(app, ["rules", "--lang", "fr"]).exit_code == 2


def test_a_spanish_template_reads_like_the_english_one(fw: Framework, tmp_path: Path) -> None:
    wb = build_template(fw, agency="UNICEF", year=2021, lang="es")
    assert wb.sheetnames[:3] == ["Instrucciones", "Envío", "Iniciativas"]
    assert wb["Conteos"]["D1"].value == "Valor"
    assert wb["Instrucciones"]["A3"].value == "Cómo llenar este libro"
    append_rows(
        wb,
        fw,
        "initiatives",
        [
            {
                "id": "U-1",
                "title": "Protección",
                "lead": "UNICEF",
                "area": label_of(fw, "work_area", "4"),
                "effect": label_of(fw, "effect", "10"),
                "status": "Ongoing",
                "principle:HR": "Sí",
            }
        ],
    )
    append_rows(wb, fw, "counts", counts_rows(fw, "U-1", "4.3", {"Total": 5, "CSOs": 5}))
    wb.save(tmp_path / "es.xlsx")
    sub, findings = read_submission(tmp_path / "es.xlsx", fw)
    assert findings == []
    assert (sub.agency, sub.year, sub.initiatives[0].principles) == ("UNICEF", 2021, ("HR",))
    assert [(c.path, c.value) for c in sub.counts] == [((), 5), (("CSOs",), 5)]
    assert sub.sheet("counts") == "Conteos"


def test_the_committed_catalogs_are_valid_toml() -> None:
    for lang in LANGUAGES:
        tomllib.loads((ROOT / f"src/cfreport/i18n/{lang}.toml").read_text(encoding="utf-8"))


def test_why_a_file_is_refused_in_spanish(tmp_path: Path) -> None:
    empty = tmp_path / "vacío.xlsx"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["validate", str(empty), "--lang", "es"])
    assert result.exit_code == 2
    assert "el archivo está vacío" in result.stdout
    assert result.stderr.strip() == f"cfreport: {empty}: el archivo está vacío"
    english = runner.invoke(app, ["validate", str(empty)])
    assert english.stderr.strip() == f"cfreport: {empty}: the file is empty"
