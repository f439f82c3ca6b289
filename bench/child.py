"""One contender of the benchmark, run in a process of its own.

Prints one JSON line: the peak resident memory of this process (VmHWM: ru_maxrss would keep the
parent's high-water mark across exec) or of its largest worker process, in KiB. The parent times
the whole process, interpreter start included, the same for every contender.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path


def calamine(path: str) -> None:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def _calamine_folder(folder: str) -> list[str]:
    return sorted(str(p) for p in Path(folder).glob("*.xlsx"))


def calamine_pool(folder: str, jobs: str) -> None:
    from concurrent.futures import ProcessPoolExecutor

    files = _calamine_folder(folder)
    with ProcessPoolExecutor(int(jobs)) as pool:
        list(pool.map(calamine, files, chunksize=max(1, len(files) // (int(jobs) * 8))))


def openpyxl_read_only(path: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in book.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass


def frictionless(path: str) -> None:
    import os

    from frictionless import Dialect, formats, validate

    # frictionless refuses absolute paths as unsafe and returns at once: read it from its folder.
    os.chdir(Path(path).parent)
    path = Path(path).name

    # Every row, not the first 1,000 errors: the empty Comment column is not an error here.
    validate(
        path,
        dialect=Dialect(controls=[formats.ExcelControl(sheet="Counts")]),
        skip_errors=["missing-cell"],
        limit_errors=10**9,
    )


def cfreport(*argv: str) -> None:
    # What the `cfreport` command runs: it starts reading a large workbook before its imports
    # (and it ends without the interpreter's shutdown, as every contender here does).
    from cfreport.launch import run

    if argv[0] == "export":  # every run writes a new database, as a first export does
        Path(argv[argv.index("-o") + 1]).unlink(missing_ok=True)
    sys.argv = ["cfreport", *argv]
    code = run()
    if code not in (0, 1):
        raise SystemExit(code)


CONTENDERS: dict[str, Callable[..., None]] = {
    "calamine": calamine,
    "calamine-pool": calamine_pool,
    "openpyxl": openpyxl_read_only,
    "frictionless": frictionless,
    "cfreport": cfreport,
}

if __name__ == "__main__":
    CONTENDERS[sys.argv[1]](*sys.argv[2:])
    status = Path("/proc/self/status").read_text()
    me = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"rss_kb": max(me, kids)}), flush=True)
    # As the `cfreport` command ends (cfreport.launch.end): without freeing every object first.
    sys.stderr.flush()
    os._exit(0)
