"""Findings: what a check reports, as plain data that renderers turn into text, JSON and more."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from cfreport.severity import Severity, Value, show_value

__all__ = [
    "Finding",
    "Place",
    "Severity",
    "Value",
    "Worded",
    "cell_ref",
    "column_letter",
    "show_value",
]


def finite(value: Value) -> Value:
    """A value a report can hold: NaN and infinity (not JSON) as the words JavaScript uses."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("-Infinity" if value < 0 else "Infinity")
    return value


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int | None, col: int | None) -> str | None:
    """A1-style reference of a 1-based row and column; None where either is unknown."""
    if row is None or col is None:
        return None
    return f"{column_letter(col)}{row}"


class Worded(BaseModel):
    """A result worded for people only when written out: JSON gets a `message` in the language
    passed as serialization context (context={"lang": ...})."""

    def text(self, lang: str = "en") -> str:
        raise NotImplementedError

    @model_serializer(mode="wrap")
    def _with_message(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {**data, "message": self.text((info.context or {}).get("lang", "en"))}


class Place(BaseModel):
    """A cell a finding involves besides its own: a part of a sum, another agency's figure."""

    model_config = ConfigDict(frozen=True)

    file: str
    sheet: str | None = None
    cell: str | None = None
    value: Value = None

    @field_validator("value")
    @classmethod
    def _finite(cls, value: Value) -> Value:
        return finite(value)


class Finding(BaseModel):
    """One finding: a rule's code and parameters, where it is, what was expected and found.

    It holds no text: `text(lang)` words it from the rule's message in the catalogs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    file: str
    sheet: str | None = None
    cell: str | None = None
    expected: Value = None
    found: Value = None
    related: tuple[Place, ...] = ()
    params: dict[str, Value] = Field(default_factory=dict)

    @field_validator("expected", "found")
    @classmethod
    def _finite(cls, value: Value) -> Value:
        return finite(value)

    @field_validator("params")
    @classmethod
    def _finite_params(cls, params: dict[str, Value]) -> dict[str, Value]:
        return {key: finite(value) for key, value in params.items()}

    @model_validator(mode="before")
    @classmethod
    def _without_message(cls, data: Any) -> Any:
        # A finding read back from cfreport's own JSON: its message is worded from the rest.
        if isinstance(data, dict) and "message" in data:
            data = {k: v for k, v in data.items() if k != "message"}
        return data

    def text(self, lang: str = "en") -> str:
        """The message in `lang`, worded from the rule's template and the params."""
        from cfreport.i18n import rule_message

        return rule_message(
            self.code, {"expected": self.expected, "found": self.found, **self.params}, lang
        )

    def expected_text(self, lang: str = "en") -> Value:
        """What was expected, as `lang` says it: a value as it is, a description worded."""
        if isinstance(self.expected, str) and self.expected.startswith("@"):
            from cfreport.i18n import param_text

            return param_text("expected", {**self.params, "expected": self.expected}, lang)
        return self.expected

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text()

    @model_serializer(mode="wrap")
    def _with_message(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        # The message is worded when the finding is written out, in the language the caller
        # passes as context={"lang": ...}: nothing in a finding itself depends on a language.
        data: dict[str, Any] = handler(self)
        lang = (info.context or {}).get("lang", "en")
        data["expected"] = self.expected_text(lang)
        return {
            "code": data.pop("code"),
            "severity": data.pop("severity"),
            "message": self.text(lang),
            **data,
        }

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        """'Counts!F12', "'Participating agencies'!A2" (quoted as Excel writes a reference),
        'Counts' or '' for the file as a whole."""
        if self.sheet and self.cell:
            return f"{excel_sheet(self.sheet)}!{self.cell}"
        return self.sheet or ""

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The documented JSON shape of a finding, its message in `lang`."""
        return self.model_dump(mode="json", context={"lang": lang})

    @property
    def row(self) -> int:
        """The row of its cell (0 without one)."""
        return _split_cell(self.cell)[0]

    def sort_key(self) -> tuple[str, int, str, int, str, str]:
        """File, then the sheets in the template's tab order (not alphabetically), then row,
        column and code."""
        row, col = _split_cell(self.cell)
        sheet = self.sheet or ""
        rank = _SHEET_RANK.get(sheet, len(_SHEET_RANK)) if sheet else -1
        return (self.file, rank, sheet, row, f"{len(col):02d}{col}", self.code)


_SHEET_RANK: dict[str, int] = {}


def set_sheet_order(names: Iterable[str]) -> None:
    """The template's sheets in tab order, by every name they have in any language: findings
    sort by it (the workbook layer declares it)."""
    _SHEET_RANK.clear()
    for rank, name in enumerate(names):
        _SHEET_RANK.setdefault(name, rank)


def excel_sheet(name: str) -> str:
    """A sheet's name as an Excel reference writes it: quoted when it is not one plain word."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


def _split_cell(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (int(digits) if digits else 0, letters)
