"""Each agency's share as a table: every figure that adds up by agency, then a line per agency
with its part and, for joint initiatives counted under it, the other agencies named."""

from __future__ import annotations

from cfreport.domain.figure_keys import KeyedFigure, keyed_figures
from cfreport.figures import Share, Summary
from cfreport.i18n import ui
from cfreport.render import RenderOptions
from cfreport.render.figure_labels import figure_depth, figure_label, is_money
from cfreport.render.summary_rows import summary_title
from cfreport.render.table_view import Line, TableView


def shares_add_up(figure: KeyedFigure) -> bool:
    """Whether the agencies' parts add up to the figure (to the cent)."""
    total = sum(s.value for s in figure.figure.shares)
    return abs(total - figure.figure.value) < 0.005


def shared_figures(
    summary: Summary, area: str = "all", agency: str | None = None
) -> list[KeyedFigure]:
    """The figures that add up by agency, of `area` ('all': every one), and with `agency` only
    those it has a part in."""
    return [
        figure
        for figure in keyed_figures(summary).values()
        if figure.figure.shares
        and area in ("all", figure.area)
        and (agency is None or any(s.agency == agency for s in figure.figure.shares))
    ]


def agency_view(summary: Summary, options: RenderOptions, *, compact: bool = True) -> TableView:
    """The figures of the areas `options.area` selects; with `options.agency`, only the figures
    that agency contributes to, and only its line under each.

    `compact`: a figure one agency makes up alone names it on its own line (what a person
    reads); otherwise every figure has a line of its own and one per agency under it (what a
    pivot table adds up).
    """
    fw = options.framework
    assert fw is not None
    lang, only = options.lang, options.agency
    lines: list[Line] = []
    unbalanced = []
    for figure in shared_figures(summary, options.area, only):
        shares = [s for s in figure.figure.shares if only is None or s.agency == only]
        money = is_money(figure)
        depth = figure_depth(figure)
        codes = " ".join(figure.figure.codes)
        if not shares_add_up(figure):
            unbalanced.append(figure.key)
        label = figure_label(figure, fw, lang)
        whole = figure.figure.shares
        if compact and len(whole) == 1 and shares:
            one = whole[0]
            cells = (one.agency, figure.figure.value, ", ".join(one.partners))
            lines.append(Line(figure, label, depth, cells, codes, money))
            continue
        lines.append(Line(figure, label, depth, ("", figure.figure.value, ""), codes, money))
        lines += [_share(figure, s, money) for s in shares]
    title = summary_title(summary, fw, lang)
    heading = ui("agencies_title", lang).format(summary=title)
    if only is not None:
        heading = ui("agencies_title_one", lang).format(summary=title, agency=only)
    footer = tuple(ui("agencies_unbalanced", lang).format(figure=k) for k in unbalanced)
    return TableView(
        title=heading,
        columns=(ui("agencies_agency", lang), ui("sum_col_value", lang), ui("agencies_with", lang)),
        column_keys=("agency", "value", "partners"),
        lines=tuple(lines),
        notes=(ui("agencies_note", lang),),
        figure_header=ui("sum_col_figure", lang),
        findings_header=ui("sum_col_findings", lang),
        footer=footer,
    )


def _share(figure: KeyedFigure, share: Share, money: bool) -> Line:
    return Line(figure, "", 0, (share.agency, share.value, ", ".join(share.partners)), money=money)
