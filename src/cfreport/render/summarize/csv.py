"""The consolidated figures as CSV: one row per figure, with its findings and source cells.

Columns: area (a code, or 'all'; a money row's own work area), section (a stable key),
indicator (a code), category (the full breakdown path as the framework names it, or a
programme's status), year, measure (required,
available, gap, count, amount), item (the figure's name in the language of the run), depth,
value (always a number, or empty), text (a figure that is words: "24 states and the federal
level"), unit, findings (codes separated by spaces), sources (file|sheet|cell separated by
'; '). Whole numbers are written without '.0'; text that starts like a formula is prefixed
with a quote; with `bom` the file starts with a UTF-8 byte-order mark for Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from cfreport.compare import Comparison
from cfreport.figures import Source, Summary
from cfreport.framework import Framework
from cfreport.render import RenderOptions
from cfreport.render.safe import BOM, csv_cell, csv_value
from cfreport.render.summary_rows import Row, summary_rows
from cfreport.summarize import SummaryOutcome

MONEY_SECTIONS = ("money", "joint programmes")
COLUMNS = (
    "area",
    "section",
    "indicator",
    "category",
    "year",
    "measure",
    "item",
    "depth",
    "value",
    "text",
    "unit",
    "findings",
    "sources",
)


def _sources(places: Sequence[Source]) -> str:
    return "; ".join(f"{p.file}|{p.sheet}|{p.cell}" for p in places)


COMPARED = ("key", "previous_year", "previous", "change", "changes")
"""Columns added with --compare: the figure's key, its value in the year compared, the change
and the codes of the changes that need an explanation."""


CHUNK_CHARS = 1 << 20
"""Text written at a time: a row's sources are every cell behind its figure, and a figure of
thousands of workbooks has hundreds of thousands (the CSV of 3,000 is 112 MB)."""


def render(outcome: SummaryOutcome, options: RenderOptions) -> Iterator[str]:
    assert options.framework is not None
    if options.bom:
        yield BOM
    yield from summary_csv_chunks(
        outcome.summary, options.framework, options.area, options.lang, outcome.comparison
    )


def render_summary_csv(
    summary: Summary,
    fw: Framework,
    area: str = "all",
    lang: str = "en",
    comparison: Comparison | None = None,
) -> str:
    """One row per figure; `section` is a stable key in every language, `item` is in `lang`."""
    return "".join(summary_csv_chunks(summary, fw, area, lang, comparison))


def summary_csv_chunks(
    summary: Summary,
    fw: Framework,
    area: str = "all",
    lang: str = "en",
    comparison: Comparison | None = None,
) -> Iterator[str]:
    """`render_summary_csv`'s text, a few thousand rows at a time (written as it is made)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS + (COMPARED if comparison is not None else ()))
    lines = comparison.by_key() if comparison is not None else {}
    for row in summary_rows(summary, fw, area, lang):
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        words = isinstance(row.value, str)
        extra = []
        if comparison is not None:
            line = lines.get(row.key)
            extra = [
                row.key,
                csv_value(comparison.previous_year),
                csv_value(line.previous) if line else "",
                csv_value(line.change) if line else "",
                " ".join(line.codes) if line else "",
            ]
        writer.writerow(
            [
                row.money_area or row.area,
                row.section,
                row.indicator,
                csv_cell(row.category),
                csv_value(row.year),
                row.measure,
                csv_cell(row.item),
                row.depth,
                "" if words else csv_value(row.value),
                csv_cell(str(row.value)) if words else "",
                row.unit,
                " ".join(row.codes),
                csv_cell(_sources(row.sources)),
                *extra,
            ]
        )
    yield buffer.getvalue()


def read_summary_csv(text: str) -> list[Row]:
    """Read the CSV back into rows (the round trip the format promises)."""
    rows = []
    for record in csv.DictReader(io.StringIO(text.removeprefix(BOM))):
        raw = record["value"]
        value: float | int | str = record["text"]
        if raw:
            number = float(raw)
            value = int(number) if number.is_integer() else number
        sources = tuple(
            Source(file=f, sheet=s, cell=c)
            for f, s, c in (part.split("|") for part in record["sources"].split("; ") if part)
        )
        money_area = record["area"] if record["section"] == "money" else ""
        rows.append(
            Row(
                area="all" if money_area else record["area"],
                section=record["section"],
                item=record["item"],
                depth=int(record["depth"]),
                value=value,
                unit=record["unit"],
                codes=tuple(record["findings"].split()),
                sources=sources,
                # Amounts of money are the rows with a unit among the money sections.
                money=bool(record["unit"]) and record["section"] in MONEY_SECTIONS,
                indicator=record["indicator"],
                category=record["category"],
                year=int(record["year"]) if record["year"] else None,
                measure=record["measure"],
                money_area="" if money_area == "all" else money_area,
                key=record.get("key") or "",
            )
        )
    return rows
