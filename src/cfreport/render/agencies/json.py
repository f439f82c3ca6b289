"""Each agency's share as JSON: every figure that adds up by agency, by key, with its value, its
findings' codes and the agencies' parts (agency, value, partners: the other agencies of the
joint initiatives counted under it)."""

from __future__ import annotations

import json

from cfreport.render import RenderOptions
from cfreport.render.agencies._view import shared_figures
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    only = options.agency
    figures = [
        {
            "key": f.key,
            "value": f.figure.value,
            "codes": list(f.figure.codes),
            "shares": [
                {"agency": s.agency, "value": s.value, "partners": list(s.partners)}
                for s in f.figure.shares
                if only is None or s.agency == only
            ],
        }
        for f in shared_figures(outcome.summary, options.area, only)
    ]
    data = {"year": outcome.summary.year, "agency": only, "figures": figures}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
