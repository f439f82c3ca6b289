"""The framework as data: the shipped Mexico framework, and a wrong framework file refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.framework import Framework, FrameworkError, load_framework
from cfreport.framework.loader import shipped_frameworks

runner = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "src/cfreport/framework/data/mexico-2020-2025.toml"


def test_the_mexico_framework_as_the_report_describes_it(fw: Framework) -> None:
    assert fw.period == (2020, 2025)
    assert [a.code for a in fw.work_areas] == ["1", "2", "3", "4"]
    assert [a.code for a in fw.cross_cutting_areas] == ["D"]
    assert {e.code: e.area for e in fw.effects} == {
        "1": "1",
        "2": "1",
        "3": "2",
        "4": "2",
        "5": "2",
        "6": "3",
        "7": "3",
        "8": "4",
        "9": "4",
        "10": "4",
    }
    assert len(fw.agencies) == 28
    named = {a.code for a in fw.agencies if a.named_in == "UNCT"}
    assert len(named) == 24 and {"WB", "UNDSS"} <= named
    # The four beyond the Country Team page are the UN entities of the list of acronyms.
    assert {a.code for a in fw.agencies if a.named_in == "ACRONYMS"} == {
        "UNAIDS",
        "IAEA",
        "WMO",
        "UNDRR",
    }
    assert len(fw.states) == 32
    assert len(fw.sdg_targets) == 169
    assert {"5.2", "16.3", "16.a", "17.19", "16.10"} <= set(fw.sdg_targets)
    assert len(fw.principles) == 5
    assert len(fw.indicators) == 16


def test_each_indicator_keeps_its_own_nesting_order(fw: Framework) -> None:
    by_level = fw.indicator_by_code["1.1"]
    by_kind = fw.indicator_by_code["4.1"]
    assert ("Federal", "Government") in by_level.paths
    assert ("Government", "Federal") in by_kind.paths
    assert by_kind.children[("Government",)] == [
        ("Government", "Federal"),
        ("Government", "State"),
        ("Government", "Municipal"),
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Nuevo Leon", "NLE"),
        ("nuevo león ", "NLE"),
        ("CDMX", "CMX"),
        ("Edomex", "MEX"),
        ("Federal", "FED"),
        ("Veracruz", "VER"),
        ("Atlantis", None),
    ],
)
def test_state_variants_a_user_may_type(fw: Framework, typed: str, code: str | None) -> None:
    assert fw.state_vocab.resolve(typed) == code


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("Total", ()),
        ("federal / government", ("Federal", "Government")),
        ("Federal > Government", ("Federal", "Government")),
        ("Shelters", ("Shelters",)),
        ("Federal / Shelters", None),
    ],
)
def test_breakdown_categories_as_typed(
    fw: Framework, typed: str, path: tuple[str, ...] | None
) -> None:
    assert fw.indicator_by_code["1.1"].resolve_path(typed) == path


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


WRONG_FRAMEWORKS = [
    (
        'code = "2"\narea = "1"',
        'code = "2"\narea = "7"',
        "direct effect 2 is in unknown work area '7'",
        "el efecto directo 2 está en un área de trabajo desconocida: '7'",
    ),
    (
        'code = "UNICEF"',
        'code = "UNDP"',
        "agencies: code 'UNDP' appears more than once",
        "agencies: el código 'UNDP' aparece más de una vez",
    ),
    (
        "period = [2020, 2025]",
        "period = [2025, 2020]",
        "period 2025-2020 ends before it starts",
        "el periodo 2025-2020 termina antes de empezar",
    ),
    (
        'lead = "UNHCR"',
        'lead = "NOBODY"',
        "lead agency 'NOBODY' is not in the agencies",
        "la agencia líder 'NOBODY' no está entre las agencias",
    ),
    (
        'breakdown = ["Federal", "State", "Municipal"]',
        'breakdown = ["Federal", "federal"]',
        "twice",
        "aparece dos veces",
    ),
    (
        'country = "Mexico"',
        "country = ",
        "not valid TOML",
        "no es TOML válido: un error de sintaxis en la línea",
    ),
]
"""A mistake in a framework file, what English says of it and what Spanish says."""


@pytest.mark.parametrize(("old", "new", "message", "spanish"), WRONG_FRAMEWORKS)
def test_a_wrong_framework_file_is_refused(
    tmp_path: Path, old: str, new: str, message: str, spanish: str
) -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework(_broken(tmp_path, old, new))
    assert message in str(info.value)
    assert "broken.toml" in str(info.value)


@pytest.mark.parametrize(("old", "new", "english", "message"), WRONG_FRAMEWORKS)
def test_a_wrong_framework_file_is_said_in_spanish_without_english(
    tmp_path: Path, old: str, new: str, english: str, message: str
) -> None:
    path = _broken(tmp_path, old, new)
    result = CliRunner().invoke(app, ["validate", "--framework", str(path), "--lang", "es"])
    line = result.stderr.strip()
    assert result.exit_code == 2 and "broken.toml" in line and message in line, line
    line = line.replace(str(path), "")
    assert english not in line
    assert not re.search(r"\b(the|is|not|in|at|line|of|to)\b", line), line


def test_a_framework_file_not_in_utf8_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(DATA.read_text(encoding="utf-8").encode("latin-1", "replace"))
    for lang, said in (("en", "it is not UTF-8 text"), ("es", "no es texto UTF-8")):
        result = CliRunner().invoke(app, ["validate", "--framework", str(path), "--lang", lang])
        assert result.exit_code == 2 and said in result.stderr and "codec" not in result.stderr


def test_another_framework_is_a_data_file(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'id = "mexico-2020-2025"', 'id = "elsewhere-2022-2026"')
    assert load_framework(path).id == "elsewhere-2022-2026"
    assert "mexico-2020-2025" in shipped_frameworks()
    with pytest.raises(FrameworkError, match="not found"):
        load_framework(tmp_path / "missing.toml")


def test_joint_programmes_as_the_report_lists_them(fw: Framework) -> None:
    jp = fw.joint_programme_by_id
    assert jp["JP-04"].title.endswith(
        "through decent work, sustainable livelihoods, and social dialogue"
    )
    assert jp["JP-07"].title.startswith("Applying the Human Security Approach as a comprehensive")
    assert jp["JP-07"].source == "UN Trust Fund for Human Security"
    assert (jp["JP-02"].period, jp["JP-05"].period) == ("2020-2022", "2021")


def test_what_the_data_file_infers_is_data_that_cfreport_framework_shows(fw: Framework) -> None:
    assert set(fw.inferred_about("joint_programmes", "JP-08")) == {"lead", "source"}
    assert set(fw.inferred_about("joint_programmes", "JP-02")) == {"lead"}
    assert set(fw.inferred_about("effects", "7")) == {"name"}
    assert fw.inferred_about("populations") and fw.inferred_about("areas")
    shown = runner.invoke(app, ["framework"]).stdout
    assert "Inferred by the data file" in shown
    assert "effects.7.name: The title is lost" in shown
    assert "source Spotlight initiative promoted by the European Union (inferred)" in shown
    spanish = runner.invoke(app, ["framework", "--lang", "es"]).stdout
    assert "Inferido por el archivo de datos" in spanish and "The title is lost" not in spanish


def test_an_inferred_key_must_name_something_of_the_framework(fw: Framework) -> None:
    data = fw.model_dump()
    for key in ("nothing", "effects.99.name", "joint_programmes.*.colour"):
        with pytest.raises(ValueError, match="inferred"):
            Framework.model_validate({**data, "inferred": {key: "why"}})
    ok = Framework.model_validate({**data, "inferred": {"indicators.1.1.name": "why"}})
    assert set(ok.inferred_about("indicators", "1.1")) == {"name"}
