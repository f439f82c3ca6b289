"""The checks, one module per family; importing this package registers them all."""

from cfreport.checks import (
    codes,
    crossfile,
    ids,
    money,
    structure,
    submission,
    totals,
    values,
)
from cfreport.checks.registry import CHECKS, RULES, Rule, all_rules

__all__ = [
    "CHECKS",
    "RULES",
    "Rule",
    "all_rules",
    "codes",
    "crossfile",
    "ids",
    "money",
    "structure",
    "submission",
    "totals",
    "values",
]
