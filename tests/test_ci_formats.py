"""The formats for CI: GitHub annotations and job summary, JUnit, SARIF, CSV; the ready workflow."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.findings import Finding, Severity
from cfreport.render import render_text
from cfreport.report import FileResult, Report
from tests.conftest import EXAMPLES, ROOT, VALID, edited_copy

runner = CliRunner()


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The examples with one unreadable file among them."""
    folder = tmp_path / "submissions"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("source", "*.md", "*.toml"))
    (folder / "broken.xlsx").write_text("not a workbook")
    return folder


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_github_annotations_one_per_finding_and_the_job_summary(
    batch: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    code, out = run(
        "validate", str(batch), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert code == 2
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 4  # F001, two T001 and UNICEF's JI-04 without counts (S005)
    assert any(
        line.startswith("::error file=") and "title=T001 Counts!D4::" in line for line in commands
    )
    assert "broken.xlsx" in out
    table = summary.read_text()
    assert "| file | cell | code | severity | message |" in table
    assert table.count("| T001 |") == 2
    spanish = tmp_path / "resumen.md"
    run(
        "validate",
        str(batch),
        "--format",
        "github",
        "--lang",
        "es",
        env={"GITHUB_STEP_SUMMARY": str(spanish)},
    )
    assert "| archivo | celda | código | gravedad | mensaje |" in spanish.read_text()
    assert "12 archivos revisados, 3 errores" in spanish.read_text()


def test_a_title_cannot_inject_a_workflow_command() -> None:
    finding = Finding(
        code="C104",
        severity=Severity.ERROR,
        file="a,b:c.xlsx",
        sheet="S",
        cell="A1",
        found="x\n::warning::injected %0A",
        params={"column": "Agency"},
    )
    report = Report(
        files=(FileResult(file="a,b:c.xlsx", status="invalid", errors=1),), findings=(finding,)
    )
    (line, _) = render_text("validate", "github", report).splitlines()
    assert line == (
        "::error file=a%2Cb%3Ac.xlsx,title=C104 S!A1::"
        # The line break is spelled out: a message is one line, whatever a cell holds.
        "Agency: 'x\\n::warning::injected %250A' is not an agency of the framework"
    )


def test_junit_has_a_case_per_file_and_a_failure_per_error(batch: Path) -> None:
    code, out = run("validate", str(batch), "--format", "junit")
    assert code == 2
    suite = ET.fromstring(out)
    assert suite.tag == "testsuite"
    cases = {Path(c.get("name", "")).name: c for c in suite.iter("testcase")}
    assert len(cases) == 12
    assert [f.get("type") for f in cases["ilo-2021.xlsx"].iter("failure")] == ["T001"]
    assert cases["broken.xlsx"].find("error") is not None
    assert cases["undp-2021.xlsx"].find("failure") is None
    assert suite.get("tests") == "12" and suite.get("failures") == "2"
    assert "unicef-2021.xlsx: Initiatives!A3 S005" in (suite.findtext("system-out") or "")


@pytest.mark.parametrize("schema", ["junit-ant.xsd", "junit-lenient.xsd"])
def test_junit_is_valid_for_strict_and_lenient_readers(
    batch: Path, tmp_path: Path, schema: str
) -> None:
    import xmlschema

    # A file with several errors: still one failure in its case, every error listed in it.
    (batch / "undp-2021.xlsx").unlink()  # the messy copy is UNDP's workbook for the year
    edited_copy(VALID, batch / "messy.xlsx", [["Counts", "D3", 7], ["Counts", "D4", "doce"]])
    _, out = run("validate", str(batch), "--format", "junit")
    xmlschema.XMLSchema(ROOT / "tests/data" / schema).validate(out)
    messy = next(c for c in ET.fromstring(out).iter("testcase") if "messy" in c.get("name", ""))
    (failure,) = messy.findall("failure")
    assert failure.get("type") == "T001, V002" and len((failure.text or "").splitlines()) == 3


def test_junitparser_recounts_the_same_numbers(batch: Path, tmp_path: Path) -> None:
    from junitparser import JUnitXml

    _, out = run("validate", str(batch), "--format", "junit")
    path = tmp_path / "report.xml"
    path.write_text(out, encoding="utf-8")
    (suite,) = list(JUnitXml.fromfile(str(path)))
    before = (suite.tests, suite.failures, suite.errors, suite.skipped, suite.time)
    suite.update_statistics()  # recounted from the cases
    after = (suite.tests, suite.failures, suite.errors, suite.skipped, suite.time)
    assert after == before == (12, 2, 1, 0, 0)
    assert {c.name for c in suite if not c.is_passed} == {
        str(batch / n) for n in ("broken.xlsx", "ilo-2021.xlsx", "unhcr-2021.xlsx")
    }


def test_sarif_carries_the_catalog_and_the_cell_as_logical_location(batch: Path) -> None:
    code, out = run("validate", str(batch), "--format", "sarif")
    assert code == 2
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert {"T001", "F001", "C104"} <= {r["id"] for r in rules}
    results = run_["results"]
    assert len(results) == 4
    t001 = next(r for r in results if r["ruleId"] == "T001")
    assert rules[t001["ruleIndex"]]["id"] == "T001"
    assert t001["level"] == "error"
    assert t001["locations"][0]["logicalLocations"][0]["name"] == "Counts!D4"
    assert t001["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".xlsx")


def test_findings_as_csv(batch: Path) -> None:
    code, out = run("validate", str(batch), "--format", "csv")
    assert code == 2
    records = list(csv.DictReader(io.StringIO(out)))
    assert [(Path(r["file"]).name, r["cell"], r["code"]) for r in records] == [
        ("broken.xlsx", "", "F001"),
        ("ilo-2021.xlsx", "D4", "T001"),
        ("unhcr-2021.xlsx", "D2", "T001"),
        ("unicef-2021.xlsx", "A3", "S005"),
    ]


def test_the_ready_workflow_uses_the_action_with_least_permissions() -> None:
    workflow = (ROOT / "examples/ci/github-workflow.yml").read_text()
    assert "uses: OWNER/cfreport@" in workflow and "pip install" not in workflow
    permissions = workflow.split("\npermissions:\n", 1)[1].split("\njobs:", 1)[0]
    granted = {line.split(":")[0].strip() for line in permissions.splitlines() if line.strip()}
    assert granted == {"contents", "security-events", "actions"}
    assert "write" not in permissions.split("security-events")[0]  # contents: read


def test_the_pre_commit_hook_runs_cfreport_validate() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "entry: cfreport validate" in hooks and r"files: \.(xlsx|xlsm|ods|xls|xlsb)$" in hooks
    assert "pass_filenames: false" in hooks  # the folder hook: the checks across workbooks


def test_sarif_is_read_by_a_sarif_parser(batch: Path) -> None:
    from sarif_pydantic import Sarif

    _, out = run("validate", str(batch), "--format", "sarif")
    log = Sarif.model_validate_json(out)
    (sarif_run,) = log.runs
    assert sarif_run.tool.driver.name == "cfreport"
    assert {r.id for r in sarif_run.tool.driver.rules or []} >= {"T001", "F001"}
    levels = sorted(str(r.level.value if r.level else "") for r in sarif_run.results or [])
    assert levels == ["error", "error", "error", "warning"]


def test_a_reference_names_the_sheet_as_excel_does_and_findings_follow_the_tabs() -> None:
    import cfreport.workbook.layout  # noqa: F401  (declares the template's tab order)
    from cfreport.checks.registry import RULES

    c105 = RULES["C105"].finding("a.xlsx", "Participating agencies", "B2", found="x")
    assert c105.location == "'Participating agencies'!B2"
    assert RULES["T001"].finding("a.xlsx", "Counts", "D2").location == "Counts!D2"
    on = [
        RULES["V002"].finding("a.xlsx", sheet, "A2")
        for sheet in ("Money", "Counts", "Entidades", "Initiatives", "Submission")
    ]
    ordered = [f.sheet for f in sorted(on, key=lambda f: f.sort_key())]
    assert ordered == ["Submission", "Initiatives", "Entidades", "Counts", "Money"]


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    """Submissions named as people name files: accents, spaces, '#' and '%'."""
    folder = tmp_path / "envíos 2021"
    folder.mkdir()
    for source, name in (
        ("un-women-2021.xlsx", "Envío ONU Mujeres #2.xlsx"),
        ("ilo-2021.xlsx", "OIT 100% final.xlsx"),
        ("unhcr-2021.xlsx", "acnur [v3].xlsx"),
    ):
        shutil.copy(EXAMPLES / source, folder / name)
    return folder


def _sarif_errors(text: str) -> list[str]:
    import jsonschema

    schema = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(
        schema,
        format_checker=jsonschema.FormatChecker(),  # every format, uri-reference too
    )
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(json.loads(text))
    ]


def test_uri_reference_is_really_checked() -> None:
    # rfc3987 installed: the schema's uri-reference format rejects what a raw file name is.
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "artifacts": [{"location": {"uri": "Envío ONU Mujeres #2.xlsx"}}],
            }
        ],
    }
    assert _sarif_errors(json.dumps(bad))


