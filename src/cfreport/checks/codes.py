"""C: every code is known to the framework and consistent with the rest of its row."""

from collections.abc import Iterator

from cfreport.checks.registry import Rule, check, register
from cfreport.findings import Finding, Severity
from cfreport.framework import Framework
from cfreport.models import Submission


def _article(word: str) -> str:
    return "An" if word[0].lower() in "aeiou" or word.startswith("SDG") else "A"


def _unknown(code: str, name: str, what: str, example_bad: str, example_good: str) -> Rule:
    return register(
        Rule(
            code,
            name,
            Severity.ERROR,
            f"{_article(what)} {what} that the framework does not know.",
            f"{{column}}: '{{found}}' is not {_article(what).lower()} {what} of the framework",
            why=f"Only the framework's {what}s can be counted; pick one from the dropdown.",
            bad=example_bad,
            good=example_good,
        )
    )


C101 = _unknown("C101", "unknown-area", "work area", "Area 5", "2 — Prosperity and innovation")
C102 = _unknown("C102", "unknown-effect", "direct effect", "Effect 11", "8 — Prevention ...")
C103 = register(
    Rule(
        "C103",
        "effect-outside-area",
        Severity.ERROR,
        "A direct effect that does not belong to the initiative's work area.",
        "Direct effect {found} belongs to work area {effect_area}, not to the initiative's area "
        "{area}",
        why="Each direct effect is an outcome of one work area.",
        bad="Work area 1 with direct effect 8.",
        good="Work area 4 with direct effect 8.",
    )
)
C104 = _unknown("C104", "unknown-agency", "agency", "UNISEF", "UNICEF")
C105 = _unknown("C105", "unknown-state", "state", "Nueva York", "Nuevo León")
C106 = _unknown("C106", "unknown-sdg-target", "SDG target", "5.9", "5.2")
C107 = _unknown("C107", "unknown-population", "population", "Everyone", "Youth")
C108 = _unknown("C108", "unknown-indicator", "indicator", "9.9", "4.3 — Institutions ...")
C109 = register(
    Rule(
        "C109",
        "indicator-outside-area",
        Severity.ERROR,
        "A work area's indicator reported by an initiative of another area.",
        "Indicator {indicator} belongs to work area {indicator_area}; "
        "initiative {initiative} is in area {area}",
        why="An indicator of a work area counts the results of that area's initiatives.",
        bad="Indicator 4.3 for an initiative of area 1.",
        good="Indicator 4.3 for an initiative of area 4.",
    )
)
C110 = register(
    Rule(
        "C110",
        "cross-cutting-not-marked",
        Severity.ERROR,
        "A cross-cutting indicator reported by an initiative not marked as contributing to it.",
        "Indicator {indicator} belongs to the cross-cutting area '{cross}'; "
        "initiative {initiative} is not marked as contributing to it",
        why="Cross-cutting figures come from the initiatives that contribute to the area.",
        bad="Indicator D.1 for an initiative with 'Contributes to' left empty.",
        good="The initiative marked Yes under 'Contributes to: Information ...'.",
    )
)
C111 = register(
    Rule(
        "C111",
        "unknown-category",
        Severity.ERROR,
        "A category that is not in the indicator's breakdown.",
        "'{found}' is not a category of indicator {indicator}; its categories are: {choices}",
        why="Each indicator has its own breakdown; other categories cannot be added up.",
        bad="'Federal / CSOs' for indicator 1.2.",
        good="'Federal / Government'.",
    )
)
C112 = _unknown("C112", "unknown-status", "status", "Finished?", "Completed")
C113 = _unknown("C113", "unknown-programme", "joint programme", "JP-99", "JP-01 — ...")


def _code_findings(
    sub: Submission,
    sheet_key: str,
    row: int,
    field: str,
    value: str,
    known: bool,
    rule: Rule,
    column: str,
) -> Iterator[Finding]:
    if value and not known:
        yield rule.finding(
            sub.file,
            sub.sheet(sheet_key),
            sub.cell(sheet_key, row, field),
            found=value,
            column=column,
        )


