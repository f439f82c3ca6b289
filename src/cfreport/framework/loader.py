"""Read a framework data file (TOML or JSON) into a `Framework`."""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from cfreport import DEFAULT_FRAMEWORK as DEFAULT_FRAMEWORK
from cfreport.errors import UserError
from cfreport.framework.models import Framework
from cfreport.tomlfile import read_toml


class FrameworkError(UserError):
    """A framework file that cannot be read or is itself wrong."""


def _wrong(name: str, err: ValidationError) -> FrameworkError:
    """The first mistake, as a key each language words (`i18n.value_reason`) and where it is."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    detail = {"type": first["type"], "msg": first["msg"], "ctx": first.get("ctx") or {}}
    return FrameworkError(
        "framework_wrong", file=name, where=f"{where}: " if where else "", detail=detail
    )


def parse_framework(text: str, name: str, *, is_json: bool = False) -> Framework:
    """Parse framework data; `name` is what error messages call its source."""
    try:
        data = json.loads(text) if is_json else read_toml(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as exc:
        syntax = "JSON" if is_json else "TOML"
        raise FrameworkError("framework_syntax", file=name, syntax=syntax, detail=exc) from None
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise _wrong(name, exc) from None


@lru_cache(maxsize=8)
def _load_cached(key: str) -> Framework:
    if key.startswith("builtin:"):
        name = key.removeprefix("builtin:")
        ref = resources.files("cfreport.framework") / "data" / f"{name}.toml"
        if not ref.is_file():
            raise FrameworkError("framework_unknown", name=name)
        return parse_framework(ref.read_text(encoding="utf-8"), f"{name}.toml")
    path = Path(key)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError("framework_missing", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError("framework_unreadable", file=path, detail=exc) from None
    return parse_framework(text, str(path), is_json=path.suffix.lower() == ".json")


def load_framework(source: str | Path | None = None) -> Framework:
    """The framework in `source` (a path, or the name of a shipped one); the default if None."""
    if source is None:
        return _load_cached(f"builtin:{DEFAULT_FRAMEWORK}")
    text = str(source)
    if isinstance(source, str) and not Path(text).suffix and "/" not in text:
        return _load_cached(f"builtin:{text}")
    return _load_cached(str(Path(text).resolve()))


def shipped_frameworks() -> list[str]:
    """Names of the frameworks shipped inside the package."""
    folder = resources.files("cfreport.framework") / "data"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )
