"""Settings: each declared once, in `SETTINGS`, for the command line, the configuration file and
`cfreport config` alike (as flake8's option manager does).

The file is `cfreport.toml` or `[tool.cfreport]` in `pyproject.toml`, found from the current
folder upward, as ruff finds its own. Command-line flags win over a command's section, which
wins over the file's top level, which wins over the defaults. Unknown keys are errors.

    [tool.cfreport]
    framework = "frameworks/colombia.toml"   # relative to the file
    select = ["T", "C"]
    ignore = ["C104"]
    strict = true
    lang = "es"
    jobs = 2

    keep = ["unicef-2021-final.xlsx"]          # the one that counts of an agency's files

    [tool.cfreport.per-file-ignores]
    "legacy/*.xlsx" = ["V001"]

    [tool.cfreport.validate]
    format = "github"

    [tool.cfreport.summarize]
    format = "markdown"
    only-valid = true
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cfreport import DEFAULT_FRAMEWORK
from cfreport.errors import UserError
from cfreport.i18n import LANGUAGES
from cfreport.tomlfile import read_toml

CONFIG_FILE = "cfreport.toml"
COMMANDS = ("validate", "summarize", "status", "export")
REPORTING = ("validate", "summarize", "status")
"""The commands that write a report (and so have a format)."""
"""The commands that read settings; each may have a section of its own in the file."""


class ConfigError(UserError):
    """A configuration file that cannot be read or holds an unknown key or rule code."""


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its key as the file spells it, its type, default and help."""

    key: str
    type: Any
    default: Any
    help: str
    commands: tuple[str, ...] = COMMANDS
    top_level: bool = True
    """Whether the file's top level may set it (a format means something else per command)."""
    shown_default: str | None = None
    """How `cfreport config` and --help show a default computed at run time."""

    @property
    def name(self) -> str:
        """The key as a Python identifier: `only-valid` -> `only_valid`."""
        return self.key.replace("-", "_")

    def default_text(self) -> str:
        if self.shown_default is not None:
            return self.shown_default
        if isinstance(self.default, list):
            return ", ".join(self.default) or "none"
        return str(self.default).lower() if isinstance(self.default, bool) else str(self.default)


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "framework",
        str,
        DEFAULT_FRAMEWORK,
        "A framework data file (.toml or .json), or the name of a shipped one.",
        commands=(*COMMANDS, "template", "framework"),
    ),
    SettingSpec(
        "lang",
        str,
        "en",
        f"Language of messages and reports: {', '.join(LANGUAGES)}.",
        commands=(*COMMANDS, "template", "rules", "framework"),
    ),
    SettingSpec(
        "inputs",
        list[str],
        [],
        "The workbooks, folders or globs a command reads when given none (relative to the "
        "configuration file).",
        shown_default="the current folder",
    ),
    SettingSpec(
        "year",
        int,
        None,
        "The reporting year: summarize consolidates it, status shows it, export writes it.",
        commands=("summarize", "status", "export"),
        shown_default="the one year the inputs hold",
    ),
    SettingSpec(
        "jobs",
        int,
        None,
        "Processes that read workbooks in parallel.",
        shown_default="the number of cores",
    ),
    SettingSpec(
        "format",
        str,
        "text",
        "Output format.",
        commands=(*REPORTING, "rules", "framework"),
        top_level=False,
    ),
    SettingSpec(
        "bom",
        bool,
        None,
        "CSV: start with a UTF-8 byte-order mark, which Excel on Windows needs to read accents.",
        commands=REPORTING,
        shown_default="in a file written with -o, not on standard output",
    ),
    SettingSpec(
        "strict",
        bool,
        False,
        "Fail on warnings too (exit code 1): validate's, and summarize's changes since the year "
        "compared.",
        commands=("validate", "summarize"),
    ),
    SettingSpec(
        "select",
        list[str],
        [],
        "Only these rule codes or prefixes (T,C1).",
        commands=("validate",),
    ),
    SettingSpec(
        "ignore", list[str], [], "Skip these rule codes or prefixes.", commands=("validate",)
    ),
    SettingSpec(
        "per-file-ignores",
        dict[str, list[str]],
        {},
        "Rule codes to skip in files matching a glob (file only).",
        commands=("validate",),
        shown_default="none",
    ),
    SettingSpec(
        "keep",
        list[str],
        [],
        "Where an agency sent several files for a year, the one that counts: a file name or "
        "glob (file only; else the last saved counts, and X001 says so).",
        commands=("validate", "summarize", "export"),
        shown_default="none",
    ),
    SettingSpec(
        "fail-on",
        list[str],
        [],
        "Exit 1 when an agency is in one of these states: missing, errors, unreadable, "
        "wrong-format, empty, several (a CI gate).",
        commands=("status",),
        shown_default="none",
    ),
    SettingSpec(
        "area",
        str,
        "all",
        "A work area code (1, 2 ...), D, or all.",
        commands=("summarize",),
        top_level=False,
    ),
    SettingSpec(
        "change-factor",
        float,
        3.0,
        "With --compare: a figure, or an agency's part of it, that grew or shrank by more than "
        "this factor since the year compared is a finding (Y001, Y004).",
        commands=("summarize",),
    ),
    SettingSpec(
        "change-factor-by-indicator",
        dict[str, float],
        {},
        'The change factor of some indicators, by code ({"1.1" = 5}): an indicator '
        "that varies more from year to year (file only).",
        commands=("summarize",),
        shown_default="none",
    ),
    SettingSpec(
        "change-ignore-below",
        float,
        10.0,
        "With --compare: a change between two values both below this is not compared by "
        "factor (3 institutions after 1 is no typing error).",
        commands=("summarize",),
    ),
    SettingSpec(
        "only-valid",
        bool,
        False,
        "Leave out every file with errors.",
        commands=("summarize",),
        top_level=False,
    ),
)
SPEC = {s.key: s for s in SETTINGS}


