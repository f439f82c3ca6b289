"""The workbooks cfreport writes, as LibreOffice opens, saves, prints and draws them.

Excel cannot run here; LibreOffice (headless) is the client that checks what a person sees.
Where it is not installed these tests are skipped; `make render` installs it (with Debian's
fonts-crosextra-carlito, Calibri's metric twin, and poppler-utils to draw pages as PNG) and
runs them, leaving page one of each workbook under build/render/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cfreport.framework import Framework
from cfreport.render.annotate import annotate
from cfreport.validate import validate_file
from cfreport.workbook.template import build_template
from tests.conftest import VALID, edited_copy

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

MISTAKES = [
    ["Counts", "D3", 7],
    ["Counts", "D4", "doce"],
    ["Counts", "C7", "Federal / Marte"],
    ["Initiatives", "E3", "Area 9"],
    ["States", "B2", "Nueva York"],
    ["Money", "D2", 99_000_000],
]

Convert = Callable[[Path, str], Path]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the round-tripped workbooks and the page images go: CFREPORT_RENDER_DIR (what
    `make render` sets, build/render) or a temporary folder."""
    wanted = os.environ.get("CFREPORT_RENDER_DIR")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("render")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def convert(tmp_path_factory: pytest.TempPathFactory) -> Convert:
    """LibreOffice headless converting a file to `fmt` (xlsx: opened and saved again; pdf:
    printed), in a profile of its own so that it never meets a running LibreOffice."""
    profile = tmp_path_factory.mktemp("lo-profile")

    def run(source: Path, fmt: str) -> Path:
        target_dir = source.parent / f"via-libreoffice-{fmt}"
        target_dir.mkdir(exist_ok=True)
        filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf"}
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                filters[fmt],
                "--outdir",
                str(target_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        target = target_dir / f"{source.stem}.{fmt}"
        assert target.is_file(), f"LibreOffice wrote no {target}"
        return target

    return run


def _findings(path: Path, fw: Framework) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in validate_file(path, fw)[1]]


