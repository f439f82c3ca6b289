"""C: every code is known to the framework and consistent with the rest of its row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cfreport.checks.registry import Rule, check, register
from cfreport.domain.counts import count_groups
from cfreport.i18n import in_every_language
from cfreport.severity import Severity

if TYPE_CHECKING:
    from cfreport.findings import Finding
    from cfreport.framework import Framework, Vocabulary
    from cfreport.models import Count, Initiative, Submission


def _unknown(code: str, name: str) -> Rule:
    return register(Rule(code, name, Severity.ERROR))


C101 = _unknown("C101", "unknown-area")
C102 = _unknown("C102", "unknown-effect")
C103 = register(Rule("C103", "effect-outside-area", Severity.ERROR))
C104 = _unknown("C104", "unknown-agency")
C105 = _unknown("C105", "unknown-state")
C106 = _unknown("C106", "unknown-sdg-target")
C107 = _unknown("C107", "unknown-population")
C108 = _unknown("C108", "unknown-indicator")
C109 = register(Rule("C109", "indicator-outside-area", Severity.ERROR))
C110 = register(Rule("C110", "cross-cutting-not-marked", Severity.ERROR))
C111 = register(Rule("C111", "unknown-category", Severity.ERROR))
C112 = _unknown("C112", "unknown-status")
C113 = _unknown("C113", "unknown-programme")


def _code_findings(
    sub: Submission,
    sheet_key: str,
    row: int,
    field: str,
    value: str,
    known: bool,
    rule: Rule,
    column: str,
    vocab: Vocabulary | None = None,
) -> Iterator[Finding]:
    if value and not known:
        where = sub.where(sheet_key, row, field)
        close = vocab.suggest(value) if vocab is not None else []
        if close:
            yield rule.finding(*where, found=value, column=column, did_you_mean=", ".join(close))
        else:
            yield rule.finding(*where, found=value, column=column)


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
            ("lead", ini.lead, fw.agency_vocab, C104, "Lead agency"),
            ("area", ini.area, fw.work_area_vocab, C101, "Work area"),
            ("effect", ini.effect, fw.effect_vocab, C102, "Direct effect"),
            ("status", ini.status, fw.initiative_status_vocab, C112, "Status"),
        )
        for field, value, vocab, rule, column in checks:
            known = value in vocab and (field != "area" or value in work_areas)
            if value and not known:  # thousands of initiatives: no generator for a known code
                yield from _code_findings(
                    sub, "initiatives", ini.row, field, value, known, rule, column, vocab
                )
        effect = fw.effect_by_code.get(ini.effect)
        if effect and ini.area in work_areas and effect.area != ini.area:
            yield C103.finding(
                *sub.where("initiatives", ini.row, "effect"),
                expected="@reasons.effect_of_area",
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
            if tag.code and tag.code not in vocab:
                yield from _code_findings(
                    sub, kind, tag.row, "code", tag.code, False, rule, column, vocab
                )


@check(C108, C109, C110, C111)
def count_codes(sub: Submission, fw: Framework) -> Iterator[Finding]:
    counts = sub.counts
    if not set(counts.indicators) <= fw.indicator_by_code.keys():
        yield from _count_codes_row_by_row(sub, fw)
        return
    # Every indicator is known (the common case): a category outside its breakdown, then each
    # initiative's indicators, judged once at their first row; in row order, as row by row.
    # Read from the columns: a sheet of 100,000 rows names some thousands of pairs.
    found: list[tuple[int, Finding]] = []
    if None in counts.paths:
        for count in counts:
            if count.path is None and count.category:
                found.append((count.row, _unknown_category(sub, fw, count)))
    # Each (initiative, indicator) in the order of their first rows: the groups' keys, where
    # every row has a category of its indicator's.
    first = (
        dict.fromkeys(zip(counts.initiatives, counts.indicators, strict=True))
        if None in counts.paths
        else count_groups(sub, fw).groups
    )
    initiatives = {ini.id: ini for ini in sub.initiatives}
    # Judged once for each area, cross-cutting areas and indicator: thousands of pairs, a few.
    verdicts: dict[tuple[str, tuple[str, ...], str], Rule | None] = {}
    wrong = []
    for pair in first:
        ini = initiatives.get(pair[0])
        if ini is None:
            continue
        key = (ini.area, ini.cross_cutting, pair[1])
        if key not in verdicts:
            verdicts[key] = _area_rule(fw, *pair, initiatives)
        if verdicts[key] is not None:
            wrong.append(pair)
    if wrong:
        pairs = zip(counts.initiatives, counts.indicators, strict=True)
        at: dict[tuple[str, str], int] = {}
        for i, pair in enumerate(pairs):
            at.setdefault(pair, i)
        for pair in wrong:
            count = counts[at[pair]]
            finding = _area_finding(sub, fw, count, initiatives)
            if finding is not None:
                found.append((count.row, finding))
    found.sort(key=lambda pair: pair[0])
    yield from (finding for _, finding in found)


def _unknown_category(sub: Submission, fw: Framework, count: Count) -> Finding:
    indicator = fw.indicator_by_code[count.indicator]

    def choices(lang: str) -> str:
        return ", ".join(indicator.path_label_in(p, lang) for p in indicator.paths)

    return C111.finding(
        *sub.where("counts", count.row, "category"),
        found=count.category,
        indicator=indicator.code,
        names=in_every_language("choices", choices),
    )


def _count_codes_row_by_row(sub: Submission, fw: Framework) -> Iterator[Finding]:
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
            yield _unknown_category(sub, fw, count)
        key = (count.initiative, indicator.code)
        if key in judged:
            continue  # the indicator's area is judged once per initiative, at its first row
        judged.add(key)
        finding = _area_finding(sub, fw, count, initiatives)
        if finding is not None:
            yield finding


def _area_finding(
    sub: Submission, fw: Framework, count: Count, initiatives: dict[str, Initiative]
) -> Finding | None:
    """C109/C110: an indicator reported by an initiative of an area it does not belong to."""
    rule = _area_rule(fw, count.initiative, count.indicator, initiatives)
    if rule is None:
        return None
    indicator = fw.indicator_by_code[count.indicator]
    ini = initiatives[count.initiative]
    if rule is C109:
        return C109.finding(
            *sub.where("counts", count.row, "indicator"),
            expected="@reasons.indicator_of_area",
            found=indicator.code,
            indicator=indicator.code,
            indicator_area=indicator.area,
            initiative=ini.id,
            area=ini.area,
        )
    area = fw.area_by_code[indicator.area]
    return C110.finding(
        *sub.where("counts", count.row, "indicator"),
        indicator=indicator.code,
        initiative=ini.id,
        names=in_every_language("cross", area.name_in),
    )


def _area_rule(
    fw: Framework, initiative: str, code: str, initiatives: dict[str, Initiative]
) -> Rule | None:
    """C109 or C110 where a known indicator is not of its initiative's area; None if it is."""
    indicator = fw.indicator_by_code[code]
    ini = initiatives.get(initiative)
    area = fw.area_by_code.get(indicator.area)
    if ini is None or ini.area not in fw.area_by_code or area is None:
        return None
    if area.kind == "work" and indicator.area != ini.area:
        return C109
    if area.kind == "cross-cutting" and area.code not in ini.cross_cutting:
        return C110
    return None


@check(C101, C113, C112)
def money_codes(sub: Submission, fw: Framework) -> Iterator[Finding]:
    work_areas = {a.code for a in fw.work_areas}
    for line in sub.money:
        known = line.area in work_areas
        yield from _code_findings(
            sub, "money", line.row, "area", line.area, known, C101, "Work area", fw.work_area_vocab
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
            fw.joint_programme_vocab,
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
            fw.programme_status_vocab,
        )
