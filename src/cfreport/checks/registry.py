"""The catalog of rules: each has a stable code, a severity, a one-line summary and a message."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cfreport.i18n import rule_message, rule_text
from cfreport.severity import Severity, Value

if TYPE_CHECKING:
    from cfreport.findings import Finding, Place
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
    "K": "Key results",
    "X": "Across submissions",
    "P": "A report draft against the data",
    "Y": "Changes since the year compared",
}


@dataclass(frozen=True)
class Rule:
    """A rule of the catalog. Its texts (summary, message template, why, a failing and a fixed
    example) live in the message catalogs, one per language (src/cfreport/i18n/)."""

    code: str
    name: str
    severity: Severity
    refuses: bool = False
    """A refusal: the file cannot be read as a submission (exit code 2)."""

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    def text(self, key: str, lang: str = "en") -> str:
        return rule_text(self.code, key, lang)

    @property
    def summary(self) -> str:
        return self.text("summary")

    @property
    def message(self) -> str:
        return self.text("message")

    @property
    def why(self) -> str:
        return self.text("why")

    @property
    def bad(self) -> str:
        return self.text("bad")

    @property
    def good(self) -> str:
        return self.text("good")

    def params_in_message(self, lang: str = "en") -> set[str]:
        template = self.text("message", lang)
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    def render(self, params: dict[str, Value], lang: str = "en") -> str:
        """The message in `lang` for these params (expected and found among them)."""
        return rule_message(self.code, params, lang)

    def finding(
        self,
        file: str,
        sheet: str | None = None,
        cell: str | None = None,
        *,
        expected: Value = None,
        found: Value = None,
        related: Iterable[Place] = (),
        names: Mapping[str, str] | None = None,
        **params: Value,
    ) -> Finding:
        """A finding of this rule; the message is rendered from the params and expected/found.

        `names` are params worded in several languages (`i18n.in_every_language`)."""
        from cfreport.findings import Finding

        return Finding(
            code=self.code,
            severity=self.severity,
            file=file,
            sheet=sheet,
            cell=cell,
            expected=expected,
            found=found,
            related=tuple(related),
            params={**params, **(names or {})},
        )


CheckFn = Callable[["Submission", "Framework"], Iterator["Finding"]]

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
