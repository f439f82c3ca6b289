"""What a person typed is matched with its spaces tidied: the quick answer for plain text is the
one the full rule gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cfreport.text import _CONTROLS, _SPACES, clean_spaces

# Every white space and control character Python and Excel know, among letters: where a fast
# answer for plain text could go wrong.
TYPED = st.text(alphabet=" \t\n\x0b\x0c\r\x1b\x1c\x1f\x85\xa0\u2003\u2028\u3000ab-é")


def _by_the_rule(text: str) -> str:
    return _SPACES.sub(" ", _CONTROLS.sub(" ", text).replace("\u00a0", " ")).strip()


@given(TYPED | st.text())
def test_spaces_are_tidied_by_the_one_rule(text: str) -> None:
    assert clean_spaces(text) == _by_the_rule(text)


def test_spaces_as_a_person_types_them() -> None:
    assert clean_spaces("  UNICEF-01 ") == "UNICEF-01"
    assert clean_spaces("Ciudad\u00a0de  México\n") == "Ciudad de México"
    assert clean_spaces("a\x1bb") == "a b"
    assert clean_spaces("UNICEF-01") == "UNICEF-01"
