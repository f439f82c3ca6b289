"""Generate the benchmark's workbooks with a fixed seed.

The template is made once by cfreport's own writer (openpyxl); each agency workbook then gets its
Initiatives and Counts sheets written straight into the sheet XML, because writing 3,000
workbooks cell by cell with openpyxl would take longer than the benchmark itself. Every workbook
is valid: cfreport reports no findings on it.
"""

from __future__ import annotations

import io
import random
import re
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from cfreport.findings import column_letter
from cfreport.framework import Framework, load_framework
from cfreport.framework.loader import parse_framework
from cfreport.framework.models import path_label
from cfreport.workbook.fill import label_of
from cfreport.workbook.layout import COUNTS, data_sheets
from cfreport.workbook.template import build_template

SHIPPED = Path(__file__).resolve().parent.parent / "src/cfreport/framework/data"


def framework_with_agencies(count: int, target: Path) -> Path:
    """A framework like Mexico's with `count` more agencies (AG0001 ...), as a data file."""
    text = (SHIPPED / "mexico-2020-2025.toml").read_text(encoding="utf-8")
    extra = "".join(
        f'  {{ code = "AG{i:04d}", name = "Agency {i}" }},\n' for i in range(1, count + 1)
    )
    text = text.replace("agencies = [\n", "agencies = [\n" + extra, 1)
    text = text.replace('id = "mexico-2020-2025"', f'id = "bench-{count}-agencies"', 1)
    tomllib.loads(text)
    target.write_text(text, encoding="utf-8")
    return target


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}" t="n"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet_data(rows: list[list[object]]) -> str:
    out = []
    for r, values in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{column_letter(c)}{r}", v)
            for c, v in enumerate(values, start=1)
            if v is not None and v != ""
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return "<sheetData>" + "".join(out) + "</sheetData>"


def _counts_for(rng: random.Random, fw: Framework, ini: str, area: str) -> Iterator[list[object]]:
    for ind in (i for i in fw.indicators if i.area == area):
        values: dict[tuple[str, ...], int] = {}
        for path in reversed(ind.paths):
            kids = ind.children[path]
            values[path] = sum(values[k] for k in kids) if kids else rng.randint(0, 60)
        label = label_of(fw, "indicator", ind.code)
        for path in ind.paths:
            yield [ini, label, path_label(path), values[path]]


def agency_workbook(
    fw: Framework,
    template: bytes,
    agency: str,
    initiatives: int,
    seed: int,
    *,
    repeated: int = 0,
) -> bytes:
    """A valid workbook of `agency` with `initiatives` initiatives and all their counts; with
    `repeated`, its Counts sheet is instead one count row `repeated` times over (each row
    after the first a duplicate: that many findings of one rule)."""
    rng = random.Random(seed)
    specs = {s.key: s for s in data_sheets(fw)}
    ini_rows: list[list[object]] = [[c.header for c in specs["initiatives"].columns]]
    count_rows: list[list[object]] = [[c.header for c in COUNTS.columns]]
    tags: dict[str, list[list[object]]] = {
        key: [[c.header for c in specs[key].columns]]
        for key in ("states", "sdg_targets", "populations")
    }
    work = [a.code for a in fw.work_areas]
    for i in range(initiatives):
        area = work[i % len(work)]
        effect = next(e.code for e in fw.effects if e.area == area)
        ini = f"{agency}-{i + 1:05d}"
        ini_rows.append(
            [
                ini,
                f"Initiative {i + 1} of {agency}",
                agency,
                label_of(fw, "work_area", area),
                label_of(fw, "effect", effect),
                "Ongoing",
                "Yes",
            ]
        )
        count_rows += _counts_for(rng, fw, ini, area)
        # Each initiative where it works, an SDG target and a population: no S004 warning.
        tags["states"].append([ini, label_of(fw, "state", rng.choice(fw.states).code)])
        tags["sdg_targets"].append([ini, rng.choice(sorted(fw.sdg_targets))])
        population = rng.choice(fw.populations).code
        tags["populations"].append([ini, label_of(fw, "population", population)])
    if repeated:
        count_rows = [count_rows[0], *[count_rows[1]] * repeated]
    order = [s.name for s in data_sheets(fw)]
    parts = {
        order.index("Initiatives"): _sheet_data(ini_rows),
        order.index(COUNTS.name): _sheet_data(count_rows),
        **{order.index(specs[key].name): _sheet_data(rows) for key, rows in tags.items()},
    }
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            # sheet1 is Instructions, so data sheet k (0-based in `order`) is sheet k + 2.
            index = int(match.group(1)) - 2 if match else -1
            if index in parts:
                text = data.decode("utf-8")
                text = re.sub(
                    r"<sheetData>.*</sheetData>|<sheetData\s*/>",
                    lambda _m, new=parts[index]: new,
                    text,
                    count=1,
                    flags=re.DOTALL,
                )
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', "", text, count=1)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def template_for(fw: Framework, year: int = 2021) -> bytes:
    wb = build_template(fw, agency=fw.agencies[0].code, year=year)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def set_agency(template: bytes, fw: Framework, agency: str) -> bytes:
    """The template with another agency in its Submission sheet."""
    old = f"<t>{escape(fw.agencies[0].code)}</t>".encode()
    new = f"<t>{escape(agency)}</t>".encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(old, new, 1)
            dst.writestr(info, data)
    return out.getvalue()


def large_workbook(target: Path, rows: int, seed: int = 2021) -> Path:
    """One agency workbook of the shipped framework with about `rows` count rows."""
    fw = load_framework()
    per_initiative = sum(len(i.paths) for i in fw.indicators if i.area != "D") / len(fw.work_areas)
    initiatives = max(1, round(rows / per_initiative))
    template = set_agency(template_for(fw), fw, "UNICEF")
    target.write_bytes(agency_workbook(fw, template, "UNICEF", initiatives, seed))
    return target


def findings_workbook(target: Path, rows: int) -> Path:
    """A workbook whose `rows` count rows are one row over and over: rows - 1 duplicates."""
    fw = load_framework()
    template = set_agency(template_for(fw), fw, "UNICEF")
    target.write_bytes(agency_workbook(fw, template, "UNICEF", 3, 2021, repeated=rows))
    return target


def many_workbooks(folder: Path, count: int, rows: int, seed: int = 2021) -> tuple[Path, Path]:
    """`count` agency workbooks of about `rows` count rows each, and their framework file."""
    folder.mkdir(parents=True, exist_ok=True)
    fw_path = framework_with_agencies(count, folder.parent / f"framework-{count}.toml")
    fw = parse_framework(fw_path.read_text(encoding="utf-8"), str(fw_path))
    template = template_for(fw)
    per_initiative = sum(len(i.paths) for i in fw.indicators if i.area != "D") / len(fw.work_areas)
    initiatives = max(1, round(rows / per_initiative))
    for i in range(1, count + 1):
        agency = f"AG{i:04d}"
        book = set_agency(template, fw, agency)
        (folder / f"{agency.lower()}-2021.xlsx").write_bytes(
            agency_workbook(fw, book, agency, initiatives, seed + i)
        )
    return folder, fw_path
