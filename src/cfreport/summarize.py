"""From workbooks to the report's figures: read and validate every input, check across them,
consolidate one year, then check the consolidated figures (X005) as the other cross-file rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cfreport.against import AgainstReport
from cfreport.checks.consolidated import consolidated_totals
from cfreport.checks.crossfile import check_across, content_fingerprint
from cfreport.consolidate import consolidate
from cfreport.domain.batch import Batch, batches_by_year
from cfreport.domain.tally import tally
from cfreport.errors import UserError
from cfreport.figures import LeftOut, Summary
from cfreport.findings import Finding
from cfreport.forked import Forked
from cfreport.framework import Framework
from cfreport.inputs import file_name
from cfreport.models import ROW_FIELDS, TAG_FIELDS, Submission
from cfreport.packed import PackedTags, Spill
from cfreport.validate import Shrink, collector_paused, validate_iter

if TYPE_CHECKING:
    from cfreport.compare import Comparison


class YearError(UserError):
    """Submissions of several reporting years given together without --year."""


@dataclass(frozen=True)
class SummaryOutcome:
    """What `summarize` renders: the figures, the comparison with a draft if one was given, and
    with the year compared (--compare)."""

    summary: Summary
    against: AgainstReport | None = None
    comparison: Comparison | None = None


def pick_year(years: Sequence[int | None], year: int | None) -> int | None:
    """The one reporting year to consolidate; several without `year` is a YearError."""
    known = sorted(y for y in years if y is not None)
    if year is not None:
        return year
    if len(known) > 1:
        listed = ", ".join(map(str, known))
        raise YearError("several_years", years=listed)
    return known[0] if known else None


def summarize_submissions(
    subs: Sequence[Submission],
    fw: Framework,
    *,
    findings: Sequence[Finding] = (),
    year: int | None = None,
    left_out: dict[str, LeftOut] | None = None,
    with_errors: set[str] | None = None,
    keep: Sequence[str] = (),
) -> Summary:
    """Check across submissions already read and validated, and consolidate one year.

    `with_errors`: files to leave out for their errors (--only-valid), when they are of the
    year summarized (a file of another year is left out for its year, the truer reason).
    `keep`: files that count where an agency sent several for the year (the keep setting).
    """
    batches = batches_by_year(subs, fw, keep)
    # The checks across files run in a copy of this process while this one consolidates with
    # the files' own findings; where they find anything, the figures are marked again.
    across = Forked(lambda: _across(batches)) if len(subs) > 1 else None
    try:
        return _summary(batches, fw, findings, across, year, left_out, with_errors, keep)
    finally:
        if across is not None:
            across.stop()


def _across(batches: dict[int | None, Batch]) -> list[Finding]:
    return [f for batch in batches.values() for f in check_across(batch)]


def _summary(
    batches: dict[int | None, Batch],
    fw: Framework,
    findings: Sequence[Finding],
    across: Forked[list[Finding]] | None,
    year: int | None,
    left_out: dict[str, LeftOut] | None,
    with_errors: set[str] | None,
    keep: Sequence[str],
) -> Summary:
    chosen = pick_year(list(batches), year)
    known = sorted(y for y in batches if y is not None)
    if year is not None and known and year not in batches:
        # An empty summary would read as "nothing happened that year": say why instead.
        raise YearError("no_submission_of_year", year=year, years=", ".join(map(str, known)))
    left = dict(left_out or {})
    other_years: set[str] = set()
    for other_year, batch in batches.items():
        if other_year != chosen:
            for sub in batch.all:
                other_years.add(sub.file)
                left[sub.file] = LeftOut(
                    reason="other_year", params={"year": sub.year, "chosen": chosen}
                )
    # A summary of one year reports that year's findings: what validate says of its files.
    found = [f for f in findings if f.file not in other_years]
    batch = batches.get(chosen) or Batch([], fw, chosen, keep)
    if with_errors:
        for sub in batch.all:
            if sub.file in with_errors:
                left[sub.file] = LeftOut(reason="only_valid")
        batch = Batch([s for s in batch.all if s.file not in with_errors], fw, chosen, keep)
    for dup in batch.duplicates:
        for other in dup.others:
            left[other.file] = LeftOut(
                reason="second",
                params={
                    "agency": dup.agency,
                    "year": dup.year,
                    "kept": dup.kept.file,
                    "how": f"@duplicate_{dup.rule}",
                },
            )
    summary = consolidate(batch, findings=found, left_out=left)
    found_across = [f for f in across.result() if f.file not in other_years] if across else []
    if found_across:
        found += found_across
        summary = consolidate(batch, findings=found, left_out=left)
    consolidated = consolidated_totals(summary, fw)
    if consolidated:  # rare: the figures are marked again, X005 among the marks
        summary = consolidate(batch, findings=found, left_out=left, consolidated=consolidated)
    return summary


def for_figures(sub: Submission, fw: Framework) -> Submission:
    """What a summary needs of a workbook once it is checked: every row but its own counts,
    which are tallied (`domain/tally.py`), and the fingerprint of its content for X006.

    The workers make it where they read: summarizing 3,000 workbooks, the main process holds a
    tenth of what the rows would take. The rows of joint initiatives stay (the cross-file
    checks compare them, and consolidation chooses whose to add), and those key results cite;
    tags are kept as columns (`packed.PackedTags`).
    """
    joint = fw.joint_initiative_by_id
    initiative_of = {kr.id: kr.initiative for kr in sub.key_results}
    cited = {(initiative_of.get(f.key_result), f.indicator) for f in sub.cited if f.indicator}
    rows = {name: getattr(sub, name) for name in ROW_FIELDS}
    counts = sub.counts
    rows["counts"] = counts.take(
        i
        for i, (initiative, indicator) in enumerate(
            zip(counts.initiatives, counts.indicators, strict=True)
        )
        if initiative in joint or (initiative, indicator) in cited
    )
    # Titles only where a summary shows them: joint initiatives, and those of key results.
    titled = {*joint, *initiative_of.values()}
    rows["initiatives"] = tuple(
        i if i.id in titled or not i.title else i._replace(title="") for i in sub.initiatives
    )
    ids = [i.id for i in sub.initiatives]
    for kind in TAG_FIELDS:
        rows[kind] = PackedTags.of(getattr(sub, kind), ids)
    return sub.without_rows(
        **rows, tallied=tally(sub, fw), own_content=content_fingerprint(sub, joint)
    )


_SPILLED = (*ROW_FIELDS, "own_content")
"""What a `Filed` keeps in the spill, each on its own after the submission's details."""
_SPILLED_AT = {name: i + 1 for i, name in enumerate(_SPILLED)}


