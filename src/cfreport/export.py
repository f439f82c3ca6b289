"""`cfreport export`: read and validate submissions, consolidate each reporting year they hold,
and replace those years in the results database."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cfreport import __version__
from cfreport.checks.crossfile import content_fingerprint
from cfreport.database.store import YearExport, write_years
from cfreport.domain.figure_keys import keyed_figures
from cfreport.domain.tally import tally
from cfreport.figures import LeftOut
from cfreport.framework import Framework
from cfreport.models import ROW_FIELDS, Submission
from cfreport.summarize import Readings, YearError, read_paths, summarize_submissions
from cfreport.validate import collector_paused


@dataclass(frozen=True)
class YearWritten:
    year: int
    files: int
    """Submissions of the year (counted or not)."""
    counted: int
    figures: int
    findings: int


@dataclass(frozen=True)
class ExportResult:
    written: tuple[YearWritten, ...]
    upgraded_from: int
    """The schema version the file had (0: a new file)."""
    left_out: dict[str, LeftOut] = field(default_factory=dict)
    """Files in no year written: unreadable, or with no reporting year."""


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_readings(
    readings: Readings,
    fw: Framework,
    database: Path,
    *,
    year: int | None = None,
    keep: Sequence[str] = (),
) -> ExportResult:
    """Write every reporting year of `readings` (or only `year`) into `database`."""
    subs = readings.submissions
    years = sorted({s.year for s in subs if s.year is not None})
    if year is not None:
        if year not in years:
            raise YearError(
                "no_submission_of_year", year=year, years=", ".join(map(str, years)) or "-"
            )
        years = [year]
    if not years:
        raise YearError("nothing_to_export")
    unreadable = dict(readings.left_out)
    read_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    exports = []
    written = []
    for y in years:
        of_year = [s for s in subs if s.year == y]
        files = {s.file for s in of_year}
        # With one year, a file that could not be read is that year's: it is listed with it.
        attached = unreadable if len(years) == 1 else {}
        with collector_paused():
            summary = summarize_submissions(
                of_year,
                fw,
                findings=[f for f in readings.findings if f.file in files or f.file in attached],
                year=y,
                left_out=attached,
                with_errors=readings.with_errors & files,
                keep=keep,
            )
        hashes = {f: file_hash(readings.paths.get(f, f)) for f in sorted(files)}
        exports.append(YearExport(summary, of_year, hashes, read_at))
        written.append(
            YearWritten(
                year=y,
                files=len(files) + len(attached),
                counted=len(summary.files),
                figures=len(keyed_figures(summary)),
                findings=len(summary.findings),
            )
        )
    before = write_years(database, exports, fw.id, __version__)
    left = {} if len(years) == 1 else unreadable
    for sub in subs:
        if sub.year is None:
            left[sub.file] = LeftOut(reason="no_year")
        elif sub.year not in years:
            left[sub.file] = LeftOut(reason="other_year", params={"year": sub.year, "chosen": year})
    return ExportResult(tuple(written), before, left)


def for_export(sub: Submission, fw: Framework) -> Submission:
    """What export keeps of a workbook once it is checked: every row, each of which goes into
    the database, with the tally and the fingerprint a summary's workers make (`for_figures`).

    Made where the workbook is read; with them, the main process keeps the workbook in the
    readings' spill (`summarize.Filed`), a hundred bytes or so in memory, until its rows are
    written: an export of 3,000 workbooks held every one whole (850 MiB).
    """
    rows = {name: getattr(sub, name) for name in ROW_FIELDS}
    joint = fw.joint_initiative_by_id
    return sub.without_rows(
        **rows, tallied=tally(sub, fw), own_content=content_fingerprint(sub, joint)
    )


def export_paths(
    paths: Sequence[Path],
    fw: Framework,
    database: Path,
    *,
    year: int | None = None,
    jobs: int = 1,
    progress: Callable[[Path], None] | None = None,
    keep: Sequence[str] = (),
) -> tuple[ExportResult, Readings]:
    """Read `paths` and export them; the readings too (which files could not be read)."""
    readings = read_paths(paths, fw, progress=progress, jobs=jobs, shrink=for_export)
    return export_readings(readings, fw, database, year=year, keep=keep), readings
