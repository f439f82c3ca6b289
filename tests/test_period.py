"""`summarize --period`: the 2021 examples and the invented 2022 ones side by side, from their
folders or from the results database, with period totals only where adding years makes sense."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import EXAMPLES, ROOT
from tests.conftest import run_cli as run

SECOND = ROOT / "examples" / "2022-invented"


def period_json(*inputs: Path | str) -> dict[str, Any]:
    code, out, err = run("summarize", *map(str, inputs), "--period", "-f", "json", "-q")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def lines(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["key"]: line for line in data["lines"]}


@pytest.fixture(scope="module")
def from_folders() -> dict[str, Any]:
    return period_json(EXAMPLES, SECOND)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("period") / "results.db"
    for folder in (EXAMPLES, SECOND):
        assert run("export", str(folder), "-o", str(path), "-q")[0] == 0
    return path


def test_each_year_side_by_side_with_the_period_total_of_counts(
    from_folders: dict[str, Any],
) -> None:
    assert from_folders["years"] == [2021, 2022]
    by_key = lines(from_folders)
    csos = by_key["indicator/1.1/Federal / CSOs"]
    assert csos["values"] == {"2021": 261, "2022": 2610}
    assert csos["total"] == 2871
    # Reported in 2021 only: its 2021 value, and a total of that one year.
    assert by_key["indicator/1.3"]["values"] == {"2021": 24}
    assert by_key["indicator/1.3"]["total"] == 24
    # Initiatives, states and money go on from year to year: no period total.
    for key in ("area/1/initiatives", "area/1/coverage", "money/all/2021/required"):
        assert by_key[key]["total"] is None
    # Each report restates the framework's years of money: side by side, not added.
    assert by_key["money/all/2021/required"]["values"] == {"2021": 84750000, "2022": 84750000}


def test_states_covered_in_any_year(from_folders: dict[str, Any]) -> None:
    area1 = next(s for s in from_folders["states"] if s["area"] == "1")
    assert "CHH" in area1["by_year"]["2021"]
    assert "CHH" not in area1["by_year"]["2022"]
    assert "CHH" in area1["any_year"]
    code, out, _ = run("summarize", str(EXAMPLES), str(SECOND), "--period", "--area", "1", "-q")
    assert code == 0
    assert "in any year (not in 2022: CHH)" in out


def test_the_database_gives_the_same_period_as_the_folders(
    from_folders: dict[str, Any], db: Path
) -> None:
    from_db = period_json(db)
    assert from_db["years"] == from_folders["years"]

    def numbers(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        return {k: (v["values"], v["total"], v["codes"]) for k, v in lines(data).items()}

    assert numbers(from_db) == numbers(from_folders)
    assert from_db["states"] == from_folders["states"]
    # Each year's figure keeps the cells it came from.
    assert lines(from_db)["indicator/1.1"]["sources"]["2022"][0]["cell"]


def test_the_text_says_what_a_period_total_counts_twice() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), str(SECOND), "--period", "-q")
    assert code == 0
    assert "2021-2022" in out
    assert "people or institutions reached in several years are counted in each" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("1.1 "))
    assert row.split()[-3:] == ["294", "2,643", "2,937"]


def test_a_spanish_period_says_it_in_spanish() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), str(SECOND), "--period", "-q", "--lang", "es")
    assert code == 0
    assert "se cuentan en cada uno" in out
    assert "en algún año (no en 2022: CHH)" in out
    assert "counted in each" not in out and "in any year" not in out


def test_csv_has_a_column_per_year_and_the_period() -> None:
    code, out, _ = run("summarize", str(EXAMPLES), str(SECOND), "--period", "-f", "csv", "-q")
    assert code == 0
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["indicator/1.1"]["2021"], rows["indicator/1.1"]["2022"]) == ("294", "2643")
    assert rows["indicator/1.1"]["period"] == "2937"
    assert rows["indicator/1.3"]["2022"] == ""
    assert rows["area/1/coverage/any-year"]["period"] == "24"


def test_xlsx_is_one_sheet_of_the_years(tmp_path: Path) -> None:
    out = tmp_path / "period.xlsx"
    args = [str(EXAMPLES), str(SECOND), "--period", "-f", "xlsx", "-o", str(out), "-q"]
    code, _, _ = run("summarize", *args)
    assert code == 0
    ws = load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    total = next(r for r in values if str(r[0]).startswith("1.1 "))
    assert total[1:4] == [294, 2643, 2937]


def test_a_year_given_twice_is_refused(db: Path) -> None:
    code, _, err = run("summarize", str(EXAMPLES), str(db), "--period", "-q")
    assert code == 2
    assert err.count("\n") == 1 and "2021 is given twice" in err


def test_the_period_is_a_view_of_its_own() -> None:
    code, _, err = run("summarize", str(EXAMPLES), "--period", "--compare", str(SECOND))
    assert code == 2 and "--period cannot be combined with --compare" in err


def test_a_file_that_cannot_be_read_is_named_and_left_out(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_text("not a workbook")
    code, out, err = run("summarize", str(EXAMPLES), str(bad), "--period", "-q")
    assert code == 2
    assert "broken.xlsx" in err and "2021" in out
