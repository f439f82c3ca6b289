"""A figure's sources and shares kept as columns read back exactly as they were given."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfreport import packed
from cfreport.figures import Figure, Share, Source
from cfreport.models import Count, CountRows, Initiative, Submission, Tag, Tally
from cfreport.packed import PackedShares, PackedSources, PackedTags, Places, Spill, int_array

files = st.sampled_from(["a.xlsx", "dir/b.xlsx", "c d.xlsx"])
sheets = st.sampled_from([None, "Counts", "Initiatives", "Conteos"])
cells = st.one_of(
    st.none(),
    st.builds(lambda c, r: f"{c}{r}", st.sampled_from(["A", "D", "AB"]), st.integers(1, 10**6)),
    st.sampled_from(["A1:B2", "$D$4", "D"]),
)
values = st.one_of(
    st.none(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.booleans(),
)
sources = st.lists(st.builds(Source, files, sheets, cells, values), max_size=30)


@given(st.lists(sources, min_size=1, max_size=4))
def test_packed_sources_read_back_as_given(lists: list[list[Source]]) -> None:
    places = Places()
    packed = [places.pack(s) for s in lists]
    for given_sources, kept in zip(lists, packed, strict=True):
        assert tuple(kept) == tuple(given_sources)
        assert kept == tuple(given_sources) and hash(kept) == hash(tuple(given_sources))
        assert len(kept) == len(given_sources)
        assert [kept[i] for i in range(len(kept))] == given_sources
        assert kept[1:] == tuple(given_sources[1:])
    # One pickle of the figures keeps their shared table of columns (a worker's result).
    again = pickle.loads(pickle.dumps(packed))
    assert [tuple(p) for p in again] == [tuple(s) for s in lists]


@given(st.lists(sources, min_size=1, max_size=4))
def test_spilled_sources_read_back_as_given(lists: list[list[Source]]) -> None:
    spill = Spill()
    places = Places(spill, spill_from=0)
    packed = [places.pack(s) for s in lists]
    for given_sources, kept in zip(lists, packed, strict=True):
        assert tuple(kept) == tuple(given_sources) and len(kept) == len(given_sources)
        assert [kept[i] for i in range(len(kept))] == given_sources
    # Integers past 8 bytes and booleans are written too: every list with cells was spilled.
    assert spill.written > 0 or not any(lists)
    again = pickle.loads(pickle.dumps(packed))  # to another process: the cells, not the file
    assert [tuple(p) for p in again] == [tuple(s) for s in lists]


@given(sources, st.integers(0, 30))
def test_a_figure_of_many_cells_goes_to_the_spill_as_it_is_packed(
    cells: list[Source], unwritable: int
) -> None:
    """Packed 3 cells at a time into the spill (a figure of every initiative is packed without
    holding all its ids at once); a value the spill cannot write keeps the rest in memory."""
    if cells and unwritable < len(cells):
        file, sheet, cell, _ = cells[unwritable]
        cells[unwritable] = Source(file, sheet, cell, object())  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(packed, "CHUNK", 3)
        spill = Spill()
        kept = Places(spill, spill_from=0).pack(cells)
    assert tuple(kept) == tuple(cells) and len(kept) == len(cells)
    assert [kept[i] for i in range(len(kept))] == cells
    assert spill.written > 0 or len(cells) < 3 or unwritable < 3


@given(sources, st.integers(0, 30))
def test_cells_added_up_in_chunks_read_back_in_order(cells: list[Source], cut: int) -> None:
    places = Places()
    head, tail = places.pack(cells[:cut]), places.pack(cells[cut:])
    places.spill, places.spill_from = Spill(), 0
    stored = places.spill.put(head.arrays()) if len(head) else None
    chunks = [(stored, len(head))] if stored else []
    joined = PackedSources(places, *tail.arrays(), stored=chunks)
    assert tuple(joined) == tuple(cells) and len(joined) == len(cells)


@given(
    st.lists(
        st.builds(
            Tag,
            st.integers(1, 70_000),
            st.sampled_from(["UNDP-1", "UNDP-2", "X"]),
            st.sampled_from(["COA", "MEX", "", "Coahuila"]),
        ),
        max_size=20,
    )
)
def test_packed_tags_read_back_as_given(tags: list[Tag]) -> None:
    packed = PackedTags.of(tags, ["UNDP-1"])
    assert list(packed) == tags and [packed[i] for i in range(len(tags))] == tags
    assert list(pickle.loads(pickle.dumps(packed))) == tags


def test_what_thousands_of_workbooks_share_is_held_once() -> None:
    """Codes (states, statuses, principles, indicators) read from different workbooks are one
    object in the main process, not one per workbook."""
    ini = Initiative(2, "UNDP-1", "t", "UNDP", "1", "1.1", "Ongoing", ("HR", "GEN"))
    tags = PackedTags.of([Tag(2, "UNDP-1", "COA"), Tag(3, "UNDP-1", "MEX")])
    tally = Tally(int_array([1]), int_array([2]), (5,), int_array([2]), {"1.1.1"}, ())
    first, second = (pickle.loads(pickle.dumps((ini, tags, tally))) for _ in range(2))
    assert first[0] == ini and list(first[1]) == list(tags)
    assert first[0].status is second[0].status and first[0].principles is second[0].principles
    assert first[1][1].code is second[1][1].code == "MEX"
    assert first[2].indicators[0] is second[2].indicators[0]


def test_a_spilled_tally_gives_its_entries_and_pickles_with_them() -> None:
    tally = Tally(
        int_array([1, 1, 4]),
        int_array([2, 3, 9]),
        (5, 6, 2**70),
        int_array([2, 2, 8]),
        {"1.1.1"},
        ((4, 10),),
    )
    before = list(tally.entries())
    spill = Spill()
    tally.spill(spill)
    assert spill.written > 0 and len(tally.rows) == 0  # the columns are in the file
    assert list(tally.entries()) == before
    assert list(pickle.loads(pickle.dumps(tally)).entries()) == before


@pytest.mark.parametrize(("scale", "size"), [(1000, 4), (10**12, 8)])
def test_whole_numbers_take_four_or_eight_bytes_a_value(scale: int, size: int) -> None:
    places = Places()
    cells = [Source("a.xlsx", "Counts", f"D{r}", r * scale) for r in range(2, 2002)]
    packed = places.pack(cells)
    assert places.columns == [("a.xlsx", "Counts", "D")] and list(packed) == cells
    assert packed._values.itemsize == size and packed._rows.itemsize == 4  # type: ignore[union-attr]


@given(st.lists(st.integers(0, 2**63 - 1)))
def test_int_arrays_hold_what_they_are_given_in_the_fewest_bytes(values: list[int]) -> None:
    packed = int_array(values)
    assert packed.tolist() == values
    assert packed.itemsize == (
        2 if max(values, default=0) < 2**16 else 4 if max(values) < 2**31 else 8
    )


@given(
    st.lists(
        st.builds(
            Share,
            st.sampled_from(["UNICEF", "UNDP", "IOM"]),
            st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=False)),
            st.lists(st.sampled_from(["UNDP", "WFP"]), max_size=2).map(tuple),
        ),
        max_size=10,
    )
)
def test_packed_shares_read_back_as_given(shares: list[Share]) -> None:
    spill = Spill()
    for given_ in (shares, shares * 10):
        kept = PackedShares.of(given_, spill)
        assert tuple(kept) == tuple(given_) and kept == given_
        assert [kept[i] for i in range(len(kept))] == given_
        assert tuple(pickle.loads(pickle.dumps(kept))) == tuple(given_)


def test_many_shares_wait_in_the_spill() -> None:
    shares = [Share(f"A{i}", i, ("UNDP",) if i % 2 else ()) for i in range(packed.SPILL_FROM)]
    spill = Spill()
    kept = PackedShares.of(shares, spill)
    assert spill.written > 0 and kept._agencies == () and list(kept) == shares


def test_a_figure_of_packed_sources_dumps_and_validates_as_one_of_tuples() -> None:
    places = Places()
    cells = [Source("a.xlsx", "Counts", "D2", 5), Source("b.xlsx", "Counts", "D9", 7)]
    shares = [Share("UNDP", 5), Share("UNICEF", 7, ("UNDP",))]
    packed = Figure.model_construct(
        value=12, sources=places.pack(cells), codes=(), shares=PackedShares.of(shares)
    )
    plain = Figure(value=12, sources=cells, shares=shares)
    assert packed.model_dump_json() == plain.model_dump_json()
    assert packed == plain and hash(packed) == hash(plain)
    assert Figure.model_validate(packed.model_dump()) == plain
    # Validating a figure of packed sources gives one of plain tuples.
    rebuilt = Figure(value=12, sources=packed.sources, shares=packed.shares)
    assert type(rebuilt.sources) is tuple and rebuilt == plain


@given(st.lists(st.text(max_size=12), max_size=40), st.data())
def test_texts_and_their_parts_by_key_read_back_as_given(
    items: list[str], data: st.DataObject
) -> None:
    """An area's agencies -> the ids of their initiatives, kept as indexes into one table of
    ids: equal to the dict of tuples it stands for, and pickled as that dict."""
    from cfreport.packed import PackedTextsByKey, Texts

    texts = Texts(items)
    assert list(texts) == items and len(texts) == len(items)
    assert [texts[-k] for k in range(1, len(items) + 1)] == items[::-1]
    keys = sorted(data.draw(st.sets(st.sampled_from(["UN", "UN-Habitat", "UNDP", "a:b", "Z"]))))
    picks = st.lists(st.integers(0, len(items) - 1), max_size=6) if items else st.just([])
    parts = {key: data.draw(picks) for key in keys}
    by_key = PackedTextsByKey(texts, parts.items())
    plain = {key: tuple(items[i] for i in at) for key, at in parts.items()}
    assert by_key == plain and dict(by_key) == plain and list(by_key) == keys
    for key in keys:
        assert by_key[key] == plain[key] and len(by_key[key]) == len(plain[key])
        assert list(by_key[key][1:]) == list(plain[key][1:])
    assert pickle.loads(pickle.dumps(by_key)) == plain
    assert type(pickle.loads(pickle.dumps(by_key))) is dict
    with pytest.raises(KeyError):
        by_key["not a key"]


def test_an_area_s_agencies_kept_as_indexes_dump_as_the_plain_dict() -> None:
    from cfreport.figures import AreaFigures
    from cfreport.packed import PackedTextsByKey, Texts

    figure = Figure(value=0)
    common = {
        "code": "1",
        "name": "Area",
        "kind": "work",
        "indicators": (),
        "agencies": ("A", "B"),
        "states": (),
        "federal": False,
        "coverage": figure,
        "sdg_targets": figure,
        "sdg_goals": figure,
        "initiatives": figure,
        "joint_initiatives": figure,
    }
    plain = AreaFigures(**common, agencies_through={"A": ("I-1", "I-2"), "B": ("I-3",)})
    texts = Texts(["I-1", "I-2", "I-3"])
    packed_area = AreaFigures(
        **common, agencies_through=PackedTextsByKey(texts, [("A", [0, 1]), ("B", [2])])
    )
    assert isinstance(packed_area.agencies_through, PackedTextsByKey)  # not copied
    assert packed_area.model_dump_json() == plain.model_dump_json()
    assert packed_area.model_dump() == plain.model_dump()
    read = AreaFigures.model_validate_json(packed_area.model_dump_json())
    assert read.agencies_through == {"A": ("I-1", "I-2"), "B": ("I-3",)}
    assert all(type(ids) is tuple for ids in read.agencies_through.values())


counts = st.lists(
    st.builds(
        Count,
        st.integers(2, 10**6),
        st.sampled_from(["", "UNICEF-01", "JI-04"]),
        st.sampled_from(["1.1", "2.3", "x"]),
        st.sampled_from(["Total", "Federal", ""]),
        st.sampled_from([None, (), (0,), (1, 2)]),
        st.one_of(st.none(), st.integers(0, 10**12)),
        st.sampled_from(["", "a note"]),
    ),
    max_size=20,
)


@given(counts)
def test_counts_kept_as_columns_read_back_as_the_rows_they_were(given_counts: list[Count]) -> None:
    rows = CountRows.of(given_counts)
    assert list(rows) == given_counts and len(rows) == len(given_counts)
    assert rows == tuple(given_counts) and hash(rows) == hash(tuple(given_counts))
    assert [rows[i] for i in range(len(rows))] == given_counts
    assert list(rows[1:3]) == given_counts[1:3]
    backwards = range(len(given_counts) - 1, -1, -2)
    assert list(rows.take(backwards)) == [given_counts[i] for i in backwards]
    assert pickle.loads(pickle.dumps(rows)) == rows
    # A submission takes them as columns, or as any sequence of counts (read as columns).
    sub = Submission(file="a.xlsx", counts=tuple(given_counts))
    assert isinstance(sub.counts, CountRows) and sub.counts == rows
    assert sub.without_rows(counts=given_counts[:1]).counts == given_counts[:1]
