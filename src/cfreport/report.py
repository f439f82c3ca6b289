"""The outcome of validating files: per-file results, the findings, and the exit code.

Renderers import this module, not the engine that builds a report.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from cfreport.errors import ExitCode
from cfreport.findings import Finding, Severity

__all__ = ["REPORT_VERSION", "ExitCode", "FileResult", "Report"]

REPORT_VERSION = 1


class FileResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    status: Literal["valid", "invalid", "unreadable"]
    agency: str | None = None
    year: int | None = None
    errors: int = 0
    warnings: int = 0


class Report(BaseModel):
    """The outcome of validating one or more files."""

    model_config = ConfigDict(frozen=True)

    files: tuple[FileResult, ...]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def exit_code(self, *, strict: bool = False) -> ExitCode:
        if any(f.status == "unreadable" for f in self.files):
            return ExitCode.UNREADABLE
        if self.errors or (strict and self.warnings):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The documented JSON report (docs/json-report.md), messages in `lang`."""
        return {
            "version": REPORT_VERSION,
            "files": [f.model_dump(mode="json") for f in self.files],
            "findings": [f.to_json(lang) for f in self.findings],
            "summary": {"files": len(self.files), "errors": self.errors, "warnings": self.warnings},
        }
