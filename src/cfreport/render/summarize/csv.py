"""The consolidated figures as CSV: one row per figure, with its findings and source cells.

Columns: area, section, item, depth, value, unit, findings (codes separated by spaces), sources
(file|sheet|cell separated by '; '). Text that starts like a formula is prefixed with a quote.
"""

from __future__ import annotations

import csv
import io

from cfreport.figures import Source, Summary
from cfreport.framework import Framework
from cfreport.render import RenderOptions
from cfreport.render.safe import csv_cell
from cfreport.render.summary_rows import Row, summary_rows
from cfreport.summarize import SummaryOutcome

MONEY_SECTIONS = ("money", "joint programmes")
COLUMNS = ("area", "section", "item", "depth", "value", "unit", "findings", "sources")


def _sources(places: tuple[Source, ...]) -> str:
    return "; ".join(f"{p.file}|{p.sheet}|{p.cell}" for p in places)


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    assert options.framework is not None
    return render_summary_csv(outcome.summary, options.framework, options.area, options.lang)


def render_summary_csv(summary: Summary, fw: Framework, area: str = "all", lang: str = "en") -> str:
    """One row per figure; `section` is a stable key in every language, `item` is in `lang`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in summary_rows(summary, fw, area, lang):
        value = row.value if not isinstance(row.value, str) else csv_cell(row.value)
        writer.writerow(
            [
                row.area,
                row.section,
                csv_cell(row.item),
                row.depth,
                value,
                row.unit,
                " ".join(row.codes),
                csv_cell(_sources(row.sources)),
            ]
        )
    return buffer.getvalue()


def read_summary_csv(text: str) -> list[Row]:
    """Read the CSV back into rows (the round trip the format promises)."""
    rows = []
    for record in csv.DictReader(io.StringIO(text)):
        raw = record["value"]
        value: float | int | str
        try:
            number = float(raw)
            value = int(number) if number.is_integer() and "." not in raw else number
        except ValueError:
            value = raw
        sources = tuple(
            Source(file=f, sheet=s, cell=c)
            for f, s, c in (part.split("|") for part in record["sources"].split("; ") if part)
        )
        rows.append(
            Row(
                area=record["area"],
                section=record["section"],
                item=record["item"],
                depth=int(record["depth"]),
                value=value,
                unit=record["unit"],
                codes=tuple(record["findings"].split()),
                sources=sources,
                # Amounts of money are the rows with a unit among the money sections.
                money=bool(record["unit"]) and record["section"] in MONEY_SECTIONS,
            )
        )
    return rows
