"""Build the example agency workbooks of a folder of examples from their TOML sources.

Each workbook is made by `cfreport template` and filled in as a focal point would: coded values
as the dropdowns store them. `make examples` builds examples/2021/ (the report's figures) and
examples/2022-invented/ (a second year invented for the comparison's demonstration).
"""

from __future__ import annotations

import io
import sys
import tomllib
from pathlib import Path
from typing import Any

from cfreport.framework import Framework, load_framework
from cfreport.output import atomic_write_bytes
from cfreport.workbook.fill import append_rows, counts_rows, label_of, set_details
from cfreport.workbook.template import build_template

HERE = Path(__file__).resolve().parent


def initiative_rows(fw: Framework, initiatives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for ini in initiatives:
        row: dict[str, Any] = {
            "id": ini["id"],
            "title": ini["title"],
            "lead": label_of(fw, "agency", ini["lead"]),
            "area": label_of(fw, "work_area", ini["area"]),
            "effect": label_of(fw, "effect", ini["effect"]),
            "status": ini.get("status", ""),
        }
        for principle in ini.get("principles", []):
            row[f"principle:{principle}"] = "Yes"
        for area in ini.get("cross_cutting", []):
            row[f"cross:{area}"] = "Yes"
        rows.append(row)
    return rows


def tag_rows(
    fw: Framework, initiatives: list[dict[str, Any]], field: str, vocab: str
) -> list[dict[str, Any]]:
    return [
        {"initiative": ini["id"], "code": label_of(fw, vocab, code)}
        for ini in initiatives
        for code in ini.get(field, [])
    ]


def key_result_row(fw: Framework, kr: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": kr["id"],
        "initiative": kr["initiative"],
        "headline": kr["headline"],
        "text": kr["text"],
        "states": kr.get("states") or None,
        "populations": kr.get("populations") or None,
        "partners": kr.get("partners") or None,
    }


def figure_row(fw: Framework, key_result: str, figure: dict[str, Any]) -> dict[str, Any]:
    """A cited figure: a number, a count (indicator and category, as the dropdowns write them),
    or both."""
    indicator = figure.get("indicator")
    return {
        "key_result": key_result,
        "label": figure["label"],
        "value": figure.get("value"),
        "indicator": label_of(fw, "indicator", indicator) if indicator else None,
        "category": figure.get("category", "Total") if indicator else None,
    }


def build(source: Path, fw: Framework) -> bytes:
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    wb = build_template(fw, agency=data["agency"], year=data["year"])
    set_details(wb, focal_point=data.get("focal_point"), email=data.get("email"))
    initiatives = data.get("initiatives", [])
    append_rows(wb, fw, "initiatives", initiative_rows(fw, initiatives))
    for key, field, vocab in (
        ("participants", "participants", "agency"),
        ("states", "states", "state"),
        ("sdg_targets", "sdg", "sdg"),
        ("populations", "populations", "population"),
    ):
        append_rows(wb, fw, key, tag_rows(fw, initiatives, field, vocab))
    for count in data.get("counts", []):
        append_rows(
            wb,
            fw,
            "counts",
            counts_rows(fw, count["initiative"], count["indicator"], count["values"]),
        )
    for money in data.get("money", []):
        append_rows(
            wb,
            fw,
            "money",
            [
                {
                    "year": year,
                    "area": label_of(fw, "work_area", money["area"]),
                    "required": required,
                    "available": available,
                }
                for year, required, available in money["lines"]
            ],
        )
    append_rows(
        wb,
        fw,
        "programmes",
        [
            {
                "id": label_of(fw, "joint_programme", p["id"]),
                "status": p["status"],
                "amount": p.get("amount"),
                "source": fw.joint_programme_by_id[p["id"]].source,
            }
            for p in data.get("programmes", [])
        ],
    )
    key_results = data.get("key_results", [])
    append_rows(wb, fw, "key_results", [key_result_row(fw, kr) for kr in key_results])
    append_rows(
        wb,
        fw,
        "key_figures",
        [figure_row(fw, kr["id"], figure) for kr in key_results for figure in kr["figures"]],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main(folder: Path = HERE / "2021") -> None:
    fw = load_framework()
    for source in sorted((folder / "source").glob("*.toml")):
        year = tomllib.loads(source.read_text(encoding="utf-8"))["year"]
        target = folder / f"{source.stem}-{year}.xlsx"
        atomic_write_bytes(target, build(source, fw))
        print(f"wrote {target.relative_to(HERE.parent)}")


if __name__ == "__main__":
    for name in sys.argv[1:] or ["2021"]:
        main(Path(name) if "/" in name else HERE / name)
