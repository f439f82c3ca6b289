"""The command line: thin typer commands that parse arguments and call the library.

Heavy modules (openpyxl, calamine, pydantic models) are imported inside the commands, so that
`cfreport --help` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cfreport.config import Settings
    from cfreport.findings import Finding
    from cfreport.framework import Framework
    from cfreport.validate import Report

app = typer.Typer(
    name="cfreport",
    help="Validate and consolidate a UN Country Team's yearly results reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--framework",
        help="A framework data file (.toml or .json), or the name of a shipped one. "
        "Default: mexico-2020-2025.",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages: en or es.", show_default=False),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Processes to use; default: the number of cores.",
        show_default=False,
        min=1,
    ),
]
ExitUsage = 2


def fail(message: str, code: int = ExitUsage) -> NoReturn:
    """One line on standard error, no traceback, and a meaningful exit code."""
    typer.echo(f"cfreport: {message}", err=True)
    raise typer.Exit(code)


def _framework(source: str | None) -> Framework:
    from cfreport.framework import FrameworkError, load_framework

    try:
        return load_framework(source)
    except FrameworkError as exc:
        fail(str(exc))


def _settings(command: str, cli: dict[str, object]) -> Settings:
    from cfreport.config import ConfigError, Settings

    try:
        return Settings(command, cli)
    except ConfigError as exc:
        fail(str(exc))


def _language(lang: str) -> str:
    from cfreport.i18n import LANGUAGES

    if lang not in LANGUAGES:
        fail(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values or [] for c in v.split(",") if c.strip())


def _write_or_print(text: str, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from cfreport.output import atomic_write_text

    if any(output.resolve() == p.resolve() for p in inputs):
        fail(f"{output}: the output file is one of the inputs; choose another name")
    try:
        atomic_write_text(output, text)
    except OSError as exc:
        fail(f"{output}: cannot write the report: {exc.strerror or exc}")


def _name_unreadable(findings: Iterable[Finding], files: set[str]) -> None:
    """One line on standard error for each file that could not be read."""
    for finding in findings:
        if finding.file in files:
            typer.echo(f"cfreport: {finding.file}: {finding.message}", err=True)
            files.discard(finding.file)


def _write_annotated(report: Report, folder: Path | None, lang: str) -> None:
    """An annotated copy beside each readable input, or in `folder`."""
    from cfreport.output import atomic_write_bytes
    from cfreport.render.annotate import annotate, annotated_name

    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{folder}: cannot create the folder: {exc.strerror or exc}")
    for result in report.files:
        if result.status == "unreadable":
            continue
        source = Path(result.file)
        target = (folder or source.parent) / annotated_name(source)
        if target.resolve() == source.resolve():
            fail(f"{target}: the annotated copy would overwrite its input")
        findings = [f for f in report.findings if f.file == result.file]
        try:
            atomic_write_bytes(target, annotate(source, findings, lang))
        except OSError as exc:
            fail(f"{target}: cannot write the annotated copy: {exc.strerror or exc}")
        typer.echo(f"wrote {target}", err=True)


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Workbooks, folders or globs.")],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="text, json, github, junit, sarif or csv.", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here.")
    ] = None,
    strict: Annotated[
        bool | None,
        typer.Option("--strict/--no-strict", help="Fail on warnings too.", show_default=False),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes or prefixes (T,C1).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these codes or prefixes.")] = None,
    annotate: Annotated[
        bool, typer.Option(help="Write NAME.checked.xlsx: findings highlighted and commented.")
    ] = False,
    annotate_dir: Annotated[
        Path | None, typer.Option(help="Put the annotated copies in this folder.")
    ] = None,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Check agency workbooks: totals against parts, codes, ids, money.

    Settings come from cfreport.toml or [tool.cfreport] in pyproject.toml (see `cfreport
    config`); flags win. Exit code 0: no errors; 1: errors (or warnings with --strict);
    2: a file could not be read or the command was misused.
    """
    from cfreport.inputs import InputError, discover
    from cfreport.render import FORMATS, get_renderer
    from cfreport.validate import RuleSelection, default_jobs, validate_paths

    settings = _settings(
        "validate",
        {
            "format": format,
            "strict": strict,
            "select": list(_codes(select)) or None,
            "ignore": list(_codes(ignore)) or None,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
        },
    )
    format = settings.get("format", "text")
    if format not in FORMATS:
        fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    lang = _language(settings.get("lang", "en"))
    selection = RuleSelection(
        select=_codes(settings.get("select")), ignore=_codes(settings.get("ignore"))
    )
    if selection.unknown():
        fail(f"unknown rule code {selection.unknown()[0]!r}; `cfreport rules` lists them")
    fw = _framework(settings.get("framework"))
    try:
        paths = discover(files)
    except InputError as exc:
        fail(str(exc))
    report = validate_paths(
        paths,
        fw,
        selection,
        jobs=settings.get("jobs") or default_jobs(),
        per_file_ignores=settings.ignored_for if settings.per_file_ignores() else None,
    ).localized(lang)
    renderer = get_renderer(format)
    _write_or_print(renderer(report, lang) if format == "text" else renderer(report), output, paths)
    if annotate or annotate_dir is not None:
        _write_annotated(report, annotate_dir, lang)
    if format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from cfreport.render.github import job_summary

        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(job_summary(report, lang))
    _name_unreadable(report.findings, {f.file for f in report.files if f.status == "unreadable"})
    raise typer.Exit(int(report.exit_code(strict=bool(settings.get("strict", False)))))