def spec(key: str) -> SettingSpec:
    """A setting's declaration by its file key or its Python name."""
    return SPEC[key.replace("_", "-")]


@cache
def _adapter(tp: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(tp)


@dataclass(frozen=True)
class Setting:
    """A value in force and where it came from."""

    value: Any
    source: str


def find_config(start: Path | None = None) -> Path | None:
    """The nearest cfreport.toml, or pyproject.toml with a [tool.cfreport] table, upward."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file():
            try:
                text = project.read_text(encoding="utf-8")
                data = read_toml(text)
            except (OSError, UnicodeDecodeError):
                continue
            except tomllib.TOMLDecodeError as exc:
                # A project file with a mistake: ignored only if it has no settings of ours,
                # never with a [tool.cfreport] that would silently not apply.
                if "tool.cfreport" in text.replace(" ", ""):
                    raise ConfigError("config_unreadable", file=project, detail=exc) from None
                continue
            if "cfreport" in data.get("tool", {}):
                return project
    return None


def _checked(path: Path, where: str, key: str, value: Any) -> Any:
    from pydantic import ValidationError

    setting = SPEC.get(key)
    if setting is None:
        raise ConfigError("setting_unknown", file=path, setting=f"{where}{key}")
    try:
        return _adapter(setting.type).validate_python(value, strict=True)
    except ValidationError as exc:
        raise ConfigError(
            "setting_wrong", file=path, setting=f"{where}{key}", detail=exc.errors()[0]
        ) from None


def language_asked(command: str, start: Path | None = None) -> str | None:
    """The `lang` a configuration file asks for, read leniently: what a mistake elsewhere in the
    same file is said in."""
    try:
        path = find_config(start)
        data = read_toml(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ConfigError):
        return None
    if path is not None and path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cfreport", {})
    section = data.get(command)
    lang = (
        section.get("lang") if isinstance(section, dict) and "lang" in section else data.get("lang")
    )
    return lang if isinstance(lang, str) else None


def load_config(path: Path) -> dict[str, dict[str, Any]]:
    """The file's settings by section ('' for the top level), each checked against SETTINGS."""
    try:
        data = read_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("config_unreadable", file=path, detail=exc) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cfreport", {})
    out: dict[str, dict[str, Any]] = {"": {}}
    for key, value in data.items():
        if key in COMMANDS and isinstance(value, dict):
            section = out.setdefault(key, {})
            for inner, item in value.items():
                setting = SPEC.get(inner)
                if setting is not None and key not in setting.commands:
                    raise ConfigError("setting_not_of", file=path, setting=inner, command=key)
                section[inner] = _checked(path, f"{key}.", inner, item)
            continue
        setting = SPEC.get(key)
        if setting is not None and not setting.top_level:
            sections = ", ".join(f"[{c}]" for c in setting.commands if c in COMMANDS)
            raise ConfigError("setting_in_section", file=path, setting=key, sections=sections)
        out[""][key] = _checked(path, "", key, value)
    if "jobs" in out[""] and out[""]["jobs"] < 1:
        raise ConfigError("jobs_at_least_one", file=path)
    return out


class Settings:
    """The settings in force for one command: command line, then file, then defaults."""

    def __init__(self, command: str, cli: dict[str, Any], start: Path | None = None) -> None:
        self.command = command
        self.path = find_config(start)
        self.file = load_config(self.path) if self.path else {"": {}}
        self.values: dict[str, Setting] = {}
        section = self.file.get(command, {})
        where = str(self.path) if self.path else ""
        for name, value in cli.items():
            key = spec(name).key
            if value is not None:
                self.values[key] = Setting(value, "command line")
            elif key in section:
                self.values[key] = Setting(
                    self._relative(key, section[key]), f"{where} [{command}]"
                )
            elif key in self.file[""]:
                self.values[key] = Setting(self._relative(key, self.file[""][key]), where)

    def _relative(self, key: str, value: Any) -> Any:
        """A path the file names is relative to the file, not to where the command runs."""
        if self.path is None:
            return value
        if key == "framework" and not _is_name(value):
            return str((self.path.parent / value).resolve())
        if key == "inputs":
            return [_beside(self.path, item) for item in value]
        return value

    def get(self, key: str) -> Any:
        """The value in force: set by the command line or the file, or the declared default."""
        setting = self.values.get(spec(key).key)
        return spec(key).default if setting is None else setting.value

    def shown(self) -> list[tuple[str, str, str]]:
        """(key, value, source) of every setting of the command, as `cfreport config` shows."""
        rows = []
        for setting in SETTINGS:
            if self.command not in setting.commands or setting.key == "per-file-ignores":
                continue
            given = self.values.get(setting.key)
            value = given.value if given else setting.default_text()
            if isinstance(value, list):
                value = ", ".join(value)
            rows.append((setting.key, str(value), given.source if given else "default"))
        for pattern, codes in self.per_file_ignores().items():
            rows.append((f"per-file-ignores {pattern}", ", ".join(codes), str(self.path)))
        return rows

    def per_file_ignores(self) -> dict[str, list[str]]:
        value: dict[str, list[str]] = self.file[""].get("per-file-ignores", {})
        return value

    def ignored_for(self, file: str) -> list[str]:
        """Codes ignored for one file by the per-file-ignores (globs relative to the config)."""
        codes: list[str] = []
        base = self.path.parent if self.path else Path.cwd()
        try:
            path = Path(file).resolve()
        except (OSError, RuntimeError):  # a symbolic link loop
            path = Path(file).absolute()
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            relative = path.as_posix()
        for pattern, listed in self.per_file_ignores().items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
                codes += listed
        return codes

    def check_codes(self) -> None:
        """Every rule code the settings name is one cfreport has (or a prefix of one)."""
        from cfreport.checks.registry import all_rules

        known = [r.code for r in all_rules()]
        lists = [self.get("select") or [], self.get("ignore") or []]
        lists += list(self.per_file_ignores().values())
        for codes in lists:
            for code in codes:
                for part in str(code).split(","):
                    part = part.strip().upper()
                    if part and not any(k.startswith(part) for k in known):
                        if self.path is None:
                            raise ConfigError("bad_rule_option", code=part)
                        raise ConfigError("bad_rule_in", file=self.path, code=part)


def _beside(config: Path, item: str) -> str:
    """An input the configuration names, relative to the configuration's folder."""
    if Path(item).is_absolute():
        return item
    return str(Path(os.path.relpath(config.parent, Path.cwd())) / item)


def _is_name(framework: str) -> bool:
    return "/" not in framework and "\\" not in framework and not Path(framework).suffix
