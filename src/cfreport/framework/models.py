"""Pydantic models of a Cooperation Framework, read from a data file."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from cfreport.breakdown import PATH_SEPARATOR, TOTAL, TYPED_SEPARATORS, Path, path_label
from cfreport.text import fold

FEDERAL = "FED"
"""The code of the federal level among the places an initiative covers."""

__all__ = ["PATH_SEPARATOR", "TOTAL", "Path", "path_label"]


def letters_of(code: str) -> str:
    """A code's letters and digits, folded ('UN-Women' -> 'unwomen')."""
    return re.sub(r"[^0-9a-z]", "", fold(code))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class _Named(_Model):
    """A coded item with a name, and that name in other languages where the framework gives it."""

    code: str
    name: str
    names: dict[str, str] = Field(default_factory=dict)
    """Language code ('es') -> the name in that language."""

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}"

    def name_in(self, lang: str) -> str:
        """The name in `lang`; the framework's own name where it gives no translation."""
        return self.names.get(lang, self.name)

    def label_in(self, lang: str) -> str:
        """The label in `lang`, as a dropdown of a template in that language shows it."""
        return f"{self.code} — {self.name_in(lang)}"


class Area(_Named):
    kind: Literal["work", "cross-cutting"] = "work"


class Effect(_Named):
    area: str


class Coded(_Named):
    """A coded item of a plain list: a principle, a population."""


class Status(Coded):
    """A status an initiative or programme may have: a dropdown shows its name alone."""

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return {"code": value, "name": value} if isinstance(value, str) else value

    @property
    def label(self) -> str:
        return self.name

    def label_in(self, lang: str) -> str:
        return self.name_in(lang)


class Agency(_Model):
    code: str
    name: str
    named_in: str = ""
    """Code of the framework's `agency_sources` item (a page of its source) naming the agency."""

    @property
    def label(self) -> str:
        return self.code


class State(_Model):
    code: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    tile: tuple[int, int] | None = None
    """(column, row) on the report's tile map, a grid of equal squares; None: no map."""

    @property
    def label(self) -> str:
        return self.name


def _wrong(mistake: str, /, **context: object) -> PydanticCustomError:
    """A mistake in the framework file, as pydantic reports it: its type is a key of the
    catalogs' [errors.value], so each language words it (`i18n.value_reason`)."""
    from cfreport.i18n import catalog

    shown = {k: f"{v:,}" if isinstance(v, int) else str(v) for k, v in context.items()}
    return PydanticCustomError(mistake, str(catalog()["errors"]["value"][mistake]), shown)


class BreakdownNode(_Model):
    name: str
    children: list[BreakdownNode] = Field(default_factory=list)


def _parse_breakdown(items: Any) -> list[BreakdownNode]:
    """Read the data file's compact tree: a string is a leaf, {name: [...]} a branch."""
    if not isinstance(items, list):
        raise _wrong("breakdown_not_list")
    nodes: list[BreakdownNode] = []
    for item in items:
        if isinstance(item, str):
            nodes.append(BreakdownNode(name=item))
        elif isinstance(item, BreakdownNode):
            nodes.append(item)
        elif isinstance(item, dict) and "name" in item and set(item) <= {"name", "children"}:
            nodes.append(BreakdownNode.model_validate(item))
        elif isinstance(item, dict) and len(item) == 1:
            ((name, children),) = item.items()
            nodes.append(BreakdownNode(name=name, children=_parse_breakdown(children)))
        else:
            raise _wrong("breakdown_item", item=repr(item))
    return nodes


def _usable_category(indicator: str, name: str) -> None:
    """A category a workbook can name: not the total row's name, no path separator (a
    workbook writes 'Federal / Government' for a part of a part), not empty."""
    if not name.strip():
        raise _wrong("category_unnamed", indicator=indicator)
    if fold(name) == fold(TOTAL):
        raise _wrong("category_total", indicator=indicator, name=name)
    held = [sep for sep in TYPED_SEPARATORS if sep in name]
    if held:
        raise _wrong("category_separator", indicator=indicator, name=name, separator=held[0])


