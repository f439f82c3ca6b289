"""X: checks across submissions: one submission per agency and year, joint figures that agree
(and M004: money that differs between an agency's files for one year).

A joint initiative or programme reported by several agencies is one, counted once; where the
reports differ, the lead agency's figure stands and the difference is an error naming every cell.
"""

from __future__ import annotations

import bisect
import math
import zlib
from array import array
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Final

from cfreport.breakdown import path_label
from cfreport.checks.registry import Rule, register
from cfreport.domain.counts import effective_value, group_counts
from cfreport.severity import Severity
from cfreport.text import fold

if TYPE_CHECKING:
    from cfreport.breakdown import Path
    from cfreport.domain.batch import Batch
    from cfreport.findings import Finding, Place
    from cfreport.framework import Framework
    from cfreport.models import MoneyLine, Submission


X001 = register(Rule("X001", "duplicate-submission", Severity.ERROR))
X002 = register(Rule("X002", "joint-count-conflict", Severity.ERROR))
X003 = register(Rule("X003", "joint-programme-conflict", Severity.ERROR))
X004 = register(Rule("X004", "joint-initiative-differs", Severity.ERROR))
M004 = register(Rule("M004", "money-differs-across-files", Severity.WARNING))
X006 = register(Rule("X006", "same-content-two-agencies", Severity.ERROR))

SAME_CONTENT = 0.9
"""Share of one submission's own (not joint) counts and titles found in another agency's
submission above which the two are taken for one report sent twice."""
SAME_CONTENT_FROM = 3
"""A submission with fewer own counts and titles than this is too small to compare."""


def saved_text(saved: str | None) -> str:
    """'2022-01-20T09:15:03Z' -> '2022-01-20 09:15 UTC', as a message shows a save time."""
    if not saved:
        return "?"
    day, _, time = saved.partition("T")
    zone = " UTC" if time.endswith("Z") else ""
    return f"{day} {time[:5]}{zone}".strip()


def _duplicates(batch: Batch) -> Iterator[Finding]:
    """Every file of an agency that sent several for a year, each naming the others and which
    one counts; none where the `keep` setting chose (the RCO decided)."""
    from cfreport.findings import Place

    for dup in batch.duplicates:
        if dup.rule == "keep":
            continue
        files = ", ".join(f"{s.file} ({saved_text(s.saved)})" for s in dup.all)
        for sub in dup.all:
            yield X001.finding(
                *sub.detail_where("agency"),
                agency=dup.agency,
                year=dup.year,
                n=len(dup.all),
                files=files,
                kept=dup.kept.file,
                how=f"@duplicate_{dup.rule}",
                related=[
                    Place(
                        file=other.file,
                        sheet=other.sheet("submission"),
                        cell=other.detail_cell("agency"),
                        value=other.agency,
                    )
                    for other in dup.all
                    if other is not sub
                ],
            )


def _money_across(batch: Batch) -> Iterator[Finding]:
    """Where an agency sent several files for a year, each money cell of a file left out that
    says otherwise than the file that counts for the same year and area."""
    for dup in batch.duplicates:
        counted: dict[tuple[int | None, str], MoneyLine] = {
            (m.year, m.area): m for m in dup.kept.money if m.year and m.area
        }
        for other in dup.others:
            for line in other.money:
                kept = counted.get((line.year, line.area))
                if kept is None:
                    continue
                for field in ("required", "available"):
                    mine, theirs = getattr(line, field), getattr(kept, field)
                    if mine is None or theirs is None or mine == theirs:
                        continue
                    yield M004.finding(
                        *other.where("money", line.row, field),
                        expected=theirs,
                        found=mine,
                        year=line.year,
                        area=line.area,
                        kept=dup.kept.file,
                        related=[dup.kept.place("money", kept.row, field, theirs)],
                    )


def _joint_descriptions(batch: Batch) -> Iterator[Finding]:
    for jid, reports in batch.joint_initiatives.items():
        lead_sub, lead_ini = reports[0]
        for sub, ini in reports[1:]:
            for field, label in (
                ("area", "@work_area"),
                ("effect", "@direct_effect"),
                ("title", "@title"),
            ):
                mine, theirs = getattr(ini, field), getattr(lead_ini, field)
                if mine and theirs and mine != theirs:
                    yield X004.finding(
                        *sub.where("initiatives", ini.row, field),
                        expected=theirs,
                        found=mine,
                        initiative=jid,
                        agency=sub.agency,
                        lead=lead_sub.agency,
                        field=label,
                        related=[lead_sub.place("initiatives", lead_ini.row, field, theirs)],
                    )


