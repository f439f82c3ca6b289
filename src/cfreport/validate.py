"""Validation: read each workbook, run every check, and gather the findings into a report."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cfreport.checks import CHECKS, RULES
from cfreport.checks.crossfile import across_part
from cfreport.checks.selection import RuleSelection
from cfreport.findings import Finding
from cfreport.framework import Framework
from cfreport.inputs import file_name
from cfreport.lifetime import kept
from cfreport.models import Submission
from cfreport.report import FileResult, Report
from cfreport.workbook.reader import SubmissionRefused, read_submission


def check_submission(sub: Submission, fw: Framework) -> list[Finding]:
    """Every single-file check on a submission read from its workbook."""
    return [finding for _rules, fn in CHECKS for finding in fn(sub, fw)]


def _result(file: str, findings: Sequence[Finding], sub: Submission | None) -> FileResult:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    if sub is None:
        return FileResult(file=file, status="unreadable", errors=errors, warnings=warnings)
    return FileResult(
        file=file,
        status="invalid" if errors else "valid",
        agency=sub.agency or None,
        year=sub.year,
        errors=errors,
        warnings=warnings,
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block without Python's cycle collector.

    Reading a workbook makes hundreds of thousands of objects and no reference cycles; the
    collector walked them over and over, a fifth of the time of validating 100,000 rows.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def validate_file(
    path: Path, fw: Framework, selection: RuleSelection | None = None
) -> tuple[Submission | None, list[Finding]]:
    """Read and check one workbook; a file that cannot be read gives one refusal finding."""
    with collector_paused():
        try:
            sub, findings = read_submission(path, fw)
        except SubmissionRefused as refused:
            return None, [refused.finding]
        kept(sub)
        findings += check_submission(sub, fw)
    if selection is not None:
        findings = [f for f in findings if selection.enabled(f.code)]
    return sub, sorted(findings, key=Finding.sort_key)


def across_files(
    subs: Sequence[Submission], fw: Framework, keep: Sequence[str] = ()
) -> list[Finding]:
    """Cross-file findings, year by year: duplicate submissions and joint conflicts."""
    from cfreport.checks.crossfile import check_across
    from cfreport.domain.batch import batches_by_year

    batches = batches_by_year(subs, fw, keep)
    return [f for batch in batches.values() for f in check_across(batch)]


_WORKER: dict[str, Any] = {}


Shrink = Callable[[Submission, Framework], Submission]
"""What of a submission the caller keeps once it is checked (the cross-file part, ...)."""


def _init_worker(fw: Framework, selection: RuleSelection | None, shrink: Shrink | None) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the main process alone decides what it means
    # (it stops the workers); a worker that raised it too would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command's SIGTERM handler, which raises: a worker would
    # catch that, report it as a result and go on. Its own SIGTERM simply ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER["fw"], _WORKER["selection"], _WORKER["shrink"] = fw, selection, shrink


@contextmanager
def _no_ctrl_c_in_new_workers() -> Iterator[None]:
    """Workers forked here start with Ctrl-C blocked: one that arrived before their initializer
    ran would print a traceback from each. The main process gets it when the block ends."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _stop(pool: Any) -> None:
    """End a pool's workers now: pending files are dropped, running ones killed."""
    # The executor has no public way to kill a worker that is mid-file: its processes, taken
    # before shutdown() forgets them.
    import signal
    import threading

    processes = list((getattr(pool, "_processes", None) or {}).values())
    main = threading.current_thread() is threading.main_thread()
    # A second Ctrl-C while stopping must not cut the stopping short.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        # The pool's own thread, finding its workers gone, may trip over futures the result
        # iterator already cancelled (a traceback of CPython's, on the way out): not shown.
        threading.excepthook = lambda args: None
        pool.shutdown(wait=False)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=1)
            if process.is_alive():
                process.kill()
                process.join(timeout=1)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _validated(
    path: Path, fw: Framework, selection: RuleSelection | None, shrink: Shrink | None
) -> tuple[Submission | None, list[Finding]]:
    sub, findings = validate_file(path, fw, selection)
    return (shrink(sub, fw) if shrink and sub else sub), findings


def _validate_in_worker(path: Path) -> tuple[Submission | None, list[Finding]]:
    return _validated(path, _WORKER["fw"], _WORKER["selection"], _WORKER["shrink"])


