"""Treat every workbook as untrusted: look at it before anything reads it.

- the first bytes say what the file really is (an .xls, a password-protected workbook, a PDF);
- the zip directory is checked for a zip bomb before anything is decompressed;
- every XML part is scanned, up to its root element, for a DTD (XXE, entity expansion), because
  calamine parses XML in Rust where defusedxml cannot guard it.

docs/security.md says what this defends against and which limits a user can raise.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

MiB = 1 << 20
DEFAULT_MAX_UNZIPPED = 512 * MiB
"""Total declared uncompressed size a workbook may have; CFREPORT_MAX_UNZIPPED_MB raises it."""
MAX_RATIO = 200
"""Compression ratio above which a large part is taken for a bomb (real sheets reach ~20-50)."""
RATIO_CHECK_FROM = 8 * MiB
"""Parts smaller than this are never too compressed to read."""
MAX_PARTS = 10_000
PROLOG_CAP = 1 * MiB
"""How far into a part the root element must start; more is refused as a disguise."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")


class UnsafeWorkbook(Exception):
    """The file is not a workbook cfreport will read: a reason of the catalogs and its params."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = {k: v if isinstance(v, int | float) else str(v) for k, v in params.items()}
        super().__init__(reason_text(key, self.params))


def reason_text(key: str, params: Mapping[str, object], lang: str = "en") -> str:
    """Why a file was refused, in words of the message catalog."""
    from cfreport.i18n import OS_PARAM, catalog, os_wording

    def shown(value: object) -> object:
        if isinstance(value, int):
            return f"{value:,}"
        if isinstance(value, str) and value.startswith(OS_PARAM):
            return os_wording(value.removeprefix(OS_PARAM), lang)
        return value

    template = str(catalog(lang)["reasons"][key])
    return template.format(**{k: shown(v) for k, v in params.items()})


@dataclass(frozen=True)
class Inspection:
    """What the look before reading found."""

    has_macros: bool = False
    saved: str | None = None
    """When the workbook was last saved, as Excel and LibreOffice write it into
    docProps/core.xml (ISO 8601, UTC), or None where the workbook does not say."""


CORE_PROPERTIES = "docProps/core.xml"
_MODIFIED = "{http://purl.org/dc/terms/}modified"


def _last_saved(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """docProps/core.xml's dcterms:modified; None where it is missing, too big or unreadable."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    if CORE_PROPERTIES not in names or zf.getinfo(CORE_PROPERTIES).file_size > MiB:
        return None
    try:
        root = ElementTree.fromstring(zf.read(CORE_PROPERTIES))
    except (ElementTree.ParseError, DefusedXmlException):
        return None
    found = root.find(_MODIFIED)
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def max_unzipped() -> int:
    """The limit in force: the environment's CFREPORT_MAX_UNZIPPED_MB, or the default."""
    raw = os.environ.get("CFREPORT_MAX_UNZIPPED_MB", "")
    try:
        return int(float(raw) * MiB) if raw else DEFAULT_MAX_UNZIPPED
    except ValueError:
        return DEFAULT_MAX_UNZIPPED


def _what_ole_is(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4 * MiB)
    return "encrypted" if _ENCRYPTION_MARK in head else "xls"


def _sniff(path: Path) -> None:
    try:
        # Looked at before it is opened: opening a named pipe waits for a writer for ever.
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise UnsafeWorkbook("not_a_file")
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UnsafeWorkbook("not_found") from None
    except IsADirectoryError:
        raise UnsafeWorkbook("folder") from None
    except PermissionError:
        raise UnsafeWorkbook("permission") from None
    except OSError as exc:
        from cfreport.i18n import os_param

        if exc.errno == errno.ELOOP:
            raise UnsafeWorkbook("symlink_loop") from None
        raise UnsafeWorkbook("cannot_open", error=os_param(exc)) from None
    if not head:
        raise UnsafeWorkbook("empty")
    if head.startswith(_OLE):
        raise UnsafeWorkbook(_what_ole_is(path))
    if head.startswith(b"%PDF"):
        raise UnsafeWorkbook("pdf")
    if not head.startswith(b"PK"):
        raise UnsafeWorkbook("not_zip")


