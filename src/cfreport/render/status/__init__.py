"""`cfreport status`: every agency of the framework and where its submission stands."""

from __future__ import annotations

from cfreport.i18n import header, ui
from cfreport.status import AgencyStatus

HEADERS = (
    "agency",
    "year",
    "state",
    "errors",
    "warnings",
    "focal point",
    "e-mail",
    "file",
    "last changed",
)


def headers(lang: str) -> tuple[str, ...]:
    return tuple(header(h, lang) for h in HEADERS)


def state_word(state: str, lang: str) -> str:
    """A state's word in `lang` (JSON keeps the state's code)."""
    return ui("status_" + state, lang)


def rows(statuses: list[AgencyStatus], lang: str) -> list[tuple[object, ...]]:
    """A row per agency and year: counts as numbers (none for a missing submission)."""
    return [
        (
            s.agency,
            s.year,
            state_word(s.state, lang),
            s.errors if s.files else None,
            s.warnings if s.files else None,
            s.focal_point,
            s.email,
            ", ".join(s.files),
            s.modified,
        )
        for s in statuses
    ]
