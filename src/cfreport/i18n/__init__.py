"""Message catalogs, one TOML file per language: rule texts, words used in messages, the
template's headers, sheet names and instructions, and the words of the reports.

English is the reference: every key of en.toml exists in every other catalog (a test checks).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from cfreport.errors import UserError, set_wording
from cfreport.severity import Value, show_value

DEFAULT = "en"
LANGUAGES = (
    DEFAULT,
    *sorted(p.stem for p in Path(__file__).parent.glob("*.toml") if p.stem != DEFAULT),
)
"""Every language with a catalog beside this module: a new language is one new file."""

OS_PARAM = "@os."
"""A param naming an error number ('@os.EIO'): a finding carries the name, each language words
it (`os_wording`)."""


class UnknownLanguage(UserError):
    pass


@cache
def catalog(lang: str = DEFAULT) -> Mapping[str, Any]:
    """The whole catalog of a language."""
    if lang not in LANGUAGES:
        raise UnknownLanguage("bad_language", lang=lang, choices=LANGUAGES)
    # Beside this module (importlib.resources would add 12 ms to every command's start).
    text = (Path(__file__).parent / f"{lang}.toml").read_text(encoding="utf-8")
    return Sections(text)


_TABLE = re.compile(r"\[\[?\s*([A-Za-z0-9_-]+)")
"""The start of a table header line ([rules.C101], [[x]]) and its first key."""


class Sections(Mapping[str, Any]):
    """A TOML document read one top-level table at a time, as each is first used.

    Every command reads the template's headers and words in each language; few read every
    rule's texts in every language. tomllib is pure Python: the whole of both catalogs took
    25 ms of each command's start, the tables it uses a few. The text is cut where a line
    starts a table (outside a multi-line string); where that reading fails, the whole document
    is parsed, as it would have been (a test holds the two alike for every catalog).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._parsed: dict[str, Any] | None = None
        self._tables: dict[str, Any] = {}
        self._parts: dict[str, list[str]] = {}
        key = ""
        in_string = False
        for line in text.splitlines(keepends=True):
            opened = line.count('"""') + line.count("'''")
            if not in_string:
                header = _TABLE.match(line)
                if header is not None:
                    key = header.group(1)
            self._parts.setdefault(key, []).append(line)
            if opened % 2:
                in_string = not in_string

    def _whole(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = tomllib.loads(self._text)
        return self._parsed

    def __getitem__(self, key: str) -> Any:
        if self._parsed is not None:
            return self._parsed[key]
        if key not in self._tables:
            if not key or key not in self._parts:
                return self._whole()[key]
            try:
                self._tables[key] = tomllib.loads("".join(self._parts[key]))[key]
            except (tomllib.TOMLDecodeError, KeyError):
                return self._whole()[key]
        return self._tables[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())


def rule_text(code: str, key: str, lang: str = DEFAULT) -> str:
    """One text of one rule: summary, message, why, bad or good."""
    return str(catalog(lang)["rules"][code][key])


def word(key: str, lang: str = DEFAULT) -> str:
    """A word or phrase a message is made of (params written '@key')."""
    return str(catalog(lang)["words"].get(key, catalog(DEFAULT)["words"].get(key, key)))


def header(english: str, lang: str = DEFAULT) -> str:
    """A column header or field label in `lang`, from its English text."""
    if lang == DEFAULT:
        return english
    return str(catalog(lang)["headers"].get(english, english))


def all_headers(english: str) -> list[str]:
    """The header in every language: what the reader accepts."""
    return [header(english, lang) for lang in LANGUAGES]


def ui(key: str, lang: str = DEFAULT) -> str:
    """A phrase of the reports and the template (instructions, summary lines)."""
    value = catalog(lang)["ui"].get(key)
    return str(value if value is not None else catalog(DEFAULT)["ui"][key])


def counted(key: str, n: int, lang: str = DEFAULT) -> str:
    """A number and what it counts, singular or plural: the catalog's `key_one` or `key_many`."""
    return ui(f"{key}_{'one' if n == 1 else 'many'}", lang).format(n=f"{n:,}")


def severity_word(severity: str, lang: str = DEFAULT) -> str:
    """'error' or 'warning' as a person reads it in `lang` (machine formats keep the code)."""
    return ui(f"severity_{severity}", lang)


def phrase(path: str, lang: str = DEFAULT) -> str:
    """A text of the catalog by its dotted path ('reasons.empty')."""
    node: Any = catalog(lang)
    for part in path.split("."):
        node = node[part]
    return str(node)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _shown(key: str, value: Value, lang: str) -> str:
    if value is None or value == "":
        return word("empty", lang)
    if isinstance(value, str) and value.startswith(OS_PARAM):
        return os_wording(value.removeprefix(OS_PARAM), lang)
    # A year is a name, not an amount: 2021, never 2,021.
    return str(value) if key.endswith("year") and isinstance(value, int) else show_value(value)


def param_text(key: str, params: Mapping[str, Value], lang: str = DEFAULT) -> str:
    """One param of a finding as `lang` says it.

    A param '@word' is a word of the catalog, '@reasons.x' or '@figures.x' a phrase filled from
    the same params, and 'column' a header; a param 'name@es' is the Spanish of 'name' (a name
    from the framework, which has no catalog). So a finding carries codes and values only, and
    is worded once, by whoever shows it.
    """
    value = params.get(f"{key}@{lang}", params.get(key))
    if isinstance(value, str) and value.startswith(("@reasons.", "@figures.")):
        shown = {k: _shown(k, params.get(f"{k}@{lang}", v), lang) for k, v in params.items()}
        return phrase(value[1:], lang).format_map(_Missing(shown))
    if isinstance(value, str) and value.startswith("@") and not value.startswith(OS_PARAM):
        return word(value[1:], lang)
    if key == "column" and isinstance(value, str):
        # A header may itself have params ('Required ({currency})'), among the finding's.
        shown = {k: _shown(k, v, lang) for k, v in params.items()}
        return header(value, lang).format_map(_Missing(shown))
    return _shown(key, value, lang)


def in_every_language(key: str, wording: Callable[[str], str]) -> dict[str, str]:
    """A finding's param `key` in English and, as 'key@lang', in each other language that words
    it differently: for names the framework gives in several languages (`param_text`)."""
    english = wording(DEFAULT)
    params = {key: english}
    for lang in LANGUAGES[1:]:
        said = wording(lang)
        if said != english:
            params[f"{key}@{lang}"] = said
    return params


def rule_message(code: str, params: Mapping[str, Value], lang: str = DEFAULT) -> str:
    """A finding's message in `lang`, from its rule's template and its params (`param_text`)."""
    safe = {key: param_text(key, params, lang) for key in params if "@" not in key}
    text = rule_text(code, "message", lang).format_map(_Missing(safe))
    if params.get("did_you_mean"):
        # Any rule may suggest the closest values the framework knows: said after its message.
        text += ui("did_you_mean", lang).format(values=params["did_you_mean"])
    return text


def os_param(exc: OSError) -> str:
    """An OSError as a finding's param: '@os.' and its errno name, or its text when it has none."""
    import errno

    name = errno.errorcode.get(exc.errno or 0)
    return OS_PARAM + name if name else str(exc.strerror or exc)


def os_wording(name: str, lang: str = DEFAULT) -> str:
    """An error number's name (ENOSPC) as `lang` says it: the catalog's words; else, in English,
    the system's own; else the name, so that no other language shows the system's English."""
    import errno
    import os

    said = catalog(lang)["errors"]["os"].get(name)
    if said is not None:
        return str(said)
    number = getattr(errno, name, None)
    if lang == DEFAULT and isinstance(number, int):
        return os.strerror(number)
    return str(catalog(lang)["errors"]["exception"]["os_other"]).format(name=name)


def os_reason(exc: OSError, lang: str = DEFAULT) -> str:
    """Why the system refused a file, in `lang` (`os_wording`)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0)
    if name:
        return os_wording(name, lang)
    if lang == DEFAULT:
        return str(exc.strerror or exc)
    return str(catalog(lang)["errors"]["exception"]["os_other"]).format(name=type(exc).__name__)


_SQLITE = (
    ("not a database", "sqlite_not_db"),
    ("locked", "sqlite_locked"),
    ("unable to open", "sqlite_cannot_open"),
    ("disk i/o", "sqlite_io"),
    ("malformed", "sqlite_malformed"),
    ("readonly", "sqlite_readonly"),
    ("full", "sqlite_full"),
)
"""SQLite's messages (its error codes are not in Python 3.11's exceptions) -> their key."""


def exception_reason(exc: BaseException, lang: str = DEFAULT) -> str:
    """Why reading a file failed, in `lang`: the system's or a parser's own English only in
    English, and there only where cfreport has no plainer words."""
    import json
    import re
    import sqlite3
    import tomllib

    from cfreport.tomlfile import NestedTooDeeply

    words = catalog(lang)["errors"]["exception"]
    if isinstance(exc, OSError):
        return os_reason(exc, lang)
    if isinstance(exc, UnicodeDecodeError):
        return str(words["not_utf8"])
    if isinstance(exc, RecursionError | NestedTooDeeply):
        return str(words["nested"])
    if lang == DEFAULT:
        return str(exc)
    if isinstance(exc, json.JSONDecodeError):
        return str(words["syntax_at"]).format(line=exc.lineno, column=exc.colno)
    if isinstance(exc, tomllib.TOMLDecodeError):
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        if at:
            return str(words["syntax_at"]).format(line=at[1], column=at[2])
        return str(words["syntax_end" if "end of document" in str(exc) else "syntax"])
    if isinstance(exc, sqlite3.Error):
        said = str(exc).lower()
        for fragment, key in _SQLITE:
            if fragment in said:
                return str(words[key])
    return str(words["other"]).format(name=type(exc).__name__)


def value_reason(error: Mapping[str, Any], lang: str = DEFAULT) -> str:
    """Why a value is refused, from one of pydantic's error dicts, in `lang`."""
    said = catalog(lang)["errors"]["value"].get(error.get("type", ""))
    if said is None and lang == DEFAULT:
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if said is None:  # pydantic's English, which no other language shows
        said = catalog(lang)["errors"]["value"]["other_value"]
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    return str(said).format_map(_Missing({"type": str(error.get("type", "")), **context}))


def error_text(key: str, params: Mapping[str, object], lang: str = DEFAULT) -> str:
    """A UserError's line in `lang`: an exception or a pydantic error param is said as its
    reason, a list joined."""
    shown: dict[str, str] = {}
    for name, value in params.items():
        if isinstance(value, BaseException):
            shown[name] = exception_reason(value, lang)
        elif isinstance(value, Mapping) and "type" in value:
            shown[name] = value_reason(value, lang)
        elif isinstance(value, (list, tuple)):
            shown[name] = ", ".join(map(str, value))
        else:
            shown[name] = str(value)
    template = catalog(lang)["errors"].get(key) or catalog(DEFAULT)["errors"][key]
    text = str(template).format_map(_Missing(shown))
    if params.get("did_you_mean"):
        text += ui("did_you_mean", lang).format(values=shown["did_you_mean"])
    return text


set_wording(error_text)
