"""Where every agency of the framework stands: the list the RCO sends reminders from.

One row per agency and reporting year (two years never share a row), with the focal point
the workbook names, so the RCO knows whom to chase. A file that is not a workbook cfreport
reads (an .ods, an .xls) lands on the row of the agency its name starts with, as `template`
names files, or on a row of its own: that agency sent something, in the wrong format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from cfreport.framework import Framework
from cfreport.inputs import WRONG_FORMAT_SUFFIXES
from cfreport.models import Submission
from cfreport.validate import validate_each

STATUS_VERSION = 1
"""The shape of `status --format json`: raised when a field changes meaning or goes."""

State = Literal[
    "missing", "wrong_format", "unreadable", "empty", "has_errors", "valid", "several_files"
]
STATES: tuple[State, ...] = (
    "missing",
    "wrong_format",
    "unreadable",
    "empty",
    "has_errors",
    "valid",
    "several_files",
)
"""Stable codes in JSON and in --fail-on; the views word them from the catalogs (status_<code>)."""

FAIL_ALIASES: dict[str, State] = {"errors": "has_errors", "several": "several_files"}
"""Shorter names --fail-on takes besides the codes."""

FAIL_ON_WORDS = ("missing", "errors", "unreadable", "wrong-format", "empty", "several")
"""What --fail-on lists in its help and its error."""

EMPTY = "S003"
"""The finding of a workbook with no initiatives: an untouched template."""


class AgencyStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    agency: str
    state: State
    year: int | None = None
    errors: int = 0
    warnings: int = 0
    focal_point: str = ""
    email: str = ""
    files: tuple[str, ...] = ()
    modified: str | None = None
    """When the (newest) file was last changed, ISO 8601."""


@dataclass(frozen=True)
class _Read:
    path: Path
    sub: Submission | None
    errors: int
    warnings: int
    empty: bool


def _modified(path: Path) -> str | None:
    if not path.exists():
        return None
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    return stamp.replace(microsecond=0).isoformat()


def agency_of_name(path: Path, fw: Framework) -> str | None:
    """The agency a file's name starts with ('un-women-2022.ods' -> UN Women), as `template`
    names the files it writes; None when no agency's name leads it."""
    stem = path.stem.lower()
    slugs = {a.code: re.sub(r"[^a-z0-9]+", "-", a.code.lower()).strip("-") for a in fw.agencies}
    for code, slug in sorted(slugs.items(), key=lambda item: -len(item[1])):
        if re.match(rf"{re.escape(slug)}(?:$|[-_ .])", stem):
            return code
    return None


def parse_fail_on(values: Sequence[str]) -> set[State]:
    """The states --fail-on names; ValueError for a word that is none of them."""
    out: set[State] = set()
    for value in values:
        word = value.strip().lower().replace("-", "_").replace(" ", "_")
        state = FAIL_ALIASES.get(word, word)
        if state not in STATES:
            raise ValueError(value)
        out.add(state)
    return out


def _row(agency: str, year: int | None, files: list[_Read]) -> AgencyStatus:
    if not files:
        return AgencyStatus(agency=agency, state="missing", year=year)
    errors = sum(f.errors for f in files)
    state: State = (
        "several_files"
        if len(files) > 1
        else "empty"
        if files[0].empty
        else ("has_errors" if errors else "valid")
    )
    newest = max(files, key=lambda f: _modified(f.path) or "")
    sub = newest.sub
    return AgencyStatus(
        agency=agency,
        state=state,
        year=year,
        errors=errors,
        warnings=sum(f.warnings for f in files),
        focal_point=sub.focal_point if sub else "",
        email=sub.email if sub else "",
        files=tuple(str(f.path) for f in files),
        modified=max((m for f in files if (m := _modified(f.path))), default=None),
    )


def _details(sub: Submission, fw: Framework) -> Submission:
    return sub.without_rows()


def agency_status(
    paths: Sequence[Path], fw: Framework, *, year: int | None = None, jobs: int = 1
) -> list[AgencyStatus]:
    """Every agency of the framework for each reporting year the inputs hold (or `year`), then
    any file whose agency is unknown, and each file that could not be read."""
    readable: dict[tuple[str, int | None], list[_Read]] = {}
    refused: list[_Read] = []
    for path, (sub, findings) in zip(
        paths, validate_each(paths, fw, jobs=jobs, shrink=_details), strict=True
    ):
        errors = sum(1 for f in findings if f.is_error)
        read = _Read(
            path, sub, errors, len(findings) - errors, any(f.code == EMPTY for f in findings)
        )
        if sub is None:
            refused.append(read)
        elif year is None or sub.year == year:
            readable.setdefault((sub.agency or "?", sub.year), []).append(read)
    years: list[int | None] = [year]
    if year is None:
        years = [*sorted({y for _, y in readable if y is not None})]
    known = [a.code for a in fw.agencies]
    rows: dict[tuple[str, int | None], AgencyStatus] = {}
    for y in years or [None]:
        for agency in known:
            rows[(agency, y)] = _row(agency, y, readable.get((agency, y), []))
    for (agency, y), files in sorted(readable.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if (agency, y) not in rows:
            rows[(agency, y)] = _row(agency, y, files)
    out = list(rows.values())
    latest = years[-1] if years else None
    for read in refused:
        state: State = (
            "wrong_format" if read.path.suffix.lower() in WRONG_FORMAT_SUFFIXES else "unreadable"
        )
        agency = agency_of_name(read.path, fw) or "?"
        found = AgencyStatus(
            agency=agency,
            state=state,
            year=latest,
            errors=read.errors,
            files=(str(read.path),),
            modified=_modified(read.path),
        )
        at = next((i for i, r in enumerate(out) if r.agency == agency and r.year == latest), None)
        if at is not None and out[at].state == "missing":
            out[at] = found  # the agency sent something, not nothing
        else:
            out.append(found.model_copy(update={"year": None}) if agency == "?" else found)
    return out
