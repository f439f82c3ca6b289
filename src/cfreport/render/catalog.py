"""The rule catalog as text or JSON: `cfreport rules` and `cfreport rules CODE`."""

from __future__ import annotations

import json

from tabulate import tabulate

from cfreport.checks import all_rules
from cfreport.checks.registry import RULES, Rule


def rule_json(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "why": rule.why,
        "bad": rule.bad,
        "good": rule.good,
        "refuses_file": rule.refuses,
    }


def render_rules(fmt: str = "text") -> str:
    rules = all_rules()
    if fmt == "json":
        return json.dumps([rule_json(r) for r in rules], indent=2, ensure_ascii=False) + "\n"
    rows = [(r.code, r.severity.value, r.name, r.summary) for r in rules]
    table: str = tabulate(rows, headers=("code", "severity", "name", "checks that"))
    return table + "\n"


def render_rule_page(code: str, fmt: str = "text") -> str | None:
    """One rule's page: what it checks, why, a failing and a fixed example; None if unknown."""
    all_rules()
    rule = RULES.get(code.upper())
    if rule is None:
        return None
    if fmt == "json":
        return json.dumps(rule_json(rule), indent=2, ensure_ascii=False) + "\n"
    lines = [
        f"{rule.code} {rule.name} ({rule.severity.value}; {rule.family})",
        "",
        rule.summary,
        "",
        f"Why: {rule.why}",
        f"Fails: {rule.bad}",
        f"Fixed: {rule.good}",
    ]
    if rule.refuses:
        lines += ["", "A file with this finding cannot be read; validate exits with code 2."]
    return "\n".join(lines) + "\n"
