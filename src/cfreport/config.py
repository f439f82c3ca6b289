"""Settings from `cfreport.toml` or `[tool.cfreport]` in `pyproject.toml`, found from the current
folder upward, as ruff finds its own. Command-line flags win over a command's section, which wins
over the file's top level, which wins over the defaults. Unknown keys are errors.

    [tool.cfreport]
    framework = "frameworks/colombia.toml"   # relative to the file
    select = ["T", "C"]
    ignore = ["C104"]
    strict = true
    lang = "es"
    jobs = 2

    [tool.cfreport.per-file-ignores]
    "legacy/*.xlsx" = ["V001"]

    [tool.cfreport.validate]
    format = "github"

    [tool.cfreport.summarize]
    format = "markdown"
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_FILE = "cfreport.toml"


class ConfigError(Exception):
    """A configuration file that cannot be read or holds an unknown key or rule code."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ValidateSection(_Section):
    format: str | None = None
    strict: bool | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None


class SummarizeSection(_Section):
    format: str | None = None
    area: str | None = None
    only_valid: bool | None = Field(default=None, alias="only-valid")


class FileConfig(_Section):
    framework: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    per_file_ignores: dict[str, list[str]] | None = Field(default=None, alias="per-file-ignores")
    strict: bool | None = None
    lang: str | None = None
    jobs: int | None = Field(default=None, ge=1)
    validate_: ValidateSection = Field(default_factory=ValidateSection, alias="validate")
    summarize: SummarizeSection = Field(default_factory=SummarizeSection)


class Setting(BaseModel):
    """A value in force and where it came from."""

    model_config = ConfigDict(frozen=True)

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
                data = tomllib.loads(project.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "cfreport" in data.get("tool", {}):
                return project
    return None


def load_config(path: Path) -> FileConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cfreport", {})
    try:
        return FileConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{path}: unknown setting '{where}'") from None
        raise ConfigError(f"{path}: {where}: {first['msg']}") from None


class Settings:
    """The settings in force for one command: command line, then file, then defaults."""

    def __init__(self, command: str, cli: dict[str, Any], start: Path | None = None) -> None:
        self.command = command
        self.path = find_config(start)
        self.file = load_config(self.path) if self.path else FileConfig()
        self.values: dict[str, Setting] = {}
        section = {"validate": self.file.validate_, "summarize": self.file.summarize}.get(command)
        where = str(self.path) if self.path else ""
        for key, value in cli.items():
            if value is not None:
                self.values[key] = Setting(value=value, source="command line")
                continue
            own = getattr(section, key, None) if section is not None else None
            if own is not None:
                self.values[key] = Setting(value=own, source=f"{where} [{command}]")
                continue
            top = getattr(self.file, key, None)
            if top is not None:
                if key == "framework" and self.path and not _is_name(top):
                    top = str((self.path.parent / top).resolve())
                self.values[key] = Setting(value=top, source=where)
        self.check_codes()

    def get(self, key: str, default: Any = None) -> Any:
        setting = self.values.get(key)
        return default if setting is None else setting.value

    def per_file_ignores(self) -> dict[str, list[str]]:
        return self.file.per_file_ignores or {}

    def ignored_for(self, file: str) -> list[str]:
        """Codes ignored for one file by the per-file-ignores (globs relative to the config)."""
        codes: list[str] = []
        base = self.path.parent if self.path else Path.cwd()
        path = Path(file).resolve()
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            relative = path.as_posix()
        for pattern, listed in self.per_file_ignores().items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
                codes += listed
        return codes

    def check_codes(self) -> None:
        from cfreport.checks.registry import all_rules

        known = [r.code for r in all_rules()]
        lists = [self.get("select") or [], self.get("ignore") or []]
        lists += list(self.per_file_ignores().values())
        for codes in lists:
            for code in codes:
                for part in str(code).split(","):
                    part = part.strip().upper()
                    if part and not any(k.startswith(part) for k in known):
                        where = self.path or "the command line"
                        raise ConfigError(f"{where}: unknown rule code {part!r}")


def _is_name(framework: str) -> bool:
    return "/" not in framework and "\\" not in framework and not Path(framework).suffix
