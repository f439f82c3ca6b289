"""`cfreport template --from`: next year's workbook from last year's, or an upgrade to the
current layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.framework import Framework
from cfreport.models import Submission
from cfreport.workbook import layout
from cfreport.workbook.layout import History, LayoutChange
from cfreport.workbook.reader import SubmissionRefused, read_submission
from tests.conftest import EXAMPLES, edited_copy

runner = CliRunner()


def test_ongoing_initiatives_carry_over_counts_and_money_do_not(
    tmp_path: Path, fw: Framework
) -> None:
    source = edited_copy(
        EXAMPLES / "undp-2021.xlsx",
        tmp_path / "undp-2021.xlsx",
        [["Initiatives", "F3", "Completed"]],
    )
    result = runner.invoke(app, ["template", "--from", str(source), "--year", "2022"])
    assert result.exit_code == 0, result.output
    assert "carried over 2 ongoing initiatives: UNDP-01, JI-06" in result.stdout
    assert "left out 1 initiative that is not ongoing: UNDP-03" in result.stdout
    new = tmp_path / "undp-2022.xlsx"
    sub, findings = read_submission(new, fw)
    assert findings == []
    old, _ = read_submission(source, fw)
    assert (sub.agency, sub.year, sub.focal_point) == ("UNDP", 2022, old.focal_point)
    assert [i.id for i in sub.initiatives] == ["UNDP-01", "JI-06"]
    assert [i[1:] for i in sub.initiatives] == [i[1:] for i in old.initiatives if i.id != "UNDP-03"]
    assert [t.code for t in sub.states] == [t.code for t in old.states if t.initiative != "UNDP-03"]
    assert [t.code for t in sub.participants] == ["UNEP", "UN-Habitat", "OCHA"]
    assert sub.counts == () and sub.money == ()
    assert [(p.id, p.status, p.amount) for p in sub.programmes] == [
        ("JP-03", "Ongoing", None),
        ("JP-06", "About to start", None),
    ]
    assert runner.invoke(app, ["validate", str(new)]).exit_code == 0


def test_from_never_overwrites_its_source(tmp_path: Path) -> None:
    source = Path(shutil.copy(EXAMPLES / "fao-2021.xlsx", tmp_path / "fao.xlsx"))
    result = runner.invoke(app, ["template", "--from", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "would overwrite" in result.stderr
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    result = runner.invoke(app, ["template", "--from", str(bad)])
    assert result.exit_code == 2 and "not a zip archive" in result.stderr


def test_the_same_year_copies_everything_into_the_current_layout(
    tmp_path: Path, fw: Framework
) -> None:
    source = Path(shutil.copy(EXAMPLES / "undp-2021.xlsx", tmp_path / "undp-2021.xlsx"))
    new = tmp_path / "undp-2021-new.xlsx"
    result = runner.invoke(
        app, ["template", "--from", str(source), "--year", "2021", "-o", str(new)]
    )
    assert result.exit_code == 0, result.output
    old, old_findings = read_submission(source, fw)
    sub, findings = read_submission(new, fw)
    assert "copied 3 initiatives" in result.stdout
    assert [(f.code, f.sheet, f.cell) for f in findings] == [
        (f.code, f.sheet, f.cell) for f in old_findings
    ]

    def data(s: Submission) -> tuple[object, ...]:
        return (
            [i[1:] for i in s.initiatives],
            [(c.initiative, c.indicator, c.path, c.value, c.comment) for c in s.counts],
            [m.model_dump(exclude={"row"}) for m in s.money],
            [p.model_dump(exclude={"row"}) for p in s.programmes],
            [(t.initiative, t.code) for t in (*s.participants, *s.states, *s.populations)],
        )

    assert data(sub) == data(old)


def _older_workbook(tmp_path: Path) -> Path:
    """An example as a template 0.9 would have made it: another header, another sheet name."""
    wb = openpyxl.load_workbook(EXAMPLES / "undp-2021.xlsx")
    wb["Counts"]["D1"] = "Number"
    wb["Money"].title = "Resources"
    ws = wb["Submission"]
    stamp = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Template version")
    ws.cell(stamp, 2).value = "0.9"
    path = tmp_path / "undp-2021.xlsx"
    wb.save(path)
    return path


OLDER = History(
    versions=("0.9", *layout.HISTORY.versions),
    changes=(
        LayoutChange("1.0", "counts", "Number", "value"),
        LayoutChange("1.0", "money", "Resources"),
        *layout.HISTORY.changes,
    ),
    added=layout.HISTORY.added,
)


def test_a_workbook_of_an_older_template_reads_by_its_own_names(
    tmp_path: Path, fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = _older_workbook(tmp_path)
    with pytest.raises(SubmissionRefused, match=r"version 0\.9 cannot be read"):
        read_submission(older, fw)  # a version this cfreport does not know of: F006
    monkeypatch.setattr(layout, "HISTORY", OLDER)
    sub, findings = read_submission(older, fw)
    current, _ = read_submission(EXAMPLES / "undp-2021.xlsx", fw)
    assert findings == []
    assert sub.counts == current.counts and sub.money == current.money
    assert sub.sheet("money") == "Resources"


def test_template_from_upgrades_an_older_workbook_saying_what_moved(
    tmp_path: Path, fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = _older_workbook(tmp_path)
    monkeypatch.setattr(layout, "HISTORY", OLDER)
    new = tmp_path / "upgraded.xlsx"
    before = older.read_bytes()
    result = runner.invoke(
        app, ["template", "--from", str(older), "--year", "2021", "-o", str(new)]
    )
    assert result.exit_code == 0, result.output
    assert f"upgraded from template version 0.9 to {layout.HISTORY.current}:" in result.stdout
    assert "Counts: column 'Number' is now 'Value' (template 1.0)" in result.stdout
    assert "sheet 'Resources' is now 'Money' (template 1.0)" in result.stdout
    assert older.read_bytes() == before
    sub, findings = read_submission(new, fw)
    assert findings == [] and sub.template_version == layout.HISTORY.current
    assert sub.sheet("money") == "Money"
    wb = openpyxl.load_workbook(new)
    assert wb["Counts"]["D1"].value == "Value"


def test_a_spanish_workbook_carries_over_in_spanish(tmp_path: Path, fw: Framework) -> None:
    english = EXAMPLES / "undp-2021.xlsx"
    spanish = tmp_path / "pnud-2021.xlsx"
    copied = runner.invoke(
        app,
        ["template", "--from", str(english), "--year", "2021", "--lang", "es", "-o", str(spanish)],
    )
    assert copied.exit_code == 0, copied.output
    assert "se copiaron 3 iniciativas" in copied.stdout
    # Every coded value written as the Spanish dropdowns offer it: the copy checks as clean.
    wb = openpyxl.load_workbook(spanish)
    assert "Iniciativas" in wb.sheetnames and "Initiatives" not in wb.sheetnames
    values = {c.value for row in wb["Iniciativas"].iter_rows(min_row=2) for c in row}
    assert {"En curso", "Sí"} <= values and not {"Ongoing", "Yes"} & values
    checked = runner.invoke(app, ["validate", str(spanish), "--lang", "es", "--strict"])
    assert checked.exit_code == 0, checked.output  # not a warning either

    # No --lang: next year's workbook speaks the old one's language, and so does the command.
    nxt = runner.invoke(app, ["template", "--from", str(spanish), "-o", str(tmp_path / "n.xlsx")])
    assert nxt.exit_code == 0, nxt.output
    assert (
        nxt.stdout.startswith("se escribió")
        and "se trasladaron 3 iniciativas en curso" in nxt.stdout
    )
    assert "Iniciativas" in openpyxl.load_workbook(tmp_path / "n.xlsx").sheetnames


TEMPLATE_1_0 = Path(__file__).parent / "data" / "undp-2021-template-1.0.xlsx"


def test_a_workbook_of_template_1_0_is_read_without_key_results(fw: Framework) -> None:
    sub, findings = read_submission(TEMPLATE_1_0, fw)
    current, _ = read_submission(EXAMPLES / "undp-2021.xlsx", fw)
    assert findings == []
    assert sub.template_version == "1.0" and sub.key_results == () and sub.cited == ()
    assert sub.counts == current.counts and sub.initiatives == current.initiatives


def test_template_from_upgrades_1_0_saying_which_sheets_were_added(
    tmp_path: Path, fw: Framework
) -> None:
    old = tmp_path / "undp-2021.xlsx"
    old.write_bytes(TEMPLATE_1_0.read_bytes())
    new = tmp_path / "undp-2021-1.1.xlsx"
    result = runner.invoke(app, ["template", "--from", str(old), "--year", "2021", "-o", str(new)])
    assert result.exit_code == 0, result.output
    assert "upgraded from template version 1.0 to 1.1:" in result.stdout
    assert "sheet 'Key results' added (template 1.1)" in result.stdout
    assert "sheet 'Key result figures' added (template 1.1)" in result.stdout
    assert old.read_bytes() == TEMPLATE_1_0.read_bytes()
    sub, findings = read_submission(new, fw)
    before, _ = read_submission(old, fw)
    assert findings == [] and sub.template_version == "1.1"
    assert [c[1:] for c in sub.counts] == [c[1:] for c in before.counts]
    wb = openpyxl.load_workbook(new)
    assert wb["Key results"]["A1"].value == "Key result ID"


def test_an_upgrade_in_spanish_names_the_added_sheets_in_spanish(
    tmp_path: Path, fw: Framework
) -> None:
    old = tmp_path / "undp-2021.xlsx"
    old.write_bytes(TEMPLATE_1_0.read_bytes())
    new = tmp_path / "pnud-2021.xlsx"
    args = ["template", "--from", str(old), "--year", "2021", "-o", str(new), "--lang", "es"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "hoja 'Resultados clave' agregada (plantilla 1.1)" in result.stdout
    assert "Key result" not in result.stdout


def test_a_same_year_upgrade_keeps_the_key_results(tmp_path: Path, fw: Framework) -> None:
    new = tmp_path / "copy.xlsx"
    source = EXAMPLES / "undp-2021.xlsx"
    args = ["template", "--from", str(source), "--year", "2021", "-o", str(new)]
    assert runner.invoke(app, args).exit_code == 0
    copied, findings = read_submission(new, fw)
    original, _ = read_submission(source, fw)
    assert findings == []
    assert copied.key_results == original.key_results and copied.cited == original.cited
