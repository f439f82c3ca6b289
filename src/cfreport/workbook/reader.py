"""Turn a filled agency workbook into a `Submission`, tolerating what Excel users do and saying so.

This module puts a submission together: the Submission sheet's details and stamp, which sheets
are there, the rows of each data sheet. Finding sheets and columns is `sheets.py`'s, reading a
cell as its column's kind `values.py`'s, the rows read without corrections `fast_paths.py`'s.
A workbook that cannot be read as a submission at all raises `SubmissionRefused` with the
finding that says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from cfreport.checks.structure import (
    F001,
    F002,
    F003,
    F004,
    F005,
    F006,
    F008,
    F009,
    F010,
    F011,
    F012,
    F013,
    F014,
)
from cfreport.findings import Finding, cell_ref, column_letter
from cfreport.framework import Framework
from cfreport.i18n import all_headers, header, in_every_language
from cfreport.inputs import file_name
from cfreport.lifetime import kept
from cfreport.models import (
    CitedFigure,
    Count,
    CountRows,
    Initiative,
    KeyResult,
    MoneyLine,
    ProgrammeLine,
    Submission,
    Tag,
)
from cfreport.text import clean_spaces, fold
from cfreport.workbook import layout
from cfreport.workbook.cells import (
    CellValue,
    RawSheet,
    RawWorkbook,
    WorkbookError,
    read_workbook,
)
from cfreport.workbook.fast_paths import CleanInitiatives, clean_counts, clean_tags
from cfreport.workbook.layout import (
    KEY_FIGURES,
    KEY_RESULTS,
    KNOWN_OTHER_SHEETS,
    LIST_SEPARATORS,
    LISTS_SHEET,
    STAMP_LABEL,
    SUBMISSION,
    SUBMISSION_FIELDS,
    TAG_SHEETS,
    SheetSpec,
    data_sheets,
)
from cfreport.workbook.sheets import find_sheet, find_sheets, header_row
from cfreport.workbook.values import SheetReader, as_text, initiative_fields, read_row


class SubmissionRefused(Exception):
    """The file cannot be read as a submission; `finding` says why (a refusal rule)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _version_text(version: CellValue) -> str:
    """The template version as typed: a number 1 is '1.0', but 1.04 is '1.04', never '1.0'."""
    if isinstance(version, float):
        return f"{version:.1f}" if version.is_integer() else repr(version)
    return clean_spaces(as_text(version))


