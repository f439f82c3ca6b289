"""The agency workbook's layout: sheets, columns and headers, shared by the writer and the reader.

Sheets and columns are found by name, never by position, so a focal point may reorder them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from cfreport.findings import set_sheet_order
from cfreport.framework import Framework
from cfreport.i18n import LANGUAGES, all_headers, header, ui
from cfreport.models import HEADLINE_LENGTH, TEXT_LENGTH

STAMP_LABEL = "Template version"


@dataclass(frozen=True)
class LayoutChange:
    """A sheet or column renamed by a template version: what a workbook of an older one has."""

    version: str
    """The template version that made the change."""
    sheet: str
    """The sheet's key ('counts')."""
    old: str
    """The sheet's name, or the column's header, before the change (in English)."""
    column: str | None = None
    """The column's key; None when the sheet itself was renamed."""

    def describe(self, new: str, lang: str = "en") -> str:
        """One line for the focal point: what moved, and where to."""
        key = "moved_column" if self.column else "moved_sheet"
        return ui(key, lang).format(old=self.old, new=new, version=self.version)


@dataclass(frozen=True)
class SheetAdded:
    """A sheet a template version added: a workbook of an older one has none, and is read
    without it."""

    version: str
    sheet: str
    """The sheet's key ('key_results')."""


@dataclass(frozen=True)
class History:
    """Every template version cfreport reads, oldest first, and what each one changed.

    A layout change appends a version and its renames here: a workbook of an older version is
    then read by its old names, and `template --from` writes it in the current layout.
    """

    versions: tuple[str, ...]
    changes: tuple[LayoutChange, ...] = ()
    added: tuple[SheetAdded, ...] = ()

    @property
    def current(self) -> str:
        return self.versions[-1]

    def since(self, version: str) -> list[LayoutChange]:
        """The changes a workbook of `version` has not seen, oldest first."""
        if version not in self.versions:
            return []
        later = set(self.versions[self.versions.index(version) + 1 :])
        return [c for c in self.changes if c.version in later]

    def added_since(self, version: str) -> list[SheetAdded]:
        """The sheets a workbook of `version` does not have because a later version added them."""
        if version not in self.versions:
            return []
        later = set(self.versions[self.versions.index(version) + 1 :])
        return [a for a in self.added if a.version in later]

    def old_names(self, version: str, sheet: str, column: str | None = None) -> list[str]:
        """The names a sheet or column had in a workbook of `version`."""
        return [c.old for c in self.since(version) if c.sheet == sheet and c.column == column]


HISTORY = History(
    versions=("1.0", "1.1"),
    added=(SheetAdded("1.1", "key_results"), SheetAdded("1.1", "key_figures")),
)