class Filed:
    """A submission read for a summary, kept in the readings' spill but for what sorting and
    grouping ask of every one (file, agency, year, save time) and its tally: anything else is
    read back when it is used, each sheet's rows on their own (the last read stays), so that a
    pass over thousands of workbooks reads the rows it uses, not every row of each.

    It stands for the `Submission` it was made of (attributes and methods alike): a summary of
    thousands of workbooks holds a hundred bytes or so of each, not a few kilobytes.
    """

    __slots__ = (
        "_lengths",
        "_spill",
        "_start",
        "agency",
        "columns",
        "detail_rows",
        "file",
        "saved",
        "sheet_names",
        "tallied",
        "year",
    )

    # Where its cells are, without reading it back: the layout is shared by every workbook of
    # one template (validate's `_Layouts`), so keeping it costs nothing.
    sheet = Submission.sheet
    cell = Submission.cell
    where = Submission.where
    place = Submission.place
    detail_cell = Submission.detail_cell
    detail_where = Submission.detail_where
    tags = Submission.tags

    def __init__(self, sub: Submission, spill: Spill) -> None:
        self.file, self.agency, self.year, self.saved = sub.file, sub.agency, sub.year, sub.saved
        self.sheet_names, self.columns, self.detail_rows = (
            sub.sheet_names,
            sub.columns,
            sub.detail_rows,
        )
        self.tallied = sub.tallied
        self._spill = spill
        # The tally waits in the spill on its own: added up once, not read with every field.
        details = sub.without_rows(tallied=None, own_content=None)
        self._start, self._lengths = spill.put_objects(
            [details, *(getattr(sub, name) for name in _SPILLED)]
        )

    def _read(self, i: int) -> Any:
        lengths = self._lengths
        return self._spill.get_object((self._start + sum(lengths[:i]), lengths[i]))

    def __getattr__(self, name: str) -> Any:
        at = _SPILLED_AT.get(name)
        if at is not None:
            return self._read(at)
        if name in Submission.model_fields or name == "__dict__":
            return getattr(self._read(0), name)
        return getattr(self._whole(), name)  # a method that may read rows: on them all

    def _whole(self) -> Submission:
        details: Submission = self._read(0)
        spilled = {name: self._read(at) for name, at in _SPILLED_AT.items()}
        return details.without_rows(**spilled, tallied=self.tallied)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled (to another process) as the submission itself.
        return _as_is, (self._whole(),)