class _Reader:
    def __init__(
        self,
        raw: RawWorkbook,
        fw: Framework,
        file: str,
        *,
        fast: bool,
        specs: tuple[SheetSpec, ...] | None = None,
    ) -> None:
        self.raw = raw
        self.fw = fw
        self.specs = specs or data_sheets(fw)
        self.file = file
        self.fast = fast
        self.findings: list[Finding] = []
        self.sheet_names: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.version = ""
        """The template version the workbook is stamped with."""

    def find_sheet(self, spec: SheetSpec) -> RawSheet | None:
        """The sheet of `spec`; two that could be it are refused (F013), naming both."""
        found = find_sheets(self.raw, spec, layout.HISTORY.old_names(self.version, spec.key))
        return self.one_sheet(spec, found)

    def one_sheet(self, spec: SheetSpec, found: list[RawSheet]) -> RawSheet | None:
        """The one sheet found for `spec`; two are refused (F013), naming both."""
        if len(found) > 1:
            raise self.refuse(
                F013.finding(
                    self.file,
                    None,
                    None,
                    first=found[0].name,
                    second=found[1].name,
                    names=in_every_language("sheet_name", lambda lang: header(spec.name, lang)),
                )
            )
        return found[0] if found else None

    def refuse(self, finding: Finding) -> SubmissionRefused:
        return SubmissionRefused(finding)

    def sheet_reader(self, spec: SheetSpec) -> tuple[SheetReader, int]:
        sheet = self.find_sheet(spec)
        assert sheet is not None
        header, columns, twins = header_row(sheet, spec, self.version)
        for key, (first, second) in twins.items():
            twin_named: dict[str, Any] = next(c for c in spec.columns if c.key == key).named()
            raise self.refuse(
                F012.finding(
                    self.file,
                    sheet.name,
                    cell_ref(header, second),
                    sheet_name=sheet.name,
                    first=column_letter(first),
                    second=column_letter(second),
                    **twin_named,
                )
            )
        missing = [c for c in spec.columns if c.required and c.key not in columns]
        if missing:
            named: dict[str, Any] = missing[0].named()
            raise self.refuse(
                F004.finding(self.file, sheet.name, None, sheet_name=sheet.name, **named)
            )
        self.sheet_names[spec.key] = sheet.name
        self.columns[spec.key] = columns
        hidden = self.raw.scan(sheet.name).hidden_columns
        for column in spec.columns:
            col = columns.get(column.key)
            if col is not None and col in hidden:
                named_column: dict[str, Any] = column.named()
                self.findings.append(
                    F011.finding(
                        self.file,
                        sheet.name,
                        cell_ref(header, col),
                        letter=column_letter(col),
                        **named_column,
                    )
                )
        reader = SheetReader(
            self.file,
            sheet,
            columns,
            {c.key: c for c in spec.columns},
            self.raw.scan(sheet.name),
            self.findings,
        )
        return reader, header

    def rows(self, reader: SheetReader, header_row: int) -> list[int]:
        rows = [
            row
            for row in range(header_row + 1, reader.sheet.last_row + 1)
            if not reader.is_blank_row(row)
        ]
        hidden = set(self.raw.scan(reader.sheet.name).hidden_rows).intersection(rows)
        if hidden:
            shown = sorted(hidden)
            listed = ", ".join(map(str, shown[:10])) + (" ..." if len(shown) > 10 else "")
            self.findings.append(
                F010.finding(
                    self.file,
                    reader.sheet.name,
                    f"A{shown[0]}",
                    count=len(shown),
                    rows=listed,
                )
            )
        return rows

    def _missing_sheet(self, name: str) -> None:
        """A sheet renamed or deleted: said, with how to restore it; the rest is still read."""
        self.findings.append(
            F003.finding(self.file, None, None, sheet_name=name, found=", ".join(self.raw.sheets))
        )

    def details(self) -> dict[str, object]:
        # The version is on this sheet: look for every name it ever had.
        every_old = [c.old for c in layout.HISTORY.changes if c.sheet == SUBMISSION.key]
        sheet = self.one_sheet(
            SUBMISSION, find_sheets(self.raw, SUBMISSION, [n for n in every_old if n])
        )
        if sheet is None:
            initiatives = self.specs[1]
            if find_sheet(self.raw, initiatives, []) is None:
                # Neither the stamp nor the Initiatives sheet: not a workbook of cfreport's.
                raise self.refuse(F005.finding(self.file, None, None, column=STAMP_LABEL))
            # A cfreport workbook whose Submission sheet was renamed or deleted: read the rest
            # as the current layout; the agency and the year are unknown.
            self._missing_sheet(SUBMISSION.name)
            self.version = layout.HISTORY.current
            return {"detail_rows": {}, "template_version": self.version}
        labels = {fold(h): c for c in SUBMISSION_FIELDS for h in all_headers(c.header)}
        rows: dict[str, int] = {}
        value_col = 2
        for r, line in enumerate(sheet.rows):
            for c, value in enumerate(line):
                if isinstance(value, str) and fold(value) in labels:
                    key = labels[fold(value)].key
                    if key not in rows:
                        rows[key] = sheet.first_row + r
                        value_col = sheet.first_col + c + 1
                    break
        if "template_version" not in rows:
            raise self.refuse(F005.finding(self.file, sheet.name, None, column=STAMP_LABEL))
        self.sheet_names["submission"] = sheet.name
        self.columns["submission"] = {"value": value_col}
        fields = {c.key: c for c in SUBMISSION_FIELDS}
        reader = SheetReader(
            self.file,
            sheet,
            dict.fromkeys(rows, value_col),
            fields,
            self.raw.scan(sheet.name),
            self.findings,
        )
        out: dict[str, object] = {"detail_rows": rows}
        version_row = rows["template_version"]
        version = reader.raw(version_row, "template_version")
        version_text = _version_text(version)
        if version_text not in layout.HISTORY.versions:
            raise self.refuse(
                F006.finding(
                    self.file,
                    sheet.name,
                    cell_ref(version_row, value_col),
                    found=version_text or "(empty)",
                    supported=", ".join(layout.HISTORY.versions),
                )
            )
        out["template_version"] = version_text
        self.version = version_text
        if "agency" in rows:
            out["agency"] = reader.code(rows["agency"], "agency", self.fw.agency_vocab)
        if "year" in rows:
            year = reader.number(rows["year"], "year", whole=True)
            out["year"] = None if year is None else int(year)
        for key in ("focal_point", "email", "framework"):
            if key in rows:
                out[key] = reader.text(rows[key], key)
        return out

    def read(self) -> Submission:
        details = self.details()
        specs = self.specs
        for spec in specs[1:]:
            if spec.required and self.find_sheet(spec) is None:
                self._missing_sheet(spec.name)
        known = {fold(n) for s in specs for n in all_headers(s.name)}
        known |= {fold(n) for other in KNOWN_OTHER_SHEETS for n in all_headers(other)}
        known |= {
            fold(n)
            for c in layout.HISTORY.since(self.version)
            if c.column is None
            for n in all_headers(c.old)
        }
        if self.raw.has_macros:
            self.findings.append(F008.finding(self.file))
        for name, sheet in self.raw.sheets.items():
            if fold(name) not in known:
                self.findings.append(F002.finding(self.file, name, None, sheet_name=name))
            elif not sheet.visible and fold(name) not in {
                fold(n) for n in all_headers(LISTS_SHEET)
            }:
                self.findings.append(
                    F009.finding(
                        self.file,
                        name,
                        None,
                        sheet_name=name,
                        what="@hidden_data_counts",
                    )
                )

        initiatives = self.initiatives(specs[1])
        tags = {spec.key: self.tags(spec) for spec in TAG_SHEETS}
        counts = self.counts(next(s for s in specs if s.key == "counts"))
        money = self.money(next(s for s in specs if s.key == "money"))
        programmes = self.programmes(next(s for s in specs if s.key == "programmes"))
        key_results = self.key_results()
        cited = self.cited()
        self.unscanned()
        # Every value was typed by this reader: validating 100,000 counts again costs 0.2 s.
        return Submission.model_construct(
            file=self.file,
            agency=str(details.get("agency", "")),
            year=cast(int | None, details.get("year")),
            framework_id=str(details.get("framework", "")),
            template_version=str(details["template_version"]),
            saved=self.raw.saved,
            focal_point=str(details.get("focal_point", "")),
            email=str(details.get("email", "")),
            initiatives=tuple(initiatives),
            participants=tags["participants"],
            states=tags["states"],
            sdg_targets=tags["sdg_targets"],
            populations=tags["populations"],
            counts=counts,
            money=tuple(money),
            programmes=tuple(programmes),
            key_results=key_results,
            cited=cited,
            sheet_names=self.sheet_names,
            columns=self.columns,
            detail_rows=cast(dict[str, int], details["detail_rows"]),
        )

    def unscanned(self) -> None:
        """F014 for each sheet read whose XML the scan could not check."""
        missed = set(self.raw.unscanned)
        for name in dict.fromkeys(self.sheet_names.values()):
            if "*" in missed or name in missed:
                self.findings.append(F014.finding(self.file, name, None, sheet_name=name))

    def initiatives(self, spec: SheetSpec) -> list[Initiative]:
        if self.find_sheet(spec) is None:
            return []  # a missing sheet, said once (F003)
        fw = self.fw
        reader, header = self.sheet_reader(spec)
        clean = CleanInitiatives(reader, spec, fw) if self.fast else None
        rows = self.rows(reader, header)
        out = []
        fast_read = clean.read_rows(rows) if clean else [None] * len(rows)
        for row, fast in zip(rows, fast_read, strict=True):
            ini = fast
            if ini is None:
                ini = Initiative(row=row, **initiative_fields(read_row(reader, row, spec, fw), fw))
            out.append(ini)
        return out

    def tags(self, spec: SheetSpec) -> tuple[Tag, ...]:
        if self.find_sheet(spec) is None:
            return ()  # a missing sheet, said once (F003)
        reader, header = self.sheet_reader(spec)
        if not self.fast:
            rows = self.rows(reader, header)
            return tuple(Tag(row=row, **read_row(reader, row, spec, self.fw)) for row in rows)
        out, careful_rows = clean_tags(reader, header, spec, self.fw)
        if self.raw.scan(reader.sheet.name).hidden_rows:
            self.rows(reader, header)  # the hidden-row warning (F010), fast rows included
        out += (Tag(row=row, **read_row(reader, row, spec, self.fw)) for row in careful_rows)
        if careful_rows:
            out.sort(key=lambda t: t.row)
        return tuple(out)

    def counts(self, spec: SheetSpec) -> CountRows:
        if self.find_sheet(spec) is None:
            return CountRows.of(())  # a missing sheet, said once (F003)
        reader, header = self.sheet_reader(spec)
        fast: Sequence[Count] = ()
        if self.fast:
            fast, careful_rows = clean_counts(reader, header, self.fw)
            if self.raw.scan(reader.sheet.name).hidden_rows:
                self.rows(reader, header)  # the hidden-row warning (F010), fast rows included
        else:
            careful_rows = self.rows(reader, header)
        if not careful_rows and isinstance(fast, CountRows):
            return fast
        out = list(fast)
        for row in careful_rows:
            v = read_row(reader, row, spec, self.fw)
            category, path = v["category"]
            out.append(
                Count(
                    row, v["initiative"], v["indicator"], category, path, v["value"], v["comment"]
                )
            )
        if careful_rows:
            out.sort(key=lambda c: c.row)
        return CountRows.of(out)

    def money(self, spec: SheetSpec) -> list[MoneyLine]:
        if self.find_sheet(spec) is None:
            return []  # a missing sheet, said once (F003)
        reader, header = self.sheet_reader(spec)
        return [
            MoneyLine(row=row, **read_row(reader, row, spec, self.fw))
            for row in self.rows(reader, header)
        ]

    def programmes(self, spec: SheetSpec) -> list[ProgrammeLine]:
        if self.find_sheet(spec) is None:
            return []  # a missing sheet, said once (F003)
        reader, header = self.sheet_reader(spec)
        return [
            ProgrammeLine(row=row, **read_row(reader, row, spec, self.fw))
            for row in self.rows(reader, header)
        ]

    def key_results(self) -> tuple[KeyResult, ...]:
        if self.find_sheet(KEY_RESULTS) is None:
            return ()  # a workbook of template 1.0, or one without key results
        reader, header = self.sheet_reader(KEY_RESULTS)
        out = []
        for row in self.rows(reader, header):
            v = read_row(reader, row, KEY_RESULTS, self.fw)
            states = tuple(_codes_in(v["states"], self.fw.state_vocab.resolve))
            populations = tuple(_codes_in(v["populations"], self.fw.population_vocab.resolve))
            out.append(KeyResult(row=row, **(v | {"states": states, "populations": populations})))
        return tuple(out)

    def cited(self) -> tuple[CitedFigure, ...]:
        if self.find_sheet(KEY_FIGURES) is None:
            return ()
        reader, header = self.sheet_reader(KEY_FIGURES)
        out = []
        for row in self.rows(reader, header):
            v = read_row(reader, row, KEY_FIGURES, self.fw)
            category, path = v["category"]
            if v["indicator"] and not category:
                path = ()  # no category: the indicator's total
            out.append(CitedFigure(row=row, **(v | {"category": category, "path": path})))
        return tuple(out)


