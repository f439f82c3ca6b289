"""`cfreport report`: the report's pages as one HTML file, read back as a person's browser would
parse it (the browser itself is tests/test_report_browser.py)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cfreport.domain.figure_keys import keyed_figures
from cfreport.figures import Summary
from tests.conftest import EXAMPLES, VALID, edited_copy, run_cli

EXAMPLES_2022 = EXAMPLES.parent / "2022-invented"


class Page(HTMLParser):
    """Every element's tag and attributes, and the page's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def figures(self) -> dict[str, list[str]]:
        """data-key -> the data-value of each element that carries it."""
        out: dict[str, list[str]] = {}
        for _, attrs in self.elements:
            key = attrs.get("data-key")
            if key is not None:
                out.setdefault(key, []).append(str(attrs.get("data-value")))
        return out


def _report(tmp_path: Path, *args: str) -> tuple[int, str]:
    out = tmp_path / "report.html"
    code, _, _ = run_cli("report", *args, "-o", str(out))
    return code, out.read_text(encoding="utf-8")


def _summary(*args: str) -> Summary:
    code, stdout, _ = run_cli("summarize", *args, "-f", "json")
    assert code == 0
    return Summary.model_validate(json.loads(stdout))


@pytest.mark.parametrize("folder", [EXAMPLES, EXAMPLES_2022], ids=["2021", "2022"])
def test_every_figure_of_the_summary_is_on_the_page_with_its_exact_value(
    tmp_path: Path, folder: Path
) -> None:
    code, html = _report(tmp_path, str(folder))
    assert code == 0
    shown = Page(html).figures()
    figures = keyed_figures(_summary(str(folder)))
    assert len(figures) > 150
    for key, keyed in figures.items():
        assert key in shown, key
        assert all(float(v) == keyed.figure.value for v in shown[key]), (key, shown[key])


def test_the_key_results_are_under_their_effect_with_their_figures(tmp_path: Path) -> None:
    _, html = _report(tmp_path, str(EXAMPLES))
    page = Page(html)
    cited = [(a["data-cited"], a["data-value"]) for _, a in page.elements if "data-cited" in a]
    assert ("UNDP-KR1", "261") in cited  # typed, and equal to Counts!D7
    assert ("UNW-KR1", "87") in cited  # no number typed: the count's own
    text = " ".join(page.text)
    area_1 = html[html.index('id="area-1"') : html.index('id="area-2"')]
    assert "Nutritional evaluation of 923,000 schoolchildren" in area_1
    assert "Agencies: UN Women, ECLAC, UNFPA" in text


def test_a_figure_with_a_finding_is_marked_and_the_finding_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    edited_copy(VALID, folder / "undp-2021.xlsx", [["Counts", "D7", 262]])
    code, html = _report(tmp_path, str(folder))
    assert code == 0
    page = Page(html)
    marked = {a["data-key"]: a.get("data-codes") for _, a in page.elements if "data-key" in a}
    assert "T001" in str(marked["indicator/1.1/Federal / CSOs"]).split()
    cited = next(a for _, a in page.elements if a.get("data-cited") == "UNDP-KR1")
    assert "marked" in (cited.get("class") or "")  # 261 cited, the count now says 262
    findings = html[html.index('id="findings"') :]
    assert "K005" in findings and "T001" in findings and "Counts!D3" in findings


def test_a_spanish_report_of_spanish_workbooks(tmp_path: Path) -> None:
    spanish = tmp_path / "es"
    spanish.mkdir()
    for name in ("undp-2021.xlsx", "unicef-2021.xlsx"):
        args = ["template", "--from", str(EXAMPLES / name), "--year", "2021", "--lang", "es"]
        code, _, _ = run_cli(*args, "-o", str(spanish / name))
        assert code == 0
    code, html = _report(tmp_path, str(spanish), "--lang", "es")
    assert code == 0
    assert '<html lang="es">' in html
    for words in ("Resultados clave", "En cifras", "Trabajamos en", "Efecto directo"):
        assert words in html
    for english in ("Key results", "In numbers", "We work in", "Direct effect"):
        assert english not in html
    assert 'data-cited="UNDP-KR1" data-value="261"' in html


def test_one_area_and_letter_paper(tmp_path: Path) -> None:
    code, html = _report(tmp_path, str(EXAMPLES), "--area", "2", "--paper", "letter")
    assert code == 0
    assert "size: Letter" in html
    assert 'id="area-2"' in html and 'id="area-1"' not in html and 'id="system"' not in html


def test_bad_paper_and_a_folder_with_a_file_in_the_wrong_format(tmp_path: Path) -> None:
    code, _, err = run_cli("report", str(EXAMPLES), "--paper", "A3")
    assert code == 2 and "unknown paper 'A3'" in err
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "unicef-2021.xlsx").write_bytes((EXAMPLES / "unicef-2021.xlsx").read_bytes())
    (folder / "undp-2021.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    code, html = _report(tmp_path, str(folder))
    assert code == 2  # the file is named and left out; the pages are made of the rest
    assert "undp-2021.xls" in html[html.index('id="system"') :]


def test_a_second_run_over_its_own_output_leaves_it_out(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "undp-2021.xlsx").write_bytes(VALID.read_bytes())
    out = folder / "report.html"
    first, _, _ = run_cli("report", str(folder), "-o", str(out))
    again, _, err = run_cli("report", str(folder), "-o", str(out))
    assert first == again == 0, err
    assert VALID.read_bytes() == (folder / "undp-2021.xlsx").read_bytes()


def test_a_framework_without_tiles_lists_the_states_instead_of_a_map(tmp_path: Path) -> None:
    import re

    shipped = Path(__file__).parent.parent / "src/cfreport/framework/data/mexico-2020-2025.toml"
    untiled = tmp_path / "no-tiles.toml"
    untiled.write_text(
        re.sub(r", tile = \[\d+, \d+\]", "", shipped.read_text(encoding="utf-8")), encoding="utf-8"
    )
    code, html = _report(tmp_path, str(EXAMPLES), "--framework", str(untiled))
    assert code == 0
    assert 'class="tile' not in html
    coverage = html[html.index('class="fact coverage"') :]
    assert "Chihuahua" in coverage[: coverage.index("</div>")]
