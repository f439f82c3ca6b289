"""summarize's JSON is written as it is made (json_stream.py), and is byte for byte the text of
dumping the whole Summary at once."""

from __future__ import annotations

from pathlib import Path

import pytest

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
