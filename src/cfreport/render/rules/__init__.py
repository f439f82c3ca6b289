"""`cfreport rules`: the catalog of checks (a list of rules) or one rule's page (a rule)."""

from __future__ import annotations

from cfreport.checks.registry import Rule


def rule_json(rule: Rule, lang: str = "en") -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity.value,
        "summary": rule.text("summary", lang),
        "why": rule.text("why", lang),
        "bad": rule.text("bad", lang),
        "good": rule.text("good", lang),
        "refuses_file": rule.refuses,
    }