@check(C101, C102, C103, C104, C112)
def initiative_codes(sub: Submission, fw: Framework) -> Iterator[Finding]:
    if sub.agency and sub.agency not in fw.agency_vocab:
        yield C104.finding(
            sub.file,
            sub.sheet("submission"),
            sub.detail_cell("agency"),
            found=sub.agency,
            column="Agency",
        )
    work_areas = {a.code for a in fw.work_areas}
    for ini in sub.initiatives:
        checks = (
            ("lead", ini.lead, ini.lead in fw.agency_vocab, C104, "Lead agency"),
            ("area", ini.area, ini.area in work_areas, C101, "Work area"),
            ("effect", ini.effect, ini.effect in fw.effect_by_code, C102, "Direct effect"),
            ("status", ini.status, ini.status in fw.initiative_status_vocab, C112, "Status"),
        )
        for field, value, known, rule, column in checks:
            yield from _code_findings(
                sub, "initiatives", ini.row, field, value, known, rule, column
            )
        effect = fw.effect_by_code.get(ini.effect)
        if effect and ini.area in work_areas and effect.area != ini.area:
            yield C103.finding(
                sub.file,
                sub.sheet("initiatives"),
                sub.cell("initiatives", ini.row, "effect"),
                expected=f"an effect of area {ini.area}",
                found=ini.effect,
                effect_area=effect.area,
                area=ini.area,
            )


@check(C104, C105, C106, C107)
def tag_codes(sub: Submission, fw: Framework) -> Iterator[Finding]:
    for kind, vocab, rule, column in (
        ("participants", fw.agency_vocab, C104, "Agency"),
        ("states", fw.state_vocab, C105, "State"),
        ("sdg_targets", fw.sdg_vocab, C106, "SDG target"),
        ("populations", fw.population_vocab, C107, "Population"),
    ):
        for tag in sub.tags(kind):
            yield from _code_findings(
                sub, kind, tag.row, "code", tag.code, tag.code in vocab, rule, column
            )


@check(C108, C109, C110, C111)
def count_codes(sub: Submission, fw: Framework) -> Iterator[Finding]:
    initiatives = {ini.id: ini for ini in sub.initiatives}
    judged: set[tuple[str, str]] = set()
    for count in sub.counts:
        indicator = fw.indicator_by_code.get(count.indicator)
        if indicator is None:
            yield from _code_findings(
                sub, "counts", count.row, "indicator", count.indicator, False, C108, "Indicator"
            )
            continue
        if count.category and count.path is None:
            choices = ", ".join(" / ".join(p) if p else "Total" for p in indicator.paths)
            yield C111.finding(
                sub.file,
                sub.sheet("counts"),
                sub.cell("counts", count.row, "category"),
                found=count.category,
                indicator=indicator.code,
                choices=choices,
            )
        key = (count.initiative, indicator.code)
        if key in judged:
            continue  # the indicator's area is judged once per initiative, at its first row
        judged.add(key)
        ini = initiatives.get(count.initiative)
        area = fw.area_by_code.get(indicator.area)
        if ini is None or ini.area not in fw.area_by_code or area is None:
            continue
        if area.kind == "work" and indicator.area != ini.area:
            yield C109.finding(
                sub.file,
                sub.sheet("counts"),
                sub.cell("counts", count.row, "indicator"),
                expected=f"an indicator of area {ini.area}",
                found=indicator.code,
                indicator=indicator.code,
                indicator_area=indicator.area,
                initiative=ini.id,
                area=ini.area,
            )
        elif area.kind == "cross-cutting" and area.code not in ini.cross_cutting:
            yield C110.finding(
                sub.file,
                sub.sheet("counts"),
                sub.cell("counts", count.row, "indicator"),
                indicator=indicator.code,
                cross=area.name,
                initiative=ini.id,
            )


@check(C101, C113, C112)
def money_codes(sub: Submission, fw: Framework) -> Iterator[Finding]:
    work_areas = {a.code for a in fw.work_areas}
    for line in sub.money:
        yield from _code_findings(
            sub, "money", line.row, "area", line.area, line.area in work_areas, C101, "Work area"
        )
    for prog in sub.programmes:
        yield from _code_findings(
            sub,
            "programmes",
            prog.row,
            "id",
            prog.id,
            prog.id in fw.joint_programme_by_id,
            C113,
            "Programme",
        )
        yield from _code_findings(
            sub,
            "programmes",
            prog.row,
            "status",
            prog.status,
            prog.status in fw.programme_status_vocab,
            C112,
            "Status",
        )
