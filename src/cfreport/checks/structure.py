"""F: the file and its structure. Emitted while reading; a refusal makes the file unreadable."""

from __future__ import annotations

from cfreport.checks.registry import Rule, register
from cfreport.severity import Severity

F001 = register(Rule("F001", "unreadable-file", Severity.ERROR, refuses=True))
F002 = register(Rule("F002", "extra-sheet", Severity.WARNING))
F003 = register(Rule("F003", "missing-sheet", Severity.ERROR))
F004 = register(Rule("F004", "missing-column", Severity.ERROR, refuses=True))
F005 = register(Rule("F005", "not-a-template", Severity.ERROR, refuses=True))
F006 = register(Rule("F006", "unsupported-version", Severity.ERROR, refuses=True))
F007 = register(Rule("F007", "framework-mismatch", Severity.ERROR))
F008 = register(Rule("F008", "macros-ignored", Severity.WARNING))
F009 = register(Rule("F009", "hidden-sheet", Severity.WARNING))
F010 = register(Rule("F010", "hidden-rows", Severity.WARNING))
F011 = register(Rule("F011", "hidden-columns", Severity.WARNING))
F012 = register(Rule("F012", "ambiguous-column", Severity.ERROR, refuses=True))
F013 = register(Rule("F013", "ambiguous-sheet", Severity.ERROR, refuses=True))
F014 = register(Rule("F014", "sheet-not-scanned", Severity.WARNING))
F015 = register(Rule("F015", "framework-stamp-missing", Severity.WARNING))
