"""The consolidated figures, each with the cells it was added up from and the findings on them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    WrapSerializer,
    WrapValidator,
    field_serializer,
)

from cfreport.findings import Finding, Place, Value, Worded

SUMMARY_VERSION = 1


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Source(NamedTuple):
    """A cell a figure was added up from.

    A tuple, not a model: a roll-up of thousands of workbooks keeps millions of them.
    """

    file: str
    sheet: str | None = None
    cell: str | None = None
    value: Value = None

    def place(self) -> Place:
        """The same cell as a finding's `Place`."""
        return Place.model_construct(
            file=self.file, sheet=self.sheet, cell=self.cell, value=self.value
        )


class Share(NamedTuple):
    """What one agency's cells add to a figure.

    A joint initiative is counted under the agency whose cells count for it (its lead, when the
    lead reports it); `partners` names the other agencies of the joint initiatives counted here.
    """

    agency: str
    value: float | int
    partners: tuple[str, ...] = ()


def _as_tuple(items: Any) -> Any:
    # pydantic would rebuild a sequence of another type as that type.
    return tuple(items) if isinstance(items, Sequence) and not isinstance(items, str) else items


Sources = Annotated[Sequence[Source], BeforeValidator(_as_tuple)]
"""A figure's cells: a tuple, or as consolidation keeps them, columns of numbers (`packed`)."""
Shares = Annotated[Sequence[Share], BeforeValidator(_as_tuple)]


