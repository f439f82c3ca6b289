"""Build the corpus of hostile and broken workbooks that cfreport must survive.

Every file is made here from a valid example, so that no opaque binary blob is committed.
Run it as a script to write the corpus into a folder: `python tests/hostile_corpus.py DIR`.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "examples" / "2021" / "undp-2021.xlsx"
COUNTS_PART = "xl/worksheets/sheet8.xml"
LISTS_PART = "xl/worksheets/sheet13.xml"


@dataclass(frozen=True)
class Case:
    name: str
    """The file name, with the extension a user would see."""
    make: Callable[[Path], None]
    exit_code: int
    message: str
    """Words the one-line message (refusals) or the report (findings) must contain."""
    env: tuple[tuple[str, str], ...] = ()


def rezip(
    target: Path,
    change: Callable[[str, bytes], bytes | None],
    extra: dict[str, bytes] | None = None,
    *,
    source: Path = VALID,
) -> Path:
    """Copy a workbook (the valid example) part by part, as no spreadsheet program would write
    it; `change` returns new bytes or None to drop a part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def in_part(part: str, old: bytes, new: bytes) -> Callable[[str, bytes], bytes]:
    """A `rezip` change: `old` replaced by `new` (once) in one part, which must hold it."""

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        assert old in data, (part, old)
        return data.replace(old, new, 1)

    return change


_rezip = rezip


def _with_prolog(part: str, prolog: bytes, *, encoding: str = "utf-8") -> Callable[[Path], None]:
    """Put `prolog` (a DTD, comments, whitespace) before the root element of one part."""

    def make(target: Path) -> None:
        def change(name: str, data: bytes) -> bytes:
            if name != part:
                return data
            text = data.decode("utf-8")
            if text.startswith("<?xml"):
                text = text[text.index("?>") + 2 :]
            new = prolog.decode("utf-8") + text
            if encoding == "utf-16":
                return b"\xff\xfe" + new.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(
                    "utf-16-le"
                )
            return new.encode("utf-8")

        _rezip(target, change)

    return make


XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)
HIDDEN_DTD = (
    b'<?xml version="1.0"?>\n<!-- a comment first -->\n<?pi something?>\n'
    + b" " * 200_000
    + b"\n<!doctype r SYSTEM 'http://example.invalid/x.dtd'>\n"
)


def _write(content: bytes) -> Callable[[Path], None]:
    def write(target: Path) -> None:
        target.write_bytes(content)

    return write


