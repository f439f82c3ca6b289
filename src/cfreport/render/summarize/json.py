"""The consolidated figures as JSON: the `Summary` model, every figure with its sources."""

from __future__ import annotations

import json
from collections.abc import Iterator

from cfreport.figures import Summary
from cfreport.forked import in_two
from cfreport.render import RenderOptions
from cfreport.render.json_stream import Deep, json_chunks, weight
from cfreport.summarize import SummaryOutcome

STREAMED: Deep = {
    "areas": {"indicators": {"breakdown": {}}},
    "money": {},
    "money_by_area": {},
    "programmes": {},
    "key_results": {},
    "findings": {},
    "consolidated": {},
}
"""The Summary's lists that grow with the number of files, written an item at a time."""


SHARED_FROM = 100_000
"""Items (most of them source cells) from which the JSON is made in two processes: below,
starting a second would cost more than it saves."""


def _streamed(summary: Summary, lang: str) -> Iterator[str]:
    context = {"lang": lang}
    if weight(summary, SHARED_FROM) > SHARED_FROM:
        yield from in_two(lambda make: json_chunks(summary, STREAMED, context, make=make))
    else:
        yield from json_chunks(summary, STREAMED, context)
    yield "\n"


def render(outcome: SummaryOutcome, options: RenderOptions) -> str | Iterator[str]:
    summary = outcome.summary
    if options.area != "all":
        summary = summary.model_copy(
            update={"areas": tuple(a for a in summary.areas if a.code == options.area)}
        )
    context = {"lang": options.lang}
    if outcome.against is None and outcome.comparison is None:
        return _streamed(summary, options.lang)
    data = summary.model_dump(mode="json", context=context)
    if outcome.against is not None:
        data["against"] = outcome.against.model_dump(mode="json", context=context)
    if outcome.comparison is not None:
        data["comparison"] = outcome.comparison.model_dump(mode="json", context=context)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