SHEET_COLUMNS = 16_384
SHEET_ROWS = 1_048_576
"""What one Excel sheet holds: the template's list sheet has a column per indicator (its
categories) and a row per state, agency, SDG target..."""


class Indicator(_Named):
    area: str
    unit: str
    units: dict[str, str] = Field(default_factory=dict)
    """Language code -> the unit in that language."""
    category_names: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Language code -> category -> its name in that language (the framework's glossary)."""
    breakdown: list[BreakdownNode] = Field(default_factory=list)

    @field_validator("breakdown", mode="before")
    @classmethod
    def _compact_tree(cls, value: Any) -> list[BreakdownNode]:
        return _parse_breakdown(value)

    @model_validator(mode="after")
    def _unique_siblings(self) -> Indicator:
        def walk(nodes: list[BreakdownNode], parent: str | None) -> None:
            seen = Counter(fold(n.name) for n in nodes)
            dupes = [name for name, n in seen.items() if n > 1]
            if dupes and parent is None:
                raise _wrong("category_twice", indicator=self.code, name=dupes[0])
            if dupes:
                raise _wrong(
                    "category_twice_under", indicator=self.code, name=dupes[0], parent=parent
                )
            for node in nodes:
                _usable_category(self.code, node.name)
                walk(node.children, node.name)

        walk(self.breakdown, None)
        for names in self.category_names.values():
            for name in names.values():
                _usable_category(self.code, name)
        return self

    def unit_in(self, lang: str) -> str:
        return self.units.get(lang, self.unit)

    def category_in(self, name: str, lang: str) -> str:
        """A category's name in `lang` (as the framework's glossary gives it)."""
        return self.category_names.get(lang, {}).get(name, name)

    def path_label_in(self, path: Path, lang: str) -> str:
        """How a template in `lang` writes a breakdown node."""
        if lang == "en" or not path:
            return path_label(path)
        return path_label(tuple(self.category_in(name, lang) for name in path))

    @cached_property
    def paths(self) -> list[Path]:
        """Every node of the tree, the total first, in the indicator's own order."""
        out: list[Path] = [()]

        def walk(nodes: list[BreakdownNode], prefix: Path) -> None:
            for node in nodes:
                path = (*prefix, node.name)
                out.append(path)
                walk(node.children, path)

        walk(self.breakdown, ())
        return out

    @cached_property
    def children(self) -> dict[Path, list[Path]]:
        """Each node's direct sub-categories."""
        kids: dict[Path, list[Path]] = {path: [] for path in self.paths}
        for path in self.paths[1:]:
            kids[path[:-1]].append(path)
        return kids

    @cached_property
    def _by_key(self) -> dict[str, Path]:
        keys: dict[str, Path] = {}
        for path in self.paths:
            keys[fold(path_label(path))] = path
            keys[fold("/".join(path))] = path
            for lang in self.category_names:
                translated = [self.category_in(name, lang) for name in path]
                keys.setdefault(fold("/".join(translated)), path)
        keys[fold("total")] = ()
        keys[fold("total general")] = ()
        return keys

    @cached_property
    def labels(self) -> dict[Path, str]:
        """Each node's label as cfreport writes it (in the framework's own language)."""
        return {path: path_label(path) for path in self.paths}

    @cached_property
    def exact_paths(self) -> dict[str, Path]:
        """Each node by its label exactly as a template's dropdown writes it, in any language."""
        exact = {path_label(path): path for path in self.paths}
        for lang in self.category_names:
            for path in self.paths:
                exact.setdefault(self.path_label_in(path, lang), path)
        return exact

    def resolve_path(self, text: str) -> Path | None:
        """The node a typed breakdown label names, tolerating case, accents and separators."""
        exact = self.exact_paths.get(text)
        if exact is not None:
            return exact
        for sep in TYPED_SEPARATORS:
            text = text.replace(sep, "/")
        key = fold("/".join(part.strip() for part in text.split("/")))
        return self._by_key.get(key)


class Inference(_Model):
    """Why the data file infers something: `text`, and the same in other languages."""

    model_config = ConfigDict(frozen=True, extra="allow")
    text: str

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    def text_in(self, lang: str) -> str:
        extra = self.model_extra or {}
        return str(extra.get(lang, self.text))


class _Titled(_Model):
    id: str
    title: str
    titles: dict[str, str] = Field(default_factory=dict)
    """Language code -> the title in that language."""
    lead: str

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang, self.title)


