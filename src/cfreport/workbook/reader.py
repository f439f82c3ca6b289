"""Turn a filled agency workbook into a `Submission`, tolerating what Excel users do and saying so.

Sheets are found by name and columns by header, never by position. Each tolerated correction is
a V001 warning; a cell that cannot be read is a finding at that cell. A workbook that cannot be
read as a submission at all raises `SubmissionRefused` with the finding that says why.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from cfreport.checks.structure import F001, F002, F003, F004, F005, F006, F008, F009, F010
from cfreport.checks.values import V001, V002, V003, V004, V005, V006, V007, V008
from cfreport.findings import Finding, cell_ref
from cfreport.framework import Framework, Indicator, Vocabulary
from cfreport.framework.models import path_label
from cfreport.i18n import all_headers
from cfreport.models import (
    Count,
    Initiative,
    MoneyLine,
    ProgrammeLine,
    Submission,
    Tag,
)
from cfreport.text import clean_spaces, fold
from cfreport.workbook import layout
from cfreport.workbook.cells import CellValue, RawSheet, RawWorkbook, WorkbookError, read_workbook
from cfreport.workbook.layout import (
    KNOWN_OTHER_SHEETS,
    LISTS_SHEET,
    STAMP_LABEL,
    SUBMISSION,
    SUBMISSION_FIELDS,
    TAG_SHEETS,
    Column,
    SheetSpec,
    data_sheets,
)

HEADER_SEARCH_ROWS = 20
HEADER_MAX = 120
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,\u00a0 ]\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_YES = {"yes", "y", "x", "si", "true", "1", "✓", "✔"}
_NO = {"no", "n", "false", "0", "-"}


class SubmissionRefused(Exception):
    """The file cannot be read as a submission; `finding` says why (a refusal rule)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: CellValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def parse_number(text: str) -> float | None:
    """A number typed as text: '1,200', '1 200', '1.200.000', ' 42 '; None if it is not one."""
    s = clean_spaces(text).replace("\u2212", "-")
    if s.startswith("$"):
        s = s[1:].strip()
    if _PLAIN_NUMBER.match(s):
        return float(s)
    if _THOUSANDS.match(s):
        return float(re.sub(r"[,\u00a0 ]", "", s))
    if _THOUSANDS_DOT.match(s):
        return float(s.replace(".", ""))
    return None


