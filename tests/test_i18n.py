"""Spanish and English: one catalog per language, the same codes and exit codes in both."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from cfreport import i18n
from cfreport.checks import all_rules
from cfreport.cli import app
from cfreport.framework import Framework
from cfreport.i18n import LANGUAGES, Sections, catalog
from cfreport.workbook.fill import append_rows, counts_rows
from cfreport.workbook.reader import read_submission
from cfreport.workbook.template import build_template
from tests.conftest import EXAMPLES, ROOT, edited_copy

runner = CliRunner()


def _keys(data: Mapping[str, Any], prefix: str = "") -> set[str]:
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
    assert text.strip().endswith("11 archivos revisados, 2 errores, 1 advertencia")


def test_spanish_rule_pages() -> None:
    out = runner.invoke(app, ["rules", "V001", "--lang", "es"]).stdout
    assert "se leyó con una corrección tolerada" in out and "Por qué:" in out
    assert runner.invoke(app, ["rules", "--lang", "xx"]).exit_code == 2


def test_a_spanish_template_reads_like_the_english_one(fw: Framework, tmp_path: Path) -> None:
    wb = build_template(fw, agency="UNICEF", year=2021, lang="es")
    assert wb.sheetnames[:3] == ["Instrucciones", "Envío", "Iniciativas"]
    assert wb["Conteos"]["D1"].value == "Valor"
    assert wb["Instrucciones"]["A3"].value == "Cómo llenar este libro"
    headers = [c.value for c in wb["Iniciativas"][1]]
    assert "Derechos humanos" in headers and "Perspectiva de género" in headers
    assert any(str(h).startswith("Contribuye a: Información") for h in headers)
    lists = wb["Listas"]
    offered = {lists.cell(row=r, column=c).value for r in range(2, 30) for c in range(1, 12)}
    assert "1 — Igualdad e inclusión" in offered and "WOMEN — Mujeres y niñas" in offered
    every = {c.value for line in lists.iter_rows() for c in line}
    assert "Sector privado / Sindicatos" in every and "Private sector / Unions" not in every
    # Every coded value in Spanish: statuses, the federal level, the Yes/No of the flags.
    assert {"En curso", "Por iniciar", "Nivel federal"} <= every
    assert not {"Ongoing", "About to start", "Federal level", "Yes"} & every
    flags = {dv.formula1 for dv in wb["Iniciativas"].data_validations.dataValidation}
    assert '"Sí,No"' in flags and '"Yes,No"' not in flags
    append_rows(
        wb,
        fw,
        "initiatives",
        [
            {
                "id": "U-1",
                "title": "Protección",
                "lead": "UNICEF",
                # What the Spanish dropdowns offer: the framework's names in Spanish.
                "area": "4 — Paz, justicia y Estado de derecho",
                "effect": "10 — Promoción, protección y respeto del pleno ejercicio de los "
                "derechos humanos y acceso a la justicia",
                # What the Spanish hints and dropdowns say, typed as they say it.
                "status": "En curso",
                "principle:HR": "Sí",
                "principle:GEN": "No",
            }
        ],
    )
    append_rows(wb, fw, "states", [{"initiative": "U-1", "code": "Nivel federal"}])
    spanish_43 = "4.3 — Instituciones fortalecidas en la protección, asistencia e integración de "
    spanish_43 += "personas migrantes y refugiadas"
    rows = counts_rows(fw, "U-1", "4.3", {"Total": 7, "CSOs": 5, "Private sector/Unions": 2})
    for row, category in zip(rows, ("Total", "OSC", "Sector privado / Sindicatos"), strict=True):
        row.update(indicator=spanish_43, category=category)
    append_rows(wb, fw, "counts", rows)
    # Typed, not picked: read with a warning, as in English.
    append_rows(wb, fw, "counts", [{**rows[1], "category": "osc ", "initiative": "U-2"}])
    wb.save(tmp_path / "es.xlsx")
    sub, findings = read_submission(tmp_path / "es.xlsx", fw)
    assert [(f.code, f.cell) for f in findings] == [("V001", "C5")]
    assert (sub.agency, sub.year, sub.initiatives[0].principles) == ("UNICEF", 2021, ("HR",))
    assert sub.initiatives[0].status == "Ongoing" and sub.states[0].code == "FED"
    assert [(c.indicator, c.path, c.value) for c in sub.counts] == [
        ("4.3", (), 7),
        ("4.3", ("CSOs",), 5),
        ("4.3", ("Private sector", "Unions"), 2),
        ("4.3", ("CSOs",), 5),
    ]
    # The categories are the framework's own, whatever the language of the template.
    assert sub.counts[2].category == "Private sector / Unions"
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


def test_a_spanish_summary_speaks_spanish_and_counts_the_same(tmp_path: Path) -> None:
    en = runner.invoke(app, ["summarize", str(EXAMPLES), "--area", "4", "-q"])
    es = runner.invoke(app, ["summarize", str(EXAMPLES), "--area", "4", "-q", "--lang", "es"])
    assert en.exit_code == es.exit_code == 0
    assert "Área 4. Paz, justicia y Estado de derecho" in es.stdout
    assert "4.3 Instituciones fortalecidas en la protección" in es.stdout
    assert "Trabajamos en: 24 entidades federativas y el nivel federal" in es.stdout
    assert "Area 4. Peace, justice, and the rule of law" in en.stdout

    def numbers(text: str) -> list[str]:
        return [w for w in text.replace(",", "").split() if w.isdigit()]

    # The same figures, in the same order, whatever the language.
    assert numbers(es.stdout) == numbers(en.stdout)

    book = tmp_path / "resumen.xlsx"
    runner.invoke(app, ["summarize", str(EXAMPLES), "-f", "xlsx", "-o", str(book), "--lang", "es"])
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[0] == "Resumen" and "Fuentes" in wb.sheetnames
    assert wb["Resumen"]["A1"].value.startswith("Marco de Cooperación")


def test_the_language_setting_applies_to_summarize(tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "cfreport.toml").write_text('lang = "es"\n')
    monkeypatch.chdir(tmp_path)
    out = runner.invoke(app, ["summarize", str(EXAMPLES), "--area", "1", "-q"]).stdout
    assert "Área 1. Igualdad e inclusión" in out


def test_why_a_file_is_left_out_of_a_summary_in_spanish() -> None:
    result = runner.invoke(
        app, ["summarize", str(EXAMPLES), "--only-valid", "--lang", "es", "-q", "--area", "1"]
    )
    assert result.exit_code == 0
    assert "se dejó fuera" in result.stderr and "tiene errores (--only-valid)" in result.stderr


TEXT_FIELDS = {"message", "summary", "why", "bad", "good"}
"""The JSON fields worded for people (docs/json-report.md); all else is the same in every
language."""


def _without_text(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_text(v) for k, v in data.items() if k not in TEXT_FIELDS}
    if isinstance(data, list):
        return [_without_text(v) for v in data]
    return data


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{examples}", "{messy}", "{broken}"],
        ["summarize", "{examples}", "{messy}", "{broken}", "--only-valid"],
        ["summarize", "{examples}", "--against", "{published}"],
        ["summarize", "{examples}", "{other_year}", "--year", "2021"],
        ["status", "{examples}", "{messy}"],
        ["rules"],
        ["rules", "T001"],
        ["framework"],
    ],
    ids=lambda c: " ".join(w for w in c if not w.startswith("{")),
)
def test_json_is_the_same_in_every_language_but_for_text_for_people(
    command: list[str], tmp_path: Path
) -> None:
    messy = edited_copy(
        EXAMPLES / "unicef-2021.xlsx",
        tmp_path / "unicef-messy-2021.xlsx",
        [["Counts", "D3", 7], ["States", "B2", "Nueva York"], ["States", "B3", "oaxaca"]],
    )
    other_year = edited_copy(
        EXAMPLES / "fao-2021.xlsx", tmp_path / "fao-2022.xlsx", [["Submission", "B3", 2022]]
    )
    (tmp_path / "broken.xlsx").write_text("not a workbook")
    names = {
        "examples": str(EXAMPLES),
        "messy": str(messy),
        "published": str(EXAMPLES / "published.toml"),
        "other_year": str(other_year),
        "broken": str(tmp_path / "broken.xlsx"),
    }
    args = [a.format(**names) for a in command] + ["--format", "json"]
    if command[0] in ("validate", "summarize", "status"):
        args += ["--jobs", "1"]
    en = runner.invoke(app, args)
    es = runner.invoke(app, [*args, "--lang", "es"])
    assert en.exit_code == es.exit_code and en.exit_code in (0, 1, 2), en.stderr
    english, spanish = json.loads(en.stdout), json.loads(es.stdout)
    assert _without_text(english) == _without_text(spanish)
    assert english != spanish or command[0] in ("status", "framework")  # something is worded


def test_a_money_column_is_named_in_the_language_of_the_run(tmp_path: Path) -> None:
    """A header made from the currency ('Required ({currency})') is worded like any other."""
    path = edited_copy(EXAMPLES / "undp-2021.xlsx", tmp_path / "u.xlsx", [["Money", "C2", "x"]])
    es = runner.invoke(app, ["validate", str(path), "--lang", "es"]).stdout
    en = runner.invoke(app, ["validate", str(path)]).stdout
    assert "Requerido (USD): se esperaba un número" in es
    assert "Required (USD): expected a number" in en


def test_a_value_not_in_a_list_says_the_closest_ones(fw: Framework, tmp_path: Path) -> None:
    from tests.conftest import VALID, edited_copy

    path = edited_copy(
        VALID,
        tmp_path / "typos.xlsx",
        [
            ["States", "B2", "Cuidad de Mexico"],
            ["Initiatives", "F2", "En curzo"],
            ["States", "B3", "Atlantis"],
        ],
    )
    from cfreport.validate import check_submission

    by_cell = {f.cell: f for f in check_submission(read_submission(path, fw)[0], fw)}
    assert by_cell["B2"].text().endswith("did you mean Ciudad de México, México?")
    assert by_cell["B2"].text("es").endswith("¿quiso decir Ciudad de México, México?")
    # The suggestion is what the user would type, in the language of the label that matched.
    assert by_cell["F2"].text("es").endswith("¿quiso decir En curso?")
    assert "did you mean" not in by_cell["B3"].text()  # nothing close: nothing suggested


def test_numbers_are_shown_as_typed_and_dot_thousands_get_a_hint(
    fw: Framework, tmp_path: Path
) -> None:
    from tests.conftest import VALID, edited_copy

    path = edited_copy(
        VALID, tmp_path / "n.xlsx", [["Counts", "D2", 12.5], ["Counts", "D3", "1.200"]]
    )
    _, findings = read_submission(path, fw)
    v003 = {f.cell: f for f in findings if f.code == "V003"}
    assert v003["D2"].text().endswith("found 12.5")
    assert v003["D3"].text("es").endswith("¿quiso decir 1200?")


def test_cfreports_own_errors_in_the_language_of_the_run(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["validate", str(tmp_path / "empty"), "--lang", "es"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("no hay ningún libro .xlsx o .xlsm en esta carpeta")
    summarized = runner.invoke(app, ["summarize", str(tmp_path / "empty"), "--lang", "es"])
    assert "no hay ningún libro" in summarized.stderr
    english = runner.invoke(app, ["validate", str(tmp_path / "empty")])
    assert english.stderr.strip().endswith("no .xlsx or .xlsm workbook in this folder")


def test_every_error_of_cfreports_own_in_spanish(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cfreport.toml").write_text('lang = "es"\nselect = ["Z9"]\n', encoding="utf-8")
    # The language comes from the configuration file, and so does the mistake.
    bad_code = runner.invoke(app, ["validate", str(EXAMPLES)])
    assert bad_code.exit_code == 2
    assert "cfreport.toml: código de regla desconocido 'Z9'" in bad_code.stderr
    (tmp_path / "cfreport.toml").write_text('lang = "es"\njobs = "dos"\n', encoding="utf-8")
    wrong = runner.invoke(app, ["validate", str(EXAMPLES)])
    assert wrong.stderr.strip().endswith("jobs: debe ser un número entero"), wrong.stderr
    (tmp_path / "cfreport.toml").unlink()
    missing = runner.invoke(
        app, ["summarize", str(EXAMPLES), "-o", "no/such/dir/s.md", "--lang", "es"]
    )
    assert "no/such/dir/s.md: no se puede escribir: no existe el archivo o la carpeta" in (
        missing.stderr
    )
    agency = runner.invoke(app, ["template", "--agency", "UNISEF", "--lang", "es"])
    assert agency.stderr.strip().endswith("¿quiso decir UNICEF, UNAIDS, UNIC?")
    english = runner.invoke(app, ["template", "--agency", "UNISEF"])
    assert "unknown agency 'UNISEF'" in english.stderr and "did you mean UNICEF" in english.stderr


def test_stamp_findings_name_the_row_in_the_run_language(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cfreport.cli import app
    from tests.conftest import VALID, edited_copy

    no_framework = edited_copy(VALID, tmp_path / "a.xlsx", [["Submission", "B6", ""]])
    no_stamp = edited_copy(VALID, tmp_path / "b.xlsx", [["Submission", "A7", "x"]])
    result = CliRunner().invoke(app, ["validate", str(no_framework), str(no_stamp), "--lang", "es"])
    said = result.stdout + result.stderr
    assert "('Marco')" in said and "'Versión de la plantilla'" in said
    assert "Framework" not in said and "Template version" not in said


@pytest.mark.parametrize(
    ("text", "spanish"),
    [
        ("x = [1,\n", "un error de sintaxis al final del archivo"),
        ("a = 1\nb = \n", "un error de sintaxis en la línea 2, columna 5"),
        ("a = 1\na = 2\n", "un error de sintaxis en la línea 2, columna 6"),
    ],
)
def test_a_toml_syntax_error_is_said_in_spanish_with_where(text: str, spanish: str) -> None:
    import tomllib

    from cfreport.i18n import exception_reason

    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(text)
    assert exception_reason(info.value, "es").startswith(spanish)
    assert exception_reason(info.value, "en") == str(info.value)


@pytest.mark.parametrize(
    ("lang", "export_line", "subtitle"),
    [
        ("en", "written: 1 submission (1 counted), ", "1 submission from 1 agency"),
        ("es", "escrito: 1 envío (1 contado), ", "1 envío de 1 agencia"),
    ],
)
def test_a_count_of_one_reads_in_the_singular(
    lang: str, export_line: str, subtitle: str, tmp_path: Path
) -> None:
    """One workbook exported or drafted into pages: '1 submissions from 1 agencies' was what a
    country team's first run of the season printed."""
    one = str(EXAMPLES / "undp-2021.xlsx")
    export = runner.invoke(app, ["export", one, "-o", str(tmp_path / "r.db"), "--lang", lang])
    assert export.exit_code == 0 and export_line in export.stdout
    page = tmp_path / "report.html"
    report = runner.invoke(app, ["report", one, "-o", str(page), "--lang", lang])
    assert report.exit_code == 0 and subtitle in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_catalog_read_a_table_at_a_time_reads_as_the_whole(lang: str) -> None:
    """Each top-level table parsed alone (as a command reads the catalogs) is what the whole
    file parses to; a table header written inside a multi-line text is not taken for one."""
    text = (Path(i18n.__file__).parent / f"{lang}.toml").read_text(encoding="utf-8")
    whole = tomllib.loads(text)
    assert {key: Sections(text)[key] for key in whole} == whole
    tricky = 'a = 1\n[ui]\nx = """\n[words]\ny = 2\n"""\n[words]\nz = 3\n[ui.more]\nw = 4\n'
    assert {key: Sections(tricky)[key] for key in ("a", "ui", "words")} == tomllib.loads(tricky)


def test_a_total_with_one_part_says_its_sum_without_an_empty_list_of_parts() -> None:
    """T001 lists the parts only where there are several: one part was said '1(empty)'."""
    from cfreport.i18n import rule_message

    params = {"category": "Municipal", "indicator": "1.1", "initiative": "UNICEF-01"}
    params |= {"found": 2, "expected": 1, "gap": 1, "difference": "@parts_short"}
    english = rule_message("T001", {**params, "parts": "@one_part"})
    spanish = rule_message("T001", {**params, "parts": "@one_part"}, "es")
    assert "add to 1: 1 missing from the parts" in english
    assert "suman 1: faltan en las partes" in spanish
    assert "(1 + 2)" in rule_message("T001", {**params, "parts": " (1 + 2)"})
