"""`cfreport status` as JSON: one object per agency, states as codes."""

from __future__ import annotations

import json

from cfreport.render import RenderOptions
from cfreport.status import AgencyStatus


def render(statuses: list[AgencyStatus], options: RenderOptions) -> str:
    data = [s.model_dump(mode="json") for s in statuses]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