@pytest.mark.parametrize("relative", [True, False])
def test_sarif_from_odd_file_names_is_valid_against_the_official_schema(
    odd_names: Path, relative: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if relative:
        monkeypatch.chdir(odd_names.parent)
    target = odd_names.name if relative else str(odd_names)
    _, out = run("validate", target, "--format", "sarif")
    assert _sarif_errors(out) == []
    results = json.loads(out)["runs"][0]["results"]
    t001 = next(r for r in results if r["ruleId"] == "T001")
    physical = t001["locations"][0]["physicalLocation"]
    assert physical["region"] == {"startLine": 4, "startColumn": 4}  # Counts!D4
    assert t001["message"]["text"].startswith("Counts!D4: ")
    assert t001["properties"]["sheet"] == "Counts" and t001["properties"]["cell"] == "D4"
    uri = physical["artifactLocation"]["uri"]
    assert uri.endswith("OIT%20100%25%20final.xlsx")
    assert uri.startswith(
        "envíos" if False else ("env%C3%ADos%202021/" if relative else "file:///")
    )


def _duckdb(path: Path) -> tuple[list[str], list[str], list[tuple[object, ...]]]:
    import duckdb

    relation = duckdb.read_csv(str(path))
    types = [str(t) for t in relation.dtypes]
    # Every value as text, so that no time zone library is needed to fetch a timestamp.
    rows = duckdb.sql(
        "SELECT " + ", ".join(f'"{c}"::VARCHAR' for c in relation.columns) + " FROM relation"
    ).fetchall()
    typed = [
        tuple(
            None if v is None else int(v) if t == "BIGINT" else float(v) if t == "DOUBLE" else v
            for v, t in zip(row, types, strict=True)
        )
        for row in rows
    ]
    return relation.columns, types, typed


def test_every_csv_reads_with_its_types_and_accents_in_duckdb(batch: Path, tmp_path: Path) -> None:
    (batch / "broken.xlsx").unlink()
    # A negative count and a count typed with a decimal: numbers, never text like '-5.0.
    edited_copy(VALID, batch / "undp-2021.xlsx", [["Counts", "D5", -5], ["Counts", "D6", 2.5]])
    outputs = {}
    for command in ("validate", "summarize", "status"):
        path = tmp_path / f"{command}.csv"
        runner.invoke(app, [command, str(batch), "-f", "csv", "-o", str(path), "--lang", "es"])
        # Meant for Excel: a file starts with the UTF-8 byte-order mark.
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf", command
        outputs[command] = _duckdb(path)

    columns, types, rows = outputs["validate"]
    found = dict(zip(columns, types, strict=True))
    assert found["found"] == "DOUBLE"  # -5 and 2.5: numbers, not '-5.0 as text
    v004 = next(r for r in rows if r[columns.index("code")] == "V004")
    assert v004[columns.index("found")] == -5

    columns, types, rows = outputs["summarize"]
    typed = dict(zip(columns, types, strict=True))
    assert typed["value"] in ("BIGINT", "DOUBLE") and typed["year"] == "BIGINT"
    assert typed["depth"] == "BIGINT"
    by = {c: columns.index(c) for c in columns}
    total = next(r for r in rows if r[by["section"]] == "indicator" and r[by["indicator"]] == "4.3")
    assert total[by["value"]] == 281
    csos = next(r for r in rows if r[by["indicator"]] == "4.3" and r[by["category"]] == "CSOs")
    assert csos[by["value"]] == 111 and csos[by["item"]] == "OSC"
    money = [r for r in rows if r[by["section"]] == "money" and r[by["year"]] == 2021]
    assert {r[by["measure"]] for r in money} == {"required", "available", "gap"}
    assert {r[by["area"]] for r in money} == {"all"}
    by_area = [r for r in rows if r[by["section"]] == "money" and r[by["area"]] == "1"]
    assert {r[by["measure"]] for r in by_area} == {"required", "available", "gap"}
    assert any("formulación" in str(r[by["item"]]) for r in rows)  # accents intact
    coverage = next(r for r in rows if r[by["section"]] == "coverage")
    assert coverage[by["value"]] is None and "entidades" in coverage[by["text"]]

    columns, types, rows = outputs["status"]
    assert len(rows) == 28  # every agency of the framework
    typed = dict(zip(columns, types, strict=True))
    assert typed["errores"] == "BIGINT" and typed["última modificación"].startswith("TIMESTAMP")


def test_csv_on_standard_output_has_no_bom_unless_asked(batch: Path) -> None:
    _, plain = run("validate", str(batch), "-f", "csv")
    assert not plain.startswith("\ufeff")
    _, marked = run("validate", str(batch), "-f", "csv", "--bom")
    assert marked.startswith("\ufeff")
