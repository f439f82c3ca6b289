"""`cfreport status` as JSON: an object with the shape's version, the agencies (states as
codes), and how many are in each state."""

from __future__ import annotations

import json
from collections import Counter

from cfreport.render import RenderOptions
from cfreport.status import STATES, STATUS_VERSION, AgencyStatus


def render(statuses: list[AgencyStatus], options: RenderOptions) -> str:
    counts = Counter(s.state for s in statuses)
    data = {
        "version": STATUS_VERSION,
        "framework": options.framework.id if options.framework else None,
        "years": sorted({s.year for s in statuses if s.year is not None}),
        "agencies": [s.model_dump(mode="json") for s in statuses],
        "summary": {state: counts.get(state, 0) for state in STATES},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