def _truncated(target: Path) -> None:
    data = VALID.read_bytes()
    target.write_bytes(data[: len(data) // 2])


def _missing_part(target: Path) -> None:
    _rezip(target, lambda name, data: None if name == "xl/workbook.xml" else data)


def _corrupt_part(target: Path) -> None:
    _rezip(
        target, lambda name, data: b"<worksheet><sheetData><row r=" if name == COUNTS_PART else data
    )


def _ole(encrypted: bool) -> Callable[[Path], None]:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    body = ("EncryptionInfo".encode("utf-16-le") if encrypted else b"Workbook") + b"\0" * 4096
    return _write(header + body)


def _zip_of(parts: dict[str, bytes]) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        target.write_bytes(buffer.getvalue())

    return make


def _bomb(target: Path) -> None:
    # 64 MiB of zeros compress to about 64 KiB: a thousandfold ratio.
    _rezip(target, lambda name, data: data, extra={"xl/media/zeros.bin": b"\0" * (64 << 20)})


def _macros(target: Path) -> None:
    _rezip(target, lambda name, data: data, extra={"xl/vbaProject.bin": b"\0VBA macros\0" * 64})


def _empty_formatted_rows(count: int) -> Callable[[Path], None]:
    """A million rows that carry a format and no value, as Excel leaves after a select-all."""

    def make(target: Path) -> None:
        def change(name: str, data: bytes) -> bytes:
            if name != COUNTS_PART:
                return data
            rows = "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(40, 40 + count))
            return data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

        _rezip(target, change)

    return make


def _odd_values(target: Path) -> None:
    import datetime as dt

    import openpyxl

    wb = openpyxl.load_workbook(VALID)
    ws = wb["Counts"]
    ws["D17"] = dt.date(2021, 5, 1)
    ws["D22"] = True
    ws["D19"] = "1,200 people"
    ws["E2"] = "x" * 40_000
    wb["Initiatives"]["B2"] = "עברית \u202e emoji 🎉 control \u0085\t\n end"
    ws.merge_cells("E3:E5")
    wb.save(target)


def _date_out_of_any_calendar(target: Path) -> None:
    import openpyxl

    # Found by hypothesis: calamine panics (a BaseException, not an Exception) on this date.
    wb = openpyxl.load_workbook(VALID)
    wb["Money"]["C2"] = -1e20
    wb["Money"]["C2"].number_format = "yyyy-mm-dd"
    wb.save(target)


CASES: tuple[Case, ...] = (
    Case("csv-renamed.xlsx", _write(b"agency,year\nUNICEF,2021\n"), 2, "not a zip archive"),
    Case("pdf-renamed.xlsx", _write(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), 2, "PDF"),
    Case("empty.xlsx", _write(b""), 2, "empty"),
    Case("old-binary.xls", _ole(encrypted=False), 2, "save it as .xlsx"),
    Case("protected.xlsx", _ole(encrypted=True), 2, "password-protected"),
    Case(
        "binary.xlsb",
        _zip_of({"xl/workbook.bin": b"\0" * 64, "[Content_Types].xml": b"<a/>"}),
        2,
        ".xlsb",
    ),
    Case(
        "calc.ods",
        _zip_of(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office:document-content/>",
            }
        ),
        2,
        ".ods",
    ),
    Case("truncated.xlsx", _truncated, 2, "damaged"),
    Case("missing-part.xlsx", _missing_part, 2, "no xl/workbook.xml"),
    Case("corrupt-part.xlsx", _corrupt_part, 2, "damaged"),
    Case("zip-bomb.xlsx", _bomb, 2, "zip bomb"),
    Case(
        "over-the-limit.xlsx",
        lambda t: _write(VALID.read_bytes())(t),
        2,
        "over the limit",
        env=(("CFREPORT_MAX_UNZIPPED_MB", "0.01"),),
    ),
    Case("xxe.xlsx", _with_prolog("xl/workbook.xml", XXE), 2, "declares a DTD"),
    Case("billion-laughs.xlsx", _with_prolog("xl/styles.xml", LAUGHS), 2, "declares a DTD"),
    Case("dtd-after-comments.xlsx", _with_prolog(COUNTS_PART, HIDDEN_DTD), 2, "declares a DTD"),
    # The Lists sheet's cells are never read: its XML is checked all the same.
    Case("dtd-in-lists.xlsx", _with_prolog(LISTS_PART, XXE), 2, "declares a DTD"),
    Case(
        "dtd-utf16.xlsx",
        _with_prolog("[Content_Types].xml", XXE, encoding="utf-16"),
        2,
        "declares a DTD",
    ),
    Case(
        "long-prolog.xlsx",
        _with_prolog(COUNTS_PART, b" " * (2 << 20)),
        2,
        "before its first element",
    ),
    Case("macros.xlsm", _macros, 0, "F008"),
    Case("odd-values.xlsx", _odd_values, 1, "V002"),
    Case("date-out-of-range.xlsx", _date_out_of_any_calendar, 2, "sheet 'Money' cannot be read"),
    Case("million-empty-rows.xlsx", _empty_formatted_rows(1_000_000), 0, "no findings"),
)


def build(folder: Path) -> list[tuple[Case, Path]]:
    """Write every case into `folder`; returns each case with its file."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for case in CASES:
        target = folder / case.name
        case.make(target)
        out.append((case, target))
    return out


if __name__ == "__main__":
    for case, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")):
        print(f"{path}  (exit {case.exit_code}: {case.message})")
