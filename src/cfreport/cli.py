"""The command line: thin typer commands that parse arguments and call the library.

Each setting's help and default come from `cfreport.config.SETTINGS`, each command's formats from
the renderer registry (`cfreport.render.formats`). Heavy modules (openpyxl, calamine, pydantic
models) are imported inside the commands, so that `cfreport --help` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from cfreport import __version__
from cfreport.config import spec
from cfreport.errors import ExitCode, Terminated, UserError
from cfreport.i18n import counted, ui
from cfreport.inputs import file_name, identity
from cfreport.render import Rendered, formats

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cfreport.checks.changes import Thresholds
    from cfreport.config import Settings
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.report import Report


class _Commands(TyperGroup):
    """Runs a command; a user's mistake ends as one line and exit 2, a bug as exit 3."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        _RUN_LANG[0] = "en"  # until the command reads its settings
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own: usage errors and exits, already worded
        except KeyboardInterrupt:
            _end_now("interrupted", ExitCode.INTERRUPTED)
        except Terminated:
            _end_now("terminated", ExitCode.TERMINATED)
        except UserError as exc:
            fail(exc.text(_RUN_LANG[0]))
        except BrokenPipeError:
            _reader_gone()
        except Exception as exc:
            if os.environ.get("CFREPORT_DEBUG"):
                raise
            typer.echo(
                f"cfreport: internal error: {type(exc).__name__}: {exc}\n"
                f"cfreport: this is a bug of cfreport {__version__}, not of your files; please "
                "report it with the command you ran (CFREPORT_DEBUG=1 shows the details)",
                err=True,
            )
            raise typer.Exit(ExitCode.INTERNAL) from None


class _Command(TyperCommand):
    """Help that reads like a CLI's: an argument shows its name (FILES), not its Python type."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
        super().format_help(ctx, formatter)


app = typer.Typer(
    name="cfreport",
    cls=_Commands,
    help="Validate and consolidate a UN Country Team's yearly results reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cfreport {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Validate and consolidate a UN Country Team's yearly results reporting."""


def _help(key: str) -> str:
    setting = spec(key)
    default = setting.default_text()
    return f"{setting.help} Default: {default}." if default else setting.help


def _format_help(kind: str) -> str:
    return f"Output format: {', '.join(formats(kind))}. Default: text."


FrameworkOption = Annotated[
    str | None,
    typer.Option("--framework", help=_help("framework"), show_default=False, metavar="FILE"),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help=_help("lang"), show_default=False, metavar="LANG"),
]
BomOption = Annotated[
    bool | None, typer.Option("--bom/--no-bom", help=_help("bom"), show_default=False)
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", help=_help("jobs"), show_default=False, metavar="N"),
]


def _format_option(kind: str) -> Any:
    return typer.Option(
        "--format", "-f", help=_format_help(kind), show_default=False, metavar="FORMAT"
    )


def _end_now(key: str, code: int) -> NoReturn:
    """One line, then the exit, without waiting for anything: by now the temporary files are
    gone (the interrupt went up through every write), and a worker killed mid-result can leave
    the pool's thread waiting forever on half a message, which a normal exit would join."""
    sys.stdout.flush()
    sys.stderr.write(f"cfreport: {UserError(key).text(_RUN_LANG[0])}\n")
    sys.stderr.flush()
    os._exit(code)


