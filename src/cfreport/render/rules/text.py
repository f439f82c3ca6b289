"""The rule catalog as a plain table, or one rule's page: what, why, failing and fixed."""

from __future__ import annotations

from cfreport.checks.registry import Rule
from cfreport.i18n import severity_word, ui
from cfreport.render import RenderOptions


def _catalog(rules: list[Rule], lang: str) -> str:
    rows: list[tuple[str, ...]] = [
        tuple(ui(f"rules_col_{c}", lang) for c in ("code", "severity", "name", "checks"))
    ]
    rows += [
        (r.code, severity_word(r.severity.value, lang), r.name, r.text("summary", lang))
        for r in rules
    ]
    # A plain table: tabulate would cost more start-up time than the whole catalog.
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    rows.insert(1, tuple("-" * w for w in (*widths, len(rows[0][3]))))
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _page(rule: Rule, lang: str) -> str:
    lines = [
        f"{rule.code} {rule.name} ({severity_word(rule.severity.value, lang)}; "
        f"{ui('family_' + rule.code[0], lang)})",
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


def render(rules: list[Rule] | Rule, options: RenderOptions) -> str:
    if isinstance(rules, Rule):
        return _page(rules, options.lang)
    return _catalog(rules, options.lang)