def _as_is(sub: Submission) -> Submission:
    return sub


@dataclass
class Readings:
    """Every input read and validated: what `summarize` and `export` start from."""

    submissions: list[Submission]
    findings: list[Finding]
    left_out: dict[str, LeftOut]
    """Files that could not be read, with the refusal."""
    with_errors: set[str]
    """Files with an error, when --only-valid leaves them out."""
    paths: dict[str, Path] = field(default_factory=dict)
    """Each file's path by its name in reports (`inputs.file_name`), which may differ."""
    spill: Spill = field(default_factory=Spill)
    """Where the submissions' rows and tallies wait, out of memory, until they are used."""


def read_paths(
    paths: Sequence[Path],
    fw: Framework,
    *,
    only_valid: bool = False,
    progress: Callable[[Path], None] | None = None,
    jobs: int = 1,
    shrink: Shrink | None = None,
) -> Readings:
    """Validate each workbook; a file that cannot be read is named in `left_out`.

    `shrink`: what to keep of each submission (`for_figures` where only figures are made).
    """
    readings = Readings([], [], {}, set())
    ordered = sorted(paths, key=str)
    for path, (sub, found) in zip(
        ordered,
        validate_iter(ordered, fw, jobs=jobs, progress=progress, shrink=shrink),
        strict=True,
    ):
        readings.findings += found
        readings.paths[file_name(path)] = path
        if sub is None:
            readings.left_out[file_name(path)] = LeftOut(
                reason="unreadable", refusal=found[0] if found else None
            )
        else:
            if only_valid and any(f.is_error for f in found):
                readings.with_errors.add(sub.file)
            if sub.tallied is not None:  # made for figures: its rows wait in the spill too
                sub.tallied.spill(readings.spill)
                sub = cast(Submission, Filed(sub, readings.spill))
            readings.submissions.append(sub)
    return readings


def summarize_readings(
    readings: Readings, fw: Framework, *, year: int | None = None, keep: Sequence[str] = ()
) -> Summary:
    """The figures of one year of what was read."""
    with collector_paused():
        return summarize_submissions(
            readings.submissions,
            fw,
            findings=readings.findings,
            year=year,
            left_out=readings.left_out,
            with_errors=readings.with_errors,
            keep=keep,
        )


def summarize_paths(
    paths: Sequence[Path],
    fw: Framework,
    *,
    year: int | None = None,
    only_valid: bool = False,
    progress: Callable[[Path], None] | None = None,
    jobs: int = 1,
    keep: Sequence[str] = (),
) -> Summary:
    """Validate each workbook and consolidate what could be read.

    A file that cannot be read is left out and named; findings do not leave data out, unless
    `only_valid` leaves out every file with errors.
    """
    readings = read_paths(
        paths, fw, only_valid=only_valid, progress=progress, jobs=jobs, shrink=for_figures
    )
    return summarize_readings(readings, fw, year=year, keep=keep)
