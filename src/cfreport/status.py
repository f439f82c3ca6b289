"""Where every agency of the framework stands: the list the RCO sends reminders from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from cfreport.framework import Framework
from cfreport.validate import validate_each

State = Literal["missing", "cannot be read", "empty", "has errors", "valid", "several files"]
"""Stable codes in JSON; the views word them from the catalogs (status_<code>)."""

EMPTY = "S003"
"""The finding of a workbook with no initiatives: an untouched template."""


class AgencyStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    agency: str
    state: State
    errors: int = 0
    warnings: int = 0
    files: tuple[str, ...] = ()
    modified: str | None = None
    """When the (newest) file was last changed, ISO 8601."""


def _modified(path: Path) -> str:
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    return stamp.replace(microsecond=0).isoformat()


def agency_status(
    paths: Sequence[Path], fw: Framework, *, year: int | None = None, jobs: int = 1
) -> list[AgencyStatus]:
    """Every agency of the framework, then any file whose agency is unknown or unreadable."""
    by_agency: dict[str, list[tuple[Path, int, int, bool]]] = {}
    unreadable: list[AgencyStatus] = []
    for path, (sub, findings) in zip(paths, validate_each(paths, fw, jobs=jobs), strict=True):
        errors = sum(1 for f in findings if f.is_error)
        warnings = len(findings) - errors
        if sub is None:
            unreadable.append(
                AgencyStatus(
                    agency="?",
                    state="cannot be read",
                    errors=errors,
                    files=(str(path),),
                    modified=_modified(path) if path.exists() else None,
                )
            )
            continue
        if year is not None and sub.year != year:
            continue
        empty = any(f.code == EMPTY for f in findings)
        by_agency.setdefault(sub.agency or "?", []).append((path, errors, warnings, empty))
    out = []
    known = [a.code for a in fw.agencies]
    for agency in known + sorted(set(by_agency) - set(known)):
        files = by_agency.get(agency, [])
        if not files:
            out.append(AgencyStatus(agency=agency, state="missing"))
            continue
        errors = sum(e for _, e, _, _ in files)
        warnings = sum(w for _, _, w, _ in files)
        state: State = (
            "several files"
            if len(files) > 1
            else "empty"
            if files[0][3]
            else ("has errors" if errors else "valid")
        )
        out.append(
            AgencyStatus(
                agency=agency,
                state=state,
                errors=errors,
                warnings=warnings,
                files=tuple(str(p) for p, _, _, _ in files),
                modified=max(_modified(p) for p, _, _, _ in files),
            )
        )
    return out + unreadable
