"""V: single cell values. Emitted while reading, where each cell is turned into a value."""

from __future__ import annotations

from cfreport.checks.registry import Rule, register
from cfreport.severity import Severity

V001 = register(Rule("V001", "value-tidied", Severity.WARNING))
V002 = register(Rule("V002", "not-a-number", Severity.ERROR))
V003 = register(Rule("V003", "not-whole", Severity.ERROR))
V004 = register(Rule("V004", "negative", Severity.ERROR))
V005 = register(Rule("V005", "missing-value", Severity.ERROR))
V006 = register(Rule("V006", "formula-without-value", Severity.ERROR))
V007 = register(Rule("V007", "flag-not-yes-no", Severity.ERROR))
V008 = register(Rule("V008", "sdg-as-number", Severity.WARNING))
V009 = register(Rule("V009", "number-out-of-range", Severity.ERROR))
V010 = register(Rule("V010", "error-value", Severity.ERROR))
