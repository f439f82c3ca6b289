"""The consolidated figures as JSON: the `Summary` model, every figure with its sources."""

from __future__ import annotations

from cfreport.figures import Summary


def render_summary_json(summary: Summary, area: str = "all") -> str:
    if area != "all":
        summary = summary.model_copy(
            update={"areas": tuple(a for a in summary.areas if a.code == area)}
        )
    return summary.model_dump_json(indent=2) + "\n"