def _texts_kept(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    from cfreport.packed import PackedTexts

    return value if isinstance(value, PackedTexts) else tuple(handler(value))


def _texts_dumped(value: Sequence[str], handler: SerializerFunctionWrapHandler) -> Any:
    return handler(tuple(value))


Names = Annotated[Sequence[str], WrapValidator(_texts_kept), WrapSerializer(_texts_dumped)]
"""Strings: a tuple, or as consolidation keeps them, indexes into a table of them (`packed`)."""


def _names_kept(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    from cfreport.packed import PackedTextsByKey

    return value if isinstance(value, PackedTextsByKey) else handler(value)


def _names_dumped(
    value: Mapping[str, Sequence[str]], handler: SerializerFunctionWrapHandler
) -> Any:
    return handler(dict(value))


NamesByKey = Annotated[
    Mapping[str, Names], WrapValidator(_names_kept), WrapSerializer(_names_dumped)
]
"""Key -> strings: a dict, or as consolidation keeps them, one array of indexes (`packed`)."""


class Figure(_Frozen):
    """A number of the report and where it comes from."""

    value: float | int
    sources: Sources = ()
    codes: tuple[str, ...] = ()
    """Codes of the findings that touch one of the sources."""
    shares: Shares = ()
    """Each agency's part of a figure that adds up (counts, initiatives, money); the shares add
    up to the value. Empty for a figure that does not add up by agency (states covered)."""

    @field_serializer("sources")
    def _sources_as_objects(self, sources: Sequence[Source]) -> list[dict[str, Any]]:
        # JSON readers get named fields, as for a finding's places (a literal: 3x _asdict).
        return [{"file": f, "sheet": sh, "cell": c, "value": v} for f, sh, c, v in sources]

    @field_serializer("shares")
    def _shares_as_objects(self, shares: Sequence[Share]) -> list[dict[str, Any]]:
        return [{"agency": a, "value": v, "partners": list(p)} for a, v, p in shares]


class BreakdownLine(_Frozen):
    path: tuple[str, ...]
    label: str
    figure: Figure


class IndicatorFigures(_Frozen):
    code: str
    name: str
    unit: str
    total: Figure | None
    breakdown: tuple[BreakdownLine, ...] = ()


class AreaFigures(_Frozen):
    code: str
    name: str
    kind: str
    indicators: tuple[IndicatorFigures, ...]
    agencies: tuple[str, ...]
    """Lead, reporting and participating agencies of the area's initiatives, and the agencies
    whose counts of the area's indicators are added."""
    agencies_through: NamesByKey = Field(default_factory=dict)
    """Agency -> the initiatives of the area through which it is counted (lead or participant)."""
    states: tuple[str, ...]
    """Codes of the federal entities covered (the federal level is `federal`)."""
    federal: bool
    coverage: Figure
    """How many states the area covers, from the rows of the States sheet that name them."""
    sdg_targets: Figure
    """How many SDG targets the area's initiatives contribute to ("Number of SDG targets")."""
    sdg_goals: Figure
    """How many SDGs those targets belong to ("SDGs promoted")."""
    sdgs: tuple[str, ...] = ()
    """The SDGs promoted, by number."""
    initiatives_by_effect: dict[str, Figure] = Field(default_factory=dict)
    """Direct effect code -> the area's initiatives working towards it."""
    initiatives: Figure
    joint_initiatives: Figure
    populations: dict[str, Figure] = Field(default_factory=dict)
    """Population code -> initiatives of the area that reach it."""


class MoneyFigures(_Frozen):
    area: str
    year: int | None
    required: Figure
    available: Figure
    gap: Figure


class ProgrammeItem(_Frozen):
    """One joint programme as the report lists it under its status."""

    id: str
    title: str
    period: str = ""
    source: str = ""
    """The source of funds the lead's workbook gives, or else the framework's."""
    amount: Figure


class ProgrammeFigures(_Frozen):
    status: str
    programmes: tuple[str, ...]
    count: Figure
    amount: Figure
    items: tuple[ProgrammeItem, ...] = ()
    """The programmes by name, period and source of funds, each with its amount."""


class CitedItem(_Frozen):
    """A figure a key result cites: its number, with the cell it was typed in and, when it is
    a count, that count's cell; marked as any figure."""

    label: str
    figure: Figure
    indicator: str = ""
    category: str = ""
    """The breakdown path of the count it is ('Federal / CSOs'); empty for its total."""


class KeyResultItem(_Frozen):
    """A key result an agency sent, placed by its initiative, for the report's pages."""

    id: str
    agency: str
    initiative: str
    title: str = ""
    area: str = ""
    effect: str = ""
    agencies: tuple[str, ...] = ()
    """The agencies of its initiative, the reporting one first."""
    headline: str = ""
    text: str = ""
    states: tuple[str, ...] = ()
    """As the key result lists them, or else its initiative's (the federal level as its code)."""
    populations: tuple[str, ...] = ()
    partners: str = ""
    figures: tuple[CitedItem, ...] = ()
    source: Source
    """The headline's cell."""
    codes: tuple[str, ...] = ()
    """The codes of the findings on its row."""

    @field_serializer("source")
    def _source_as_object(self, source: Source) -> dict[str, Any]:
        return source._asdict()


class LeftOut(Worded):
    """Why a file's data is not in the figures: a reason code, its params, or the refusal."""

    model_config = ConfigDict(frozen=True)

    reason: Literal["unreadable", "only_valid", "other_year", "second", "no_year"]
    params: dict[str, Value] = Field(default_factory=dict)
    refusal: Finding | None = None
    """The finding that refused the file, where it could not be read."""

    def text(self, lang: str = "en") -> str:
        """Why, in `lang`."""
        from cfreport.i18n import ui, word

        if self.refusal is not None:
            return self.refusal.text(lang)
        params = {
            k: word(v[1:], lang) if isinstance(v, str) and v.startswith("@") else v
            for k, v in self.params.items()
        }
        return ui(f"left_{self.reason}", lang).format(**params)


_FIGURE_FIELDS = {
    "initiatives",
    "joint_initiatives",
    "agencies_reporting",
    "areas",
    "initiatives_by_area",
    "joint_initiatives_by_area",
    "cross_cutting",
    "principles",
    "agencies_by_population",
    "money",
    "money_by_area",
    "money_by_year",
    "money_total",
    "programmes",
}


def _figures_in(data: Any) -> Iterator[Figure]:
    """Every figure in a value of a summary's fields, walking its models, tuples and dicts."""
    if isinstance(data, Figure):
        yield data
    elif isinstance(data, BaseModel):
        for name in type(data).model_fields:
            yield from _figures_in(getattr(data, name))
    elif isinstance(data, dict):
        for value in data.values():
            yield from _figures_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _figures_in(value)


class Summary(_Frozen):
    """Everything `cfreport summarize` reports, for one framework and one reporting year."""

    version: int = SUMMARY_VERSION
    framework: str
    year: int | None
    files: tuple[str, ...]
    agencies: tuple[str, ...] = ()
    """The agencies whose submissions are counted: the report's figures are theirs alone."""
    agency_of: dict[str, str] = Field(default_factory=dict)
    """Counted file -> the agency its Submission sheet names: whose each source cell is."""
    left_out: dict[str, LeftOut] = Field(default_factory=dict)
    """File -> why it was left out (cannot be read, --only-valid, a second submission)."""
    initiatives: Figure = Figure(value=0)
    """Initiatives of every area, each joint initiative once (the report's headline)."""
    joint_initiatives: Figure = Figure(value=0)
    agencies_reporting: Figure = Figure(value=0)
    """Agencies whose submissions are counted, from each workbook's agency cell."""
    areas: tuple[AreaFigures, ...]
    initiatives_by_area: dict[str, Figure]
    joint_initiatives_by_area: dict[str, Figure]
    cross_cutting: dict[str, Figure]
    """Cross-cutting area -> initiatives contributing to it."""
    principles: dict[str, Figure]
    agencies_by_population: dict[str, Figure]
    money: tuple[MoneyFigures, ...]
    money_by_area: tuple[MoneyFigures, ...]
    money_by_year: tuple[MoneyFigures, ...]
    money_total: MoneyFigures
    programmes: tuple[ProgrammeFigures, ...]
    key_results: tuple[KeyResultItem, ...] = ()
    """What agencies sent for the report's pages (template 1.1), by area and effect."""
    findings: tuple[Finding, ...] = ()
    """Findings of the files of this year and across them: what `validate` reports for them."""
    consolidated: tuple[Finding, ...] = ()
    """Findings about the consolidated figures themselves (X005)."""

    def affected(self) -> int:
        """How many figures a finding touches (each is marked with its codes)."""
        # Not through a dump: that would make a dict of each of millions of source cells.
        return sum(
            1 for name in _FIGURE_FIELDS for f in _figures_in(getattr(self, name)) if f.codes
        )

    def area(self, code: str) -> AreaFigures:
        return next(a for a in self.areas if a.code == code)

    def indicator(self, code: str) -> IndicatorFigures:
        return next(i for a in self.areas for i in a.indicators if i.code == code)
