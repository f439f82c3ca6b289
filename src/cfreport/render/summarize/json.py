"""The consolidated figures as JSON: the `Summary` model, every figure with its sources."""

from __future__ import annotations

import json

from cfreport.render import RenderOptions
from cfreport.summarize import SummaryOutcome


def render(outcome: SummaryOutcome, options: RenderOptions) -> str:
    summary = outcome.summary
    if options.area != "all":
        summary = summary.model_copy(
            update={"areas": tuple(a for a in summary.areas if a.code == options.area)}
        )
    context = {"lang": options.lang}
    if outcome.against is None and outcome.comparison is None:
        return summary.model_dump_json(indent=2, context=context) + "\n"
    data = summary.model_dump(mode="json", context=context)
    if outcome.against is not None:
        data["against"] = outcome.against.model_dump(mode="json", context=context)
    if outcome.comparison is not None:
        data["comparison"] = outcome.comparison.model_dump(mode="json", context=context)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
