"""`cfreport template --from`: next year's workbook with last year's ongoing initiatives."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from cfreport.cli import app
from cfreport.framework import Framework
from cfreport.workbook.reader import read_submission
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
    assert "carried over 2 ongoing initiative(s): UNDP-01, JI-06" in result.stdout
    assert "left out 1 not ongoing: UNDP-03" in result.stdout
    new = tmp_path / "undp-2022.xlsx"
    sub, findings = read_submission(new, fw)
    assert findings == []
    old, _ = read_submission(source, fw)
    assert (sub.agency, sub.year, sub.focal_point) == ("UNDP", 2022, old.focal_point)
    assert [i.id for i in sub.initiatives] == ["UNDP-01", "JI-06"]
    assert [i.model_dump(exclude={"row"}) for i in sub.initiatives] == [
        i.model_dump(exclude={"row"}) for i in old.initiatives if i.id != "UNDP-03"
    ]
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
