"""The report's pages as one self-contained HTML file (`cfreport report`, `summarize -f html`).

`view.py` decides what each page shows, `charts.py` the charts' geometry, and the Jinja2
template `report.html.j2` with `report.css` the markup: no script, no request when opened.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from cfreport import __version__
from cfreport.figures import Summary
from cfreport.framework import Framework
from cfreport.i18n import ui
from cfreport.render.pages.view import Pages, build_pages
from cfreport.text import visible

HERE = Path(__file__).parent
PAPERS = ("A4", "Letter")

_WORDS = (
    "draft",
    "contents",
    "system",
    "findings",
    "in_numbers",
    "breakdown",
    "we_work_in",
    "states_word",
    "and_federal",
    "not_covered",
    "map_caption",
    "initiatives",
    "sdgs",
    "sdg_word",
    "populations",
    "populations_note",
    "agencies",
    "money",
    "millions",
    "key_results",
    "effect",
    "initiative",
    "where",
    "partners",
    "no_key_results",
    "left_out",
    "findings_intro",
    "no_findings",
    "marked_title",
    "marked_count",
    "footer",
)


def _shown(value: object) -> object:
    """What every {{ }} of the template prints: a workbook's text with its control characters
    spelled out (an escape sequence is data, never obeyed), then escaped by autoescape."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=_shown,
    )


def words(pages: Pages, fw: Framework) -> dict[str, str]:
    """The page's fixed words in its language, filled with what they name."""
    params = {
        "currency": fw.currency,
        "marked": pages.marked,
        "version": __version__,
    }
    return {w: ui(f"page_{w}", pages.lang).format(**params) for w in _WORDS}


def render_pages(
    summary: Summary, fw: Framework, *, lang: str = "en", area: str = "all", paper: str = "A4"
) -> str:
    """The report's pages of `summary` as one HTML document."""
    pages = build_pages(summary, fw, lang, area, paper)
    template = _environment().get_template("report.html.j2")
    # The package's own stylesheet, not a workbook's text: inserted as it is.
    css = Markup((HERE / "report.css").read_text(encoding="utf-8"))
    return template.render(p=pages, t=words(pages, fw), css=css, version=__version__)
