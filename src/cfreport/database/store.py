"""Write a reporting year into the results database, and read a year's figures back.

One export is one transaction: every year it writes replaces that year's rows in every table,
and an interrupted export leaves the file as it was (SQLite's journal rolls it back).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cfreport.breakdown import path_label
from cfreport.database import schema
from cfreport.domain.figure_keys import KeyedFigure, YearFigures, keyed_figures
from cfreport.errors import UserError
from cfreport.figures import Figure, Share, Source, Summary
from cfreport.findings import Finding, column_letter
from cfreport.framework.models import FEDERAL
from cfreport.models import Submission


class DatabaseError(UserError):
    """A file that is not a results database of this framework, or one cfreport cannot use."""


WAIT_FOR_LOCK = 5.0
"""Seconds to wait for another program's lock on the database before saying so."""


@dataclass(frozen=True)
class YearExport:
    """Everything one reporting year puts into the database."""

    summary: Summary
    submissions: Sequence[Submission]
    """The year's submissions that were read (counted or not: `summary.left_out` says)."""
    hashes: dict[str, str]
    """File -> SHA-256 of its bytes."""
    read_at: str
    """When the files were read, ISO 8601 in UTC."""


@contextmanager
def opened(path: Path, *, write: bool) -> Iterator[sqlite3.Connection]:
    """The database at `path`, checked to be cfreport's; created when `write` and missing."""
    if not write and not path.is_file():
        raise DatabaseError("db_missing", file=path)
    try:
        uri = f"{path.resolve().as_uri()}?mode={'rwc' if write else 'ro'}"
        con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=WAIT_FOR_LOCK)
    except sqlite3.Error as exc:
        raise DatabaseError("db_unusable", file=path, detail=exc) from None
    try:
        try:
            empty = schema.is_empty(con)
            ours = schema.is_ours(con)
        except sqlite3.DatabaseError as exc:
            if _locked(exc):
                raise DatabaseError("db_locked", file=path) from None
            raise DatabaseError("db_not_sqlite", file=path) from None
        if not ours and not (write and empty):
            raise DatabaseError("db_not_ours", file=path)
        if ours and schema.version_of(con) > schema.VERSION:
            raise DatabaseError(
                "db_too_new", file=path, version=schema.version_of(con), ours=schema.VERSION
            )
        try:
            yield con
        except sqlite3.OperationalError as exc:
            if _locked(exc):  # after waiting WAIT_FOR_LOCK for the other program
                raise DatabaseError("db_locked", file=path) from None
            raise
    finally:
        con.close()