class _Layouts:
    """One copy of each workbook layout (sheet names, columns, the details' rows, which fields
    were given) in this process: thousands of workbooks of one template would otherwise each
    hold their own, a few kilobytes a file."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[Any, Any, Any]] = {}
        self.fields: dict[frozenset[str], set[str]] = {}

    def share(self, sub: Submission | None) -> Submission | None:
        if sub is None:
            return None
        layout = (sub.sheet_names, sub.columns, sub.detail_rows)
        names, columns, rows = self.seen.setdefault(repr(layout), layout)
        given = sub.model_fields_set
        fields = self.fields.setdefault(frozenset(given), given)
        if columns is sub.columns and fields is given:
            return sub
        shared = type(sub).model_construct(
            _fields_set=fields,
            **{**dict(sub), "sheet_names": names, "columns": columns, "detail_rows": rows},
        )
        # What rides in __dict__ besides the fields (the counts grouped) goes along.
        shared.__dict__.update((k, v) for k, v in sub.__dict__.items() if k not in shared.__dict__)
        return shared


MIN_FILES_PER_PROCESS = 4
"""A process pool pays for itself only with a few files for each process."""


def validate_each(
    paths: Sequence[Path],
    fw: Framework,
    selection: RuleSelection | None = None,
    *,
    jobs: int = 1,
    progress: Callable[[Path], None] | None = None,
    shrink: Shrink | None = None,
) -> list[tuple[Submission | None, list[Finding]]]:
    """`validate_file` on every path, in `jobs` processes; results in the order of `paths`.

    With `shrink`, each submission is replaced by what `shrink` keeps of it where it was read,
    so that the workers send, and this process holds, only that.
    """
    return list(validate_iter(paths, fw, selection, jobs=jobs, progress=progress, shrink=shrink))


def validate_iter(
    paths: Sequence[Path],
    fw: Framework,
    selection: RuleSelection | None = None,
    *,
    jobs: int = 1,
    progress: Callable[[Path], None] | None = None,
    shrink: Shrink | None = None,
) -> Iterator[tuple[Submission | None, list[Finding]]]:
    """`validate_each`, each result given as it comes: a caller that keeps little of each (a
    summary's readings) never holds thousands of them at once."""
    jobs = min(jobs, max(1, len(paths) // MIN_FILES_PER_PROCESS))
    layouts = _Layouts()
    if jobs <= 1:
        for path in paths:
            sub, found = _validated(path, fw, selection, shrink)
            yield layouts.share(sub), found
            if progress is not None:
                progress(path)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(fw, selection, shrink))
    try:
        # the results unpickled here are as many objects as the workers made
        with collector_paused():
            chunk = max(1, min(64, len(paths) // (jobs * 8)))
            with _no_ctrl_c_in_new_workers():
                mapped = pool.map(_validate_in_worker, paths, chunksize=chunk)
            for path, (sub, found) in zip(paths, mapped, strict=True):
                yield layouts.share(sub), found
                if progress is not None:
                    progress(path)
    except BaseException:  # Ctrl-C, SIGTERM, a broken worker, a caller that stopped early:
        _stop(pool)  # never leave workers behind
        raise
    pool.shutdown()


def _without(findings: list[Finding], codes: Sequence[str]) -> list[Finding]:
    """Findings less those a per-file ignore names (a refusal is never ignored)."""
    if not codes:
        return findings
    return [
        f
        for f in findings
        if RULES[f.code].refuses or not any(f.code.startswith(c.upper()) for c in codes)
    ]


def default_jobs() -> int:
    """The number of processes to use by default: the number of cores."""
    return os.cpu_count() or 1


def validate_paths(
    paths: Sequence[Path],
    fw: Framework,
    selection: RuleSelection | None = None,
    *,
    jobs: int = 1,
    per_file_ignores: Callable[[str], Sequence[str]] | None = None,
    keep: Sequence[str] = (),
) -> Report:
    """Validate each workbook, then across them; one that cannot be read does not stop others."""
    # One workbook has nothing to check across: its rows need no trimming, nor a fingerprint
    # (a third of the time of validating 100,000 rows).
    shrink = across_part if len(paths) > 1 else None
    read: list[tuple[str, Submission | None, list[Finding]]] = [
        (file_name(path), sub, found)
        for path, (sub, found) in zip(
            paths, validate_each(paths, fw, selection, jobs=jobs, shrink=shrink), strict=True
        )
    ]
    subs = [sub for _, sub, _ in read if sub is not None]
    if len(subs) > 1:
        across: dict[str, list[Finding]] = {}
        with collector_paused():
            found_across = across_files(subs, fw, keep)
        for finding in found_across:
            if selection is None or selection.enabled(finding.code):
                across.setdefault(finding.file, []).append(finding)
        read = [
            (file, sub, sorted(found + across.get(file, []), key=Finding.sort_key))
            for file, sub, found in read
        ]
    if per_file_ignores is not None:
        read = [(file, sub, _without(found, per_file_ignores(file))) for file, sub, found in read]
    return Report(
        files=tuple(_result(file, found, sub) for file, sub, found in read),
        findings=tuple(f for _, _, found in read for f in found),
    )
