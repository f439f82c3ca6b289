"""The checks, one module per family; importing this package registers them all."""

from cfreport.checks import (
    changes,
    codes,
    consolidated,
    crossfile,
    ids,
    key_results,
    money,
    published,
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
    "changes",
    "codes",
    "consolidated",
    "crossfile",
    "ids",
    "key_results",
    "money",
    "published",
    "structure",
    "submission",
    "totals",
    "values",
]