class JointInitiative(_Titled):
    area: str = ""


class JointProgramme(_Titled):
    source: str = ""
    """The source of funds."""
    sources: dict[str, str] = Field(default_factory=dict)
    """Language code -> the source of funds in that language."""
    period: str = ""
    """The period as the report prints it ("2020-2022")."""

    def source_in(self, lang: str) -> str:
        return self.sources.get(lang, self.source)


class Vocabulary:
    """A coded list with tolerant look-up of what a user may type or pick from a dropdown."""

    def __init__(
        self,
        kind: str,
        items: Iterable[tuple[str, str, Iterable[str]]],
        translated: Iterable[tuple[str, str, Iterable[str]]] = (),
    ) -> None:
        self.kind = kind
        self.labels: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._written: dict[str, str] = {}
        """Folded key -> the label or name as written (what a suggestion shows)."""
        self._seen: dict[str, str | None] = {}
        self._exact: set[str] = set()
        for code, label, aliases in items:
            self.labels[code] = label
            self._seen[code] = code
            self._seen[label] = code
            self._exact |= {code, label}
            for variant in (code, label, *aliases):
                self._keys.setdefault(fold(variant), code)
            self._written.setdefault(fold(label), label)
        # Labels of templates in other languages: read as silently as the framework's own.
        for code, label, aliases in translated:
            self._seen.setdefault(label, code)
            self._exact.add(label)
            for variant in (label, *aliases):
                self._keys.setdefault(fold(variant), code)
            self._written.setdefault(fold(label), label)

    def is_exact(self, text: str) -> bool:
        """Whether `text` is a code or a dropdown label of some language, exactly as written."""
        return text in self._exact

    @cached_property
    def exact_codes(self) -> dict[str, str]:
        """Each code and dropdown label of every language, exactly as written -> its code."""
        return {text: code for text in self._exact if (code := self._seen.get(text))}

    def __contains__(self, code: object) -> bool:
        return code in self.labels

    def __len__(self) -> int:
        return len(self.labels)

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The few labels closest to `text`, each code once, in the language of the label that
        matched (difflib's ratio on folded text: case, accents and spacing do not count)."""
        import difflib

        key = fold(text)
        if not key:
            return []
        close = difflib.get_close_matches(key, list(self._keys), n=n * 3, cutoff=0.6)
        shown: dict[str, str] = {}
        for k in close:
            code = self._keys[k]
            shown.setdefault(code, self._written.get(k, self.labels[code]))
        return list(shown.values())[:n]

    def resolve(self, text: str) -> str | None:
        """The code that `text` names: a code, a label, a name or an alias, loosely matched."""
        try:
            return self._seen[text]
        except KeyError:
            pass
        code = self._keys.get(fold(text))
        if code is None and " — " in text:
            code = self._keys.get(fold(text.split(" — ", 1)[0]))
        if len(self._seen) < 100_000:  # what a workbook repeats is resolved once
            self._seen[text] = code
        return code


def _items(named: Iterable[_Named]) -> list[tuple[str, str, list[str]]]:
    return [(n.code, n.label, [n.name]) for n in named]


def _translated(named: Iterable[_Named]) -> list[tuple[str, str, list[str]]]:
    return [(n.code, n.label_in(lang), [name]) for n in named for lang, name in n.names.items()]


class Framework(_Model):
    """A Cooperation Framework: its areas, outcomes, indicators and code lists."""

    id: str
    name: str
    names: dict[str, str] = Field(default_factory=dict)
    """Language code -> the framework's name in that language."""
    category_names: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Language code -> breakdown category -> its name in that language."""
    country: str
    period: tuple[int, int]
    currency: str = "USD"
    federal_level: str = "Federal level"
    federal_level_names: dict[str, str] = Field(default_factory=dict)
    """Language code -> how the federal level is written in that language."""
    areas: list[Area]
    effects: list[Effect]
    principles: list[Coded]
    populations: list[Coded]
    initiative_statuses: list[Status]
    programme_statuses: list[Status]
    agencies: list[Agency]
    states: list[State]
    sdg_targets: list[str]
    indicators: list[Indicator]
    joint_initiatives: list[JointInitiative] = Field(default_factory=list)
    joint_programmes: list[JointProgramme] = Field(default_factory=list)
    agency_sources: list[Coded] = Field(default_factory=list)
    """Where the framework's source names its agencies (an agency's `named_in`)."""
    inferred: dict[str, Inference] = Field(default_factory=dict)
    """What the file infers rather than reads off its source: a list ("populations"), an item
    ("effects.7") or a field of one item or of all ("joint_programmes.*.lead") -> why."""

    @model_validator(mode="before")
    @classmethod
    def _glossary_to_indicators(cls, data: Any) -> Any:
        # Each indicator reads its own labels; the glossary is written once for all of them.
        if isinstance(data, dict) and data.get("category_names"):
            glossary = data["category_names"]
            data = {
                **data,
                "indicators": [
                    {"category_names": glossary, **i} if isinstance(i, dict) else i
                    for i in data.get("indicators", [])
                ],
            }
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        lists = 10  # the template's own lists: agencies, areas, effects, states...
        if len(self.indicators) + lists > SHEET_COLUMNS:
            raise _wrong("too_many_indicators", count=len(self.indicators), most=SHEET_COLUMNS)
        for kind, count in (
            ("states", len(self.states)),
            ("agencies", len(self.agencies)),
            ("sdg_targets", len(self.sdg_targets)),
            ("populations", len(self.populations)),
        ):
            if count >= SHEET_ROWS:
                raise _wrong("too_many_items", kind=kind, count=count, most=SHEET_ROWS - 1)
        start, end = self.period
        if start > end:
            raise _wrong("period_order", start=str(start), end=str(end))
        for kind, codes in (
            ("areas", [a.code for a in self.areas]),
            ("effects", [e.code for e in self.effects]),
            ("principles", [p.code for p in self.principles]),
            ("populations", [p.code for p in self.populations]),
            ("agencies", [a.code for a in self.agencies]),
            ("states", [s.code for s in self.states]),
            ("sdg_targets", self.sdg_targets),
            ("indicators", [i.code for i in self.indicators]),
            ("joint_initiatives", [j.id for j in self.joint_initiatives]),
            ("joint_programmes", [j.id for j in self.joint_programmes]),
        ):
            dupes = [code for code, n in Counter(codes).items() if n > 1]
            if dupes:
                raise _wrong("code_twice", kind=kind, code=dupes[0])
        tiles = Counter(s.tile for s in self.states if s.tile is not None)
        shared = [tile for tile, n in tiles.items() if n > 1]
        if shared:
            raise _wrong("tile_shared", tile=list(shared[0]))
        if tiles and len(tiles) != len(self.states):
            raise _wrong("tile_some")
        areas = {a.code: a for a in self.areas}
        agencies = {a.code for a in self.agencies}
        for effect in self.effects:
            area = areas.get(effect.area)
            if area is None or area.kind != "work":
                raise _wrong("effect_area", effect=effect.code, area=effect.area)
        for ind in self.indicators:
            if ind.area not in areas:
                raise _wrong("indicator_area", indicator=ind.code, area=ind.area)
        joints: list[JointInitiative | JointProgramme] = [
            *self.joint_initiatives,
            *self.joint_programmes,
        ]
        for joint in joints:
            if joint.lead not in agencies:
                raise _wrong("joint_lead", joint=joint.id, lead=joint.lead)
        for ji in self.joint_initiatives:
            if ji.area and ji.area not in areas:
                raise _wrong("joint_area", joint=ji.id, area=ji.area)
        for key in self.inferred:
            self._inferred_key(key)
        sources = {s.code for s in self.agency_sources}
        for agency in self.agencies:
            if agency.named_in and agency.named_in not in sources:
                raise _wrong("named_in", agency=agency.code, source=agency.named_in)
        return self

    def _inferred_key(self, key: str) -> tuple[str, str | None, str]:
        """(list, item code or '*' or None, field or '') of an `inferred` key; ValueError if
        it names nothing of the framework. Codes may hold dots ('1.1'): a field is the last
        segment only where it is a field of the list's items."""
        kind, _, rest = key.partition(".")
        items = getattr(self, kind) if kind in type(self).model_fields else None
        if not isinstance(items, list):
            raise _wrong("inferred_list", key=key)
        if not rest:
            return kind, None, ""
        codes = {
            i if isinstance(i, str) else (getattr(i, "code", None) or getattr(i, "id", ""))
            for i in items
        }
        fields = type(items[0]).model_fields if items and isinstance(items[0], BaseModel) else {}
        code, field = rest, ""
        head, _, last = rest.rpartition(".")
        if head and last in fields:
            code, field = head, last
        if code != "*" and code not in codes:
            raise _wrong("inferred_item", key=key, kind=kind, code=code)
        return kind, code, field

    def inferred_about(self, kind: str, code: str | None = None) -> dict[str, Inference]:
        """Field ('' for the whole) -> why it is inferred, of a list or of one of its items."""
        out: dict[str, Inference] = {}
        for key, why in self.inferred.items():
            k, item, field = self._inferred_key(key)
            if k == kind and (item == code or (code is not None and item == "*")):
                out[field] = why
        return out

    # -- look-ups -----------------------------------------------------------------------------

    @cached_property
    def area_by_code(self) -> dict[str, Area]:
        return {a.code: a for a in self.areas}

    @cached_property
    def work_areas(self) -> list[Area]:
        return [a for a in self.areas if a.kind == "work"]

    @cached_property
    def cross_cutting_areas(self) -> list[Area]:
        return [a for a in self.areas if a.kind == "cross-cutting"]

    @cached_property
    def effect_by_code(self) -> dict[str, Effect]:
        return {e.code: e for e in self.effects}

    @cached_property
    def agency_by_letters(self) -> dict[str, str]:
        """Each agency's code by its letters and digits, folded: 'UN Women', 'UN-Women' and
        'unwomen' alike."""
        return {letters_of(a.code): a.code for a in self.agencies}

    @cached_property
    def breakdown_nodes(self) -> list[tuple[str, Path]]:
        """(indicator, breakdown node) of every figure of the indicators, the total first."""
        return [(i.code, path) for i in self.indicators for path in i.paths]

    @cached_property
    def breakdown_node_index(self) -> dict[tuple[str, Path], int]:
        """Each (indicator, breakdown node) by its position in `breakdown_nodes`."""
        return {node: at for at, node in enumerate(self.breakdown_nodes)}

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def joint_initiative_by_id(self) -> dict[str, JointInitiative]:
        return {j.id: j for j in self.joint_initiatives}

    @cached_property
    def joint_programme_by_id(self) -> dict[str, JointProgramme]:
        return {j.id: j for j in self.joint_programmes}

    @cached_property
    def state_by_code(self) -> dict[str, State]:
        return {s.code: s for s in self.states}

    def name_in(self, lang: str) -> str:
        return self.names.get(lang, self.name)

    def years(self) -> range:
        return range(self.period[0], self.period[1] + 1)

    # Vocabularies: what a user types, matched to a code.

    @cached_property
    def area_vocab(self) -> Vocabulary:
        return Vocabulary("area", _items(self.areas), _translated(self.areas))

    @cached_property
    def work_area_vocab(self) -> Vocabulary:
        return Vocabulary("work area", _items(self.work_areas), _translated(self.work_areas))

    @cached_property
    def effect_vocab(self) -> Vocabulary:
        return Vocabulary("direct effect", _items(self.effects), _translated(self.effects))

    @cached_property
    def indicator_vocab(self) -> Vocabulary:
        return Vocabulary("indicator", _items(self.indicators), _translated(self.indicators))

    @cached_property
    def count_keys(self) -> dict[tuple[str, str], tuple[str, str, Path]]:
        """(indicator, category) exactly as a template's dropdowns write them, in any language
        -> (indicator code, category label, path): how the reader reads a clean counts row."""
        keys: dict[tuple[str, str], tuple[str, str, Path]] = {}
        by_code = self.indicator_by_code
        for text, code in self.indicator_vocab.exact_codes.items():
            ind = by_code[code]
            for label, path in ind.exact_paths.items():
                keys[(text, label)] = (code, ind.labels[path], path)
        return keys

    @cached_property
    def agency_vocab(self) -> Vocabulary:
        return Vocabulary("agency", ((a.code, a.code, [a.name]) for a in self.agencies))

    def federal_level_in(self, lang: str) -> str:
        return self.federal_level_names.get(lang, self.federal_level)

    @cached_property
    def state_vocab(self) -> Vocabulary:
        """The federal entities, with the federal level as one more place an initiative covers."""
        fed = [(FEDERAL, self.federal_level, ["Federal", "Nacional", "National", "Federal level"])]
        translated: list[tuple[str, str, list[str]]] = [
            (FEDERAL, name, []) for name in self.federal_level_names.values()
        ]
        return Vocabulary(
            "state",
            [*fed, *((s.code, s.name, [s.code, *s.aliases]) for s in self.states)],
            translated,
        )

    @cached_property
    def sdg_vocab(self) -> Vocabulary:
        return Vocabulary("SDG target", ((t, t, []) for t in self.sdg_targets))

    @cached_property
    def population_vocab(self) -> Vocabulary:
        return Vocabulary("population", _items(self.populations), _translated(self.populations))

    @cached_property
    def principle_vocab(self) -> Vocabulary:
        return Vocabulary("principle", _items(self.principles), _translated(self.principles))

    @cached_property
    def initiative_status_vocab(self) -> Vocabulary:
        statuses = self.initiative_statuses
        return Vocabulary("status", _items(statuses), _translated(statuses))

    @cached_property
    def programme_status_vocab(self) -> Vocabulary:
        statuses = self.programme_statuses
        return Vocabulary("status", _items(statuses), _translated(statuses))

    def programme_status_in(self, code: str, lang: str) -> str:
        """A programme status's name in `lang` (the code itself where the framework lacks it)."""
        return next((s.name_in(lang) for s in self.programme_statuses if s.code == code), code)

    @cached_property
    def joint_initiative_vocab(self) -> Vocabulary:
        return Vocabulary("joint initiative", ((j.id, j.id, []) for j in self.joint_initiatives))

    @cached_property
    def joint_programme_vocab(self) -> Vocabulary:
        return Vocabulary(
            "joint programme",
            ((j.id, f"{j.id} — {j.title}", []) for j in self.joint_programmes),
            (
                (j.id, f"{j.id} — {title}", [])
                for j in self.joint_programmes
                for title in j.titles.values()
            ),
        )
