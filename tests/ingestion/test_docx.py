"""Word files: paragraphs, tables and letterheads in order; ZIP bombs and hostile names refused."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_app.core.errors import DamagedDocument, DocumentTooLarge, UnsupportedDocument
from desktop_app.ingestion.docx import RATIO_FLOOR_BYTES
from desktop_app.ingestion.limits import Limits
from desktop_app.ingestion.reader import read_document

from .makers import docx_file, rezip


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    return docx_file(
        tmp_path / "letter.docx",
        ["Dear Ms Roe,", "Your HbA1c was 6.1 %.\nPlease repeat in 3 months.", "Kind regards"],
        table=[["Test", "Value", "Unit"], ["Glucose", "5.4", "mmol/L"]],
        header="Springfield Clinic, 1 Main St",
    )


def test_docx_text_in_reading_order(letter: Path) -> None:
    doc = read_document(letter)
    assert doc.text.split("\n") == [
        "Springfield Clinic, 1 Main St", "Dear Ms Roe,", "Your HbA1c was 6.1 %.",
        "Please repeat in 3 months.", "Kind regards", "Test\tValue\tUnit", "Glucose\t5.4\tmmol/L",
    ]
    assert doc.media_type.endswith("wordprocessingml.document")
    assert [doc.text[ln.start:ln.end] for ln in doc.lines] == doc.text.split("\n")
    assert doc.page_sizes == [] and not doc.ocr_used


def test_docx_named_txt_is_still_docx(letter: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "letter.txt"
    renamed.write_bytes(letter.read_bytes())
    assert "HbA1c" in read_document(renamed).text


def test_zip_bomb_docx(letter: Path, tmp_path: Path) -> None:
    bomb = rezip(letter, tmp_path / "bomb.docx", extra={"word/media/pad.bin": b"\0" * (64 << 20)})
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(DocumentTooLarge, match="ZIP bomb"):
        read_document(bomb)


def test_zip_ratio_boundary(letter: Path, tmp_path: Path) -> None:
    path = rezip(letter, tmp_path / "ratio.docx",
                 extra={"word/media/pad.bin": b"\0" * RATIO_FLOOR_BYTES})
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/media/pad.bin")
    ratio = info.file_size / info.compress_size
    read_document(path, limits=Limits(max_zip_ratio=ratio + 1))
    with pytest.raises(DocumentTooLarge):
        read_document(path, limits=Limits(max_zip_ratio=ratio - 1))


def test_zip_member_count_boundary(letter: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(letter) as zf:
        count = len(zf.infolist())
    path = rezip(letter, tmp_path / "many.docx", extra={f"customXml/x{i}.xml": b"<a/>" for i in range(5)})
    total = count + 5
    read_document(path, limits=Limits(max_zip_members=total + 1))
    read_document(path, limits=Limits(max_zip_members=total))
    with pytest.raises(DocumentTooLarge, match="parts"):
        read_document(path, limits=Limits(max_zip_members=total - 1))


def test_member_name_escaping_the_archive(letter: Path, tmp_path: Path) -> None:
    path = rezip(letter, tmp_path / "evil.docx", extra={"../../etc/evil.sh": b"echo hi"})
    with pytest.raises(DamagedDocument, match="outside"):
        read_document(path)


def test_broken_document_xml(letter: Path, tmp_path: Path) -> None:
    path = rezip(letter, tmp_path / "broken.docx", replace={"word/document.xml": b"<w:document"})
    with pytest.raises(DamagedDocument):
        read_document(path)


def test_truncated_docx(letter: Path, tmp_path: Path) -> None:
    data = letter.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises((DamagedDocument, UnsupportedDocument)):
        read_document(path)


def test_plain_zip_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "hello")
    with pytest.raises(UnsupportedDocument, match="ZIP archive"):
        read_document(path)


def _patch_member(data: bytes, name: bytes, *, flags: int = 0, method: int | None = None,
                  corrupt: bool = False) -> bytes:
    """Set flag bits / the method of one member in both ZIP headers, or break its deflate data."""
    import io
    import struct

    buf = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name.decode())
    local = info.header_offset
    if corrupt:
        n, m = struct.unpack("<HH", buf[local + 26:local + 30])
        buf[local + 30 + n + m] = 0xFF  # deflate block type 11: invalid
        return bytes(buf)
    central = 0
    while (central := buf.find(b"PK\x01\x02", central)) >= 0:
        length = struct.unpack("<H", buf[central + 28:central + 30])[0]
        if bytes(buf[central + 46:central + 46 + length]) == name:
            break
        central += 4
    for flag_at, method_at in ((central + 8, central + 10), (local + 6, local + 8)):
        old = struct.unpack("<H", buf[flag_at:flag_at + 2])[0]
        buf[flag_at:flag_at + 2] = struct.pack("<H", old | flags)
        if method is not None:
            buf[method_at:method_at + 2] = struct.pack("<H", method)
    return bytes(buf)


@pytest.mark.parametrize("variant", ["encrypted", "method_99", "bad_deflate"])
def test_broken_members_are_damaged_documents(letter: Path, tmp_path: Path, variant: str) -> None:
    data = letter.read_bytes()
    patched = {
        "encrypted": lambda: _patch_member(data, b"word/document.xml", flags=1),
        "method_99": lambda: _patch_member(data, b"word/document.xml", method=99),
        "bad_deflate": lambda: _patch_member(data, b"word/document.xml", corrupt=True),
    }[variant]()
    path = tmp_path / f"{variant}.docx"
    path.write_bytes(patched)
    with pytest.raises(DamagedDocument):
        read_document(path)
