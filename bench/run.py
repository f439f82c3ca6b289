"""`make bench`: cfreport against the fastest way to read the same workbooks.

Generates its inputs with a fixed seed (cached in bench/data), runs every contender on the same
files in a process of its own, in rounds (each contender once per round, so that a shared
machine's slow spells fall on floors and contenders alike), and prints median times, peak memory
and ratios; the numbers also go to bench/results.json.
Options: --quick (smaller inputs, one run each), --runs N, --jobs N, --only TEXT; the
10,000-workbook point runs only when asked (--only 10,000: generated once, one run, memory).
Ends with the targets of issue 18, each with its measured ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tabulate import tabulate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import findings_workbook, large_workbook, many_workbooks  # noqa: E402


def run_child(args: list[str]) -> tuple[float, float] | None:
    """One run of a contender in a process of its own: (seconds, peak KiB), None if it failed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / "child.py"), *args], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(f"  {args[0]} failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1])["rss_kb"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small inputs, one run each")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--only",
        default="",
        help="measure only contenders whose name or input contains this (e.g. '100,000');"
        " keep the others' last results",
    )
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    big_rows, many, many_rows = (10_000, 300, 450) if args.quick else (100_000, 3_000, 450)

    data = HERE / "data"
    # Inputs are generated once and kept; a changed generator makes them again, all of them
    # (the large workbook was once an agency's with another agency's initiatives, and stayed).
    stamp = data / "generator.sha256"
    made_by = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()
    remade = data.exists() and not (stamp.exists() and stamp.read_text() == made_by)
    if remade:
        print("the generator changed: the inputs are made again", file=sys.stderr)
        shutil.rmtree(data)
    data.mkdir(exist_ok=True)
    stamp.write_text(made_by)
    inputs = {}
    for rows in (1_000, big_rows):
        path = data / f"large-{rows}.xlsx"
        if not path.exists():
            print(f"generating {path.name} ...", file=sys.stderr)
            large_workbook(path, rows)
        inputs[rows] = path
    folder = data / f"agencies-{many}"
    framework = data / f"framework-{many}.toml"
    if not folder.exists() or not framework.exists():
        print(f"generating {many} workbooks ...", file=sys.stderr)
        many_workbooks(folder, many, many_rows)
    # A tenth of the same folder, as links: memory at 300 and 3,000 of the same workbooks.
    tenth = data / f"agencies-{many // 10}-of-{many}"
    if not tenth.exists():
        tenth.mkdir()
        for path in sorted(folder.glob("*.xlsx"))[: many // 10]:
            (tenth / path.name).symlink_to(path)
    findings = data / "findings-20000.xlsx"
    if not findings.exists():
        print(f"generating {findings.name} ...", file=sys.stderr)
        findings_workbook(findings, 20_000)
    largest = 10_000
    huge = data / f"agencies-{largest}"
    huge_fw = data / f"framework-{largest}.toml"
    if args.only.replace(",", "") == str(largest) and not (huge.exists() and huge_fw.exists()):
        print(f"generating {largest:,} workbooks (once) ...", file=sys.stderr)
        many_workbooks(huge, largest, many_rows)

    results: list[dict[str, object]] = []
    previous: dict[tuple[str, str], dict[str, object]] = {}
    # Numbers of inputs made again are not kept: every contender is measured.
    if args.only and not remade and (HERE / "results.json").exists():
        for old in json.loads((HERE / "results.json").read_text())["results"]:
            previous[(str(old["input"]), str(old["contender"]))] = old

    planned: list[tuple[str, str, list[str]]] = []

    def measure(group: str, name: str, argv: list[str]) -> None:
        planned.append((group, name, argv))

    for rows, path in inputs.items():
        group = f"1 workbook, {rows:,} count rows"
        measure(group, "python-calamine, every cell (floor)", ["calamine", str(path)])
        measure(group, "openpyxl read-only, every cell", ["openpyxl", str(path)])
        measure(group, "frictionless validate (Counts sheet)", ["frictionless", str(path)])
        measure(
            group,
            "cfreport validate",
            ["cfreport", "validate", str(path), "--format", "json", "-j", "1"],
        )
    group = f"{many:,} workbooks of {many_rows} rows"
    jobs = str(args.jobs)
    fw = ["--framework", str(framework)]
    measure(
        group, f"python-calamine, {jobs} processes (floor)", ["calamine-pool", str(folder), jobs]
    )
    measure(
        group,
        "cfreport validate, 1 process",
        ["cfreport", "validate", str(folder), "-f", "json", "-j", "1", *fw],
    )
    measure(
        group,
        f"cfreport validate, {jobs} processes",
        ["cfreport", "validate", str(folder), "-f", "json", "-j", jobs, *fw],
    )
    measure(
        group,
        f"cfreport summarize, {jobs} processes",
        ["cfreport", "summarize", str(folder), "-f", "json", "-q", "-j", jobs, *fw],
    )
    databases = data / "databases"  # every run writes a new one (child.py removes it first)
    databases.mkdir(exist_ok=True)
    database = str(databases / f"{many}.db")
    measure(
        group,
        f"cfreport export, {jobs} processes",
        ["cfreport", "export", str(folder), "-o", database, "-q", "-j", jobs, *fw],
    )
    for count, where, its_fw in (
        (many // 10, tenth, framework),
        *([(largest, huge, huge_fw)] if args.only.replace(",", "") == str(largest) else []),
    ):
        small = f"{count:,} workbooks of {many_rows} rows"
        for command in ("validate", "summarize", "export"):
            if command == "export":
                argv = [command, str(where), "-o", str(databases / f"{count}.db"), "-q"]
            else:
                quiet = ["-q"] if command == "summarize" else []
                argv = [command, str(where), "-f", "json", *quiet]
            measure(
                small,
                f"cfreport {command}, {jobs} processes",
                ["cfreport", *argv, "-j", jobs, "--framework", str(its_fw)],
            )
    group = "1 workbook, 20,000 findings of one rule"
    for fmt in ("json", "text"):
        measure(
            group, f"cfreport validate -f {fmt}", ["cfreport", "validate", str(findings), "-f", fmt]
        )
    measure(group, "cfreport rules (start-up)", ["cfreport", "rules"])
    measure(group, "cfreport --help (start-up)", ["cfreport", "--help"])

    # Runs go in rounds, every contender once per round, so that a machine that slows down for
    # a while (a shared one does) slows a floor and the contenders compared with it alike.
    def chosen(group_name: str, name: str) -> bool:
        return not args.only or args.only in name or args.only in group_name

    todo = [c for c in planned if chosen(*c[:2]) or c[:2] not in previous]
    if args.only.replace(",", "") == str(largest):
        runs = 1  # the 10,000 point: one run, for its memory
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {c[:2]: [] for c in todo}
    failed: set[tuple[str, str]] = set()
    for round_no in range(1, runs + 1):
        for group_name, name, argv in todo:
            key = (group_name, name)
            if key in failed:
                continue
            print(f"  round {round_no}/{runs}: {group_name}: {name}", file=sys.stderr)
            outcome = run_child(argv)
            if outcome is None:
                failed.add(key)
            else:
                samples[key].append(outcome)
    for group_name, name, _ in planned:
        key = (group_name, name)
        if key not in samples:
            results.append(previous[key])
            continue
        got = samples[key] if key not in failed else []
        results.append(
            {
                "input": group_name,
                "contender": name,
                "floor": None,
                "seconds": statistics.median(t for t, _ in got) if got else None,
                "peak_mib": max(m for _, m in got) / 1024 if got else None,
            }
        )

    floors: dict[str, dict[str, object]] = {}
    for r in results:
        if "(floor)" in str(r["contender"]):
            floors[str(r["input"])] = r
    rows_out = []
    for r in results:
        floor = floors.get(str(r["input"]))
        ratio = mem = ""
        if floor and r["seconds"] and floor["seconds"] and "start-up" not in str(r["contender"]):
            ratio = f"{r['seconds'] / floor['seconds']:.2f}x"  # type: ignore[operator]
            mem = f"{r['peak_mib'] / floor['peak_mib']:.2f}x"  # type: ignore[operator]
        rows_out.append(
            [
                r["input"],
                r["contender"],
                "n/a" if r["seconds"] is None else f"{r['seconds']:.2f}",
                "n/a" if r["peak_mib"] is None else f"{r['peak_mib']:.0f}",
                ratio,
                mem,
            ]
        )
    print(
        tabulate(
            rows_out,
            headers=(
                "input",
                "contender",
                "median s",
                "peak MiB",
                "time vs floor",
                "memory vs floor",
            ),
        )
    )
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\n{machine}; median of {runs} run(s), whole process timed (start-up included)")
    print()
    print(targets(results, many, jobs))
    (HERE / "results.json").write_text(
        json.dumps({"machine": machine, "runs": runs, "results": results}, indent=2) + "\n"
    )


def targets(results: list[dict[str, object]], many: int, jobs: str) -> str:
    """Issue 18's targets, each with the measured ratio and whether it is met."""

    def get(group: str, contender: str, what: str) -> float | None:
        for r in results:
            if r["input"] == group and r["contender"] == contender and r[what] is not None:
                return float(r[what])  # type: ignore[arg-type]
        return None

    big = f"{many:,} workbooks of 450 rows"
    small = f"{many // 10:,} workbooks of 450 rows"
    huge = "10,000 workbooks of 450 rows"
    floor = f"python-calamine, {jobs} processes (floor)"
    rows = []

    def ratio(name: str, a: float | None, b: float | None, limit: float) -> None:
        if a is None or b is None:
            rows.append([name, "n/a", f"<= {limit}x", "not measured"])
            return
        if limit == float("inf"):  # a point shown for its growth, with no target
            rows.append([name, f"{a / b:.2f}x", "", ""])
            return
        rows.append([name, f"{a / b:.2f}x", f"<= {limit}x", "met" if a / b <= limit else "NOT MET"])

    for command in ("validate", "summarize"):
        name = f"cfreport {command}, {jobs} processes"
        ratio(
            f"{command}: peak memory at {many:,} / at {many // 10:,} workbooks",
            get(big, name, "peak_mib"),
            get(small, name, "peak_mib"),
            1.5,
        )
        ratio(
            f"{command} {many:,} workbooks: time / bare read",
            get(big, name, "seconds"),
            get(big, floor, "seconds"),
            1.5 if command == "validate" else 2.0,
        )
        big_mem = get(huge, name, "peak_mib")
        if big_mem is not None:
            ratio(
                f"{command}: peak memory at 10,000 / at {many // 10:,} (growth, no target)",
                big_mem,
                get(small, name, "peak_mib"),
                float("inf"),
            )
    # Not a target of the issue: export held every workbook whole (850 MiB at 3,000) until it
    # read them as summarize does; its growth is shown beside the others'.
    name = f"cfreport export, {jobs} processes"
    for at, where in ((many, big), (10_000, huge)):
        if at == many or get(where, name, "peak_mib") is not None:
            ratio(
                f"export: peak memory at {at:,} / at {many // 10:,} (growth, no target)",
                get(where, name, "peak_mib"),
                get(small, name, "peak_mib"),
                float("inf"),
            )
    rows_group = "1 workbook, 100,000 count rows"
    ratio(
        "validate 100,000 rows: time / bare read",
        get(rows_group, "cfreport validate", "seconds"),
        get(rows_group, "python-calamine, every cell (floor)", "seconds"),
        1.5,
    )
    group = "1 workbook, 20,000 findings of one rule"
    ratio(
        "20,000 findings: text / JSON time",
        get(group, "cfreport validate -f text", "seconds"),
        get(group, "cfreport validate -f json", "seconds"),
        1.2,
    )
    return tabulate(rows, headers=("target", "measured", "target", ""))


if __name__ == "__main__":
    main()
