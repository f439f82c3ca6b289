"""JUnit XML as Apache Ant writes it (the schema most CI servers follow, JUnit.xsd): one
`<testsuite>`, a test case per file, at most one `<failure>` per case (listing every error of
the file) or one `<error>` for a file that cannot be read. Warnings are not failures: they go
to the suite's `<system-out>`, one line each.

The counts are what the cases say, so a parser that recounts (junitparser's
`update_statistics()`) finds the same numbers. cfreport does not time each file: every time is
0. The timestamp is the run's, in UTC without a zone as Ant writes it, or SOURCE_DATE_EPOCH's
for a reproducible file.
"""

from __future__ import annotations

import os
import socket
import time
import xml.etree.ElementTree as ET

from cfreport.findings import Finding
from cfreport.render import RenderOptions
from cfreport.report import Report
from cfreport.text import visible


def _timestamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def _line(f: Finding, lang: str) -> str:
    where = f"{f.location} " if f.location else ""
    # XML 1.0 cannot hold most control characters (a vertical tab makes the file invalid).
    return visible(f"{where}{f.code} {f.text(lang)}")


def render(report: Report, options: RenderOptions) -> str:
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    failed = [r for r in report.files if r.status == "invalid"]
    broken = [r for r in report.files if r.status == "unreadable"]
    suite = ET.Element(
        "testsuite",
        name="cfreport validate",
        timestamp=_timestamp(),
        hostname=socket.gethostname() or "localhost",
        tests=str(len(report.files)),
        failures=str(len(failed)),
        errors=str(len(broken)),
        skipped="0",
        time="0",
    )
    ET.SubElement(suite, "properties")
    warnings: list[str] = []
    for result in report.files:
        case = ET.SubElement(
            suite, "testcase", name=visible(result.file), classname="cfreport.validate", time="0"
        )
        found = by_file.get(result.file, [])
        errors = [f for f in found if f.is_error]
        warnings += [
            f"{visible(result.file)}: {_line(f, options.lang)}" for f in found if not f.is_error
        ]
        if not errors:
            continue
        codes = ", ".join(dict.fromkeys(f.code for f in errors))
        message = _line(errors[0], options.lang).replace(f"{errors[0].code} ", "", 1)
        if len(errors) > 1:
            message += f" (+{len(errors) - 1})"
        tag = "error" if result.status == "unreadable" else "failure"
        node = ET.SubElement(case, tag, type=codes, message=message)
        node.text = "\n".join(_line(f, options.lang) for f in errors)
    ET.SubElement(suite, "system-out").text = "\n".join(warnings)
    ET.SubElement(suite, "system-err").text = ""
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
