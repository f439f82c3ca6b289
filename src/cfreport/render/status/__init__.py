"""`cfreport status`: every agency of the framework and where its submission stands."""

from __future__ import annotations

from cfreport.i18n import header, ui
from cfreport.status import AgencyStatus

HEADERS = ("agency", "state", "errors", "warnings", "file", "last changed")


def headers(lang: str) -> tuple[str, ...]:
    return tuple(header(h, lang) for h in HEADERS)


def state_word(state: str, lang: str) -> str:
    """A state's word in `lang` (JSON keeps the state's code)."""
    return ui("status_" + state.replace(" ", "_"), lang)


def rows(statuses: list[AgencyStatus], lang: str) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (
            s.agency,
            state_word(s.state, lang),
            str(s.errors) if s.files else "",
            str(s.warnings) if s.files else "",
            ", ".join(s.files),
            s.modified or "",
        )
        for s in statuses
    ]