def _locked(exc: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock on the file."""
    return str(getattr(exc, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def framework_of(con: sqlite3.Connection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = 'framework'").fetchone()
    return str(row[0]) if row else None


def write_years(path: Path, exports: Sequence[YearExport], framework: str, version: str) -> int:
    """Replace each export's year in the database at `path` (created if missing), in one
    transaction; the schema version the file had before (0 for a new one)."""
    with opened(path, write=True) as con:
        try:
            con.execute("BEGIN IMMEDIATE")
            before = schema.upgrade(con)
            held = framework_of(con)
            if held is not None and held != framework:
                raise DatabaseError("db_other_framework", file=path, held=held, ours=framework)
            con.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("framework", framework), ("written_by", f"cfreport {version}")],
            )
            for export in exports:
                _replace_year(con, export)
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
    return before


def _replace_year(con: sqlite3.Connection, export: YearExport) -> None:
    summary = export.summary
    year = summary.year
    for table in schema.TABLES_BY_YEAR:
        con.execute(f"DELETE FROM {table} WHERE year = ?", (year,))
    counted = set(summary.files)
    subs = {s.file: s for s in export.submissions}
    files = sorted({*subs, *summary.left_out})
    con.executemany(
        "INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                year,
                file,
                export.hashes.get(file, ""),
                subs[file].agency or None if file in subs else None,
                subs[file].template_version or None if file in subs else None,
                subs[file].framework_id or None if file in subs else None,
                subs[file].saved if file in subs else None,
                export.read_at,
                int(file in counted),
                summary.left_out[file].reason if file in summary.left_out else None,
            )
            for file in files
        ],
    )
    for sub in export.submissions:
        _write_submission(con, year, sub)
    _write_findings(con, year, summary.findings)
    _write_figures(con, year, keyed_figures(summary).values())
    con.executemany(
        "INSERT INTO area_states VALUES (?, ?, ?)",
        [
            (year, area.code, state)
            for area in summary.areas
            for state in (*area.states, *([FEDERAL] if area.federal else []))
        ],
    )


def _write_submission(con: sqlite3.Connection, year: int | None, sub: Submission) -> None:
    file = sub.file
    sheet = sub.sheet
    con.executemany(
        "INSERT INTO initiatives VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                year,
                file,
                sheet("initiatives"),
                i.row,
                i.id,
                i.title,
                i.lead,
                i.area,
                i.effect,
                i.status,
                ", ".join(i.principles),
                ", ".join(i.cross_cutting),
            )
            for i in sub.initiatives
        ],
    )
    con.executemany(
        "INSERT INTO tags VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (year, file, sheet(kind), t.row, kind, t.initiative, t.code)
            for kind in ("participants", "states", "sdg_targets", "populations")
            for t in sub.tags(kind)
        ],
    )
    value_column = sub.columns.get("counts", {}).get("value")
    letter = column_letter(value_column) if value_column else None
    con.executemany(
        "INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                year,
                file,
                sheet("counts"),
                c.row,
                f"{letter}{c.row}" if letter else None,
                c.initiative,
                c.indicator,
                c.category,
                path_label(c.path) if c.path is not None else None,
                c.value,
                c.comment or None,
            )
            for c in sub.counts
        ],
    )
    con.executemany(
        "INSERT INTO money VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (year, file, sheet("money"), m.row, m.year, m.area, m.required, m.available)
            for m in sub.money
        ],
    )
    con.executemany(
        "INSERT INTO programmes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (year, file, sheet("programmes"), p.row, p.id, p.status, p.amount, p.source or None)
            for p in sub.programmes
        ],
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _write_findings(con: sqlite3.Connection, year: int | None, findings: Iterable[Finding]) -> None:
    con.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                year,
                f.file,
                f.code,
                f.severity.value,
                f.sheet,
                f.cell,
                _text(f.expected_text()),
                _text(f.found),
                f.text(),
                json.dumps(f.params, ensure_ascii=False),
            )
            for f in findings
        ),
    )


def _write_figures(
    con: sqlite3.Connection, year: int | None, figures: Iterable[KeyedFigure]
) -> None:
    # Each table's rows as they are made: a summary of 3,000 workbooks has 960,000 source cells,
    # held whole they were most of an export's memory.
    keyed = list(figures)
    con.executemany(
        "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                year,
                k.key,
                k.area,
                k.section,
                k.indicator or None,
                k.category or None,
                k.year,
                k.measure or None,
                k.figure.value,
                " ".join(k.figure.codes),
            )
            for k in keyed
        ),
    )
    con.executemany(
        "INSERT INTO figure_sources VALUES (?, ?, ?, ?, ?, ?)",
        (
            (year, k.key, s.file, s.sheet, s.cell, _text(s.value))
            for k in keyed
            for s in k.figure.sources
        ),
    )
    con.executemany(
        "INSERT INTO figure_shares VALUES (?, ?, ?, ?, ?)",
        (
            (year, k.key, s.agency, s.value, ", ".join(s.partners))
            for k in keyed
            for s in k.figure.shares
        ),
    )


def years_in(path: Path) -> list[int]:
    """The reporting years the database holds."""
    with opened(path, write=False) as con:
        return _years(con)


def _years(con: sqlite3.Connection) -> list[int]:
    return [int(y) for (y,) in con.execute("SELECT DISTINCT year FROM figures ORDER BY year")]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def read_year(path: Path, year: int, framework: str) -> YearFigures:
    """The figures of `year` as the database holds them (DatabaseError when it has none)."""
    with opened(path, write=False) as con:
        if schema.version_of(con) < schema.VERSION:
            raise DatabaseError("db_old", file=path, version=schema.version_of(con))
        held = framework_of(con)
        if held is not None and held != framework:
            raise DatabaseError("db_other_framework", file=path, held=held, ours=framework)
        years = _years(con)
        if year not in years:
            raise DatabaseError(
                "db_no_year", file=path, year=year, years=", ".join(map(str, years)) or "-"
            )
        sources: dict[str, list[Source]] = {}
        for key, file, sheet, cell, value in con.execute(
            "SELECT key, file, sheet, cell, value FROM figure_sources WHERE year = ? "
            "ORDER BY rowid",
            (year,),
        ):
            sources.setdefault(key, []).append(Source(file, sheet, cell, value))
        shares: dict[str, list[Share]] = {}
        for key, agency, value, partners in con.execute(
            "SELECT key, agency, value, partners FROM figure_shares WHERE year = ? "
            "ORDER BY key, agency",
            (year,),
        ):
            named = tuple(p for p in partners.split(", ") if p)
            shares.setdefault(key, []).append(Share(agency, _number(value), named))
        figures: dict[str, KeyedFigure] = {}
        for (
            key,
            area,
            section,
            indicator,
            category,
            money_year,
            measure,
            value,
            codes,
        ) in con.execute(
            "SELECT key, area, section, indicator, category, money_year, measure, value, "
            "codes FROM figures WHERE year = ? ORDER BY rowid",
            (year,),
        ):
            figure = Figure.model_construct(
                value=_number(value),
                sources=tuple(sources.get(key, ())),
                codes=tuple(codes.split()),
                shares=tuple(shares.get(key, ())),
            )
            figures[key] = KeyedFigure(
                key,
                figure,
                area,
                section,
                indicator or "",
                category or "",
                money_year,
                measure or "",
            )
        states: dict[str, list[str]] = {}
        for area, state in con.execute(
            "SELECT area, state FROM area_states WHERE year = ? ORDER BY rowid", (year,)
        ):
            states.setdefault(area, []).append(state)
        agency_of = {
            file: agency
            for file, agency in con.execute(
                "SELECT file, agency FROM submissions WHERE year = ? AND counted = 1", (year,)
            )
        }
    held_states = {a: tuple(s) for a, s in states.items()}
    return YearFigures(year, f"{path} ({year})", figures, held_states, agency_of)