Kind = Literal["id", "text", "code", "int", "money", "year", "flag", "category"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"
    vocab: str = ""
    """For kind 'code': the framework vocabulary (attribute name without _vocab)."""
    required: bool = False
    hint: str = ""
    width: int = 18
    names: dict[str, str] = field(default_factory=dict, compare=False)
    """The header in other languages, where the framework names the column (a principle)."""
    hints: dict[str, str] = field(default_factory=dict, compare=False)
    template: str = ""
    """The catalogs' key the header is made from, where it has params (`Required ({currency})`)."""
    params: dict[str, str] = field(default_factory=dict, compare=False)
    wrap: bool = False
    """A column of prose: its cells wrap, and a filled row is as tall as its text."""

    def named(self) -> dict[str, str]:
        """How a finding names this column: a catalog key and its params, worded per language."""
        return {"column": self.template or self.header, **self.params}

    def header_in(self, lang: str) -> str:
        """The header a template in `lang` shows."""
        return self.names.get(lang) or header(self.header, lang)

    def hint_in(self, lang: str) -> str:
        return self.hints.get(lang) or header(self.hint, lang)

    def headers(self) -> list[str]:
        """The header in every language: what the reader looks for."""
        return [self.header_in(lang) for lang in LANGUAGES]


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str
    columns: tuple[Column, ...]
    hint: str = ""
    required: bool = True
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _tag_sheet(key: str, name: str, header: str, vocab: str, hint: str) -> SheetSpec:
    return SheetSpec(
        key=key,
        name=name,
        hint=hint,
        columns=(
            Column(
                "initiative",
                "Initiative ID",
                "id",
                required=True,
                hint="The id of an initiative on the Initiatives sheet.",
                width=16,
            ),
            Column("code", header, "code", vocab=vocab, required=True, hint=hint, width=44),
        ),
    )


SUBMISSION_FIELDS: tuple[Column, ...] = (
    Column(
        "agency",
        "Agency",
        "code",
        vocab="agency",
        required=True,
        hint="Your agency, from the list.",
    ),
    Column("year", "Reporting year", "year", required=True, hint="The year this report covers."),
    Column("focal_point", "Focal point", "text", hint="Who filled in this workbook."),
    Column("email", "E-mail", "text", hint="Where the RCO can reach the focal point."),
    Column("framework", "Framework", "text", hint="Stamped by cfreport: do not change."),
    Column("template_version", STAMP_LABEL, "text", hint="Stamped by cfreport: do not change."),
)

SUBMISSION = SheetSpec(
    key="submission",
    name="Submission",
    hint="Who reports, for which year.",
    columns=(Column("label", "Field"), Column("value", "Value")),
)


def _named_flag(
    key: str, name_in: Callable[[str], str], header_key: str | None, hint_key: str, width: int
) -> Column:
    """A Yes/No column named after a framework item, its header and hint in every language.

    The header is the item's name, or the catalogs' `header_key` phrase around it.
    """

    def header_in(lang: str) -> str:
        name = name_in(lang)
        return ui(header_key, lang).format(name=name) if header_key else name

    others = [lang for lang in LANGUAGES if lang != "en"]
    return Column(
        key,
        header_in("en"),
        "flag",
        width=width,
        hint=ui(hint_key).format(name=name_in("en")),
        names={lang: header_in(lang) for lang in others},
        hints={lang: ui(hint_key, lang).format(name=name_in(lang)) for lang in others},
    )


def initiative_columns(fw: Framework) -> tuple[Column, ...]:
    """The Initiatives sheet's columns: one flag column per principle and cross-cutting area."""
    fixed = (
        Column(
            "id",
            "Initiative ID",
            "id",
            required=True,
            width=16,
            hint="Your own id (e.g. UNICEF-01); a joint initiative uses its id from the list.",
        ),
        Column("title", "Title", "text", required=True, width=44, hint="A short title."),
        Column(
            "lead",
            "Lead agency",
            "code",
            vocab="agency",
            required=True,
            hint="The agency that leads the initiative.",
        ),
        Column(
            "area",
            "Work area",
            "code",
            vocab="work_area",
            required=True,
            width=30,
            hint="The Cooperation Framework work area.",
        ),
        Column(
            "effect",
            "Direct effect",
            "code",
            vocab="effect",
            required=True,
            width=40,
            hint="The direct effect (outcome); it must belong to the work area.",
        ),
        Column(
            "status",
            "Status",
            "code",
            vocab="initiative_status",
            width=14,
            hint="Where the initiative stands at the end of the year.",
        ),
    )
    principles = tuple(
        _named_flag(f"principle:{p.code}", p.name_in, None, "hint_principle", 14)
        for p in fw.principles
    )
    cross = tuple(
        _named_flag(f"cross:{a.code}", a.name_in, "header_cross", "hint_cross", 22)
        for a in fw.cross_cutting_areas
    )
    return fixed + principles + cross


COUNTS = SheetSpec(
    key="counts",
    name="Counts",
    hint="Output counts: one row for each initiative, indicator and category, the total first.",
    columns=(
        Column(
            "initiative",
            "Initiative ID",
            "id",
            required=True,
            width=16,
            hint="The id of an initiative on the Initiatives sheet.",
        ),
        Column(
            "indicator",
            "Indicator",
            "code",
            vocab="indicator",
            required=True,
            width=50,
            hint="The output indicator this count is for.",
        ),
        Column(
            "category",
            "Category",
            "category",
            required=True,
            width=40,
            hint="Total, or a category of the indicator's breakdown (pick from the list).",
        ),
        Column(
            "value",
            "Value",
            "int",
            required=True,
            width=12,
            hint="A whole number: the count for this category.",
        ),
        Column("comment", "Comment", "text", width=40, hint="Anything the RCO should know."),
    ),
)


def _in_currency(key: str, header_text: str, hint_text: str, currency: str, **kw: Any) -> Column:
    """A money column whose header and hint name the framework's currency, in every language."""

    def filled(text: str, lang: str) -> str:
        return header(text, lang).format(currency=currency)

    others = [lang for lang in LANGUAGES if lang != "en"]
    return Column(
        key,
        filled(header_text, "en"),
        "money",
        hint=filled(hint_text, "en"),
        names={lang: filled(header_text, lang) for lang in others},
        hints={lang: filled(hint_text, lang) for lang in others},
        template=header_text,
        params={"currency": currency},
        **kw,
    )


def money_sheet(currency: str) -> SheetSpec:
    """The Money sheet: required and available per year and work area, in `currency`."""
    return SheetSpec(
        key="money",
        name="Money",
        hint="Money required and available per year and work area.",
        columns=(
            Column(
                "year", "Year", "year", required=True, width=10, hint="A year of the framework."
            ),
            Column(
                "area",
                "Work area",
                "code",
                vocab="work_area",
                required=True,
                width=30,
                hint="The work area.",
            ),
            _in_currency(
                "required",
                "Required ({currency})",
                "Money required, in {currency}.",
                currency,
                required=True,
                width=16,
            ),
            _in_currency(
                "available",
                "Available ({currency})",
                "Money available, in {currency}.",
                currency,
                required=True,
                width=16,
            ),
            _in_currency(
                "gap",
                "Gap ({currency})",
                "Optional: required minus available. cfreport computes it anyway.",
                currency,
                width=16,
            ),
        ),
    )


def programmes_sheet(currency: str) -> SheetSpec:
    """The Joint programmes sheet, amounts in `currency`."""
    return SheetSpec(
        key="programmes",
        name="Joint programmes",
        hint="Joint programmes your agency takes part in, from the framework's list.",
        columns=(
            Column(
                "id",
                "Programme",
                "code",
                vocab="joint_programme",
                required=True,
                width=50,
                hint="The joint programme, from the list.",
            ),
            Column(
                "status",
                "Status",
                "code",
                vocab="programme_status",
                required=True,
                width=16,
                hint="Ongoing, about to start or in design.",
            ),
            _in_currency(
                "amount",
                "Amount ({currency})",
                "The programme's amount, in {currency}.",
                currency,
                width=16,
            ),
            Column("source", "Source of funds", "text", width=40, hint="Who funds it."),
        ),
    )


PARTICIPANTS = _tag_sheet(
    "participants",
    "Participating agencies",
    "Agency",
    "agency",
    "Other agencies taking part in a joint initiative.",
)
STATES = _tag_sheet(
    "states", "States", "State", "state", "The federal level and the states an initiative covers."
)
SDG_TARGETS = _tag_sheet(
    "sdg_targets",
    "SDG targets",
    "SDG target",
    "sdg",
    "The SDG targets an initiative contributes to (e.g. 5.2, 16.a).",
)
POPULATIONS = _tag_sheet(
    "populations",
    "Populations",
    "Population",
    "population",
    "The prioritized populations an initiative reaches.",
)

LIST_SEPARATORS = (",", ";", "\n")
"""What separates the states or populations typed in one cell of a key result."""

KEY_RESULTS = SheetSpec(
    key="key_results",
    name="Key results",
    hint="Your agency's key results of the year, for the report's pages (optional).",
    required=False,
    columns=(
        Column(
            "id",
            "Key result ID",
            "id",
            required=True,
            width=14,
            hint="Your own id for the key result (e.g. UNICEF-KR1).",
        ),
        Column(
            "initiative",
            "Initiative ID",
            "id",
            required=True,
            width=16,
            hint="The initiative it comes from: its area, effect and agencies follow.",
        ),
        Column(
            "headline",
            "Headline",
            "text",
            required=True,
            width=40,
            hint=f"One sentence, at most {HEADLINE_LENGTH} characters.",
            wrap=True,
        ),
        Column(
            "text",
            "Text",
            "text",
            required=True,
            width=70,
            hint=f"What was achieved and for whom, at most {TEXT_LENGTH} characters.",
            wrap=True,
        ),
        Column(
            "states",
            "States",
            "text",
            width=30,
            hint="States, separated by commas; empty for the initiative's own.",
        ),
        Column(
            "populations",
            "Populations",
            "text",
            width=30,
            hint="Populations, separated by commas; empty for the initiative's own.",
        ),
        Column("partners", "Partners", "text", width=30, hint="Partners outside the UN."),
    ),
)

KEY_FIGURES = SheetSpec(
    key="key_figures",
    name="Key result figures",
    hint="The figures each key result cites: a number, or a count of the Counts sheet.",
    required=False,
    columns=(
        Column(
            "key_result",
            "Key result ID",
            "id",
            required=True,
            width=14,
            hint="The id of a key result on the Key results sheet.",
        ),
        Column(
            "label",
            "Label",
            "text",
            required=True,
            width=40,
            hint="What the figure counts (e.g. women trained).",
        ),
        Column(
            "value",
            "Figure",
            "money",
            width=14,
            hint="The number; may be left empty when it is a count of the Counts sheet.",
        ),
        Column(
            "indicator",
            "Indicator",
            "code",
            vocab="indicator",
            width=50,
            hint="Optional: the indicator of the initiative's count this figure is.",
        ),
        Column(
            "category",
            "Category",
            "category",
            width=40,
            hint="With an indicator: Total, or a category of its breakdown.",
        ),
    ),
)

KEY_RESULT_SHEETS = (KEY_RESULTS, KEY_FIGURES)

INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"
FINDINGS_SHEET = "Findings"
"""The first sheet of an annotated copy (validate --annotate); the reader ignores it."""

TAG_SHEETS = (PARTICIPANTS, STATES, SDG_TARGETS, POPULATIONS)


def data_sheets(fw: Framework) -> tuple[SheetSpec, ...]:
    """Every sheet the reader reads, in the template's order."""
    initiatives = SheetSpec(
        key="initiatives",
        name="Initiatives",
        hint="One row per initiative.",
        columns=initiative_columns(fw),
    )
    return (
        SUBMISSION,
        initiatives,
        *TAG_SHEETS,
        COUNTS,
        money_sheet(fw.currency),
        programmes_sheet(fw.currency),
        *KEY_RESULT_SHEETS,
    )


KNOWN_OTHER_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET, FINDINGS_SHEET)

