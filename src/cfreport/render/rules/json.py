"""The rule catalog, or one rule, as JSON."""

from __future__ import annotations

import json

from cfreport.checks.registry import Rule
from cfreport.render import RenderOptions
from cfreport.render.rules import rule_json


def render(rules: list[Rule] | Rule, options: RenderOptions) -> str:
    if isinstance(rules, Rule):
        data: object = rule_json(rules, options.lang)
    else:
        data = [rule_json(r, options.lang) for r in rules]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