def _joint_counts(batch: Batch) -> Iterator[Finding]:
    fw = batch.fw
    joint = batch.joint_initiatives
    # Only the counts of joint initiatives, grouped, and only of the workbooks that report one:
    # an export reads every workbook whole, and grouping every count of 3,000 held 300 MB.
    grouped: dict[str, dict[tuple[str, str], dict[Path, int]]] = {}

    def groups_of(sub: Submission) -> dict[tuple[str, str], dict[Path, int]]:
        found = grouped.get(sub.file)
        if found is None:
            every = group_counts(sub, fw)
            found = grouped[sub.file] = {key: every[key] for key in every if key[0] in joint}
        return found

    for jid, reports in joint.items():
        lead_sub = reports[0][0]
        lead_groups = groups_of(lead_sub)
        for sub, _ in reports[1:]:
            for (initiative, code), given in groups_of(sub).items():
                lead_given = lead_groups.get((initiative, code))
                if initiative != jid or lead_given is None:
                    continue
                indicator = fw.indicator_by_code[code]
                ours, lead = sub.counts, lead_sub.counts
                for path, at in sorted(given.items(), key=lambda kv: ours.rows[kv[1]]):
                    theirs, rows = effective_value(path, lead_given, indicator, lead.values)
                    value = ours.values[at]
                    if value is None or theirs is None or theirs == value:
                        continue
                    yield X002.finding(
                        *sub.where("counts", ours.rows[at], "value"),
                        expected=theirs,
                        found=value,
                        initiative=jid,
                        indicator=code,
                        category=path_label(path),
                        agency=sub.agency,
                        lead=lead_sub.agency,
                        related=[
                            lead_sub.place("counts", lead.rows[i], "value", lead.values[i])
                            for i in rows
                        ],
                    )


def _joint_programmes(batch: Batch) -> Iterator[Finding]:
    for pid, reports in batch.joint_programmes.items():
        lead_sub, lead_line = reports[0]
        for sub, line in reports[1:]:
            for field in ("status", "amount"):
                mine, theirs = getattr(line, field), getattr(lead_line, field)
                if mine in (None, "") or theirs in (None, "") or mine == theirs:
                    continue
                yield X003.finding(
                    *sub.where("programmes", line.row, field),
                    expected=theirs,
                    found=mine,
                    programme=pid,
                    agency=sub.agency,
                    lead=lead_sub.agency,
                    field=f"@{field}",
                    related=[lead_sub.place("programmes", lead_line.row, field, theirs)],
                )


def _content(sub: Submission, joint: Collection[str]) -> Counter[str]:
    """What a submission reports of its own, whatever its ids: each count's indicator,
    category and value, each initiative's title (joint initiatives are shared by design),
    each item as one text."""
    own: Counter[str] = Counter(
        f"count\x1f{c.indicator}\x1f{c.category}\x1f{c.value}"
        for c in sub.counts
        if c.initiative not in joint and c.value is not None
    )
    own.update(
        f"title\x1f{fold(i.title)}" for i in sub.initiatives if i.id not in joint and i.title
    )
    return own


def _hashes(content: Counter[str]) -> set[int]:
    """A stable hash of each copy of each item (the k-th copy is an item of its own)."""
    # Stable (Python's own is salted per process): workers and the parent must agree.
    # 32 bits: two reports of 1,000 items share a false one once in 10,000 pairs, which moves
    # a share of 90 % by a thousandth. CRC-32 (a third of blake2b's time, over a million items
    # at 3,000 workbooks) spreads texts as evenly, and two items of one length that differ in
    # at most 4 neighbouring bytes (25 and 26 people) never share one. Never stored: a
    # fingerprint lives as long as one run.
    crc32 = zlib.crc32
    hashes = set()
    for item, copies in content.items():
        first = crc32(item.encode("utf-8", "surrogatepass"))
        hashes.add(first)
        for k in range(1, copies):
            hashes.add(crc32(b"\x1f%d" % k, first))
    return hashes


FINGERPRINT_ITEM: Final = "I"
"""The array type of a fingerprint's items: unsigned, 4 bytes."""


def content_fingerprint(sub: Submission, joint: Collection[str]) -> bytes:
    """`_content` as a multiset of 32-bit hashes (the k-th copy of an item an item of its own),
    sorted, as bytes: 4 bytes an item, what X006 compares once the rows are dropped."""
    return array(FINGERPRINT_ITEM, sorted(_hashes(_content(sub, joint)))).tobytes()


def _fingerprint(sub: Submission, joint: Collection[str]) -> memoryview:
    found = sub.own_content if sub.own_content is not None else content_fingerprint(sub, joint)
    return memoryview(found).cast(FINGERPRINT_ITEM)  # the bytes themselves, not a copy


def across_part(sub: Submission, fw: Framework) -> Submission:
    """What the cross-file checks read of a submission: its details, money and joint
    programmes, the rows of its joint initiatives, and the fingerprint of the rest (X006).

    Validating thousands of workbooks keeps this of each, a few kilobytes, not every row.
    """
    joint = fw.joint_initiative_by_id
    return sub.without_rows(
        initiatives=tuple(i for i in sub.initiatives if i.id in joint),
        participants=tuple(t for t in sub.participants if t.initiative in joint),
        counts=sub.counts.take(i for i, ini in enumerate(sub.counts.initiatives) if ini in joint),
        money=sub.money,
        programmes=sub.programmes,
        own_content=content_fingerprint(sub, joint),
    )


