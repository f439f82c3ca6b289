"""The report's pages as a person sees them: opened in headless Chromium (Debian's package,
driven by Playwright over the DevTools protocol; never a browser downloaded at run time) with
the network off, printed to PDF on A4 and Letter, and the first pages left as PNG files in
$CFREPORT_BROWSER_DIR (build/report with `make browser`) for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cfreport.domain.figure_keys import keyed_figures
from cfreport.figures import Summary
from tests.conftest import EXAMPLES, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = [
    pytest.mark.chromium,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make browser)"),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("CFREPORT_BROWSER_DIR", "build/report"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _report(folder: Path, tmp: Path, *args: str) -> Path:
    out = tmp / "report.html"
    code, _, err = run_cli("report", str(folder), *args, "-o", str(out))
    assert code == 0, err
    return out


class Opened:
    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1100, "height": 1400})
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", lambda d: (self.console.append(("dialog", d.message)), d.dismiss()))
        self.page.route("**/*", self._route)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def english(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    opened = Opened(browser, _report(EXAMPLES, tmp_path_factory.mktemp("en")))
    yield opened
    opened.close()


def test_it_opens_offline_with_no_console_error_and_no_request(english: Opened) -> None:
    assert english.requests == [english.url]
    assert [m for m in english.console if m[0] in ("error", "pageerror", "dialog")] == []
    assert english.page.evaluate("document.scripts.length") == 0


def test_every_figure_of_the_summary_is_in_the_page(english: Opened) -> None:
    _, stdout, _ = run_cli("summarize", str(EXAMPLES), "-f", "json")
    figures = keyed_figures(Summary.model_validate(json.loads(stdout)))
    shown = english.page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-key]'),
              e => [e.dataset.key, e.dataset.value, e.checkVisibility()])"""
    )
    on_page = {key: (value, visible) for key, value, visible in shown}
    for key, keyed in figures.items():
        assert key in on_page, key
        value, visible = on_page[key]
        assert float(value) == keyed.figure.value and visible, key


def test_charts_have_text_alternatives(english: Opened) -> None:
    svgs = english.page.evaluate(
        """() => Array.from(document.querySelectorAll('svg'),
              s => [s.getAttribute('role'), document.getElementById(
                    s.getAttribute('aria-labelledby'))?.textContent || ''])"""
    )
    assert len(svgs) > 10
    assert all(role == "img" and len(alt) > 10 for role, alt in svgs)
    # The map says which states are covered in words, not only by fill.
    assert any("Chihuahua" in alt and "covered" in alt for _, alt in svgs)


def _pdf_pages(pdf: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (make browser installs poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_it_prints_each_area_from_a_new_page(
    browser: Any, tmp_path: Path, shots: Path, paper: str
) -> None:
    opened = Opened(browser, _report(EXAMPLES, tmp_path, "--paper", paper))
    pdf = shots / f"report-{paper.lower()}.pdf"
    # preferCSSPageSize: the page's own @page size, as a person's print dialog takes it.
    opened.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    opened.close()
    pages = [p.strip() for p in _pdf_pages(pdf) if p.strip()]
    titles = [
        "Area 1. Equality and inclusion",
        "Area 2. Prosperity and innovation",
        "Area 3. Green economy and climate change",
        "Area 4. Peace, justice, and the rule of law",
        "System-wide",
        "Findings behind the figures",
    ]
    firsts = [p.splitlines()[0].strip() for p in pages]
    for title in titles:
        assert title in firsts, (title, firsts)
    assert len(pages) >= len(titles) + 1
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert f"pts ({paper if paper == 'A4' else 'letter'})" in size


def test_screenshots_of_the_first_pages_in_both_languages(
    browser: Any, tmp_path: Path, shots: Path
) -> None:
    for lang in ("en", "es"):
        (tmp_path / lang).mkdir()
        opened = Opened(browser, _report(EXAMPLES, tmp_path / lang, "--lang", lang))
        page = opened.page
        page.screenshot(path=str(shots / f"report-{lang}-top.png"))
        page.locator("#area-1 .facts").screenshot(path=str(shots / f"report-{lang}-area-1.png"))
        page.locator("#area-1 .key-result").first.screenshot(
            path=str(shots / f"report-{lang}-key-result.png")
        )
        if lang == "es":
            text = opened.page.inner_text("body")
            assert "Resultados clave" in text and "Key results" not in text
        opened.close()
    assert len(list(shots.glob("report-*.png"))) >= 6


def test_hostile_text_from_a_workbook_stays_text_in_the_browser(
    browser: Any, tmp_path: Path
) -> None:
    from tests.conftest import VALID, edited_copy

    folder = tmp_path / "in"
    folder.mkdir()
    hostile = [
        ["Key results", "C2", "<img src=x onerror=alert(1)>"],
        ["Key results", "D2", "</p><script>alert(2)</script>"],
        ["Key results", "G2", '"><svg onload=alert(3)>'],
        ["Key result figures", "B3", "[click](javascript:alert(4))"],
        ["Initiatives", "B2", "<style>body{display:none}</style>"],
    ]
    edited_copy(VALID, folder / "undp-2021.xlsx", hostile)
    opened = Opened(browser, _report(folder, tmp_path))
    assert [m for m in opened.console if m[0] in ("dialog", "pageerror")] == []
    assert opened.page.evaluate("document.scripts.length") == 0
    injected = "document.querySelectorAll('img, script, [onload], [onerror]').length"
    assert opened.page.evaluate(injected) == 0
    text = opened.page.inner_text("body")
    for _, _, typed in hostile:
        assert str(typed) in text
    opened.close()