def _page_one(pdf: Path, png_stem: Path) -> Path:
    """Page one of `pdf` as a PNG (poppler's pdftoppm), for a person to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, png_stem],
        check=True,
        timeout=60,
    )
    png = png_stem.with_suffix(".png")
    assert png.stat().st_size > 5_000, "page one is blank"
    return png


def _pdf_text(pdf: Path, page: int = 1) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(
        ["pdfinfo", pdf], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_template_prints_one_page_per_sheet_and_its_instructions_whole(
    fw: Framework, out: Path, convert: Convert, lang: str
) -> None:
    path = out / f"template-{lang}.xlsx"
    build_template(fw, lang=lang).save(path)
    pdf = convert(path, "pdf")
    _page_one(pdf, out / f"template-{lang}-page1")
    visible = [ws for ws in openpyxl.load_workbook(path).worksheets if ws.sheet_state == "visible"]
    # One page across for every sheet: an empty template is one page per sheet, not 19.
    assert _pages(pdf) == len(visible)
    text = " ".join(_pdf_text(pdf).split())
    # Each instruction step whole, its wrapped lines shown (a row without a height showed
    # its last line only) and nothing cut at the page's edge.
    from cfreport.i18n import ui

    for step in ui("instructions", lang).splitlines():
        words = " ".join(step.replace("{currency}", fw.currency).split())
        assert words in text, words


def test_every_font_is_calibri_or_its_twin(fw: Framework, out: Path, convert: Convert) -> None:
    path = out / "template-fonts.xlsx"
    build_template(fw).save(path)
    pdf = convert(path, "pdf")
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    fonts = subprocess.run(
        ["pdffonts", pdf], check=True, capture_output=True, text=True, timeout=60
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts if line.strip()}
    # A font without a name fell back to LibreOffice's default serif face.
    assert names and all(n.startswith(("Carlito", "Calibri")) for n in names), names


def test_a_filled_workbook_reads_the_same_after_libreoffice_saves_it(
    fw: Framework, out: Path, convert: Convert
) -> None:
    filled = edited_copy(VALID, out / "filled.xlsx", MISTAKES)
    before = _findings(filled, fw)
    assert {"T001", "V002", "C111", "C102", "C105", "M003"} <= {code for code, *_ in before}
    saved = convert(filled, "xlsx")
    assert _findings(saved, fw) == before
    _page_one(convert(filled, "pdf"), out / "filled-page1")


def test_a_spanish_workbook_filled_with_its_own_words_is_clean_after_libreoffice(
    fw: Framework, out: Path, convert: Convert
) -> None:
    from typer.testing import CliRunner

    from cfreport.cli import app

    spanish = out / "pnud-2021.xlsx"
    made = CliRunner().invoke(
        app,
        [
            "template",
            "--from",
            str(VALID),
            "--year",
            "2021",
            "--lang",
            "es",
            "--force",
            "-o",
            str(spanish),
        ],
    )
    assert made.exit_code == 0, made.output
    assert _findings(convert(spanish, "xlsx"), fw) == []


def test_dropdowns_and_category_lists_survive_libreoffice(
    fw: Framework, out: Path, convert: Convert
) -> None:
    path = out / "template-dropdowns.xlsx"
    build_template(fw).save(path)
    wb = openpyxl.load_workbook(convert(path, "xlsx"))
    initiatives = wb["Initiatives"].data_validations.dataValidation
    assert any(dv.type == "list" and "list_work_area" in (dv.formula1 or "") for dv in initiatives)
    counts = wb["Counts"].data_validations.dataValidation
    assert any("INDIRECT" in (dv.formula1 or "") for dv in counts)
    assert {f"cat_{ind.code.replace('.', '_')}" for ind in fw.indicators} <= set(wb.defined_names)


def test_the_annotated_copy_links_stay_inside_the_workbook(
    fw: Framework, out: Path, convert: Convert
) -> None:
    filled = edited_copy(VALID, out / "annotated-source.xlsx", MISTAKES)
    report = validate_file(filled, fw)[1]
    copy = out / "annotated.checked.xlsx"
    copy.write_bytes(annotate(filled, report)[0])
    saved = convert(copy, "xlsx")
    for path in (copy, saved):
        sheet = openpyxl.load_workbook(path)["Findings"]
        links = [c.hyperlink for c in sheet["A"][1:] if c.hyperlink is not None]
        assert len(links) >= len(MISTAKES)
        # A location in this workbook, never a file to open.
        assert all(link.location and not link.target for link in links), path
        assert all(
            link.location.split("!")[0].strip("'") in sheet.parent.sheetnames for link in links
        )
    # The copy reads as the workbook it copies: the same findings, before and after.
    assert _findings(saved, fw) == _findings(copy, fw)
    pdf = convert(copy, "pdf")
    assert "T001" in _pdf_text(pdf)  # page one is the list of findings
    _page_one(pdf, out / "annotated-page1")


@pytest.mark.parametrize("view", ["--period", "--by-agency"])
def test_the_period_and_agency_sheets_print_one_page_wide_with_every_word(
    out: Path, convert: Convert, view: str
) -> None:
    from typer.testing import CliRunner

    from cfreport.cli import app
    from tests.conftest import EXAMPLES, ROOT

    path = out / f"summary{view.replace('--', '-')}-es.xlsx"
    inputs = [
        str(EXAMPLES),
        *([str(ROOT / "examples" / "2022-invented")] if view == "--period" else []),
    ]
    result = CliRunner().invoke(
        app, ["summarize", *inputs, view, "-f", "xlsx", "-o", str(path), "-q", "--lang", "es"]
    )
    assert result.exit_code == 0, result.output
    pdf = convert(path, "pdf")
    _page_one(pdf, out / f"summary{view.replace('--', '-')}-es-page1")
    text = " ".join(_pdf_text(pdf).split())
    # The long names wrap inside their column, every word printed (a row one line high
    # showed the first line only; the layout text puts the numbers among the wrapped lines).
    words = set(text.split())
    name = "1.1 Instituciones fortalecidas en la formulación de acciones concretas a favor del "
    assert set((name + "desarrollo social incluyente").split()) <= words
    page = _pdf_text(pdf)
    widest = max(len(line) for line in page.splitlines())
    assert widest < 200  # one page across: the columns did not spill onto a second page