def _codes_in(text: str, resolve: Any) -> list[str]:
    """The codes a cell lists ('Oaxaca, Chiapas'), each as its code where a list knows it."""
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, LIST_SEPARATORS[0])
    items = [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]
    return list(dict.fromkeys(resolve(item) or item for item in items))


def sheets_read(specs: Iterable[SheetSpec]) -> Callable[[str], bool]:
    """Whether the reader needs a sheet's cells, by its name: a data sheet's (of `specs`), in
    any language, by an alias or a name of an older template. The template's instructions and
    lists, an annotated copy's findings and an agency's own sheets are known by their names."""
    names = {
        fold(n)
        for spec in specs
        for name in (spec.name, *spec.aliases)
        for n in (*all_headers(name), name)
    }
    names |= {fold(n) for c in layout.HISTORY.changes if c.old for n in all_headers(c.old)}
    return lambda name: fold(name) in names


def read_submission(
    path: Path, fw: Framework, *, name: str | None = None, fast: bool = True
) -> tuple[Submission, list[Finding]]:
    """Read one agency workbook; raises `SubmissionRefused` when it cannot be read at all.

    `fast=False` reads every row the careful way (the fast paths must read the same).
    """
    file = name or file_name(Path(path))
    specs = data_sheets(fw)
    try:
        raw = read_workbook(Path(path), sheets_read(specs))
    except WorkbookError as exc:
        params: dict[str, Any] = dict(exc.params)
        finding = F001.finding(file, reason=f"@reasons.{exc.key}", **params)
        raise SubmissionRefused(finding) from None
    reader = _Reader(kept(raw), fw, file, fast=fast, specs=specs)
    submission = reader.read()
    return submission, reader.findings
