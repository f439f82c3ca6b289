"""Initiatives are counted once each, in the order of their keys, whatever the agencies' codes:
what the summary's figures list as their sources (domain/counted.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cfreport.domain.batch import Batch
from cfreport.domain.counted import counted_initiatives
from cfreport.framework import load_framework
from cfreport.models import Initiative, Submission

FW = load_framework()
JOINT = [j.id for j in FW.joint_initiatives][:3]


def _expected(batch: Batch) -> list[tuple[str, str, int]]:
    """(key, file, row) of each initiative counted, as the summary defines them: one per joint
    id (the lead's first report), one per agency and id (the first row; of workbooks that name
    no agency, the last workbook's), sorted by key."""
    counted: dict[str, tuple[str, int]] = {}
    for jid, reports in batch.joint_initiatives.items():
        sub, ini = reports[0]
        counted[jid] = (sub.file, ini.row)
    for sub in batch.kept:
        seen: set[str] = set()
        for ini in sub.initiatives:
            if ini.id in FW.joint_initiative_by_id or not ini.id or ini.id in seen:
                continue
            seen.add(ini.id)
            counted[f"{sub.agency}:{ini.id}"] = (sub.file, ini.row)
    return [(key, *counted[key]) for key in sorted(counted)]


agencies = st.sampled_from(["UN", "UN-Habitat", "UNDP", "UN Women", "1UN", "", "A:B", "A"])
ids = st.one_of(st.sampled_from(JOINT), st.text("AB:-1 ", min_size=0, max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(agencies, st.lists(ids, max_size=6)), max_size=6))
def test_each_initiative_once_in_the_order_of_keys(
    workbooks: list[tuple[str, list[str]]],
) -> None:
    subs = [
        Submission(
            file=f"{n:02d}.xlsx",
            agency=agency,
            year=2021,
            initiatives=tuple(Initiative(row, i) for row, i in enumerate(named, start=2)),
        )
        for n, (agency, named) in enumerate(workbooks)
    ]
    batch = Batch(subs, FW, 2021)
    counted = counted_initiatives(batch)
    assert [(c.key, c.sub.file, c.row) for c in counted] == _expected(batch)
    for c in counted:
        assert c.joint == (c.id in FW.joint_initiative_by_id)
        assert c.sub.agency in c.agencies or c.joint
