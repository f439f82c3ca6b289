"""`cfreport status` as a table for a terminal, with a line of counts per state."""

from __future__ import annotations

from collections import Counter

from tabulate import tabulate

from cfreport.i18n import counted, ui
from cfreport.render import RenderOptions
from cfreport.render.status import headers, rows
from cfreport.status import AgencyStatus
from cfreport.text import visible


def render(statuses: list[AgencyStatus], options: RenderOptions) -> str:
    lang = options.lang
    counts = Counter(s.state for s in statuses)
    table = tabulate(
        [["" if v is None else visible(str(v)) for v in row] for row in rows(statuses, lang)],
        headers=headers(lang),
    )
    states = ", ".join(
        counted(f"status_count_{state}", n, lang) for state, n in sorted(counts.items())
    )
    key = "status_agencies_one" if len(statuses) == 1 else "status_agencies_many"
    return f"{table}\n\n{ui(key, lang).format(n=len(statuses), states=states)}\n"
