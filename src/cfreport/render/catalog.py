"""The rule catalog as text or JSON: `cfreport rules` and `cfreport rules CODE`."""

from __future__ import annotations

import json

from cfreport.checks import all_rules
from cfreport.checks.registry import RULES, Rule
from cfreport.i18n import ui


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


def render_rules(fmt: str = "text", lang: str = "en") -> str:
    rules = all_rules()
    if fmt == "json":
        return json.dumps([rule_json(r, lang) for r in rules], indent=2, ensure_ascii=False) + "\n"
    rows: list[tuple[str, ...]] = [("code", "severity", "name", "checks that")]
    rows += [(r.code, r.severity.value, r.name, r.text("summary", lang)) for r in rules]
    # A plain table: tabulate would cost more start-up time than the whole catalog.
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    rows.insert(1, tuple("-" * w for w in (*widths, len(rows[0][3]))))
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_rule_page(code: str, fmt: str = "text", lang: str = "en") -> str | None:
    """One rule's page: what it checks, why, a failing and a fixed example; None if unknown."""
    all_rules()
    rule = RULES.get(code.upper())
    if rule is None:
        return None
    if fmt == "json":
        return json.dumps(rule_json(rule, lang), indent=2, ensure_ascii=False) + "\n"
    lines = [
        f"{rule.code} {rule.name} ({rule.severity.value}; {rule.family})",
        "",
        rule.text("summary", lang),
        "",
        f"{ui('rule_why', lang)}: {rule.text('why', lang)}",
        f"{ui('rule_fails', lang)}: {rule.text('bad', lang)}",
        f"{ui('rule_fixed', lang)}: {rule.text('good', lang)}",
    ]
    if rule.refuses:
        lines += ["", ui("rule_refuses", lang)]
    return "\n".join(lines) + "\n"
