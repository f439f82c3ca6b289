"""Message catalogs, one TOML file per language: rule texts, words used in messages, the
template's headers, sheet names and instructions, and the words of the reports.

English is the reference: every key of en.toml exists in every other catalog (a test checks).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from cfreport.errors import UserError
from cfreport.severity import Value, show_value

DEFAULT = "en"
LANGUAGES = (
    DEFAULT,
    *sorted(p.stem for p in Path(__file__).parent.glob("*.toml") if p.stem != DEFAULT),
)
"""Every language with a catalog beside this module: a new language is one new file."""


class UnknownLanguage(UserError):
    pass


@cache
def catalog(lang: str = DEFAULT) -> dict[str, Any]:
    """The whole catalog of a language."""
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    # Beside this module (importlib.resources would add 12 ms to every command's start).
    text = (Path(__file__).parent / f"{lang}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


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
    # A year is a name, not an amount: 2021, never 2,021.
    return str(value) if key.endswith("year") and isinstance(value, int) else show_value(value)


def rule_message(code: str, params: dict[str, Value], lang: str = DEFAULT) -> str:
    """A finding's message in `lang`, from its rule's template and its params.

    A param '@word' is a word of the catalog, '@reasons.x' or '@figures.x' a phrase filled from
    the same params, and 'column' a header: each is put in `lang` here, so a finding carries
    codes and values only and is worded once, by whoever shows it.
    """
    shown = {k: _shown(k, v, lang) for k, v in params.items()}
    safe = {}
    for key, value in params.items():
        if isinstance(value, str) and value.startswith(("@reasons.", "@figures.")):
            safe[key] = phrase(value[1:], lang).format_map(_Missing(shown))
        elif isinstance(value, str) and value.startswith("@"):
            safe[key] = word(value[1:], lang)
        elif key == "column" and isinstance(value, str):
            # A header may itself have params ('Required ({currency})'), among the finding's.
            safe[key] = header(value, lang).format_map(_Missing(shown))
        else:
            safe[key] = shown[key]
    text = rule_text(code, "message", lang).format_map(_Missing(safe))
    if params.get("did_you_mean"):
        # Any rule may suggest the closest values the framework knows: said after its message.
        text += ui("did_you_mean", lang).format(values=params["did_you_mean"])
    return text