def _reader_gone() -> NoReturn:
    """Standard output's reader went away (`| head`): nothing more is written, and Python's own
    flush at exit must not fail again on the closed pipe."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.stderr.flush()
    os._exit(ExitCode.READER_GONE)


def fail(message: str, code: int = ExitCode.UNREADABLE) -> NoReturn:
    """One line on standard error, no traceback, and a meaningful exit code."""
    typer.echo(f"cfreport: {message}", err=True)
    raise typer.Exit(code)


def _settings(command: str, cli: dict[str, object]) -> Settings:
    """The settings in force; a mistake in them is said in the language they ask for."""
    from cfreport.config import Settings, language_asked
    from cfreport.i18n import DEFAULT, LANGUAGES

    given = cli.get("lang") or language_asked(command)
    _RUN_LANG[0] = given if isinstance(given, str) and given in LANGUAGES else DEFAULT
    settings = Settings(command, cli)
    if settings.get("lang") in LANGUAGES:
        _RUN_LANG[0] = settings.get("lang")
    settings.check_codes()
    jobs = settings.get("jobs") if "jobs" in cli else None
    if jobs is not None and jobs < 1:
        raise UserError("bad_jobs", jobs=jobs)
    return settings


def _framework(source: str) -> Framework:
    from cfreport.framework import load_framework

    return load_framework(source)


_RUN_LANG = ["en"]
"""The language of the run, once a command has read it: its user errors are said in it."""


def _language(lang: str) -> str:
    from cfreport.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise UserError("bad_language", lang=lang, choices=LANGUAGES)
    _RUN_LANG[0] = lang
    return lang


def _format(kind: str, name: str) -> str:
    from cfreport.render import normalize

    found = normalize(kind, name)
    if found is None:
        raise UserError("bad_format", name=name, choices=formats(kind))
    return found


def _terminal(output: Path | None) -> dict[str, Any]:
    """Colour and the width to wrap to when the text goes to a terminal; neither to a pipe or a
    file, whose lines stay whole for grep and diff (NO_COLOR turns colour off everywhere)."""
    import shutil

    if output is None and sys.stdout.isatty():
        return {"color": None, "width": shutil.get_terminal_size().columns}
    return {"color": False, "width": None}


def _bom(settings: Settings, output: Path | None) -> bool:
    """A CSV for Excel starts with a byte-order mark: by default in a file, not in a pipe."""
    bom = settings.get("bom")
    return output is not None if bom is None else bool(bom)


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values or [] for c in v.split(",") if c.strip())


def _write_or_print(content: Rendered, output: Path | None, inputs: list[Path]) -> None:
    """Standard output, or `output` written atomically; an iterator of text (a large output)
    is written as it is made."""
    if output is None:
        assert not isinstance(content, bytes), "a workbook is written to a file"
        for chunk in (content,) if isinstance(content, str) else content:
            sys.stdout.write(chunk)
        return
    from cfreport.output import atomic_write_chunks

    if str(output) in ("", "."):
        raise UserError("output_no_name")
    if any(identity(output) == identity(p) for p in inputs):
        raise UserError("output_is_input", file=output)
    if isinstance(content, bytes):
        chunks: Iterable[bytes] = (content,)
    elif isinstance(content, str):
        chunks = (content.encode("utf-8"),)
    else:
        chunks = (chunk.encode("utf-8") for chunk in content)
    try:
        atomic_write_chunks(output, chunks)
    except OSError as exc:
        raise UserError("cannot_write", file=output, reason=exc) from None


def _name_unreadable(findings: Iterable[Finding], files: set[str], lang: str) -> None:
    """One line on standard error for each file that could not be read."""
    for finding in findings:
        if finding.file in files:
            typer.echo(f"cfreport: {finding.file}: {finding.text(lang)}", err=True)
            files.discard(finding.file)


def _write_annotated(
    report: Report, folder: Path | None, lang: str, paths: Iterable[Path] = ()
) -> None:
    """An annotated copy beside each readable input, or in `folder`; `paths`: the inputs, for
    a file whose report name is not its path (`inputs.file_name`)."""
    from cfreport.i18n import phrase
    from cfreport.output import atomic_write_bytes
    from cfreport.render.annotate import CannotAnnotate, annotate, annotated_name

    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError("cannot_make_folder", folder=folder, reason=exc) from None
    path_of = {file_name(p): p for p in paths}
    for result in report.files:
        if result.status == "unreadable":
            continue
        source = path_of.get(result.file) or Path(result.file)
        target = (folder or source.parent) / annotated_name(source)
        if identity(target) == identity(source):
            raise UserError("annotated_over_input", file=target)
        findings = [f for f in report.findings if f.file == result.file]
        try:
            copy, lost = annotate(source, findings, lang)
        except CannotAnnotate as exc:
            # One workbook the copy cannot be made of: said, and the others still written.
            reason = phrase(f"reasons.{exc.reason}", lang)
            shown = file_name(source)
            typer.echo(ui("annotate_skipped", lang).format(file=shown, reason=reason), err=True)
            continue
        try:
            atomic_write_bytes(target, copy)
        except OSError as exc:
            raise UserError("cannot_write_annotated", file=target, reason=exc) from None
        typer.echo(ui("annotated_wrote", lang).format(file=file_name(target)), err=True)
        for key in lost:
            typer.echo(f"  {phrase(f'reasons.{key}', lang)}", err=True)


FilesArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Workbooks, folders or globs; none: the inputs setting, else the current folder.",
        metavar="FILES",
        show_default=False,
    ),
]


def _inputs(files: list[str] | None, settings: Settings) -> list[Path]:
    """The workbooks a command reads: its arguments, else the configuration's `inputs`, else
    the current folder."""
    from cfreport.inputs import discover

    skipped: list[tuple[Path, Path]] = []
    paths = discover(files or settings.get("inputs") or ["."], skipped)
    for copy, original in skipped:
        typer.echo(
            "cfreport: " + ui("skipped_copy", _RUN_LANG[0]).format(copy=copy, original=original),
            err=True,
        )
    return paths


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (replaced if it exists) instead of standard output.",
        metavar="FILE",
    ),
]


@app.command(cls=_Command)
def validate(
    files: FilesArgument = None,
    format: Annotated[str | None, _format_option("validate")] = None,
    output: OutputOption = None,
    strict: Annotated[
        bool | None,
        typer.Option("--strict/--no-strict", help=_help("strict"), show_default=False),
    ] = None,
    select: Annotated[list[str] | None, typer.Option(help=_help("select"), metavar="CODES")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help=_help("ignore"), metavar="CODES")] = None,
    annotate: Annotated[
        bool,
        typer.Option(
            help="Write NAME.checked.xlsx: findings highlighted and commented.",
            show_default=False,
        ),
    ] = False,
    annotate_dir: Annotated[
        Path | None,
        typer.Option(help="Put the annotated copies in this folder.", metavar="FOLDER"),
    ] = None,
    all_findings: Annotated[
        bool,
        typer.Option(
            "--all-findings",
            help="Text format: list every finding; by default more than 10 of one rule in one "
            "sheet are one line with their rows and the first 5 (other formats list all).",
        ),
    ] = False,
    bom: BomOption = None,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Check agency workbooks: totals against parts, codes, ids, money.

    FILES are workbooks, folders or globs; without them, the inputs setting, else the current
    folder. Settings come from cfreport.toml or [tool.cfreport] in pyproject.toml (see
    `cfreport config`); flags win. Exit code 0: no errors; 1: errors (or warnings with
    --strict); 2: a file could not be read or the command was misused; 3: a bug of cfreport's.

    \b
    Examples:
      cfreport validate submissions/
      cfreport validate unicef-2022.xlsx --annotate --lang es
      cfreport validate --format sarif -o cfreport.sarif
    """
    from cfreport.checks.selection import RuleSelection
    from cfreport.render import RenderOptions, render
    from cfreport.validate import default_jobs, validate_paths

    settings = _settings(
        "validate",
        {
            "format": format,
            "strict": strict,
            "select": list(_codes(select)) or None,
            "ignore": list(_codes(ignore)) or None,
            "keep": None,
            "inputs": None,
            "bom": bom,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
        },
    )
    fmt = _format("validate", settings.get("format"))
    language = _language(settings.get("lang"))
    selection = RuleSelection(
        select=_codes(settings.get("select")), ignore=_codes(settings.get("ignore"))
    )
    fw = _framework(settings.get("framework"))
    paths = _inputs(files, settings)
    report = validate_paths(
        paths,
        fw,
        selection,
        jobs=settings.get("jobs") or default_jobs(),
        per_file_ignores=settings.ignored_for if settings.per_file_ignores() else None,
        keep=settings.get("keep") or (),
    )
    options = RenderOptions(
        lang=language,
        framework=fw,
        bom=_bom(settings, output),
        every_finding=all_findings,
        **_terminal(output),
    )
    _write_or_print(render("validate", fmt, report, options), output, paths)
    if annotate or annotate_dir is not None:
        _write_annotated(report, annotate_dir, language, paths)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from cfreport.render.validate.github import job_summary

        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(job_summary(report, language))
    unreadable = {f.file for f in report.files if f.status == "unreadable"}
    _name_unreadable(report.findings, unreadable, language)
    raise typer.Exit(int(report.exit_code(strict=bool(settings.get("strict")))))


