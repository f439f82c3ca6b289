"""`cfreport export`: one SQLite file with every year, opened by sqlite3 and DuckDB as a user
would, re-exports that touch only their year, an interrupted export that changes nothing, and
the upgrade of a file an older cfreport wrote."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cfreport.database import schema, store
from cfreport.export import export_paths
from cfreport.framework import Framework
from cfreport.inputs import discover
from tests.conftest import EXAMPLES, ROOT
from tests.conftest import run_cli as run

SECOND = ROOT / "examples" / "2022-invented"
DOC = ROOT / "docs" / "results-db.md"
OLD_DB = ROOT / "tests" / "data" / "results-v1.db"


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def year_rows(db: Path, year: int) -> dict[str, list[tuple[object, ...]]]:
    """Every row of one year in every table, except when it was read."""
    out = {}
    for table in schema.TABLES_BY_YEAR:
        found = rows(db, f"SELECT * FROM {table} WHERE year = ? ORDER BY 1, 2, 3", year)
        if table == "submissions":
            found = [r[:7] + r[8:] for r in found]  # read_at
        out[table] = sorted(found, key=repr)
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "results.db"
    assert run("export", str(EXAMPLES), "-o", str(db))[0] == 0
    assert run("export", str(SECOND), "-o", str(db))[0] == 0
    return db


def test_two_exports_give_one_file_with_both_years(both: Path) -> None:
    assert rows(both, "SELECT DISTINCT year FROM figures ORDER BY year") == [(2021,), (2022,)]
    assert rows(both, "SELECT count(*) FROM submissions GROUP BY year") == [(11,), (11,)]
    # The figures are the summary's, with their cells: 1.1 in 2021 as the report printed it.
    assert rows(both, "SELECT value FROM figures WHERE year = 2021 AND key = 'indicator/1.1'") == [
        (294.0,)
    ]
    cells = rows(
        both,
        "SELECT file, sheet, cell FROM figure_sources WHERE year = 2021 AND key = 'indicator/1.1'",
    )
    assert [Path(f).name for f, _, _ in cells] == ["undp-2021.xlsx", "unicef-2021.xlsx"]
    assert {(s, c) for _, s, c in cells} == {("Counts", "D2")}
    # The report's two totals that do not add up are findings of 2021, in the file.
    codes = rows(both, "SELECT code FROM findings WHERE year = 2021 AND severity = 'error'")
    assert codes == [("T001",), ("T001",)]
    assert rows(both, "PRAGMA user_version") == [(schema.VERSION,)]


def test_a_year_exported_again_changes_nothing_else(both: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    shutil.copy(both, db)
    before_2021, before_2022 = year_rows(db, 2021), year_rows(db, 2022)
    assert run("export", str(SECOND), "-o", str(db))[0] == 0
    assert year_rows(db, 2021) == before_2021
    assert year_rows(db, 2022) == before_2022  # the same year again: the same rows, not twice


def test_every_share_adds_up_to_its_figure(both: Path) -> None:
    sums = rows(
        both,
        "SELECT f.year, f.key, f.value, SUM(s.value) FROM figures AS f "
        "JOIN figure_shares AS s ON s.year = f.year AND s.key = f.key GROUP BY f.year, f.key",
    )
    assert len(sums) > 150
    assert all(abs(value - total) < 0.01 for _, _, value, total in sums)
    # A joint initiative counts under its lead, its other agencies named.
    partners = rows(
        both,
        "SELECT partners FROM figure_shares WHERE year = 2021 AND key = 'indicator/2.1' "
        "AND agency = 'ILO'",
    )
    assert partners == [("UN Women, UNHCR",)]


def doc_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_documented_queries_run_in_sqlite3(both: Path) -> None:
    assert len(doc_queries()) >= 5
    results = [rows(both, q) for q in doc_queries()]
    assert all(results)
    by_agency = results[0]
    assert (2021, "UNDP", 291.0) in by_agency and (2022, "UNDP", 2640.0) in by_agency


def _duckdb_with_sqlite():  # type: ignore[no-untyped-def]
    duckdb = pytest.importorskip("duckdb")
    try:
        import duckdb_extension_sqlite_scanner as ext
    except ImportError:
        pytest.skip("the duckdb-extension-sqlite-scanner wheel is not installed")
    found = sorted(Path(ext.__file__).parent.rglob("*.duckdb_extension"))
    if not found:
        pytest.skip("no sqlite extension file in its wheel")
    con = duckdb.connect()
    con.execute(f"LOAD '{found[0]}'")
    return con


@pytest.mark.duckdb
def test_duckdb_reads_the_file_and_runs_the_documented_queries(both: Path) -> None:
    con = _duckdb_with_sqlite()
    con.execute(f"ATTACH '{both}' AS results (TYPE sqlite, READ_ONLY)")
    con.execute("USE results")
    for query in doc_queries():
        assert con.execute(query).fetchall() == rows(both, query), query
    by_year = con.execute(doc_queries()[1]).fetchall()
    assert ("1.1", 294.0, 2643.0) in by_year


def test_an_interrupted_export_leaves_the_file_as_it_was(
    both: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fw: Framework
) -> None:
    db = tmp_path / "kept.db"
    shutil.copy(both, db)
    before = db.read_bytes()
    real = store._write_figures

    def interrupted(*args: Any) -> None:
        real(*args)  # the year's old rows deleted and most new ones written: then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_write_figures", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_paths(discover([str(SECOND)]), fw, db)
    assert db.read_bytes() == before
    assert year_rows(db, 2022)["figures"]  # the year it was replacing is still there


def test_a_file_written_by_schema_1_is_upgraded_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(OLD_DB, db)
    assert rows(db, "PRAGMA user_version") == [(1,)]
    code, out, _ = run("export", str(SECOND), "-o", str(db))
    assert code == 0
    assert "upgraded from schema version 1 to 2" in out
    assert rows(db, "PRAGMA user_version") == [(2,)]
    # The years already there get their shares from the cells behind each figure.
    shares = rows(
        db,
        "SELECT agency, value FROM figure_shares WHERE year = 2021 AND key = 'indicator/1.1' "
        "ORDER BY agency",
    )
    assert shares == [("UNDP", 291.0), ("UNICEF", 3.0)]
    assert rows(db, "SELECT DISTINCT year FROM figures ORDER BY year") == [(2021,), (2022,)]


def test_a_file_cfreport_did_not_write_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    text = tmp_path / "notes.db"
    text.write_text("my notes\n" * 20, encoding="utf-8")
    for target, words in ((other, "did not write"), (text, "not a SQLite database")):
        before = target.read_bytes()
        code, _, err = run("export", str(EXAMPLES), "-o", str(target))
        assert code == 2
        assert err.count("\n") == 1 and words in err and str(target) in err
        assert target.read_bytes() == before


def test_export_needs_a_file_and_never_writes_over_an_input(tmp_path: Path) -> None:
    code, _, err = run("export", str(EXAMPLES))
    assert code == 2 and "-o" in err
    workbook = tmp_path / "undp.xlsx"
    shutil.copy(EXAMPLES / "undp-2021.xlsx", workbook)
    before = workbook.read_bytes()
    code, _, err = run("export", str(workbook), "-o", str(workbook))
    assert code == 2 and "one of the inputs" in err
    assert workbook.read_bytes() == before


def test_an_unreadable_file_is_named_and_the_others_exported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("source", "*.md", "*.toml"))
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    db = tmp_path / "r.db"
    code, out, err = run("export", str(folder), "-o", str(db))
    assert code == 2
    assert "broken.xlsx" in err and "2021 written" in out
    assert rows(db, "SELECT left_out FROM submissions WHERE file LIKE '%broken.xlsx'") == [
        ("unreadable",)
    ]


def test_the_spanish_run_says_it_in_spanish(tmp_path: Path) -> None:
    code, out, _ = run("export", str(EXAMPLES), "-o", str(tmp_path / "r.db"), "--lang", "es")
    assert code == 0 and "escrito" in out and "written" not in out


def test_an_export_keeps_each_workbook_out_of_memory_and_writes_all_its_rows(
    fw: Framework, tmp_path: Path
) -> None:
    """Export reads as summarize does: each workbook waits in the readings' spill until its
    rows are written (held whole, 3,000 workbooks took 850 MiB), and every row still arrives."""
    from cfreport.summarize import Filed
    from cfreport.workbook.reader import read_submission

    db = tmp_path / "results.db"
    paths = discover([str(EXAMPLES)], [])
    _, readings = export_paths(paths, fw, db, jobs=2)
    assert readings.submissions and all(isinstance(s, Filed) for s in readings.submissions)
    for path in paths:
        sub, _ = read_submission(path, fw)
        file = str(path)
        assert rows(db, "SELECT row, value FROM counts WHERE file = ? ORDER BY row", file) == [
            (c.row, c.value) for c in sub.counts
        ]
        assert rows(db, "SELECT title FROM initiatives WHERE file = ? ORDER BY row", file) == [
            (i.title,) for i in sub.initiatives
        ]
        assert rows(db, "SELECT count(*) FROM tags WHERE file = ?", file)[0][0] == sum(
            len(sub.tags(kind)) for kind in ("participants", "states", "sdg_targets", "populations")
        )


@pytest.mark.parametrize("lock", ["EXCLUSIVE", "IMMEDIATE"])
def test_a_database_another_program_holds_locked_is_said_so_and_left_as_it_was(
    both: Path, tmp_path: Path, lock: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database browser or a second export holding the file: one line, exit 2, not 'not a
    SQLite database' (an exclusive lock) nor an internal error (a write lock)."""
    monkeypatch.setattr(store, "WAIT_FOR_LOCK", 0.1)
    db = tmp_path / "held.db"
    shutil.copy(both, db)
    before = db.read_bytes()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute(f"BEGIN {lock}")
    try:
        code, _, err = run("export", str(SECOND), "-o", str(db), "-q")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2 and "another program holds the database locked" in err
    assert db.read_bytes() == before
