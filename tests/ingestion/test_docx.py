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


def test_docx_breaks_tabs_merged_cells_and_footer(tmp_path: Path) -> None:
    """What python-docx gave before the standard-library reader: a line break splits the line, a
    page break does not; a cell spanning columns is named once, a vertically merged one in each
    of its rows; the footer comes last."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Clinic"
    d.sections[0].footer.paragraphs[0].text = "Page footer"
    run = d.add_paragraph("Line one").add_run()
    run.add_break(WD_BREAK.LINE)
    run.add_text("line two")
    run.add_tab()
    run.add_text("x")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("same line")
    t = d.add_table(rows=3, cols=3)
    for i in range(3):
        for j in range(3):
            t.cell(i, j).text = f"c{i}{j}"
    t.cell(0, 0).merge(t.cell(0, 1))
    t.cell(1, 2).merge(t.cell(2, 2))
    d.add_paragraph("After")
    d.save(tmp_path / "merged.docx")
    assert read_document(tmp_path / "merged.docx").text.split("\n") == [
        "Clinic", "Line one", "line two\txsame line", "c00 c01\tc02", "c10\tc11\tc12 c22",
        "c20\tc21\tc12 c22", "After", "Page footer"]


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
           + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
                      for i in range(9))
           + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>")
_XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
_PLAIN_DOCTYPE = (b'<?xml version="1.0"?><!DOCTYPE w:document>'
                  b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  b"<w:body><w:p><w:r><w:t>hello</w:t></w:r></w:p></w:body></w:document>")


@pytest.mark.parametrize("member", ["word/document.xml", "word/_rels/document.xml.rels"])
@pytest.mark.parametrize("xml", [_LAUGHS, _XXE, _PLAIN_DOCTYPE], ids=["laughs", "xxe", "doctype"])
def test_doctype_is_refused(letter: Path, tmp_path: Path, member: str, xml: bytes) -> None:
    """Word never writes a DOCTYPE: entity expansion, external entities or a bare DOCTYPE in
    any part that is read make the file damaged, before any entity is defined."""
    path = rezip(letter, tmp_path / "doctype.docx", replace={member: xml})
    with pytest.raises(DamagedDocument):
        read_document(path)


def test_docx_reader_needs_no_python_docx() -> None:
    """The bundle ships without python-docx and lxml (tests build their files with it)."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['docx'] = sys.modules['lxml'] = None\n"
            "import desktop_app.ingestion.docx\n"
            "assert 'docx' not in sys.modules or sys.modules['docx'] is None\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
