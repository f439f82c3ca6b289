"""`cfreport framework` as JSON: the framework model as its data file describes it."""

from __future__ import annotations

import json

from cfreport.framework import Framework
from cfreport.render import RenderOptions


def render(fw: Framework, options: RenderOptions) -> str:
    return json.dumps(fw.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