def similar_pairs(
    sets: Sequence[Collection[int]], share: float, least: int
) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose common items are at least `share` of the smaller set, sets of
    fewer than `least` items left out; without comparing every pair. Items are unsigned
    32-bit integers (a fingerprint's hashes).

    Prefix filtering (Chaudhuri et al., Bayardo et al.): if x and y share at least
    need = ceil(share * |x|) items, any L items of x include at least L - (|x| - need) of y.
    So each set looks up only a few of its items, the rarest first, in an index of the sets
    that hold them; a pair that passes is then counted exactly. Thousands of submissions cost
    what they read, not their square. Rarity is a fixed-size count sketch's estimate: the
    bound holds for any choice of items, and the sketch's memory does not grow with the input.
    """
    total = sum(len(items) for items in sets)
    size = 1 << min(22, max(4, (2 * total).bit_length()))
    sketch = array("B", bytes(size))  # counts up to 255: past that, rarity no longer matters
    for items in sets:
        for item in items:
            at = item % size
            if sketch[at] < 255:
                sketch[at] += 1

    looked_up: list[array[int]] = []
    wanted = bytearray(size >> 3)  # a bit per sketch cell: the cells of items looked up
    plans: list[int] = []
    for items in sets:
        n = len(items)
        need = math.ceil(share * n - 1e-6)  # never more than needed: a float a hair above
        misses = n - need  # what x may lack of y and still share enough
        # Any `looked` items of x include at least looked - misses of a y that shares enough;
        # looking at twice the least needed (misses + 1) keeps pairs that share one item out.
        looked = min(n, 2 * (misses + 1))
        # Each item as one number, its count in the sketch above the item: the rarest are
        # the smallest (ties by item), compared in C.
        rarity = [sketch[item % size] << 32 | item for item in items] if n >= least else []
        chosen = sorted(rarity)[:looked]
        # An item the sketch counts once is in no other set (it never counts too few): it
        # cannot be shared, and where too many are, no set shares enough with this one.
        shared = array(FINGERPRINT_ITEM, (r & 0xFFFFFFFF for r in chosen if r >> 32 > 1))
        if looked - len(shared) > misses:
            shared = array(FINGERPRINT_ITEM)
        for item in shared:
            at = item % size
            wanted[at >> 3] |= 1 << (at & 7)
        looked_up.append(shared)
        plans.append(looked - misses)
    sketch = array("B")  # its memory back before the index is made
    # Sets in order of size: a pair is counted from its smaller set, which looks only at the
    # sets after it in this order (a pair of equal sizes once, not from both sides).
    order = sorted(range(len(sets)), key=lambda k: (len(sets[k]), k))
    # Only the items some set looks up are indexed (and any sharing their cell: harmless),
    # each with the places in `order` of the sets that hold it, ascending.
    index: dict[int, array[int]] = {}
    for place, k in enumerate(order):
        for item in sets[k]:
            at = item % size
            if wanted[at >> 3] & (1 << (at & 7)):
                held = index.get(item)
                if held is None:
                    held = index[item] = array("I")
                held.append(place)
    del wanted
    found: set[tuple[int, int]] = set()
    for place, k in enumerate(order):
        looked_at = looked_up[k]
        if not looked_at:
            continue
        hits: Counter[int] = Counter()
        for item in looked_at:
            held = index[item]
            hits.update(held[bisect.bisect_right(held, place) :])  # counted in C
        plan = plans[k]
        for other in [other for other, count in hits.items() if count >= plan]:
            j = order[other]
            found.add((min(k, j), max(k, j)))
    pairs = []
    for i, j in sorted(found):
        smaller = min(len(sets[i]), len(sets[j]))
        if smaller >= least and _shared(sets[i], sets[j]) / smaller >= share:
            pairs.append((i, j))
    return pairs


def _agency_cell(sub: Submission) -> list[Place]:
    row = sub.detail_rows.get("agency")
    return [sub.place("submission", row, "value", sub.agency)] if row else []


def _shared(first: Collection[int], second: Collection[int]) -> int:
    return len(set(first).intersection(second))


def _same_content(batch: Batch) -> Iterator[Finding]:
    """A workbook re-sent under another agency's name (UNDP's data stamped UNFPA) would count
    every figure twice: two agencies whose own reports are (nearly) the same."""
    joint = {j.id for j in batch.fw.joint_initiatives}
    subs = [s for s in batch.kept if s.agency]
    contents = [_fingerprint(s, joint) for s in subs]
    for i, j in similar_pairs(contents, SAME_CONTENT, SAME_CONTENT_FROM):
        first, second = subs[i], subs[j]
        if first.agency == second.agency:
            continue
        shared = _shared(contents[i], contents[j])
        smaller = min(len(contents[i]), len(contents[j]))
        yield X006.finding(
            *second.detail_where("agency"),
            found=second.agency,
            agency=second.agency,
            other=first.agency,
            other_file=first.file,
            share=f"{shared / smaller:.0%}",
            related=_agency_cell(first),
        )


def check_across(batch: Batch) -> list[Finding]:
    """Every cross-file finding over the submissions of one year."""
    return [
        *_duplicates(batch),
        *_same_content(batch),
        *_money_across(batch),
        *_joint_descriptions(batch),
        *_joint_counts(batch),
        *_joint_programmes(batch),
    ]