SUMMARY_FORMATS = ("text", "json", "markdown", "csv", "xlsx")


@app.command()
def summarize(
    files: Annotated[list[str], typer.Argument(help="Workbooks, folders or globs.")],
    area: Annotated[
        str | None,
        typer.Option(help="A work area code (1, 2 ...), D, or all.", show_default=False),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="text, json, markdown, csv or xlsx.", show_default=False
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write it here.")] = None,
    explain: Annotated[bool, typer.Option(help="Show the cells each figure comes from.")] = False,
    only_valid: Annotated[
        bool | None,
        typer.Option(
            "--only-valid/--all-files", help="Leave out every file with errors.", show_default=False
        ),
    ] = None,
    year: Annotated[int | None, typer.Option(help="The reporting year to consolidate.")] = None,
    against: Annotated[
        Path | None, typer.Option(help="A file of the figures a report draft prints.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    lang: LangOption = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Consolidate submissions into the report's figures, each traceable to its cells.

    Exit code 0: done; 1: --against found differences; 2: a file could not be read (it is
    named and left out) or the command was misused.
    """
    from cfreport.report_views import SummaryRequest, run_summary
    from cfreport.validate import default_jobs

    settings = _settings(
        "summarize",
        {
            "area": area,
            "format": format,
            "only_valid": only_valid,
            "jobs": jobs,
            "framework": framework,
            "lang": lang,
        },
    )
    area = str(settings.get("area", "all"))
    format = str(settings.get("format", "text"))
    if format not in SUMMARY_FORMATS:
        fail(f"unknown format {format!r}; choose one of {', '.join(SUMMARY_FORMATS)}")
    if format == "xlsx" and output is None:
        fail("--format xlsx writes a workbook: give it a file with -o")
    fw = _framework(settings.get("framework"))
    if area != "all" and area not in fw.area_by_code:
        fail(f"unknown area {area!r}; choose one of {', '.join(fw.area_by_code)} or all")
    from cfreport.inputs import InputError, discover

    try:
        paths = discover(files)
    except InputError as exc:
        fail(str(exc))
    if output is not None and any(output.resolve() == p.resolve() for p in paths):
        fail(f"{output}: the output file is one of the inputs; choose another name")
    request = SummaryRequest(
        paths=paths,
        area=area,
        format=format,
        explain=explain,
        only_valid=bool(settings.get("only_valid", False)),
        year=year,
        against=against,
        progress=not quiet and sys.stderr.isatty(),
        jobs=settings.get("jobs") or default_jobs(),
        lang=_language(settings.get("lang", "en")),
    )
    try:
        result = run_summary(request, fw)
    except ValueError as exc:
        fail(str(exc))
    if isinstance(result.content, bytes):
        from cfreport.output import atomic_write_bytes

        assert output is not None
        try:
            atomic_write_bytes(output, result.content)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        _write_or_print(result.content, output, paths)
    if result.notes:
        typer.echo(result.notes, err=True, nl=False)
    raise typer.Exit(result.exit_code)


@app.command()
def status(
    files: Annotated[list[str], typer.Argument(help="Workbooks, folders or globs.")],
    year: Annotated[int | None, typer.Option(help="Only submissions for this year.")] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="text, json, csv or markdown.")
    ] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write it here.")] = None,
    jobs: JobsOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Every agency of the framework and its submission: missing, unreadable, errors, valid."""
    from cfreport.inputs import InputError, discover
    from cfreport.render.status_view import render_status
    from cfreport.status import agency_status
    from cfreport.validate import default_jobs

    if format not in ("text", "json", "csv", "markdown"):
        fail(f"unknown format {format!r}; choose text, json, csv or markdown")
    fw = _framework(framework)
    try:
        paths = discover(files)
    except InputError as exc:
        fail(str(exc))
    statuses = agency_status(paths, fw, year=year, jobs=jobs or default_jobs())
    _write_or_print(render_status(statuses, format), output, paths)


@app.command()
def template(
    agency: Annotated[str, typer.Option(help="Pre-fill the agency (e.g. UNICEF).")] = "",
    year: Annotated[int | None, typer.Option(help="Pre-fill the reporting year.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write it.")
    ] = None,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Start from last year's workbook (its ongoing initiatives), or, with the "
            "workbook's own --year, copy all of it into the current layout.",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of instructions and headers: en or es.")
    ] = "en",
    framework: FrameworkOption = None,
) -> None:
    """Write the agency workbook template: dropdowns, hints and a version stamp.

    With --from, next year's workbook with last year's ongoing initiatives carried over.
    """
    from cfreport.workbook.template import write_template

    fw = _framework(framework)
    if from_ is not None:
        _template_from(from_, fw, year, output)
        return
    code = ""
    if agency:
        code = fw.agency_vocab.resolve(agency) or ""
        if not code:
            fail(f"unknown agency {agency!r}; `cfreport framework` lists the agencies")
    if year is not None and year not in fw.years():
        fail(f"year {year} is outside the framework period {fw.period[0]}-{fw.period[1]}")
    if output is None:
        stem = "-".join(
            p for p in (code.lower().replace("/", "-").replace(" ", "-"), str(year or "")) if p
        )
        output = Path(f"{stem or 'cfreport-template'}.xlsx")
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        fail(f"{output}: a template is an .xlsx file")
    try:
        write_template(fw, output, agency=code, year=year, lang=_language(lang))
    except OSError as exc:
        fail(f"{output}: cannot write the template: {exc.strerror or exc}")
    typer.echo(f"wrote {output} (framework {fw.id})")


def _template_from(source: Path, fw: Framework, year: int | None, output: Path | None) -> None:
    import io

    from cfreport.output import atomic_write_bytes
    from cfreport.workbook import layout
    from cfreport.workbook.carry_over import carry_over
    from cfreport.workbook.reader import SubmissionRefused, read_submission

    try:
        sub, _ = read_submission(source, fw)
    except SubmissionRefused as refused:
        fail(f"{source}: {refused.finding.message}")
    year = year or ((sub.year or fw.period[0]) + 1)
    if year not in fw.years():
        fail(f"year {year} is outside the framework period {fw.period[0]}-{fw.period[1]}")
    if output is None:
        stem = (
            source.stem.replace(str(sub.year), str(year)) if sub.year else f"{source.stem}-{year}"
        )
        output = source.with_name(f"{stem}.xlsx")
    if output.resolve() == source.resolve():
        fail(f"{output}: the new workbook would overwrite the old one; choose another name with -o")
    result = carry_over(sub, fw, year)
    buffer = io.BytesIO()
    result.workbook.save(buffer)
    try:
        atomic_write_bytes(output, buffer.getvalue())
    except OSError as exc:
        fail(f"{output}: cannot write the workbook: {exc.strerror or exc}")
    current = layout.HISTORY.current
    typer.echo(f"wrote {output} for {year} from {source}")
    if sub.template_version != current:
        typer.echo(f"upgraded from template version {sub.template_version} to {current}:")
        for line in layout.what_moved(sub.template_version, fw) or ["no sheet or column moved"]:
            typer.echo(f"  {line}")
    typer.echo(result.describe())


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="Show one rule's page.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOption = None,
) -> None:
    """List the checks: code, severity and what each one checks."""
    from cfreport.render.catalog import render_rule_page, render_rules

    language = _language(lang or "en")
    page = render_rule_page(code, format, language) if code else None
    if code and page is None:
        fail(f"unknown rule code {code!r}; `cfreport rules` lists them")
    typer.echo(page if code else render_rules(format, language), nl=False)


@app.command("framework")
def framework_cmd(
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: LangOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Show the framework: areas, direct effects, indicators and their breakdowns, code lists."""
    from cfreport.render.framework_view import render_framework

    if format not in ("text", "json"):
        fail(f"unknown format {format!r}; choose text or json")
    typer.echo(render_framework(_framework(framework), format, _language(lang or "en")), nl=False)


@app.command()
def config(
    command: Annotated[
        str, typer.Argument(help="The command whose settings to show: validate or summarize.")
    ] = "validate",
) -> None:
    """Show the settings in force and where each came from (file, section or default)."""
    from tabulate import tabulate

    if command not in ("validate", "summarize"):
        fail(f"unknown command {command!r}; choose validate or summarize")
    defaults: dict[str, object] = {
        "validate": {
            "format": "text",
            "strict": False,
            "select": [],
            "ignore": [],
            "jobs": "number of cores",
            "framework": "mexico-2020-2025",
            "lang": "en",
        },
        "summarize": {
            "format": "text",
            "area": "all",
            "only_valid": False,
            "jobs": "number of cores",
            "framework": "mexico-2020-2025",
            "lang": "en",
        },
    }[command]
    settings = _settings(command, dict.fromkeys(defaults))
    rows = []
    for key, default in defaults.items():
        setting = settings.values.get(key)
        rows.append(
            (key, setting.value if setting else default, setting.source if setting else "default")
        )
    for pattern, codes in settings.per_file_ignores().items():
        rows.append((f"per-file-ignores {pattern}", ", ".join(codes), str(settings.path)))
    typer.echo(f"configuration file: {settings.path or 'none found'}")
    typer.echo(tabulate(rows, headers=("setting", "value", "from")))


def main() -> None:
    """Entry point: typer's app, with Ctrl-C as one line and exit code 130."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("cfreport: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("CFREPORT_DEBUG"):
            raise
        sys.stderr.write(
            f"cfreport: internal error: {type(exc).__name__}: {exc} "
            "(set CFREPORT_DEBUG=1 for details and please report it)\n"
        )
        sys.exit(2)
