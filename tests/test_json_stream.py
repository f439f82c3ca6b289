"""summarize's JSON is written as it is made (json_stream.py), and is byte for byte the text of
dumping the whole Summary at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfreport.figures import Summary
from cfreport.forked import can_fork
from cfreport.framework import load_framework
from cfreport.render.json_stream import json_chunks
from cfreport.render.summarize.json import STREAMED
from cfreport.summarize import summarize_paths
from tests.conftest import EXAMPLES, VALID, edited_copy, run_cli


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_streamed_summary_is_the_whole_dump(tmp_path: Path, lang: str) -> None:
    messy = edited_copy(
        VALID,
        tmp_path / "undp-2021.xlsx",
        [["Counts", "D4", "doce"], ["Money", "A3", 2031], ["Counts", "A22", "UNDP-99"]],
    )
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    fw = load_framework()
    for paths in (
        [EXAMPLES],
        [messy, tmp_path / "broken.xlsx"],
        [EXAMPLES.parent / "2022-invented"],
    ):
        summary = summarize_paths(paths, fw)
        whole = summary.model_dump_json(indent=2, context={"lang": lang})
        assert "".join(json_chunks(summary, STREAMED, {"lang": lang})) == whole


def test_the_command_writes_it_to_a_file_and_to_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    code, _, _ = run_cli("summarize", str(EXAMPLES), "-f", "json", "-o", str(out))
    _, printed, _ = run_cli("summarize", str(EXAMPLES), "-f", "json")
    assert code == 0 and out.read_text(encoding="utf-8") == printed
    assert not list(tmp_path.glob(".summary.json.*"))  # no temporary file left


def test_a_heavy_figure_is_written_part_by_part_as_the_whole_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every field past a few items goes part by part (models, dicts, lists, a figure's cells
    in batches), as thousands of workbooks make them: the text is still the whole dump."""
    import cfreport.render.json_stream as stream

    monkeypatch.setattr(stream, "HEAVY", 2)
    monkeypatch.setattr(stream, "BATCH", 3)
    messy = edited_copy(
        VALID,
        tmp_path / "undp-2021.xlsx",
        [["Counts", "D4", "doce"], ["Money", "A3", 2031], ["Counts", "A22", "UNDP-99"]],
    )
    fw = load_framework()
    for paths in ([EXAMPLES], [messy], [EXAMPLES.parent / "2022-invented"]):
        summary = summarize_paths(paths, fw)
        for lang in ("en", "es"):
            whole = summary.model_dump_json(indent=2, context={"lang": lang})
            assert "".join(json_chunks(summary, {}, {"lang": lang})) == whole
            assert "".join(json_chunks(summary, STREAMED, {"lang": lang})) == whole


@pytest.fixture(scope="module")
def examples_summary() -> Summary:
    return summarize_paths([EXAMPLES], load_framework())


@pytest.mark.parametrize("count", [1, 3, 6, 7, 11])
def test_a_figures_cells_of_every_kind_are_written_as_the_whole_dump(
    count: int, examples_summary: Summary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cells without a row (none, a range), values of each type and text that JSON escapes,
    in batches that end on the last cell and that do not."""
    import cfreport.render.json_stream as stream
    from cfreport.figures import Figure, Source
    from cfreport.packed import Places

    monkeypatch.setattr(stream, "HEAVY", 2)
    monkeypatch.setattr(stream, "BATCH", 3)
    kinds = [
        Source("a.xlsx", "Counts", "D12", 3),
        Source('b "quoted"\\.xlsx', None, None, None),
        Source("c.xlsx", "Money", "B2:C3", 2.5),
        Source("ñ.xlsx", "Conteos\u001f", "AA7", 'línea\n"dos"\t'),
        Source("a.xlsx", "Counts", "D13", 10**15),
        Source("a.xlsx", "Counts", "D14", -0.1),
        Source("a.xlsx", "Counts", "E1", True),
        Source("a.xlsx", "Counts", "E2", "UNDP-01"),
        Source("a.xlsx", "Counts", "E3", "back\\slash / 'quote'"),
        Source("a.xlsx", "Counts", "E4", ""),
        Source("a.xlsx", "Counts", "E5", "\x7f"),
    ][:count]
    figure = Figure.model_construct(value=1, sources=Places().pack(kinds))
    summary = examples_summary.model_copy(update={"initiatives": figure})
    whole = summary.model_dump_json(indent=2)
    assert "".join(json_chunks(summary, STREAMED)) == whole


@pytest.mark.skipif(not can_fork(), reason="no fork here")
def test_made_in_two_processes_it_is_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large summary's JSON is made by this process and a forked copy of it, piece by piece:
    the text is the one a single process writes (forced here on the examples)."""
    import cfreport.render.summarize.json as summary_json

    monkeypatch.setattr(summary_json, "SHARED_FROM", 0)
    shared: list[bool] = []
    in_two = summary_json.in_two
    monkeypatch.setattr(
        summary_json, "in_two", lambda walk: (shared.append(can_fork()), in_two(walk))[1]
    )
    out = tmp_path / "two.json"
    assert run_cli("summarize", str(EXAMPLES), "-f", "json", "-o", str(out))[0] == 0
    _, printed, _ = run_cli("summarize", str(EXAMPLES), "-f", "json", "--lang", "es")
    assert shared == [True, True]  # made in two processes, to a file and to standard output
    monkeypatch.setenv("CFREPORT_NO_FORK", "1")
    _, alone, _ = run_cli("summarize", str(EXAMPLES), "-f", "json")
    assert out.read_text(encoding="utf-8") == alone
    assert printed == run_cli("summarize", str(EXAMPLES), "-f", "json", "--lang", "es")[1]