# Findings list the sheets in the template's tab order, whatever the language of the workbook.
set_sheet_order(
    name
    for sheet in (
        INSTRUCTIONS_SHEET,
        SUBMISSION.name,
        "Initiatives",
        *(s.name for s in TAG_SHEETS),
        COUNTS.name,
        "Money",
        "Joint programmes",
        *(s.name for s in KEY_RESULT_SHEETS),
        LISTS_SHEET,
    )
    for name in all_headers(sheet)
)


def what_moved(version: str, fw: Framework, lang: str = "en") -> list[str]:
    """For a workbook of template `version`: each sheet added and each sheet and column renamed
    since, named anew."""
    specs = {s.key: s for s in (SUBMISSION, *data_sheets(fw))}
    lines = [
        ui("added_sheet", lang).format(
            sheet=header(specs[a.sheet].name, lang),
            what=header(specs[a.sheet].hint, lang),
            version=a.version,
        )
        for a in HISTORY.added_since(version)
        if a.sheet in specs
    ]
    for change in HISTORY.since(version):
        spec = specs.get(change.sheet)
        if spec is None:
            continue
        if change.column is None:
            lines.append(change.describe(header(spec.name, lang), lang))
        else:
            column = next((c for c in spec.columns if c.key == change.column), None)
            if column is not None:
                moved = change.describe(column.header_in(lang), lang)
                lines.append(f"{header(spec.name, lang)}: {moved}")
    return lines
