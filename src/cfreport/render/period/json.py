"""The framework period as JSON: the `Period` model, each year's value of every figure with its
codes and source cells, the period total where adding years makes sense, states by year."""

from __future__ import annotations

from cfreport.period import Period
from cfreport.render import RenderOptions


def render(period: Period, options: RenderOptions) -> str:
    if options.area != "all":
        period = period.model_copy(
            update={
                "lines": tuple(x for x in period.lines if x.area == options.area),
                "states": tuple(s for s in period.states if s.area == options.area),
            }
        )
    return period.model_dump_json(indent=2) + "\n"
