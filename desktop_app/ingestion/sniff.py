"""Telling what a file is from its first bytes, never from its name."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from desktop_app.core.errors import DamagedDocument, UnsupportedDocument

Kind = Literal["pdf", "jpeg", "png", "tiff", "webp", "bmp", "heic", "gif", "docx", "text"]

MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tiff": "image/tiff",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "heic": "image/heic",
    "gif": "image/gif",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain",
}

# Names a person might give a file; used only to warn when the name and the content disagree.
_SUFFIX_KIND = {
    ".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".tif": "tiff",
    ".tiff": "tiff", ".webp": "webp", ".bmp": "bmp", ".heic": "heic", ".heif": "heic",
    ".gif": "gif", ".docx": "docx", ".txt": "text", ".md": "text", ".csv": "text",
}

_HEAD = 8192


def sniff(path: Path) -> Kind:
    """The document kind, from magic bytes. Raises for empty, unknown or binary files."""
    with path.open("rb") as fh:
        head = fh.read(_HEAD)
    return sniff_bytes(head, path)


def sniff_bytes(head: bytes, path: Path | None = None) -> Kind:
    if not head:
        raise DamagedDocument("The file is empty (0 bytes).")
    # PDF readers accept up to 1 KB of junk before the header; so does PDFium.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:2] == b"BM" and len(head) >= 26:
        return "bmp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
        return "heic"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith((b"\xd0\xcf\x11\xe0", )):
        # Also what a password-protected .docx/.xlsx is: an encrypted OLE container.
        raise UnsupportedDocument("This is an old Word/Excel file (.doc/.xls) or a "
                                  "password-protected Office file.",
                                  "Save it as .docx or PDF without a password and add it again.")
    if looks_like_text(head):
        return "text"
    raise UnsupportedDocument("Coffer does not recognise this kind of file.")


def _sniff_zip(path: Path | None) -> Kind:
    if path is None:
        raise UnsupportedDocument("This is a ZIP archive, not a document Coffer reads.")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist()[:100_000])
    # NotImplementedError: zipfile on members of a zip version it does not know
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise DamagedDocument("The file looks like a Word document or ZIP archive but is damaged.") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise UnsupportedDocument("Excel and PowerPoint files are not read yet.",
                                  "Export the document as PDF and add that.")
    raise UnsupportedDocument("This is a ZIP archive, not a document Coffer reads.")


def looks_like_text(head: bytes) -> bool:
    """Plain text in a common encoding: a BOM, UTF-16 without BOM, or few control bytes."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if _utf16_without_bom(head) is not None:
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= max(2, len(head) // 200)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL (ASCII-range text), else None."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) // 2)
    odd_nul = sample[1::2].count(0) / (len(sample) // 2)
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def name_mismatch(path: Path, kind: Kind) -> str | None:
    """A readable warning when the file name promises another kind than the content holds."""
    claimed = _SUFFIX_KIND.get(path.suffix.lower())
    if claimed and claimed != kind:
        return f"The file is named {path.suffix.lower()} but holds {kind.upper()} data; read it as {kind.upper()}."
    return None