def _check_directory(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise UnsafeWorkbook("too_many_parts", count=len(infos))
    limit = max_unzipped()
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= RATIO_CHECK_FROM and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise UnsafeWorkbook(
                "bomb_part",
                part=info.filename,
                ratio=info.file_size // max(info.compress_size, 1),
            )
    if total > limit:
        raise UnsafeWorkbook("bomb_total", size=f"{total / MiB:,.1f}", limit=f"{limit / MiB:,.1f}")


_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _decoder_name(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return "utf-8"


def declares_dtd(stream_bytes: bytes) -> bool | None:
    """True if the XML declares a DTD before its root; False if the root comes first;
    None if the bytes end before either is found."""
    encoding = _decoder_name(stream_bytes[:4])
    text = stream_bytes.decode(encoding, errors="replace").lstrip("\ufeff")
    pos = 0
    while pos < len(text):
        match = _PROLOG_ITEM.match(text, pos)
        if match:
            pos = match.end()
            continue
        rest = text[pos : pos + 9]
        if rest.upper().startswith("<!DOCTYPE") or rest.startswith("<!ENTITY"):
            return True
        if rest.startswith("<") and len(rest) > 1 and rest[1] not in "?!":
            return False
        if text.startswith(("<?", "<!--"), pos) or len(text) - pos < 9:
            return None  # an unfinished comment or instruction: read more
        return False  # not XML at all: calamine will say the part is damaged
    return None


def _check_xml_part(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, feed: Callable[[bytes], None] | None = None
) -> None:
    """Refuse a part whose XML declares a DTD; with `feed`, pass on every byte of it."""
    read = b""
    with zf.open(info) as stream:
        while len(read) < PROLOG_CAP:
            chunk = stream.read(64 * 1024)
            if not chunk:
                break
            read += chunk
            verdict = declares_dtd(read)
            if verdict is True:
                raise UnsafeWorkbook("dtd", part=info.filename)
            if verdict is False:
                if feed is not None:
                    # The rest of the part, decompressed once for whoever reads it next.
                    feed(read)
                    while chunk := stream.read(MiB):
                        feed(chunk)
                return
    if len(read) >= PROLOG_CAP:
        raise UnsafeWorkbook("long_prolog", part=info.filename, size=PROLOG_CAP // MiB)


Feed = Callable[[zipfile.ZipFile, str, int], Callable[[bytes], None] | None]
"""`feed(zf, part, size)`: a function to give every decompressed byte of the part, or None."""

# Checked before the other parts: a feed may then read them (which sheet a part holds).
_BOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def inspect_workbook(path: Path, feed: Feed | None = None) -> Inspection:
    """Refuse (UnsafeWorkbook) what cfreport will not read; say what else it found.

    `feed(zf, part, size)` may return a function that is given every decompressed byte of that
    part, so that a caller which needs a part's bytes does not decompress it a second time. It
    is called once the archive's sizes, the workbook part and its relationships have passed.
    """
    path = Path(path)
    _sniff(path)
    try:
        with zipfile.ZipFile(path) as zf:
            _check_directory(zf)
            names = set(zf.namelist())
            if "xl/workbook.bin" in names:
                raise UnsafeWorkbook("xlsb")
            if "xl/workbook.xml" not in names:
                if "content.xml" in names or "mimetype" in names:
                    raise UnsafeWorkbook("ods")
                raise UnsafeWorkbook("no_workbook_part")
            for info in sorted(zf.infolist(), key=lambda i: i.filename not in _BOOK_PARTS):
                if info.filename.endswith((".xml", ".rels", ".vml")) and not info.is_dir():
                    given = feed(zf, info.filename, info.file_size) if feed else None
                    _check_xml_part(zf, info, given)
            return Inspection(
                has_macros=any(n.lower().endswith("vbaproject.bin") for n in names),
                saved=_last_saved(zf, names),
            )
    except UnsafeWorkbook:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise UnsafeWorkbook("bad_zip", error=exc) from None
    except RuntimeError as exc:  # zipfile raises it for encrypted entries
        raise UnsafeWorkbook("cannot_read", error=exc) from None
