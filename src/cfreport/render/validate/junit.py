"""JUnit XML: a test case per file, a failure per error (warnings go to system-out)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cfreport.render import RenderOptions
from cfreport.report import Report


def render(report: Report, options: RenderOptions) -> str:
    suites = ET.Element("testsuites", name="cfreport")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="cfreport validate",
        tests=str(len(report.files)),
        failures=str(sum(1 for f in report.files if f.status == "invalid")),
        errors=str(sum(1 for f in report.files if f.status == "unreadable")),
    )
    by_file: dict[str, list] = {}  # type: ignore[type-arg]
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    for result in report.files:
        case = ET.SubElement(suite, "testcase", classname="cfreport.validate", name=result.file)
        warnings = []
        for f in by_file.get(result.file, []):
            where = f"{f.location} " if f.location else ""
            message = f.text(options.lang)
            if not f.is_error:
                warnings.append(f"{where}{f.code} {message}")
                continue
            tag = "error" if result.status == "unreadable" else "failure"
            node = ET.SubElement(case, tag, type=f.code, message=f"{where}{message}")
            node.text = f"{f.file} {where}{f.code}: {message}"
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(warnings)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