class _SheetReader:
    """Reads typed values from one sheet, recording a finding for each correction or problem."""

    def __init__(
        self,
        file: str,
        sheet: RawSheet,
        columns: dict[str, int],
        spec_columns: dict[str, Column],
        unvalued: set[tuple[int, int]],
        findings: list[Finding],
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.columns = columns
        self.spec = spec_columns
        self.unvalued = unvalued
        self.findings = findings

    def raw(self, row: int, key: str) -> CellValue:
        col = self.columns.get(key)
        return "" if col is None else self.sheet.value(row, col)

    def is_blank_row(self, row: int) -> bool:
        return all(
            _blank(self.sheet.value(row, col)) and (row, col) not in self.unvalued
            for col in self.columns.values()
        )

    def _where(self, row: int, key: str) -> tuple[str, str | None]:
        return self.sheet.name, cell_ref(row, self.columns.get(key))

    def _report(
        self, rule_finding: Callable[..., Finding], row: int, key: str, **kw: object
    ) -> None:
        sheet, cell = self._where(row, key)
        header = self.spec[key].header if key in self.spec else key
        self.findings.append(rule_finding(self.file, sheet, cell, column=header, **kw))

    def _present(self, row: int, key: str, value: CellValue) -> bool:
        """Whether the cell holds something; reports an unvalued formula or a missing value."""
        col = self.columns.get(key)
        if col is not None and (row, col) in self.unvalued:
            self._report(V006.finding, row, key)
            return False
        if _blank(value):
            if key in self.spec and self.spec[key].required:
                self._report(V005.finding, row, key)
            return False
        return True

    def text(self, row: int, key: str) -> str:
        value = self.raw(row, key)
        if not self._present(row, key, value):
            return ""
        raw = _as_text(value)
        text = clean_spaces(raw)
        if text != raw:
            self._report(V001.finding, row, key, raw=raw, read=text)
        return text

    def code(self, row: int, key: str, vocab: Vocabulary) -> str:
        """A code: exact codes and dropdown labels silently, loose matches with a warning."""
        value = self.raw(row, key)
        if not self._present(row, key, value):
            return ""
        raw = _as_text(value)
        code = vocab.resolve(raw)
        if code is None:
            return clean_spaces(raw)
        if not vocab.is_exact(raw):
            self._report(V001.finding, row, key, raw=raw, read=vocab.labels[code])
        return code

    def sdg(self, row: int, key: str, vocab: Vocabulary) -> str:
        value = self.raw(row, key)
        if isinstance(value, float) and not isinstance(value, bool):
            read = repr(value) if not value.is_integer() else str(int(value))
            code = vocab.resolve(read) or read
            self._report(V008.finding, row, key, found=value, read=code)
            return code
        return self.code(row, key, vocab)

    def number(self, row: int, key: str, *, whole: bool) -> float | int | None:
        value = self.raw(row, key)
        if not self._present(row, key, value):
            return None
        number: float
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self._report(V002.finding, row, key, found=_as_text(value))
            return None
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is None:
                self._report(V002.finding, row, key, found=value)
                return None
            shown = int(parsed) if parsed.is_integer() else parsed
            self._report(V001.finding, row, key, raw=value, read=f"{shown}")
            number = parsed
        else:
            number = float(value)
        if whole and not number.is_integer():
            self._report(V003.finding, row, key, found=number)
            return None
        if number < 0:
            self._report(V004.finding, row, key, found=number)
        return int(number) if whole else number

    def flag(self, row: int, key: str) -> bool:
        value = self.raw(row, key)
        if not self._present(row, key, value):
            return False
        if isinstance(value, bool):
            return value
        key_text = fold(_as_text(value))
        if key_text in _YES:
            return True
        if key_text not in _NO:
            self._report(V007.finding, row, key, found=_as_text(value))
        return False


def _find_sheet(raw: RawWorkbook, spec: SheetSpec, old: Iterable[str] = ()) -> RawSheet | None:
    """The sheet by its name in any language, an alias, or a name it had in an older template."""
    names = {fold(n) for n in all_headers(spec.name)} | {fold(a) for a in spec.aliases}
    names |= {fold(n) for name in old for n in all_headers(name)}
    for name, sheet in raw.sheets.items():
        if fold(name) in names:
            return sheet
    return None


def _header_row(sheet: RawSheet, spec: SheetSpec, version: str = "") -> tuple[int, dict[str, int]]:
    """The row holding the most of the spec's headers, and each header's column."""
    # A header in any language of the catalogs: a Spanish template reads like an English one.
    wanted = {fold(h): c.key for c in spec.columns for h in c.headers()}
    for c in spec.columns:
        for old in layout.HISTORY.old_names(version, spec.key, c.key):
            wanted.update({fold(h): c.key for h in all_headers(old)})
    best_row, best = sheet.first_row, dict[str, int]()
    last = min(sheet.last_row, sheet.first_row + HEADER_SEARCH_ROWS - 1)
    for row in range(sheet.first_row, last + 1):
        found: dict[str, int] = {}
        for offset, value in enumerate(sheet.rows[row - sheet.first_row]):
            # Headers are short; a long text (a title) is never one and costs a fold.
            if isinstance(value, str) and len(value) <= HEADER_MAX and fold(value) in wanted:
                found.setdefault(wanted[fold(value)], sheet.first_col + offset)
        if len(found) > len(best):
            best_row, best = row, found
    return best_row, best


def _plain_text(value: CellValue) -> str | None:
    """The text of a cell that needs no tidying, or None."""
    if type(value) is str and value and value == clean_spaces(value):
        return value
    return None


_FLAG: dict[CellValue, bool] = {"Yes": True, "": False, None: False}
"""What a Yes/No column's dropdown writes, and an empty cell."""


class _CleanInitiatives:
    """Reads an initiatives row exactly as the template's dropdowns write it, without a finding.

    Anything else (a loose label, a missing value, a formula) returns None: the careful reader,
    which reports each correction, reads that row. Thousands of rows: an order faster.
    """

    def __init__(self, reader: _SheetReader, fw: Framework) -> None:
        self.sheet = reader.sheet
        cols = reader.columns
        first = self.sheet.first_col
        fixed = ("id", "title", "lead", "area", "effect", "status")
        flags = [f"principle:{p.code}" for p in fw.principles]
        flags += [f"cross:{a.code}" for a in fw.cross_cutting_areas]
        self.enabled = not reader.unvalued and all(k in cols for k in (*fixed, *flags))
        if not self.enabled:
            return
        self.at = {k: cols[k] - first for k in fixed}
        self.principles = [(p.code, cols[f"principle:{p.code}"] - first) for p in fw.principles]
        self.cross = [(a.code, cols[f"cross:{a.code}"] - first) for a in fw.cross_cutting_areas]
        self.width = max(cols[k] for k in (*fixed, *flags)) - first + 1
        # Any cell may be looked up: what is not an exact code or label is simply not found.
        self.codes: dict[str, dict[Any, str]] = {
            "lead": fw.agency_vocab.exact_codes,
            "area": fw.work_area_vocab.exact_codes,
            "effect": fw.effect_vocab.exact_codes,
            "status": fw.initiative_status_vocab.exact_codes,
        }

    def read(self, row: int) -> Initiative | None:
        if not self.enabled:
            return None
        r = row - self.sheet.first_row
        line = self.sheet.rows[r] if 0 <= r < len(self.sheet.rows) else []
        if len(line) < self.width:
            return None
        at, codes = self.at, self.codes
        ini_id, title = _plain_text(line[at["id"]]), _plain_text(line[at["title"]])
        lead = codes["lead"].get(line[at["lead"]])
        area = codes["area"].get(line[at["area"]])
        effect = codes["effect"].get(line[at["effect"]])
        raw_status = line[at["status"]]
        status = "" if raw_status in ("", None) else codes["status"].get(raw_status)
        if not (ini_id and title and lead and area and effect) or status is None:
            return None
        try:
            principles = [code for code, c in self.principles if _FLAG[line[c]]]
            cross = [code for code, c in self.cross if _FLAG[line[c]]]
        except (KeyError, TypeError):
            return None
        # Built from values checked above, as the careful reader would have built them.
        return Initiative.model_construct(
            row=row,
            id=ini_id,
            title=title,
            lead=lead,
            area=area,
            effect=effect,
            status=status,
            principles=tuple(principles),
            cross_cutting=tuple(cross),
        )


class _Reader:
    def __init__(self, raw: RawWorkbook, fw: Framework, file: str) -> None:
        self.raw = raw
        self.fw = fw
        self.file = file
        self.findings: list[Finding] = []
        self.sheet_names: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.version = ""
        """The template version the workbook is stamped with."""

    def find_sheet(self, spec: SheetSpec) -> RawSheet | None:
        return _find_sheet(self.raw, spec, layout.HISTORY.old_names(self.version, spec.key))

    def refuse(self, finding: Finding) -> SubmissionRefused:
        return SubmissionRefused(finding)

    def sheet_reader(self, spec: SheetSpec) -> tuple[_SheetReader, int]:
        sheet = self.find_sheet(spec)
        assert sheet is not None
        header_row, columns = _header_row(sheet, spec, self.version)
        missing = [c.header for c in spec.columns if c.required and c.key not in columns]
        if missing:
            raise self.refuse(
                F004.finding(self.file, sheet.name, None, sheet_name=sheet.name, column=missing[0])
            )
        self.sheet_names[spec.key] = sheet.name
        self.columns[spec.key] = columns
        reader = _SheetReader(
            self.file,
            sheet,
            columns,
            {c.key: c for c in spec.columns},
            self.raw.unvalued_formulas.get(sheet.name, set()),
            self.findings,
        )
        return reader, header_row

    def rows(self, reader: _SheetReader, header_row: int) -> list[int]:
        rows = [
            row
            for row in range(header_row + 1, reader.sheet.last_row + 1)
            if not reader.is_blank_row(row)
        ]
        hidden = set(self.raw.hidden_rows.get(reader.sheet.name, ())).intersection(rows)
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

    def details(self) -> dict[str, object]:
        # The version is on this sheet: look for every name it ever had.
        every_old = [c.old for c in layout.HISTORY.changes if c.sheet == SUBMISSION.key]
        sheet = _find_sheet(self.raw, SUBMISSION, [n for n in every_old if n])
        if sheet is None:
            raise self.refuse(F005.finding(self.file, None, None, label=STAMP_LABEL))
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
            raise self.refuse(F005.finding(self.file, sheet.name, None, label=STAMP_LABEL))
        self.sheet_names["submission"] = sheet.name
        self.columns["submission"] = {"value": value_col}
        fields = {c.key: c for c in SUBMISSION_FIELDS}
        reader = _SheetReader(
            self.file,
            sheet,
            dict.fromkeys(rows, value_col),
            fields,
            self.raw.unvalued_formulas.get(sheet.name, set()),
            self.findings,
        )
        out: dict[str, object] = {"detail_rows": rows}
        version_row = rows["template_version"]
        version = reader.raw(version_row, "template_version")
        version_text = (
            f"{version:.1f}" if isinstance(version, float) else clean_spaces(_as_text(version))
        )
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
        specs = data_sheets(self.fw)
        missing = [s.name for s in specs[1:] if s.required and self.find_sheet(s) is None]
        if missing:
            raise self.refuse(
                F003.finding(
                    self.file, None, None, sheet_name=missing[0], found=", ".join(self.raw.sheets)
                )
            )
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
        # Every value was typed by this reader: validating 100,000 counts again costs 0.2 s.
        return Submission.model_construct(
            file=self.file,
            agency=str(details.get("agency", "")),
            year=cast(int | None, details.get("year")),
            framework_id=str(details.get("framework", "")),
            template_version=str(details["template_version"]),
            focal_point=str(details.get("focal_point", "")),
            email=str(details.get("email", "")),
            initiatives=tuple(initiatives),
            participants=tags["participants"],
            states=tags["states"],
            sdg_targets=tags["sdg_targets"],
            populations=tags["populations"],
            counts=tuple(counts),
            money=tuple(money),
            programmes=tuple(programmes),
            sheet_names=self.sheet_names,
            columns=self.columns,
            detail_rows=cast(dict[str, int], details["detail_rows"]),
        )

    def initiatives(self, spec: SheetSpec) -> list[Initiative]:
        fw = self.fw
        reader, header = self.sheet_reader(spec)
        clean = _CleanInitiatives(reader, fw)
        out = []
        for row in self.rows(reader, header):
            ini = clean.read(row)
            if ini is not None:
                out.append(ini)
                continue
            out.append(
                Initiative(
                    row=row,
                    id=reader.text(row, "id"),
                    title=reader.text(row, "title"),
                    lead=reader.code(row, "lead", fw.agency_vocab),
                    area=reader.code(row, "area", fw.work_area_vocab),
                    effect=reader.code(row, "effect", fw.effect_vocab),
                    status=reader.code(row, "status", fw.initiative_status_vocab),
                    principles=tuple(
                        p.code for p in fw.principles if reader.flag(row, f"principle:{p.code}")
                    ),
                    cross_cutting=tuple(
                        a.code
                        for a in fw.cross_cutting_areas
                        if reader.flag(row, f"cross:{a.code}")
                    ),
                )
            )
        return out

    def tags(self, spec: SheetSpec) -> tuple[Tag, ...]:
        vocab: Vocabulary = getattr(self.fw, f"{spec.column('code').vocab}_vocab")
        reader, header = self.sheet_reader(spec)
        read = reader.sdg if spec.key == "sdg_targets" else reader.code
        return tuple(
            Tag(
                row=row,
                initiative=reader.text(row, "initiative"),
                code=read(row, "code", vocab),
            )
            for row in self.rows(reader, header)
        )

    def counts(self, spec: SheetSpec) -> list[Count]:
        fw = self.fw
        reader, header = self.sheet_reader(spec)
        out: list[Count] = []
        careful_rows = self._clean_count_rows(reader, header, out)
        for row in careful_rows:
            indicator_code = reader.code(row, "indicator", fw.indicator_vocab)
            indicator = fw.indicator_by_code.get(indicator_code)
            category, path = self._category(reader, row, indicator)
            value = reader.number(row, "value", whole=True)
            out.append(
                Count(
                    row=row,
                    initiative=reader.text(row, "initiative"),
                    indicator=indicator_code,
                    category=category,
                    path=path,
                    value=None if value is None else int(value),
                    comment=reader.text(row, "comment"),
                )
            )
        if careful_rows:
            out.sort(key=lambda c: c.row)
        return out

    def _clean_count_rows(self, reader: _SheetReader, header: int, out: list[Count]) -> list[int]:
        """Read the rows that need no correction straight into `out`; return the others.

        A sheet of counts can run to 100,000 rows; most are exactly what the dropdowns wrote,
        and those are read here with dictionary look-ups only. Any row with something unusual
        (a loose match, text where a number belongs, a formula) goes the careful way.
        """
        sheet = reader.sheet
        cols = reader.columns
        c_ini, c_ind, c_cat, c_val = (
            cols[k] - sheet.first_col for k in ("initiative", "indicator", "category", "value")
        )
        c_com = cols["comment"] - sheet.first_col if "comment" in cols else -1
        width = max(c_ini, c_ind, c_cat, c_val, c_com) + 1
        unvalued = bool(reader.unvalued)
        first = max(header + 1 - sheet.first_row, 0)
        if not unvalued:
            clean = self._all_clean(sheet, first, (c_ini, c_ind, c_cat, c_val, c_com), width)
            if clean is not None:
                out.extend(clean)
                if self.raw.hidden_rows.get(sheet.name):
                    self.rows(reader, header)  # the hidden-row warning (F010)
                return []
        exact_indicator = self.fw.indicator_vocab.exact_codes
        indicators = self.fw.indicator_by_code
        careful: list[int] = []
        for offset, line in enumerate(sheet.rows[first:], start=first):
            row = sheet.first_row + offset
            if len(line) < width or unvalued:
                careful.append(row)
                continue
            ini, ind, cat, val = line[c_ini], line[c_ind], line[c_cat], line[c_val]
            com = line[c_com] if c_com >= 0 else ""
            code = exact_indicator.get(ind) if type(ind) is str else None
            indicator = indicators.get(code) if code else None
            path = (
                indicator.exact_paths.get(cat)
                if indicator is not None and type(cat) is str
                else None
            )
            if (
                indicator is None
                or path is None
                or type(val) is not float
                or not val.is_integer()
                or val < 0
                or type(ini) is not str
                or not ini
                or ini != ini.strip()
                or type(com) is not str
                or (com and com != clean_spaces(com))
            ):
                if not all(_blank(v) for v in line):
                    careful.append(row)
                continue
            out.append(Count(row, ini, code or "", indicator.labels[path], path, int(val), com))
        careful_rows = set(careful)
        hidden = set(self.raw.hidden_rows.get(sheet.name, ()))
        if hidden:
            # The hidden-row warning speaks of every row with data, read fast or carefully.
            self.rows(reader, header)
        return [
            r
            for r in range(header + 1, sheet.last_row + 1)
            if r in careful_rows and not reader.is_blank_row(r)
        ]

    def _all_clean(
        self, sheet: RawSheet, first: int, columns: tuple[int, ...], width: int
    ) -> list[Count] | None:
        """Every row of counts, when every one is exactly what the dropdowns write; else None.

        The common case, checked a column at a time (C loops over whole columns, each distinct
        value looked at once) instead of a row at a time.
        """
        body = sheet.rows[first:]
        if not body or len({len(line) for line in body}) != 1 or len(body[0]) < width:
            return None
        c_ini, c_ind, c_cat, c_val, c_com = columns

        def column(c: int) -> list[Any]:  # any cell type, until the checks below
            return list(map(itemgetter(c), body))

        inis, inds, cats, vals = column(c_ini), column(c_ind), column(c_cat), column(c_val)
        coms = column(c_com) if c_com >= 0 else [""] * len(body)
        keys = self.fw.count_keys
        try:
            hits = list(map(keys.__getitem__, zip(inds, cats, strict=True)))
        except (KeyError, TypeError):
            return None
        if {type(v) for v in vals} != {float} or min(vals) < 0:
            return None
        if not all(map(float.is_integer, vals)):
            return None
        for ini in set(inis):
            if type(ini) is not str or not ini or ini != ini.strip():
                return None
        for com in set(coms):
            if type(com) is not str or (com and com != clean_spaces(com)):
                return None
        codes, labels, paths = (list(map(itemgetter(k), hits)) for k in range(3))
        rows = range(sheet.first_row + first, sheet.first_row + first + len(body))
        return list(
            map(
                Count._make,
                zip(rows, inis, codes, labels, paths, map(int, vals), coms, strict=True),
            )
        )

    def _category(
        self, reader: _SheetReader, row: int, indicator: Indicator | None
    ) -> tuple[str, tuple[str, ...] | None]:
        value = reader.raw(row, "category")
        if not reader._present(row, "category", value):
            return "", None
        raw = _as_text(value)
        if indicator is None:
            return clean_spaces(raw), None
        path = indicator.resolve_path(raw)
        if path is None:
            return clean_spaces(raw), None
        label = path_label(path)
        if raw not in indicator.exact_paths:
            reader._report(V001.finding, row, "category", raw=raw, read=label)
        return label, path

    def money(self, spec: SheetSpec) -> list[MoneyLine]:
        reader, header = self.sheet_reader(spec)
        out = []
        for row in self.rows(reader, header):
            year = reader.number(row, "year", whole=True)
            out.append(
                MoneyLine(
                    row=row,
                    year=None if year is None else int(year),
                    area=reader.code(row, "area", self.fw.work_area_vocab),
                    required=reader.number(row, "required", whole=False),
                    available=reader.number(row, "available", whole=False),
                    gap=reader.number(row, "gap", whole=False),
                )
            )
        return out

    def programmes(self, spec: SheetSpec) -> list[ProgrammeLine]:
        reader, header = self.sheet_reader(spec)
        return [
            ProgrammeLine(
                row=row,
                id=reader.code(row, "id", self.fw.joint_programme_vocab),
                status=reader.code(row, "status", self.fw.programme_status_vocab),
                amount=reader.number(row, "amount", whole=False),
                source=reader.text(row, "source"),
            )
            for row in self.rows(reader, header)
        ]


def read_submission(
    path: Path, fw: Framework, *, name: str | None = None
) -> tuple[Submission, list[Finding]]:
    """Read one agency workbook; raises `SubmissionRefused` when it cannot be read at all."""
    file = name or str(path)
    try:
        raw = read_workbook(Path(path))
    except WorkbookError as exc:
        params: dict[str, Any] = dict(exc.params)
        finding = F001.finding(file, reason=f"@reasons.{exc.key}", **params)
        raise SubmissionRefused(finding) from None
    reader = _Reader(raw, fw, file)
    submission = reader.read()
    return submission, reader.findings
