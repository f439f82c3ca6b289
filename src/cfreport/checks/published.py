"""P: a report draft's printed figures against the data (`cfreport summarize --against`)."""

from __future__ import annotations

from cfreport.checks.registry import Rule, register
from cfreport.severity import Severity

P001 = register(Rule("P001", "printed-differs-from-data", Severity.ERROR))
P002 = register(Rule("P002", "printed-total-not-sum", Severity.ERROR))
