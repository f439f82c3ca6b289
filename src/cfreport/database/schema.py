"""The results database's schema, one step per version, and the upgrade of an older file.

A new database runs every step; a database written by an older cfreport runs the steps after
its version (`PRAGMA user_version`), in the same transaction as the export that opens it. The
steps are never edited once released: a change of schema is a new step (docs/results-db.md).
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x43465250
"""'CFRP' in `PRAGMA application_id`: tells a cfreport database from any other SQLite file."""

V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE submissions (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    agency TEXT,
    template_version TEXT,
    framework TEXT,
    saved TEXT,
    read_at TEXT NOT NULL,
    counted INTEGER NOT NULL,
    left_out TEXT,
    PRIMARY KEY (year, file)
);
CREATE TABLE initiatives (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    row INTEGER NOT NULL,
    id TEXT NOT NULL,
    title TEXT,
    lead TEXT,
    area TEXT,
    effect TEXT,
    status TEXT,
    principles TEXT,
    cross_cutting TEXT
);
CREATE TABLE tags (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    row INTEGER NOT NULL,
    kind TEXT NOT NULL,
    initiative TEXT NOT NULL,
    code TEXT NOT NULL
);
CREATE TABLE counts (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    row INTEGER NOT NULL,
    cell TEXT,
    initiative TEXT NOT NULL,
    indicator TEXT NOT NULL,
    category TEXT NOT NULL,
    category_path TEXT,
    value INTEGER,
    comment TEXT
);
CREATE TABLE money (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    row INTEGER NOT NULL,
    money_year INTEGER,
    area TEXT,
    required REAL,
    available REAL
);
CREATE TABLE programmes (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    row INTEGER NOT NULL,
    id TEXT NOT NULL,
    status TEXT,
    amount REAL,
    source TEXT
);
CREATE TABLE findings (
    year INTEGER NOT NULL,
    file TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    sheet TEXT,
    cell TEXT,
    expected TEXT,
    found TEXT,
    message TEXT NOT NULL,
    params TEXT NOT NULL
);
CREATE TABLE figures (
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    area TEXT NOT NULL,
    section TEXT NOT NULL,
    indicator TEXT,
    category TEXT,
    money_year INTEGER,
    measure TEXT,
    value REAL NOT NULL,
    codes TEXT NOT NULL,
    PRIMARY KEY (year, key)
);
CREATE TABLE figure_sources (
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT,
    cell TEXT,
    value TEXT
);
CREATE TABLE area_states (
    year INTEGER NOT NULL,
    area TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (year, area, state)
);
CREATE INDEX counts_by_indicator ON counts (indicator, year);
CREATE INDEX sources_by_figure ON figure_sources (year, key);
"""

V2 = """
CREATE TABLE figure_shares (
    year INTEGER NOT NULL,
    key TEXT NOT NULL,
    agency TEXT NOT NULL,
    value REAL NOT NULL,
    partners TEXT NOT NULL,
    PRIMARY KEY (year, key, agency)
);
-- The years exported before version 2: each agency's share of a figure that adds up, from the
-- cells behind it (a joint initiative's partners were not kept, so none are named).
INSERT INTO figure_shares (year, key, agency, value, partners)
SELECT f.year, f.key, s.agency, SUM(CAST(src.value AS REAL)), ''
FROM figures AS f
JOIN figure_sources AS src ON src.year = f.year AND src.key = f.key
JOIN submissions AS s ON s.year = src.year AND s.file = src.file
WHERE f.section IN ('indicator', 'breakdown', 'money') AND s.agency IS NOT NULL
GROUP BY f.year, f.key, s.agency;
"""

STEPS: tuple[str, ...] = (V1, V2)
"""Step i brings a database from version i to version i + 1."""

VERSION = len(STEPS)
"""The schema version this cfreport writes."""

TABLES_BY_YEAR = (
    "submissions",
    "initiatives",
    "tags",
    "counts",
    "money",
    "programmes",
    "findings",
    "figures",
    "figure_sources",
    "figure_shares",
    "area_states",
)
"""Every table with a `year` column: an export of a year replaces that year's rows in each."""


def version_of(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def is_empty(con: sqlite3.Connection) -> bool:
    return int(con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) == 0


def is_ours(con: sqlite3.Connection) -> bool:
    return int(con.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID


def upgrade(con: sqlite3.Connection) -> int:
    """Run the steps after the database's version, inside the caller's transaction; the
    version the database had."""
    before = version_of(con)
    for step in STEPS[before:]:
        for statement in _statements(step):
            con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {VERSION}")
    return before


def _statements(script: str) -> list[str]:
    """A step's statements, one by one: `executescript` would commit the caller's transaction."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