@app.command(cls=_Command)
def summarize(
    files: FilesArgument = None,
    area: Annotated[
        str | None, typer.Option(help=_help("area"), show_default=False, metavar="AREA")
    ] = None,
    format: Annotated[str | None, _format_option("summarize")] = None,
    output: OutputOption = None,
    explain: Annotated[
        bool, typer.Option(help="Show the cells each figure comes from.", show_default=False)
    ] = False,
    only_valid: Annotated[
        bool | None,
        typer.Option("--only-valid/--all-files", help=_help("only-valid"), show_default=False),
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="The reporting year to consolidate.", metavar="YEAR")
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(help="A file of the figures a report draft prints.", metavar="FILE"),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            help="Compare with another year: a folder of its workbooks, a JSON summary saved "
            "by summarize, or a results database (cfreport export).",
            metavar="PREVIOUS",
        ),
    ] = None,
    compare_year: Annotated[
        int | None,
        typer.Option(
            help="The year of PREVIOUS to compare with. Default: a database's last year "
            "before this one; a folder's one year.",
            metavar="YEAR",
        ),
    ] = None,
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            help="Exit code 1 when --compare finds a change that needs an explanation.",
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        bool,
        typer.Option(
            "--period",
            help="The years of FILES side by side (workbooks of several years, saved JSON "
            "summaries, results databases), with period totals where adding years makes sense.",
        ),
    ] = False,
    by_agency: Annotated[
        bool,
        typer.Option("--by-agency", help="Each agency's part of every figure that adds up."),
    ] = False,
    agency: Annotated[
        str | None,
        typer.Option(
            help="With --by-agency (implied): only this agency's parts.", metavar="AGENCY"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    bom: BomOption = None,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Consolidate submissions into the report's figures, each traceable to its cells.

    FILES are workbooks, folders or globs; without them, the inputs setting, else the current
    folder. Exit code 0: done; 1: --against found differences (or, with --strict, --compare
    found changes that need an explanation); 2: a file could not be read (it is named and left
    out) or the command was misused; 3: a bug of cfreport's.

    \b
    Examples:
      cfreport summarize --area 1
      cfreport summarize submissions/ --explain --against published.toml
      cfreport summarize submissions/ --format xlsx -o figures-2022.xlsx
      cfreport summarize submissions/2022/ --compare results.db
      cfreport summarize submissions/2021/ submissions/2022/ --period
      cfreport summarize submissions/ --by-agency --agency UNDP
    """
    from cfreport.render import is_binary
    from cfreport.validate import default_jobs
    from cfreport.views import SummaryRequest, run_summary

    settings = _settings(
        "summarize",
        {
            "area": area,
            "format": format,
            "only-valid": only_valid,
            "keep": None,
            "inputs": None,
            "year": year,
            "bom": bom,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
            "strict": strict,
            "change-factor": None,
            "change-factor-by-indicator": None,
            "change-ignore-below": None,
        },
    )
    language = _language(settings.get("lang"))
    area = str(settings.get("area"))
    fmt = _format("summarize", settings.get("format"))
    if is_binary("summarize", fmt) and output is None:
        raise UserError("workbook_needs_output", format=fmt)
    fw = _framework(settings.get("framework"))
    if area != "all" and area not in fw.area_by_code:
        raise UserError("bad_area", area=area, choices=list(fw.area_by_code))
    if agency is not None:
        by_agency = True
        agency = _agency_code(agency, fw)
    _views_alone(
        period=period,
        by_agency=by_agency,
        others={
            "--compare": compare is not None,
            "--against": against is not None,
            "--explain": explain,
            "--year": year is not None,
        },
    )
    paths = _inputs(files, settings)
    if output is not None and any(identity(output) == identity(p) for p in paths):
        raise UserError("output_is_input", file=output)
    request = SummaryRequest(
        paths=paths,
        area=area,
        format=fmt,
        explain=explain,
        only_valid=bool(settings.get("only-valid")),
        year=settings.get("year"),
        against=against,
        progress=not quiet and sys.stderr.isatty(),
        jobs=settings.get("jobs") or default_jobs(),
        lang=language,
        keep=tuple(settings.get("keep") or ()),
        color=_terminal(output)["color"],
        bom=_bom(settings, output),
        compare=compare,
        compare_year=compare_year,
        thresholds=_thresholds(settings, fw),
        strict=bool(settings.get("strict")),
        period=period,
        by_agency=by_agency,
        agency=agency,
    )
    result = run_summary(request, fw)
    _write_or_print(result.content, output, paths)
    if result.notes:
        typer.echo(result.notes, err=True, nl=False)
    raise typer.Exit(result.exit_code)


@app.command(cls=_Command)
def report(
    files: FilesArgument = None,
    output: OutputOption = None,
    area: Annotated[
        str | None, typer.Option(help=_help("area"), show_default=False, metavar="AREA")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="The reporting year to consolidate.", metavar="YEAR")
    ] = None,
    only_valid: Annotated[
        bool | None,
        typer.Option("--only-valid/--all-files", help=_help("only-valid"), show_default=False),
    ] = None,
    paper: Annotated[
        str, typer.Option(help="The paper the pages print on: A4 or Letter.", metavar="PAPER")
    ] = "A4",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Draft the report's pages: one self-contained HTML file to open offline and print.

    Per area, the figures "in numbers" (indicators and their breakdowns, the states covered on a
    map, initiatives, SDGs, populations, agencies, money) and the key results the agencies sent,
    by direct effect; then the system-wide figures, and the findings that touch any figure
    shown (marked ! where they appear). Reads the [summarize] settings. Exit codes as summarize.

    \b
    Examples:
      cfreport report submissions/ -o report.html
      cfreport report submissions/ --lang es --area 2 --paper letter -o area-2.html
    """
    from cfreport.render.pages import PAPERS
    from cfreport.validate import default_jobs
    from cfreport.views import SummaryRequest, run_summary

    settings = _settings(
        "summarize",
        {
            "area": area,
            "only-valid": only_valid,
            "keep": None,
            "inputs": None,
            "year": year,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
        },
    )
    chosen = next((p for p in PAPERS if p.lower() == paper.strip().lower()), None)
    if chosen is None:
        raise UserError("bad_paper", paper=paper, choices=", ".join(PAPERS))
    fw = _framework(settings.get("framework"))
    area = str(settings.get("area"))
    if area != "all" and area not in fw.area_by_code:
        raise UserError("bad_area", area=area, choices=list(fw.area_by_code))
    paths = _inputs(files, settings)
    request = SummaryRequest(
        paths=paths,
        area=area,
        format="html",
        only_valid=bool(settings.get("only-valid")),
        year=settings.get("year"),
        progress=not quiet and sys.stderr.isatty(),
        jobs=settings.get("jobs") or default_jobs(),
        lang=_language(settings.get("lang")),
        keep=tuple(settings.get("keep") or ()),
        paper=chosen,
    )
    result = run_summary(request, fw)
    _write_or_print(result.content, output, paths)
    if result.notes:
        typer.echo(result.notes, err=True, nl=False)
    raise typer.Exit(result.exit_code)


def _agency_code(typed: str, fw: Framework) -> str:
    """The framework's code of the agency `typed` names (any case)."""
    for known in fw.agencies:
        if known.code.casefold() == typed.strip().casefold():
            return known.code
    raise UserError("bad_agency", agency=typed)


def _views_alone(*, period: bool, by_agency: bool, others: dict[str, bool]) -> None:
    """--period and --by-agency are views of their own: neither goes with the other, nor with
    an option that only one year's summary has."""
    if period and by_agency:
        raise UserError("view_with", view="--period", option="--by-agency")
    view = "--period" if period else "--by-agency" if by_agency else None
    if view is None:
        return
    for option, given in others.items():
        # --year picks the year of a by-agency view; a period is every year given.
        if given and not (option == "--year" and view == "--by-agency"):
            raise UserError("view_with", view=view, option=option)


def _thresholds(settings: Settings, fw: Framework) -> Thresholds:
    """The change factors in force, each checked: a factor is more than 1, an indicator known."""
    from cfreport.checks.changes import Thresholds

    factor = float(settings.get("change-factor"))
    by_indicator = dict(settings.get("change-factor-by-indicator") or {})
    for code, value in [("", factor), *by_indicator.items()]:
        if code and code not in fw.indicator_by_code:
            raise UserError("bad_indicator_setting", code=code)
        if value <= 1:
            raise UserError("bad_change_factor", value=value)
    return Thresholds(factor, by_indicator, float(settings.get("change-ignore-below")))


@app.command(cls=_Command)
def status(
    files: FilesArgument = None,
    year: Annotated[
        int | None, typer.Option(help="Only submissions for this year.", metavar="YEAR")
    ] = None,
    format: Annotated[str | None, _format_option("status")] = None,
    output: OutputOption = None,
    fail_on: Annotated[
        list[str] | None, typer.Option(help=_help("fail-on"), metavar="STATES")
    ] = None,
    bom: BomOption = None,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Every agency of the framework and its submission, a row per agency and year.

    FILES are workbooks, folders or globs; without them, the inputs setting, else the current
    folder. Exit code 0, or 1 with --fail-on when an agency is in one of the states it names.

    \b
    Examples:
      cfreport status submissions/ --year 2022
      cfreport status --fail-on missing,errors --format markdown
    """
    from cfreport.render import RenderOptions, render
    from cfreport.status import FAIL_ON_WORDS, agency_status, parse_fail_on
    from cfreport.validate import default_jobs

    settings = _settings(
        "status",
        {
            "format": format,
            "inputs": None,
            "year": year,
            "fail-on": [w for v in fail_on or [] for w in v.split(",") if w.strip()] or None,
            "bom": bom,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
        },
    )
    fmt = _format("status", settings.get("format"))
    language = _language(settings.get("lang"))
    fw = _framework(settings.get("framework"))
    try:
        gate = parse_fail_on(settings.get("fail-on") or [])
    except ValueError as bad:
        raise UserError("bad_fail_on", state=str(bad), choices=FAIL_ON_WORDS) from None
    paths = _inputs(files, settings)
    statuses = agency_status(
        paths, fw, year=settings.get("year"), jobs=settings.get("jobs") or default_jobs()
    )
    options = RenderOptions(
        lang=language, framework=fw, bom=_bom(settings, output), **_terminal(output)
    )
    _write_or_print(render("status", fmt, statuses, options), output, paths)
    if any(s.state in gate for s in statuses):
        raise typer.Exit(ExitCode.FINDINGS)


@app.command(cls=_Command)
def export(
    files: FilesArgument = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The results database: created if missing, else each year exported replaces "
            "that year's rows and the other years stay.",
            metavar="FILE",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            help="Only this reporting year. Default: every year the inputs hold.", metavar="YEAR"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Write what was read, found and consolidated into a SQLite results database.

    FILES are workbooks, folders or globs; without them, the inputs setting, else the current
    folder. One file keeps every year of the framework period: submissions, their rows, every
    finding and every figure with its source cells and each agency's share (docs/results-db.md).
    An export is one transaction: interrupted, it leaves the file as it was. Exit code 0: done;
    2: a file could not be read (named; the others are exported) or the command was misused.

    \b
    Examples:
      cfreport export submissions/2021/ -o results.db
      cfreport export submissions/2022/ -o results.db   # the file now holds 2021 and 2022
    """
    from cfreport.database.store import DatabaseError
    from cfreport.export import export_paths
    from cfreport.validate import default_jobs

    settings = _settings(
        "export",
        {
            "inputs": None,
            "year": year,
            "keep": None,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
        },
    )
    language = _language(settings.get("lang"))
    if output is None:
        raise UserError("export_needs_output")
    if str(output) in ("", "."):
        raise UserError("output_no_name")
    fw = _framework(settings.get("framework"))
    paths = _inputs(files, settings)
    if any(identity(output) == identity(p) for p in paths):
        raise UserError("output_is_input", file=output)
    try:
        result, readings = _with_progress(
            not quiet and sys.stderr.isatty(),
            len(paths),
            lambda progress: export_paths(
                paths,
                fw,
                output,
                year=settings.get("year"),
                jobs=settings.get("jobs") or default_jobs(),
                progress=progress,
                keep=tuple(settings.get("keep") or ()),
            ),
        )
    except OSError as exc:
        raise DatabaseError("cannot_write", file=output, reason=exc) from None
    for written in result.written:
        typer.echo(
            ui("export_year", language).format(
                file=output,
                year=written.year,
                files=counted("export_submissions", written.files, language),
                counted=counted("export_counted", written.counted, language),
                figures=counted("export_figures", written.figures, language),
                findings=counted("sum_findings", written.findings, language),
            )
        )
    from cfreport.database.schema import VERSION

    if 0 < result.upgraded_from < VERSION:
        typer.echo(
            ui("export_upgraded", language).format(
                file=output, old=result.upgraded_from, new=VERSION
            )
        )
    for file, why in readings.left_out.items():
        typer.echo(f"cfreport: {file}: {why.text(language)}", err=True)
    for file, why in result.left_out.items():
        if file in readings.left_out:
            continue
        typer.echo(
            "cfreport: "
            + ui("export_left_out", language).format(file=file, why=why.text(language)),
            err=True,
        )
    if readings.left_out:
        raise typer.Exit(ExitCode.UNREADABLE)


def _with_progress(show: bool, total: int, run: Any) -> Any:
    """`run(progress)`, with a progress bar on standard error when `show`."""
    from cfreport.views import progress_bar

    with progress_bar(show, total) as progress:
        return run(progress)


@app.command(cls=_Command)
def template(
    agency: Annotated[
        str, typer.Option(help="Pre-fill the agency (e.g. UNICEF).", metavar="AGENCY")
    ] = "",
    year: Annotated[
        int | None, typer.Option(help="Pre-fill the reporting year.", metavar="YEAR")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the workbook to this file. Default: AGENCY-YEAR.xlsx here.",
            metavar="FILE",
        ),
    ] = None,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Start from last year's workbook (its ongoing initiatives), or, with the "
            "workbook's own --year, copy all of it into the current layout.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file if it exists (its work is lost).")
    ] = False,
    lang: LangOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Write the agency workbook template: dropdowns, hints and a version stamp.

    With --from, next year's workbook with last year's ongoing initiatives carried over. An
    existing file is never replaced without --force: it may hold a focal point's work.

    \b
    Examples:
      cfreport template --agency UNICEF --year 2022 --lang es
      cfreport template --from unicef-2021.xlsx --year 2022
    """
    from cfreport.workbook.template import write_template

    settings = _settings("template", {"framework": framework, "lang": lang})
    fw = _framework(settings.get("framework"))
    language = _language(settings.get("lang"))
    if from_ is not None:
        given = settings.values.get("lang") is not None
        _template_from(from_, fw, year, output, force=force, lang=language, lang_given=given)
        return
    code = ""
    if agency:
        code = fw.agency_vocab.resolve(agency) or ""
        if not code:
            close = fw.agency_vocab.suggest(agency)
            raise UserError("bad_agency", agency=agency, did_you_mean=close)
    if year is not None and year not in fw.years():
        raise UserError("year_outside", year=year, start=fw.period[0], end=fw.period[1])
    if output is None:
        stem = "-".join(
            p for p in (code.lower().replace("/", "-").replace(" ", "-"), str(year or "")) if p
        )
        output = Path(f"{stem or 'cfreport-template'}.xlsx")
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError("template_suffix", file=output)
    _refuse_to_replace(output, force, language)
    try:
        write_template(fw, output, agency=code, year=year, lang=language)
    except OSError as exc:
        raise UserError("cannot_write_template", file=output, reason=exc) from None
    typer.echo(ui("tpl_wrote", language).format(file=output, framework=fw.id))


def _refuse_to_replace(output: Path, force: bool, lang: str) -> None:
    """A workbook cfreport writes for a person to fill is never written over one without
    --force (reports written with -o are cfreport's own, and are replaced)."""
    if output.exists() and not force:
        raise UserError("template_exists", file=output)


def _template_from(
    source: Path,
    fw: Framework,
    year: int | None,
    output: Path | None,
    *,
    force: bool = False,
    lang: str = "en",
    lang_given: bool = False,
) -> None:
    import io

    from cfreport.output import atomic_write_bytes
    from cfreport.workbook import layout
    from cfreport.workbook.carry_over import carry_over, written_in
    from cfreport.workbook.reader import SubmissionRefused, read_submission

    try:
        sub, _ = read_submission(source, fw)
    except SubmissionRefused as refused:
        raise UserError("from_refused", file=source, reason=refused.finding.text(lang)) from None
    year = year or ((sub.year or fw.period[0]) + 1)
    if year not in fw.years():
        raise UserError("year_outside", year=year, start=fw.period[0], end=fw.period[1])
    if output is None:
        stem = (
            source.stem.replace(str(sub.year), str(year)) if sub.year else f"{source.stem}-{year}"
        )
        output = source.with_name(f"{stem}.xlsx")
    if identity(output) == identity(source):
        raise UserError("new_over_old", file=output)
    _refuse_to_replace(output, force, lang)
    if not lang_given:
        # The new workbook speaks the old one's language unless told otherwise.
        lang = _language(written_in(sub, fw) or lang)
    result = carry_over(sub, fw, year, lang)
    buffer = io.BytesIO()
    result.workbook.save(buffer)
    try:
        atomic_write_bytes(output, buffer.getvalue())
    except OSError as exc:
        raise UserError("cannot_write_workbook", file=output, reason=exc) from None
    current = layout.HISTORY.current
    typer.echo(ui("from_wrote", lang).format(file=output, year=year, source=source))
    if sub.template_version != current:
        old = sub.template_version
        typer.echo(ui("from_upgraded", lang).format(old=old, new=current))
        moved = layout.what_moved(old, fw, lang) or [ui("from_nothing_moved", lang)]
        for line in moved:
            typer.echo(f"  {line}")
    for line in result.describe(lang):
        typer.echo(line)


@app.command(cls=_Command)
def rules(
    code: Annotated[
        str | None, typer.Argument(help="Show one rule's page.", metavar="CODE")
    ] = None,
    format: Annotated[str | None, _format_option("rules")] = None,
    lang: LangOption = None,
) -> None:
    """List the checks: code, severity and what each one checks; CODE shows one rule's page.

    \b
    Examples:
      cfreport rules
      cfreport rules T001 --lang es
    """
    from cfreport.checks.registry import RULES, all_rules
    from cfreport.render import RenderOptions, render_text

    settings = _settings("rules", {"format": format, "lang": lang})
    fmt = _format("rules", settings.get("format"))
    options = RenderOptions(lang=_language(settings.get("lang")))
    catalog = all_rules()
    if code is None:
        typer.echo(render_text("rules", fmt, catalog, options), nl=False)
        return
    rule = RULES.get(code.strip().upper())
    if rule is None:
        raise UserError("bad_rule", code=code)
    typer.echo(render_text("rules", fmt, rule, options), nl=False)


@app.command("framework", cls=_Command)
def framework_cmd(
    format: Annotated[str | None, _format_option("framework")] = None,
    lang: LangOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Show the framework: areas, direct effects, indicators and their breakdowns, code lists."""
    from cfreport.render import RenderOptions, render_text

    settings = _settings("framework", {"format": format, "lang": lang, "framework": framework})
    fmt = _format("framework", settings.get("format"))
    fw = _framework(settings.get("framework"))
    options = RenderOptions(lang=_language(settings.get("lang")), framework=fw)
    typer.echo(render_text("framework", fmt, fw, options), nl=False)


@app.command(cls=_Command)
def config(
    command: Annotated[
        str,
        typer.Argument(
            help="The command whose settings to show: validate, summarize or status.",
            metavar="COMMAND",
        ),
    ] = "validate",
) -> None:
    """Show the settings in force and where each came from (file, section or default)."""
    from tabulate import tabulate

    from cfreport.config import COMMANDS, SETTINGS

    if command not in COMMANDS:
        raise UserError("bad_command", command=command, choices=COMMANDS)
    keys: dict[str, object] = {
        s.key: None for s in SETTINGS if command in s.commands and s.key != "per-file-ignores"
    }
    settings = _settings(command, keys)
    typer.echo(f"configuration file: {settings.path or 'none found'}")
    typer.echo(tabulate(settings.shown(), headers=("setting", "value", "from")))


def main() -> None:
    """Entry point: typer's app; Ctrl-C ends as one line and exit code 130, SIGTERM as one line
    and 143, temporary files removed either way."""
    import signal

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    with contextlib.suppress(ValueError):  # not the main thread (an embedding program)
        signal.signal(signal.SIGTERM, terminate)
    # A standard stream closed by the caller (`>&-`) is None in Python, and every write or flush
    # on it would be an internal error: what goes there is dropped, as the shell meant.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    try:
        try:
            app()
        finally:  # what waits in the buffer, written now: its reader may have gone
            sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone()
    except KeyboardInterrupt:  # before or after a command runs (during one: _Commands)
        _end_now("interrupted", ExitCode.INTERRUPTED)
    except Terminated:
        _end_now("terminated", ExitCode.TERMINATED)
