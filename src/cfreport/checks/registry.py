"""The catalog of rules: each has a stable code, a severity, a one-line summary and a message."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cfreport.findings import Finding, Place, Severity, Value

if TYPE_CHECKING:
    from cfreport.framework import Framework
    from cfreport.models import Submission

FAMILIES = {
    "F": "File and structure",
    "V": "Cell values",
    "S": "Submission details",
    "C": "Codes known to the framework",
    "I": "Ids and references",
    "T": "Totals and their parts",
    "M": "Money",
    "X": "Across submissions",
    "P": "A report draft against the data",
}


@dataclass(frozen=True)
class Rule:
    """A rule of the catalog; `message` is a str.format template over a finding's params."""

    code: str
    name: str
    severity: Severity
    summary: str
    message: str
    why: str = ""
    bad: str = ""
    good: str = ""
    refuses: bool = False
    """A refusal: the file cannot be read as a submission (exit code 2)."""

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    def params_in_message(self) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.message) if name}

    def render(self, params: dict[str, Value]) -> str:
        safe = {k: _show(v) for k, v in params.items()}
        return self.message.format_map(_Missing(safe))

    def finding(
        self,
        file: str,
        sheet: str | None = None,
        cell: str | None = None,
        *,
        expected: Value = None,
        found: Value = None,
        related: Iterable[Place] = (),
        **params: Value,
    ) -> Finding:
        """A finding of this rule; the message is rendered from the params and expected/found."""
        values = {"expected": expected, "found": found, **params}
        return Finding(
            code=self.code,
            severity=self.severity,
            message=self.render(values),
            file=file,
            sheet=sheet,
            cell=cell,
            expected=expected,
            found=found,
            related=tuple(related),
            params=params,
        )


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _show(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "(empty)" if value is None or value == "" else str(value)


CheckFn = Callable[["Submission", "Framework"], Iterator[Finding]]

RULES: dict[str, Rule] = {}
CHECKS: list[tuple[tuple[Rule, ...], CheckFn]] = []


def register(rule: Rule) -> Rule:
    """Add a rule to the catalog; a code or name used twice is a programming error."""
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    if any(r.name == rule.name for r in RULES.values()):
        raise ValueError(f"rule name {rule.name} registered twice")
    if rule.code[0] not in FAMILIES:
        raise ValueError(f"rule {rule.code}: unknown family {rule.code[0]!r}")
    RULES[rule.code] = rule
    return rule


@dataclass
class _CheckRegistrar:
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def __call__(self, fn: CheckFn) -> CheckFn:
        CHECKS.append((self.rules, fn))
        return fn


def check(*rules: Rule) -> _CheckRegistrar:
    """Decorate a check function that emits findings of `rules` for one submission."""
    return _CheckRegistrar(rules)


def all_rules() -> list[Rule]:
    """The catalog, every family loaded, in code order."""
    import cfreport.checks  # noqa: F401  (registers every family)

    return sorted(RULES.values(), key=lambda r: r.code)
